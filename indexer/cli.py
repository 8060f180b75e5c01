"""The `hr-indexer` command (also `python -m indexer`): create, status, verify, rollback, run, reindex,
merge, maintenance, dashboards import.

Only the parser lives here, importing nothing heavy: `--help`, `--version` and a bad option answer at once;
indexer/commands.py (the clients, the index code) is imported once a command is going to run.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from app.cli import add_version, bounded_int
from app.resources import SAVED_OBJECTS_FILE
from indexer.defaults import (
    DEFAULT_ALIAS,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_POLL_INTERVAL,
    MAX_ATTEMPTS,
    MAX_BATCH_SIZE,
    MAX_MERGE_SEGMENTS,
    MAX_WAIT_SECONDS,
    STREAM_BATCH_SIZE,
    UNTIL_EMPTY_WAIT_SECONDS,
)

PROG = "hr-indexer"
# Index and alias names OpenSearch accepts, kept to the plain subset.
_ALIAS = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,200}$")


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


def _index(value: str) -> str:
    if not _ALIAS.match(value):
        raise argparse.ArgumentTypeError(
            f"invalid index {value!r}: use lower-case letters, digits, '-', '_', '.'"
        )
    return value


def _http_url(value: str) -> str:
    # "notaurl" failed only once Dashboards was asked, as "cannot reach ... at notaurl: notaurl/api/...".
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"not an http:// or https:// URL: {value!r}")
    return value


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None


def _seconds(value: str) -> float:
    number = _float(value)
    if not 0 <= number <= MAX_WAIT_SECONDS:  # nan and inf too
        raise argparse.ArgumentTypeError(f"must be 0 to {MAX_WAIT_SECONDS:g} seconds: {value}")
    return number


def _interval(value: str) -> float:
    number = _float(value)
    if not 0 < number <= MAX_WAIT_SECONDS:  # nan and inf too
        raise argparse.ArgumentTypeError(f"must be above 0 and at most {MAX_WAIT_SECONDS:g} seconds: {value}")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {value}")
    return number


def _add_progress(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on stderr (default: when stderr is a terminal)",
    )


def _add_no_lock(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-lock",
        action="store_true",
        help="run without the reindex lock, which lives in Redis: for when Redis is down and you are sure "
        "no other reindex, rollback or maintenance of the alias runs (two at once may delete the index the "
        "other is building, or swap the alias past it)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(prog=PROG, description="Keep the OpenSearch candidate index in step with Postgres.")
    add_version(parser)
    alias_help = (
        f"the alias searches read (default: INDEX_ALIAS or {DEFAULT_ALIAS}); indexes are named after it"
    )
    parser.add_argument("--alias", type=_alias, default=None, help=alias_help)
    # --alias after the command too (`hr-indexer reindex --alias x`); SUPPRESS keeps one given before it.
    common = _Parser(add_help=False)
    common.add_argument("--alias", type=_alias, default=argparse.SUPPRESS, help=alias_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    create = commands.add_parser("create", parents=[common], help="create the index and its alias if missing")
    create.add_argument(
        "--reindex-if-changed",
        action="store_true",
        help="when the live index was built from another definition, reindex it now (zero downtime; "
        "`make run` does this after an update)",
    )
    create.set_defaults(handler="create", batch_size=STREAM_BATCH_SIZE, progress=None, no_lock=False)

    status = commands.add_parser(
        "status", parents=[common], help="alias, counts on both sides, outbox backlog, dead letters"
    )
    status.add_argument("--json", action="store_true", help="print JSON instead of text")
    status.set_defaults(handler="status")

    verify = commands.add_parser(
        "verify", parents=[common], help="compare ids and versions in Postgres and the index"
    )
    verify.add_argument(
        "--repair",
        action="store_true",
        help="index missing and stale, delete extra documents, then settle dead letters now in sync",
    )
    _add_progress(verify)
    verify.set_defaults(handler="verify")

    back = commands.add_parser(
        "rollback", parents=[common], help="point the alias back at the previous index (brought up to date)"
    )
    back.add_argument(
        "--to",
        type=_index,
        default=None,
        metavar="INDEX",
        help="the previous index to go back to (default: the newest built); with INDEX_ROLLBACK_KEEP of 2 or "
        "more the older ones are kept too, and a rollback that names none goes to the newest",
    )
    _add_no_lock(back)
    back.set_defaults(handler="rollback")

    run = commands.add_parser(
        "run", parents=[common], help="apply the outbox continuously (the daemon); stops on SIGTERM"
    )
    run.add_argument(
        "--batch-size",
        type=bounded_int(MAX_BATCH_SIZE),
        default=DEFAULT_BATCH_SIZE,
        help=f"outbox rows per batch (default: %(default)s, at most {MAX_BATCH_SIZE:,})",
    )
    run.add_argument(
        "--max-attempts",
        type=bounded_int(MAX_ATTEMPTS),
        default=DEFAULT_MAX_ATTEMPTS,
        help="failed tries before a row becomes a dead letter "
        f"(default: %(default)s, at most {MAX_ATTEMPTS})",
    )
    run.add_argument(
        "--poll-interval",
        type=_interval,
        default=DEFAULT_POLL_INTERVAL,
        help=f"seconds between polls (default: %(default)s, at most {MAX_WAIT_SECONDS:g})",
    )
    run.add_argument("--until-empty", action="store_true", help="exit once nothing is pending")
    run.add_argument(
        "--wait-seconds",
        type=_interval,
        default=None,
        help="how long to wait at start for Postgres, OpenSearch and Redis to answer, then exit 1 naming the "
        f"one that does not (default: {UNTIL_EMPTY_WAIT_SECONDS:g} with --until-empty, else without end; "
        f"at most {MAX_WAIT_SECONDS:g})",
    )
    run.add_argument(
        "--metrics-port",
        type=_port,
        default=None,
        help="/metrics port (default INDEXER_METRICS_PORT; 0 = off)",
    )
    run.set_defaults(handler="run")

    rebuild = commands.add_parser(
        "reindex", parents=[common], help="rebuild the index from Postgres and swap the alias atomically"
    )
    rebuild.add_argument(
        "--batch-size",
        type=bounded_int(MAX_BATCH_SIZE),
        default=STREAM_BATCH_SIZE,
        help=f"candidates read per round trip (default: %(default)s, at most {MAX_BATCH_SIZE:,})",
    )
    _add_progress(rebuild)
    _add_no_lock(rebuild)
    rebuild.set_defaults(handler="reindex")

    compact = commands.add_parser(
        "merge",
        parents=[common],
        help="force-merge the live index into fewer segments (a reindex does it itself; searches go on)",
    )
    compact.add_argument(
        "--segments",
        type=bounded_int(MAX_MERGE_SEGMENTS),
        default=None,
        help=f"at most this many segments, 1 to {MAX_MERGE_SEGMENTS} (default: INDEX_MERGE_SEGMENTS, 4)",
    )
    _add_progress(compact)
    compact.set_defaults(handler="merge")

    maintenance = commands.add_parser(
        "maintenance",
        parents=[common],
        help="remove expired search history, failed resumes, search-events indexes and old candidate indexes",
    )
    maintenance.add_argument(
        "--dry-run", action="store_true", help="report what would be removed, remove nothing"
    )
    maintenance.set_defaults(handler="maintenance")

    boards = commands.add_parser("dashboards", parents=[common], help="OpenSearch Dashboards saved objects")
    actions = boards.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser(
        "import", parents=[common], help="import the packaged Dashboards saved objects (overwrites by id)"
    )
    load.add_argument(
        "--url",
        required=True,
        type=_http_url,
        help="OpenSearch Dashboards base URL, e.g. http://127.0.0.1:5601",
    )
    load.add_argument(
        "--file",
        type=Path,
        default=SAVED_OBJECTS_FILE,
        help="ndjson export to import (default: %(default)s)",
    )
    load.add_argument(
        "--wait",
        type=_seconds,
        default=0.0,
        help=f"seconds to wait for Dashboards to become ready (default: 0, at most {MAX_WAIT_SECONDS:g})",
    )
    load.set_defaults(handler="dashboards_import")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, then run the command (indexer/commands.py)."""
    args = build_parser().parse_args(argv)
    from indexer import commands

    return commands.run(args)
