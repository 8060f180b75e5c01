"""The aiohttp application factory and what `hr-api` runs (its command line is parsed in app/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable

from aiohttp import web
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from app import keys
from app.auth import service
from app.auth.middleware import auth_middleware
from app.auth.routes import setup_auth
from app.auth.schemas import RegisterRequest
from app.auth.service import ensure_admin
from app.candidates.routes import setup_candidates
from app.composition import open_services
from app.cors import cors_middleware
from app.errors import DATABASE_DOWN, NOT_MIGRATED, Conflict, not_migrated, validation_details
from app.health.routes import setup_health
from app.logs import setup_logging
from app.metrics import API_FAMILIES, exposition
from app.middlewares import (
    AFTER_RESPONSE_HANDLER_ARGS,
    error_middleware,
    metrics_app,
    name_the_server,
    request_id_middleware,
)
from app.migrate import database_schema_problem
from app.models import Role
from app.openapi import setup_openapi
from app.responses import gzip_middleware, use_fast_gzip
from app.resumes.routes import setup_resumes
from app.search.events import EVENT_FAMILIES
from app.search.interpret import load_vocabularies
from app.search.routes import setup_search
from app.settings import ConfigurationError, Settings, load_settings
from app.web.routes import setup_web


def create_app(settings: Settings) -> web.Application:
    """Build the API: clients first, then routes, so every handler finds its clients ready."""
    settings.jwt_signing_key  # noqa: B018 (ConfigurationError now, not at the first login, when unset)
    app = web.Application(
        middlewares=[
            request_id_middleware,
            cors_middleware,  # before auth: a preflight carries no credentials
            gzip_middleware,
            error_middleware,
            auth_middleware,
        ],
        client_max_size=settings.max_upload_bytes + 1024 * 1024,
        # Access lines, latency metrics and a search's bookkeeping are written once the response is sent.
        # Bodies stay as they came: the routes decode them (`app.validation.read_body`), so a coding the API
        # does not read is a 415 naming those it does, not aiohttp's plain-text 400 before any route.
        handler_args={**AFTER_RESPONSE_HANDLER_ARGS, "auto_decompress": False},
    )
    app[keys.SETTINGS] = settings
    app.on_response_prepare.append(name_the_server)
    # Clients and services, from the one composition every process uses; closed at shutdown.
    app.cleanup_ctx.append(services_context)
    app.on_startup.append(create_first_admin)
    # Routes: liveness first, then the resources.
    setup_health(app)
    setup_auth(app)
    setup_resumes(app)
    setup_candidates(app)
    setup_search(app)
    # The recruiter's page at / and the docs UI at /api/v1/docs (app/web/).
    setup_web(app)
    # Last: the document describes every route registered above.
    setup_openapi(app)
    return app


async def services_context(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: build the clients and services (app/composition.py) at start-up, in this order,
    and close them in reverse at shutdown; the keys name the parts handlers use."""
    async with open_services(app[keys.SETTINGS]) as services:
        app[keys.SERVICES] = services
        app[keys.DB_ENGINE] = services.engine
        app[keys.DB_SESSIONMAKER] = services.sessions
        app[keys.REDIS] = services.redis
        app[keys.OPENSEARCH] = services.opensearch
        app[keys.SEARCH] = services.search
        app[keys.SEARCH_HISTORY] = services.history
        # Search analytics, on the OpenSearch client above (so it stops before that client closes).
        app[keys.SEARCH_EVENTS] = services.events
        app[keys.API_KEY_CACHE] = services.api_keys
        services.anthropic  # noqa: B018 (built now, with the others, when a key is set)
        yield


async def create_first_admin(app: web.Application) -> None:
    """ADMIN_EMAIL / ADMIN_PASSWORD become the first admin when the database has no user yet."""
    log = logging.getLogger("hr-api")
    try:
        if await ensure_admin(app[keys.DB_SESSIONMAKER], app[keys.SETTINGS]):
            log.info("created the first admin from ADMIN_EMAIL")
    except ValidationError as error:
        for detail in validation_details(error):
            log.error("no first admin created: ADMIN_%s: %s", detail["field"].upper(), detail["problem"])
    except DATABASE_DOWN:
        log.error("no first admin created: the database is unavailable")


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (a third less fixed cost per request than asyncio's own
    loop, measured in benchmarks/README.md), else the default."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def configure_logging(level: str) -> None:
    """JSON lines on stderr, request ids and PII scrubbing included (app/logs.py)."""
    setup_logging(level)


