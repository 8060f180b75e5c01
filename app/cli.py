"""The command lines of `hr-api`, `hr-worker` and `hr-mcp`, and every command's `--version`.

This module imports nothing of the application, so `--help`, `--version` and a bad option answer at once;
app/entrypoints.py imports what a command runs only after its arguments parsed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib import metadata

DISTRIBUTION = "hr-resume-search"


def version() -> str:
    """The installed distribution's version ("unknown" when run from a tree that was never installed)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")


# The most generated resumes `hr-api demo` loads: a demo, not a load test (benchmarks/ builds large corpora).
MAX_DEMO_RESUMES = 100_000


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return bounded_int(sys.maxsize)(value)


def bounded_int(high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to `high`. Without a ceiling, a slip of the keyboard (a
    10-million batch) ran until the process exhausted its memory."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < 1:
            raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
        if number > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,}: {value}")
        return number

    return parse


def port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port: {value!r}") from None
    if not 0 < number <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {value}")
    return number


def api_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hr-api", description="HR Resume Search API server.")
    add_version(parser)
    # Serving options, also accepted after `serve` (`hr-api serve --port 8081`).
    serving = argparse.ArgumentParser(add_help=False)
    serving.add_argument("--host", default=argparse.SUPPRESS, help="listen address (default: API_HOST)")
    serving.add_argument(
        "--port", type=port, default=argparse.SUPPRESS, help="listen port (default: API_PORT)"
    )
    parser.add_argument("--host", default=None, help="listen address (default: API_HOST)")
    parser.add_argument("--port", type=port, default=None, help="listen port (default: API_PORT)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", parents=[serving], help="serve the API (what `hr-api` alone does)")
    admin = commands.add_parser(
        "create-admin", help="create an admin user (password from stdin or ADMIN_PASSWORD)"
    )
    admin.add_argument("--email", required=True)
    admin.add_argument("--username", help="default: the part of the email before @")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    migrate = commands.add_parser(
        "migrate", help="apply the database migrations shipped with this package (DATABASE_URL)"
    )
    migrate.add_argument("--revision", default="head", help="the revision to upgrade to (default: head)")
    demo = commands.add_parser(
        "demo", help="load generated demo resumes into an empty database, parse and index them"
    )
    demo.add_argument(
        "--resumes",
        type=bounded_int(MAX_DEMO_RESUMES),
        default=300,
        help="generated resumes to load (default: %(default)s, at most 100,000)",
    )
    return parser


def worker_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hr-worker", description="Parse queued resumes into candidates.")
    add_version(parser)
    # Held to WORKER_CONCURRENCY's bounds once the settings are read (app/resumes/worker.py).
    parser.add_argument(
        "--concurrency", type=positive_int, help="jobs at once, at most 64 (default: WORKER_CONCURRENCY)"
    )
    parser.add_argument("--once", action="store_true", help="exit when the queue is empty")
    parser.add_argument("--no-metrics", action="store_true", help="do not serve /metrics")
    return parser


def mcp_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hr-mcp", description="HR Resume Search as an MCP server for AI assistants."
    )
    add_version(parser)
    parser.add_argument("--transport", choices=("stdio", "http"), default="stdio", help="default: stdio")
    parser.add_argument("--host", help="http: listen address (default: API_HOST)")
    parser.add_argument("--port", type=port, help="http: listen port (default: MCP_PORT, 8090)")
    return parser
