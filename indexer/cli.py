"""The `hr-indexer` command (also `python -m indexer`): create, status, verify, rollback, run, reindex,
maintenance, dashboards import."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NoReturn

import asyncpg
import redis.exceptions
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import TransportError

from app.logs import setup_logging
from app.settings import Settings, load_settings
from indexer import dashboards
from indexer.connections import Services, ServiceUnavailable, open_services
from indexer.daemon import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_POLL_INTERVAL,
    DaemonOptions,
    run_daemon,
)
from indexer.documents import STREAM_BATCH_SIZE
from indexer.indexes import IndexStateError, current_index, ensure_index
from indexer.lock import LockHeld
from indexer.maintenance import format_report, run_maintenance
from indexer.mapping import DEFAULT_ALIAS, load_definition, needs_reindex
from indexer.outbox import latest_id, settle_dead_letters
from indexer.progress import format_duration
from indexer.reindex import ReindexError, reindex, rollback
from indexer.status import format_status, read_status, status_json
from indexer.verify import find_differences, format_differences, repair, repair_failures

PROG = "hr-indexer"
# Index and alias names OpenSearch accepts, kept to the plain subset.
_ALIAS = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,200}$")

Handler = Callable[[Services, argparse.Namespace], Awaitable[int]]


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error for a bad argument instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _alias(value: str) -> str:
    if not _ALIAS.match(value):
        raise argparse.ArgumentTypeError(
            f"invalid alias {value!r}: use lower-case letters, digits, '-', '_', '.'"
        )
    return value


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {value}")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {value}")
    return number


async def _create(services: Services, args: argparse.Namespace) -> int:
    definition = load_definition()
    index, created = await ensure_index(services.opensearch, args.alias, definition)
    if created:
        print(f"created {index} behind alias {args.alias}")
    else:
        print(f"alias {args.alias} -> {index} already exists")
        if needs_reindex(args.alias, index, definition):
            print(f"the definition changed since {index} was built: run `{PROG} reindex`")
    return 0


async def _status(services: Services, args: argparse.Namespace) -> int:
    status = await read_status(services, args.alias, load_definition())
    if args.json:
        sys.stdout.write(status_json(status).decode() + "\n")
    else:
        print("\n".join(format_status(status)))
    return 0


async def _verify(services: Services, args: argparse.Namespace) -> int:
    index = await current_index(services.opensearch, args.alias)
    if index is None:
        raise IndexStateError(f"alias '{args.alias}' does not exist: run `{PROG} reindex`")
    async with services.pool.acquire() as connection:
        horizon = await latest_id(connection)
    found = await find_differences(services, index)
    print("\n".join(format_differences(found)))
    if not args.repair:
        if not found.clean:
            print(f"run `{PROG} verify --repair` to fix")
        return 0 if found.clean else 1
    results = await repair(services, index, found)
    refused = repair_failures(results)
    async with services.pool.acquire() as connection:
        settled = await settle_dead_letters(connection, horizon, [r.candidate_id for r in refused])
    print(
        f"repaired {len(results) - len(refused)} of {len(results)} documents; settled {settled} dead letters"
    )
    for item in refused[:5]:
        print(f"  refused {item.candidate_id}: {item.error}")
    return 1 if refused else 0


async def _rollback(services: Services, args: argparse.Namespace) -> int:
    report = await rollback(services, args.alias)
    print(
        f"alias {args.alias} -> {report.index} (was {report.previous}); "
        f"{report.repaired} documents repaired, {report.catch_up_rows} outbox rows caught up"
    )
    return 0


async def _reindex(services: Services, args: argparse.Namespace) -> int:
    show = sys.stderr.isatty() if args.progress is None else args.progress
    report = await reindex(
        services, load_definition(), args.alias, batch_size=args.batch_size, show_progress=show
    )
    print(
        f"reindexed {report.documents} candidates into {report.index} in {format_duration(report.seconds)} "
        f"({report.rate:,.0f} docs/s); {report.catch_up_rows} outbox rows caught up"
    )
    print(f"alias {args.alias} -> {report.index}; previous index {report.previous or '-'} kept for rollback")
    if report.deleted:
        print(f"deleted older indexes: {', '.join(report.deleted)}")
    return 0


async def _run(services: Services, args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    options = DaemonOptions(
        alias=args.alias,
        batch_size=args.batch_size,
        max_attempts=args.max_attempts,
        poll_interval=args.poll_interval,
        until_empty=args.until_empty,
    )
    port = services.settings.indexer_metrics_port if args.metrics_port is None else args.metrics_port
    await run_daemon(services, load_definition(), options, stop, metrics_port=port or None)
    return 0


async def _maintenance(services: Services, args: argparse.Namespace) -> int:
    report = await run_maintenance(services, args.alias, dry_run=args.dry_run)
    print("\n".join(format_report(report, services, args.alias, dry_run=args.dry_run)))
    return 0


async def _dashboards_import(settings: Settings, args: argparse.Namespace) -> int:
    """Needs OpenSearch Dashboards only, so it runs without the indexer's connections."""
    try:
        objects = dashboards.retitle(
            dashboards.read_objects(args.file), alias=args.alias, events_prefix=settings.search_events_prefix
        )
        report = await dashboards.import_objects(
            args.url, dashboards.to_ndjson(objects), count=len(objects), wait_seconds=args.wait
        )
    except dashboards.DashboardsError as error:
        return _fail(str(error))
    print(f"imported {report.imported} of {report.objects} saved objects into {args.url.rstrip('/')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(prog=PROG, description="Keep the OpenSearch candidate index in step with Postgres.")
    parser.add_argument(
        "--alias",
        type=_alias,
        default=None,
        help=f"the alias searches read (default: INDEX_ALIAS or {DEFAULT_ALIAS}); indexes are named after it",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    create = commands.add_parser("create", help="create the index and its alias if missing")
    create.set_defaults(handler=_create)

    status = commands.add_parser("status", help="alias, counts on both sides, outbox backlog, dead letters")
    status.add_argument("--json", action="store_true", help="print JSON instead of text")
    status.set_defaults(handler=_status)

    verify = commands.add_parser("verify", help="compare ids and versions in Postgres and the index")
    verify.add_argument(
        "--repair",
        action="store_true",
        help="index missing and stale, delete extra documents, then settle dead letters now in sync",
    )
    verify.set_defaults(handler=_verify)

    back = commands.add_parser(
        "rollback", help="point the alias back at the previous index (brought up to date)"
    )
    back.set_defaults(handler=_rollback)

    run = commands.add_parser("run", help="apply the outbox continuously (the daemon); stops on SIGTERM")
    run.add_argument(
        "--batch-size", type=_positive_int, default=DEFAULT_BATCH_SIZE, help="outbox rows per batch"
    )
    run.add_argument(
        "--max-attempts",
        type=_positive_int,
        default=DEFAULT_MAX_ATTEMPTS,
        help="failed tries before a row becomes a dead letter",
    )
    run.add_argument(
        "--poll-interval", type=_positive_float, default=DEFAULT_POLL_INTERVAL, help="seconds between polls"
    )
    run.add_argument("--until-empty", action="store_true", help="exit once nothing is pending")
    run.add_argument(
        "--metrics-port",
        type=_port,
        default=None,
        help="/metrics port (default INDEXER_METRICS_PORT; 0 = off)",
    )
    run.set_defaults(handler=_run)

    rebuild = commands.add_parser(
        "reindex", help="rebuild the index from Postgres and swap the alias atomically"
    )
    rebuild.add_argument(
        "--batch-size", type=_positive_int, default=STREAM_BATCH_SIZE, help="candidates read per round trip"
    )
    rebuild.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress line on stderr (default: when stderr is a terminal)",
    )
    rebuild.set_defaults(handler=_reindex)

    maintenance = commands.add_parser(
        "maintenance",
        help="remove expired search history, failed resumes, search-events indexes and old candidate indexes",
    )
    maintenance.add_argument(
        "--dry-run", action="store_true", help="report what would be removed, remove nothing"
    )
    maintenance.set_defaults(handler=_maintenance)

    boards = commands.add_parser("dashboards", help="OpenSearch Dashboards saved objects")
    actions = boards.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("import", help="import dashboards/saved-objects.ndjson (overwrites by id)")
    load.add_argument(
        "--url", required=True, help="OpenSearch Dashboards base URL, e.g. http://127.0.0.1:5601"
    )
    load.add_argument(
        "--file",
        type=Path,
        default=dashboards.DEFAULT_FILE,
        help="ndjson export to import (default: %(default)s)",
    )
    load.add_argument(
        "--wait", type=float, default=0.0, help="seconds to wait for Dashboards to become ready (default: 0)"
    )
    load.set_defaults(handler=_dashboards_import, standalone=True)
    return parser


def _configure_logging(settings: Settings) -> None:
    setup_logging(settings.log_level)
    if settings.log_level != "DEBUG":
        # The transport logs every failed request with a traceback; the indexer reports failures itself.
        logging.getLogger("opensearch").setLevel(logging.CRITICAL)


async def _execute(settings: Settings, handler: Handler, args: argparse.Namespace) -> int:
    main_task = asyncio.current_task()
    if args.command != "run" and main_task is not None:
        # A SIGTERM during a reindex unwinds it like Ctrl-C: the half-built index is deleted.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main_task.cancel)
    if getattr(args, "standalone", False):
        return await args.handler(settings, args)
    async with open_services(settings) as services:
        return await handler(services, args)


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the command, and turn known failures into one line and exit code 1."""
    args = build_parser().parse_args(argv)
    settings = load_settings()
    args.alias = args.alias or settings.index_alias
    _configure_logging(settings)
    try:
        return asyncio.run(_execute(settings, args.handler, args))
    except (ServiceUnavailable, LockHeld, ReindexError, IndexStateError) as error:
        return _fail(str(error))
    except OpenSearchConnectionError as error:
        return _fail(f"lost OpenSearch at {settings.opensearch_url}: {error.info or error.error}")
    except TransportError as error:
        return _fail(f"OpenSearch refused the request: {error.status_code} {error.error}")
    except (asyncpg.PostgresConnectionError, asyncpg.InterfaceError) as error:
        return _fail(f"lost Postgres: {error}")
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        return _fail(f"lost Redis at {settings.redis_url}: {error}")
    except (KeyboardInterrupt, asyncio.CancelledError):
        with contextlib.suppress(Exception):
            print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