async def serve(settings: Settings, host: str, port: int) -> None:
    """The API and, on its own port, /metrics; until SIGINT or SIGTERM. Whatever stops it (a signal, a port
    already in use), the clients and services close in order before the caller says why."""
    app = create_app(settings)
    use_fast_gzip()
    runner = web.AppRunner(app, access_log=None)
    metrics_runner = None
    await runner.setup()
    try:
        await _listen(web.TCPSite(runner, host, port), "API_HOST and API_PORT, or --host and --port")
        load_vocabularies()
        # Everything built so far (modules, settings, clients, routes) lives as long as the process: moved
        # out of the collector's generations, a full collection no longer walks it in the middle of a request.
        gc.freeze()
        log = logging.getLogger("hr-api")
        if settings.metrics_port:
            registry = exposition((*API_FAMILIES, *EVENT_FAMILIES))
            metrics_runner = web.AppRunner(metrics_app(registry, app[keys.DB_ENGINE]), access_log=None)
            await metrics_runner.setup()
            site = web.TCPSite(metrics_runner, settings.metrics_host, settings.metrics_port)
            await _listen(site, "METRICS_PORT, or 0 for none")
            log.info("metrics on http://%s:%d/metrics", settings.metrics_host, settings.metrics_port)
        log.info("serving on http://%s:%d", host, port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        if metrics_runner is not None:
            await metrics_runner.cleanup()
        await runner.cleanup()


class CannotListen(Exception):
    """A port the API needs is taken or not allowed; the message names the address and its setting."""


async def _listen(site: web.TCPSite, setting: str) -> None:
    """Start listening, or CannotListen naming the address and where it is set: the API's port and its
    /metrics port fail alike ("address already in use"), and only this tells which one it was."""
    try:
        await site.start()
    except OSError as error:
        raise CannotListen(f"cannot listen on {site.name}: {error.strerror or error} ({setting})") from None


async def create_admin(settings: Settings, email: str, username: str | None, password: str) -> str:
    """Create an admin user; the error message when the input or the database says no."""
    request = RegisterRequest(
        email=email, username=username or service.default_username(email), password=password, role=Role.ADMIN
    )
    async with open_services(settings) as services:
        async with services.sessions() as session:
            problem = await database_schema_problem(session)
        if problem is not None:
            raise Unmigrated(f"the database {problem}")
        user = await service.create_user(services.sessions, request, actor="cli")
    return f"created admin {user.username} ({user.id})"


class Unmigrated(Exception):
    """The database is not migrated to this version; the message says what to run."""


def run_create_admin(settings: Settings, args: argparse.Namespace) -> None:
    # The line's end, "\r\n" as a file saved on Windows has it too: a "\r" kept was a password nobody types.
    password = (
        sys.stdin.readline().rstrip("\r\n") if args.password_stdin else os.environ.get("ADMIN_PASSWORD", "")
    )
    if not password:
        print(
            "hr-api create-admin: give the password on stdin (--password-stdin) or in ADMIN_PASSWORD",
            file=sys.stderr,
        )
        raise SystemExit(2)
    try:
        print(asyncio.run(create_admin(settings, args.email, args.username, password)))
    except ValidationError as error:
        for detail in validation_details(error):
            print(f"hr-api create-admin: {detail['field']}: {detail['problem']}", file=sys.stderr)
        raise SystemExit(2) from None
    except Conflict as error:
        print(f"hr-api create-admin: {error.message}", file=sys.stderr)
        raise SystemExit(1) from None
    except Unmigrated as error:
        print(f"hr-api create-admin: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except (OSError, SQLAlchemyError) as error:
        print(f"hr-api create-admin: {database_failure(error)}", file=sys.stderr)
        raise SystemExit(1) from None


def database_failure(error: OSError | SQLAlchemyError) -> str:
    """What a command says when the database failed it: not migrated, or why it could not be used in the
    driver's own words ('database "hr2" does not exist', 'password authentication failed for user "hr"'),
    never the statement or its parameters."""
    if not_migrated(error):
        return NOT_MIGRATED
    cause = getattr(error, "orig", None) or error
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    return f"database unavailable ({type(error).__name__}{': ' + reason if reason else ''})"


def run_migrate(settings: Settings, args: argparse.Namespace) -> None:
    """Apply the packaged migrations; one line and exit 1 when the database cannot be reached, 2 when the
    revision asked is none of this version's."""
    from app.migrate import unknown_revision, upgrade

    problem = unknown_revision(args.revision)
    if problem is not None:
        print(f"hr-api migrate: --revision: {problem}", file=sys.stderr)
        raise SystemExit(2)
    try:
        print(upgrade(settings.database_url, args.revision))
    except (OSError, SQLAlchemyError) as error:
        print(f"hr-api migrate: {database_failure(error)}", file=sys.stderr)
        raise SystemExit(1) from None
    except Exception as error:  # alembic's own (an unknown revision, say): one line, no traceback
        print(f"hr-api migrate: {type(error).__name__}: {error}", file=sys.stderr)
        raise SystemExit(1) from None


def run(args: argparse.Namespace) -> None:
    """Run what `hr-api` was asked (app/cli.py parsed it): serve, create-admin or migrate."""
    settings = load_settings()
    configure_logging(settings.log_level)
    if args.command == "create-admin":
        run_create_admin(settings, args)
        return
    if args.command == "migrate":
        run_migrate(settings, args)
        return
    if args.command == "demo":
        from app.demo import run_demo

        try:
            run_demo(settings, args.resumes)
        except (OSError, SQLAlchemyError) as error:  # a traceback before: an unmigrated or missing database
            print(f"hr-api demo: {database_failure(error)}", file=sys.stderr)
            raise SystemExit(1) from None
        return
    try:
        with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
            runner.run(serve(settings, args.host or settings.api_host, args.port or settings.api_port))
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
    except CannotListen as error:
        print(f"hr-api: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as error:
        print(f"hr-api: cannot listen: {error.strerror or error}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    from app.cli import api_parser

    run(api_parser().parse_args())
