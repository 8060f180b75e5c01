"""What each `hr-indexer` command does, once indexer/cli.py has parsed its arguments; imported only then,
so `--help` and a bad option never load the client libraries."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable

import asyncpg
import redis.exceptions
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import TransportError

from app.logs import setup_logging
from app.settings import Settings, load_settings
from indexer import dashboards
from indexer.connections import (
    RedisUnavailable,
    Services,
    ServiceUnavailable,
    open_services,
    without_password,
)
from indexer.daemon import DaemonOptions, run_daemon
from indexer.defaults import UNTIL_EMPTY_WAIT_SECONDS
from indexer.indexes import IndexStateError, current_index, ensure_index, merge_segments
from indexer.lock import LockHeld
from indexer.maintenance import MaintenanceRefused, format_report, run_maintenance
from indexer.mapping import load_definition, needs_reindex
from indexer.outbox import latest_id, settle_dead_letters
from indexer.progress import Progress, format_duration
from indexer.reindex import ReindexError, reindex, rollback
from indexer.status import format_status, read_status, status_json
from indexer.verify import (
    find_differences,
    format_differences,
    repair,
    repair_failures,
    still_different,
)

PROG = "hr-indexer"

Handler = Callable[[Services, argparse.Namespace], Awaitable[int]]


async def _create(services: Services, args: argparse.Namespace) -> int:
    definition = load_definition()
    # A missing alias over a database that holds candidates (the index lost, INDEX_ALIAS changed): an index
    # created now would be empty, and every search would answer nobody until someone reindexed.
    missing = await current_index(services.opensearch, args.alias) is None
    candidates = await _candidate_count(services) if missing else 0
    if candidates and args.reindex_if_changed:
        print(f"alias {args.alias} does not exist and Postgres holds {candidates} candidates: reindexing")
        return await _reindex(services, args)
    index, created = await ensure_index(services.opensearch, args.alias, definition)
    if created:
        print(f"created {index} behind alias {args.alias}")
        if candidates:
            print(f"the index is empty and Postgres holds {candidates} candidates: run `{PROG} reindex`")
    else:
        print(f"alias {args.alias} -> {index} already exists")
        if needs_reindex(args.alias, index, definition):
            if not args.reindex_if_changed:
                print(f"the definition changed since {index} was built: run `{PROG} reindex`")
                return 0
            print(f"the definition changed since {index} was built: reindexing")
            return await _reindex(services, args)
    return 0


async def _candidate_count(services: Services) -> int:
    async with services.pool.acquire() as connection:
        return int(await connection.fetchval("SELECT count(*) FROM candidates"))


async def _status(services: Services, args: argparse.Namespace) -> int:
    status = await read_status(services, args.alias, load_definition())
    if status.index is None:
        # Nothing is searchable: a script or a probe must not read that as a healthy status.
        built = ", ".join(status.unfinished_indexes)
        building = f" ({built} being built)" if built else ""
        advice = f"run `{PROG} create` or `{PROG} reindex`"
        return _fail(f"alias '{args.alias}' does not exist{building}: {advice}")
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
    show = _shows_progress(args)
    if show:
        print(f"reading the ids and versions of {index} and of Postgres ...", file=sys.stderr, flush=True)
    found = await find_differences(services, index)
    print("\n".join(format_differences(found)), flush=True)
    if found.ahead:
        # Postgres restored from a backup older than the index: every write of these is refused as older than
        # what the index holds, the daemon's and a repair's alike. Only a new index takes them.
        print(
            f"{len(found.ahead)} of the stale are newer in the index than in Postgres (the database restored "
            f"from an older backup?): the index takes none of their changes, and a repair cannot; run "
            f"`{PROG} reindex`, which rebuilds the index from Postgres"
        )
    if not args.repair:
        if len(found.ahead) < len(found.stale) or found.missing or found.extra or found.foreign:
            print(f"run `{PROG} verify --repair` to fix")
        return 0 if found.clean else 1
    total = len(found.missing) + len(found.stale) + len(found.extra)
    progress = Progress(total, enabled=show and total > 0)
    results = await repair(services, index, found, progress)
    progress.finish()
    removed = len(found.foreign)
    refused = repair_failures(results)
    # A write OpenSearch skipped as superseded repaired nothing when the index still differs: a document
    # deleted outside the indexer leaves a newer version behind for a minute (index.gc_deletes).
    unrepaired = still_different(found, await find_differences(services, index)) - {
        r.candidate_id for r in refused
    }
    async with services.pool.acquire() as connection:
        settled = await settle_dead_letters(
            connection, horizon, [r.candidate_id for r in refused] + sorted(unrepaired)
        )
    repaired = len(results) - len(refused) - len(unrepaired) + removed
    print(f"repaired {repaired} of {len(results) + removed} documents; settled {settled} dead letters")
    for item in refused[:5]:
        print(f"  refused {item.candidate_id}: {item.error}")
    for candidate_id in sorted(unrepaired)[:5]:
        print(f"  not repaired {candidate_id}: the index holds a newer version of it")
    if unrepaired - set(found.ahead):
        print(
            "a document deleted outside the indexer keeps its delete's version for about a minute "
            f"(index.gc_deletes): run `{PROG} verify --repair` again after that"
        )
    return 1 if refused or unrepaired else 0


async def _rollback(services: Services, args: argparse.Namespace) -> int:
    report = await rollback(services, args.alias, to=args.to, lock=not args.no_lock)
    print(
        f"alias {args.alias} -> {report.index} (was {report.previous}); "
        f"{report.repaired} documents repaired, {report.catch_up_rows} outbox rows caught up"
    )
    _say_cache_left(services, report.cache_invalidated)
    return 0


def _say_cache_left(services: Services, invalidated: bool) -> None:
    """When Redis did not hear of the new index (a --no-lock run while it is down), say what that means."""
    if not invalidated:
        print(
            f"Redis at {without_password(services.settings.redis_url)} did not answer: searches cached "
            f"before this may be answered from them for up to {services.settings.search_cache_ttl_seconds} s "
            "(SEARCH_CACHE_TTL_SECONDS)"
        )


def _shows_progress(args: argparse.Namespace) -> bool:
    """--progress / --no-progress, or by default whether stderr is a terminal."""
    return sys.stderr.isatty() if args.progress is None else bool(args.progress)


async def _reindex(services: Services, args: argparse.Namespace) -> int:
    show = _shows_progress(args)
    report = await reindex(
        services,
        load_definition(),
        args.alias,
        batch_size=args.batch_size,
        show_progress=show,
        lock=not args.no_lock,
    )
    print(
        f"reindexed {report.documents} candidates into {report.index} in {format_duration(report.seconds)} "
        f"({report.rate:,.0f} docs/s); {report.catch_up_rows} outbox rows caught up"
    )
    if report.segments != report.segments_written:
        print(
            f"merged {report.segments_written} segments into {report.segments} "
            f"in {format_duration(report.merge_seconds)}"
        )
    if report.previous is None:
        kept = "previous index - kept for rollback"
    elif report.previous in report.deleted:
        kept = f"previous index {report.previous} deleted (INDEX_ROLLBACK_KEEP=0)"
    else:
        kept = f"previous index {report.previous} kept for rollback"
    print(f"alias {args.alias} -> {report.index}; {kept}")
    if report.deleted:
        print(f"deleted older indexes: {', '.join(report.deleted)}")
    _say_cache_left(services, report.cache_invalidated)
    return 0


async def _merge(services: Services, args: argparse.Namespace) -> int:
    index = await current_index(services.opensearch, args.alias)
    if index is None:
        return _fail(f"no alias {args.alias}: run `hr-indexer reindex` first")
    wanted = args.segments if args.segments is not None else services.settings.index_merge_segments
    if wanted <= 0:
        return _fail("INDEX_MERGE_SEGMENTS is 0 (no merging); pass --segments N")
    if _shows_progress(args):
        # One force-merge call that reports nothing until it ends: minutes at a million candidates.
        print(f"merging {index} into at most {wanted} segments ...", file=sys.stderr, flush=True)
    started = time.monotonic()
    before, after = await merge_segments(services.opensearch, index, wanted)
    if before == after:
        print(f"{index}: {before} segments, nothing to merge (at most {wanted} asked)")
    else:
        took = format_duration(time.monotonic() - started)
        print(f"{index}: merged {before} segments into {after} in {took}")
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
    return 1 if report.alias_missing or report.storage_missing else 0


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


def _configure_logging(settings: Settings) -> None:
    setup_logging(settings.log_level)
    if settings.log_level != "DEBUG":
        # The transport logs every failed request with a traceback; the indexer reports failures itself.
        logging.getLogger("opensearch").setLevel(logging.CRITICAL)


async def _execute(settings: Settings, args: argparse.Namespace) -> int:
    main_task = asyncio.current_task()
    if args.command != "run" and main_task is not None:
        # A SIGTERM during a reindex unwinds it like Ctrl-C: the half-built index is deleted.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main_task.cancel)
    if args.handler == "dashboards_import":
        return await _dashboards_import(settings, args)
    if args.handler == "run":
        return await _run_once_reachable(settings, args)
    async with open_services(settings, need_redis=_takes_lock(args)) as services:
        return await HANDLERS[args.handler](services, args)


def _takes_lock(args: argparse.Namespace) -> bool:
    """Whether the command takes the reindex lock, which lives in Redis. The others use Redis only to tell
    cached searches of a change, and run without it: `status` and `verify` answered nothing while Redis was
    down, just when an on-call engineer asks them."""
    if getattr(args, "no_lock", False):
        return False
    if args.handler == "create":
        return bool(args.reindex_if_changed)
    return args.handler in LOCKED


# The commands that hold the reindex lock (indexer/lock.py): one of them at a time per alias.
LOCKED = frozenset({"reindex", "rollback", "maintenance"})


async def _run_once_reachable(settings: Settings, args: argparse.Namespace) -> int:
    """The daemon, once Postgres, OpenSearch and Redis answer: started while one was down (a node restarting
    beside it, a cluster coming up in another order), it exited, and its restarts backed off for minutes
    after the service was back. One line when it starts waiting, a reminder a minute, as the worker does;
    past `--wait-seconds` (by default only with `--until-empty`) an exit with the service named."""
    waiting_since: float | None = None
    patience = args.wait_seconds
    if patience is None and args.until_empty:
        patience = UNTIL_EMPTY_WAIT_SECONDS
    reminded = 0.0
    # SIGTERM or Ctrl-C while waiting: exit 0 (the daemon's own handlers replace these once it runs).
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    while not stop.is_set():
        opened = False
        try:
            async with open_services(settings) as services:
                opened = True
                if waiting_since is not None:
                    log.info("services reachable after %.0fs; starting", time.monotonic() - waiting_since)
                return await _run(services, args)
        except ServiceUnavailable as error:
            if opened:
                raise  # the daemon's own refusal (its metrics port taken): no outage to wait out
            now = time.monotonic()
            if waiting_since is None:
                waiting_since = reminded = now
                until = "" if patience is None else f", for {patience:g}s at most (--wait-seconds)"
                log.warning("%s; waiting for it (retrying every %.0fs%s)", error, START_RETRY_SECONDS, until)
            elif patience is not None and now - waiting_since >= patience:
                waited = f"gave up after waiting {now - waiting_since:.0f}s (--wait-seconds)"
                raise ServiceUnavailable(f"{error}; {waited}") from None
            elif now - reminded >= START_REMINDER_SECONDS:
                reminded = now
                log.warning("%s; still waiting after %.0fs", error, now - waiting_since)
        # The last try falls on the deadline, not up to a retry's length after it.
        left = START_RETRY_SECONDS
        if patience is not None and waiting_since is not None:
            left = waiting_since + patience - time.monotonic()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), min(START_RETRY_SECONDS, max(left, 0.1)))
    return 0


# Seconds between the daemon's tries to reach its services at start, and between its log's reminders.
START_RETRY_SECONDS = 5.0
START_REMINDER_SECONDS = 60.0
log = logging.getLogger("indexer.daemon")


def _notes(error: BaseException | None) -> str:
    """What a failure left behind, as its notes say (a half-built index, say), to end its line with."""
    return "".join(f"; {note}" for note in getattr(error, "__notes__", ()))


def _fail(message: str, error: BaseException | None = None) -> int:
    print(f"{PROG}: error: {message}{_notes(error)}", file=sys.stderr)
    return 1


HANDLERS: dict[str, Handler] = {
    "create": _create,
    "status": _status,
    "verify": _verify,
    "rollback": _rollback,
    "run": _run,
    "reindex": _reindex,
    "maintenance": _maintenance,
    "merge": _merge,
}


def run(args: argparse.Namespace) -> int:
    """Run the parsed command, and turn known failures into one line and exit code 1."""
    settings = load_settings()
    args.alias = args.alias or settings.index_alias
    _configure_logging(settings)
    try:
        return asyncio.run(_execute(settings, args))
    except RedisUnavailable as error:
        if not _takes_lock(args):
            return _fail(str(error), error)
        # The lock is why this command needs Redis; --no-lock is the way round it for who knows.
        command = "reindex" if args.handler == "create" else args.handler
        way_round = (
            f", or run `{PROG} {command} --no-lock` if you are sure no other one runs"
            if command in ("reindex", "rollback")
            else ""
        )
        return _fail(
            f"{str(error).rstrip('.')}; {command} takes its lock there (no two reindexes, rollbacks or "
            f"clean-ups of '{args.alias}' at once): start Redis{way_round}",
            error,
        )
    except (ServiceUnavailable, LockHeld, ReindexError, IndexStateError, MaintenanceRefused) as error:
        return _fail(str(error), error)
    except OpenSearchConnectionError as error:
        return _fail(
            f"lost OpenSearch at {without_password(settings.opensearch_url)}: {error.info or error.error}",
            error,
        )
    except TransportError as error:
        return _fail(f"OpenSearch refused the request: {error.status_code} {error.error}", error)
    except (asyncpg.PostgresConnectionError, asyncpg.InterfaceError) as error:
        return _fail(f"lost Postgres: {error}", error)
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        return _fail(f"lost Redis at {without_password(settings.redis_url)}: {error}", error)
    except (KeyboardInterrupt, asyncio.CancelledError) as error:
        with contextlib.suppress(Exception):
            print(f"{PROG}: interrupted{_notes(error)}", file=sys.stderr)
        return 130
