"""The aiohttp application factory and the `hr-api` entry point."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from app import keys
from app.cache import redis_context
from app.db import db_context
from app.errors import error_middleware
from app.health.routes import setup_health
from app.search_engine import opensearch_context
from app.settings import Settings, load_settings


def create_app(settings: Settings) -> web.Application:
    """Build the API: clients first, then routes, so every handler finds its clients ready."""
    app = web.Application(
        middlewares=[error_middleware], client_max_size=settings.max_upload_bytes + 1024 * 1024
    )
    app[keys.SETTINGS] = settings
    # Clients, one cleanup context each, created in this order and closed in reverse.
    app.cleanup_ctx.append(db_context)
    app.cleanup_ctx.append(redis_context)
    app.cleanup_ctx.append(opensearch_context)
    # Routes.
    setup_health(app)
    return app


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # opensearch-py logs every failed connection with a traceback; /ready already reports it in one line.
    logging.getLogger("opensearch").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> None:
    """Serve the API on API_HOST:API_PORT."""
    parser = argparse.ArgumentParser(prog="hr-api", description="HR Resume Search API server.")
    parser.add_argument("--host", help="listen address (default: API_HOST)")
    parser.add_argument("--port", type=int, help="listen port (default: API_PORT)")
    args = parser.parse_args(argv)
    settings = load_settings()
    configure_logging(settings.log_level)
    web.run_app(
        create_app(settings),
        host=args.host or settings.api_host,
        port=args.port or settings.api_port,
        access_log=None,
        print=lambda message: logging.getLogger("hr-api").info(message.strip()),
    )


if __name__ == "__main__":
    main()
