"""Reindex and rollback on the real stack: no lost writes, no failing or empty searches, one at a time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import orjson
import pytest
import redis.exceptions

from app.search.queries import build_with_feedback
from app.search.schemas import SearchRequest
from indexer import lock
from indexer.connections import Services
from indexer.daemon import DaemonOptions, run_daemon
from indexer.indexes import create_index, current_index, list_indexes, merge_segments, segment_count
from indexer.lock import LockHeld, hold_lock, reindex_lock_key
from indexer.mapping import MAPPINGS_DIR, build_definition, index_name
from indexer.outbox import take_watermark
from indexer.reindex import ReindexError, merge, reindex, rollback
from indexer.status import read_status
from indexer.verify import find_differences
from tests.integration.test_indexer_support import (
    DEFINITION,
    CuttableProxy,
    add_candidate,
    add_candidates,
    alias,
    drain,
    fetch_document,
    gather_segments,
    live_index,
    pending_rows,
    rename,
    run_indexer,
    services,
    start_indexer,
    wait_for,
)

__all__ = ["alias", "live_index", "services"]


@dataclass
class SearchLog:
    """What the searches running beside a reindex saw."""

    searches: int = 0
    errors: list[str] = field(default_factory=list)
    smallest_total: int | None = None


async def _search_forever(services: Services, alias: str, log: SearchLog, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            response = await services.opensearch.search(
                index=alias, body={"query": {"match": {"current_title": "developer"}}, "size": 5}
            )
            total = response["hits"]["total"]["value"]
            log.smallest_total = total if log.smallest_total is None else min(log.smallest_total, total)
        except Exception as error:
            log.errors.append(repr(error))
        log.searches += 1
        await asyncio.sleep(0.005)


async def _write_forever(services: Services, ids: list, stop: asyncio.Event) -> int:
    """Renames, inserts and deletes, as fast as they commit; the number of changes made."""
    changes = 0
    rng = random.Random(7)
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.8:
            await rename(services.pool, rng.choice(ids), f"Renamed {changes}")
        elif roll < 0.9:
            ids += await add_candidates(services.pool, 5, prefix="Late")
        else:
            victim = ids.pop(rng.randrange(len(ids)))
            async with services.pool.acquire() as connection:
                await connection.execute("DELETE FROM candidates WHERE id = $1", victim)
        changes += 1
    return changes


# A race: the reindex's catch-up ends once it outpaces the writer. Beside parallel test workers on two cores
# the writer kept ahead and the test met its 5-minute timeout (12 s alone), so it runs alone.
@pytest.mark.alone
async def test_reindex_under_writes_loses_nothing_and_searches_never_fail_or_go_empty(
    services: Services, alias: str, live_index: str
) -> None:
    ids = await add_candidates(services.pool, 4000)
    await drain(services, alias)
    await services.opensearch.indices.refresh(index=alias)

    stop_writes, stop_searches, stop_daemon = asyncio.Event(), asyncio.Event(), asyncio.Event()
    log = SearchLog()
    searcher = asyncio.create_task(_search_forever(services, alias, log, stop_searches))
    writer = asyncio.create_task(_write_forever(services, ids, stop_writes))
    daemon = asyncio.create_task(
        run_daemon(
            services, DEFINITION, DaemonOptions(alias=alias, batch_size=100, poll_interval=0.2), stop_daemon
        )
    )
    try:
        try:
            report = await reindex(services, DEFINITION, alias, batch_size=250)
            await asyncio.sleep(0.3)
        finally:
            stop_writes.set()
            changes = await writer

        async def drained() -> bool:
            if daemon.done():  # it stopped by itself: say why instead of waiting for nothing
                daemon.result()
            return await _drained(services)

        # Generous: on a busy 2-core machine the writer can leave thousands of changes behind the reindex.
        await wait_for(drained, seconds=180, what="the daemon to apply every change")
    finally:
        # Whatever happened, the daemon stops: it holds the database's outbox lease.
        stop_searches.set()
        stop_daemon.set()
        await searcher
        await daemon

    assert changes > 50, "the writer should have raced the reindex"
    assert report.previous == live_index
    assert await current_index(services.opensearch, alias) == report.index != live_index
    assert {i.name for i in await list_indexes(services.opensearch, alias)} == {live_index, report.index}
    assert report.documents >= 4000
    differences = await find_differences(services, report.index)
    assert differences.clean, differences
    assert log.searches > 20
    assert log.errors == []
    assert log.smallest_total is not None and log.smallest_total > 0


async def _drained(services: Services) -> bool:
    return await pending_rows(services.pool) == 0


async def test_watermark_waits_for_writes_open_at_its_moment(services: Services) -> None:
    async with services.pool.acquire() as writer, services.pool.acquire() as reader:
        transaction = writer.transaction()
        await transaction.start()
        await writer.execute("INSERT INTO candidates (full_name) VALUES ('In Flight')")
        watermark = asyncio.create_task(take_watermark(reader))
        await asyncio.sleep(0.3)
        # A reindex starting now would miss the open write: the watermark is not taken yet.
        assert not watermark.done()
        await transaction.commit()
        assert await asyncio.wait_for(watermark, 5) == 0


async def test_second_concurrent_reindex_is_refused(services: Services, alias: str, live_index: str) -> None:
    await add_candidates(services.pool, 500)
    results = await asyncio.gather(
        reindex(services, DEFINITION, alias), reindex(services, DEFINITION, alias), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, LockHeld)]
    assert len(refused) == 1, results
    assert "another reindex holds the lock" in str(refused[0])

    async with hold_lock(services.redis, reindex_lock_key(alias)):
        code, _, err = await run_indexer(alias, "reindex", "--no-progress")
    assert code == 1
    assert err.count("\n") == 1 and "another reindex holds the lock" in err, err
    assert "Traceback" not in err
    # A killed holder's lock stays until its TTL runs out: the line says how long at most.
    frees = re.search(r"; if that process is gone, the lock frees itself within (\d+) s$", err.strip())
    assert frees is not None and 1 <= int(frees[1]) <= lock.LOCK_TTL_SECONDS, err


async def test_the_lock_outlives_its_ttl_while_held_and_frees_on_exit(services: Services, alias: str) -> None:
    key = reindex_lock_key(alias)
    # Held for three TTLs. The TTL is long enough that the keeper's refresh (a third of it) never misses it on
    # a busy CI machine: at 0.3 s a 0.2 s stall of the loop or of Redis let the key expire and the test fail.
    async with hold_lock(services.redis, key, ttl_seconds=1.5) as lost:
        await asyncio.sleep(4.5)
        with pytest.raises(LockHeld, match=r"pid \d+"):
            async with hold_lock(services.redis, key):
                pass
        assert not lost.is_set()
    assert await services.redis.get(key) is None


async def test_the_lock_is_let_go_when_a_refresh_stalls_and_its_cancel_comes_back_as_an_error(
    services: Services, alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A refresh that Redis never answers, whose cancellation the client reports as a connection error (as a
    # client library may): the block's end still stops the keeper and lets the lock go at once. Before, the
    # keeper swallowed that error, went on refreshing, and the end of the block waited for it for ever.
    real_eval = services.redis.eval

    async def stalling_eval(script: str, *args: object) -> object:
        if script != lock._REFRESH:
            return await real_eval(script, *args)  # type: ignore[arg-type]
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            raise redis.exceptions.ConnectionError("connection lost while cancelled") from None
        return 1

    monkeypatch.setattr(services.redis, "eval", stalling_eval)
    key = reindex_lock_key(alias)
    started = time.monotonic()

    async def hold_while_a_refresh_stalls() -> None:
        async with hold_lock(services.redis, key, ttl_seconds=0.3):
            await asyncio.sleep(0.5)

    await asyncio.wait_for(hold_while_a_refresh_stalls(), 8)
    assert time.monotonic() - started < 4
    assert await services.redis.get(key) is None


async def test_a_lock_command_redis_never_answers_ends_in_an_error_not_a_hang(
    services: Services, alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def never_answers(*args: object, **kwargs: object) -> object:
        await asyncio.sleep(3600)

    monkeypatch.setattr(lock, "LOCK_COMMAND_SECONDS", 0.5)
    monkeypatch.setattr(services.redis, "set", never_answers)
    with pytest.raises(redis.exceptions.TimeoutError, match=r"did not answer the lock command .* 0\.5 s"):
        await asyncio.wait_for(hold_lock(services.redis, reindex_lock_key(alias)).__aenter__(), 8)


async def test_failed_reindex_deletes_its_index_and_leaves_the_alias_alone(
    services: Services, alias: str, live_index: str
) -> None:
    await add_candidates(services.pool, 50)
    await drain(services, alias)
    # A definition OpenSearch accepts but whose mapping refuses every document (a name is not a date).
    raw = orjson.loads((MAPPINGS_DIR / "candidates.json").read_bytes())
    raw["mappings"]["properties"]["full_name"] = {"type": "date"}
    broken = build_definition(orjson.dumps(raw), (MAPPINGS_DIR / "skill_synonyms.txt").read_bytes())

    with pytest.raises(ReindexError, match="documents were refused"):
        await reindex(services, broken, alias)
    assert await current_index(services.opensearch, alias) == live_index
    assert [i.name for i in await list_indexes(services.opensearch, alias)] == [live_index]
    # The lock went with the failed run: the next reindex may start.
    report = await reindex(services, DEFINITION, alias)
    assert report.documents == 50


async def test_rollback_returns_to_the_previous_index_brought_up_to_date(
    services: Services, alias: str, live_index: str
) -> None:
    ids = await add_candidates(services.pool, 100)
    await drain(services, alias)
    rebuilt = await reindex(services, DEFINITION, alias)

    # Changes made after the swap reach only the new index...
    await rename(services.pool, ids[0], "Changed After Swap")
    async with services.pool.acquire() as connection:
        await connection.execute("DELETE FROM candidates WHERE id = $1", ids[1])
    await drain(services, alias)

    # ...yet the rolled-back index has them too.
    back = await rollback(services, alias)
    assert (back.index, back.previous) == (live_index, rebuilt.index)
    assert await current_index(services.opensearch, alias) == live_index
    document = await fetch_document(services, alias, ids[0])
    assert document is not None and document["full_name"] == "Changed After Swap"
    assert await fetch_document(services, alias, ids[1]) is None
    assert (await find_differences(services, live_index)).clean

    code, out, err = await run_indexer(alias, "rollback")
    assert code == 0, err
    assert f"-> {rebuilt.index}" in out
    assert await current_index(services.opensearch, alias) == rebuilt.index


async def test_a_reindex_after_a_rollback_keeps_the_index_it_replaced(
    services: Services, alias: str, live_index: str
) -> None:
    # The operator rolled back from a bad build to the live index, then reindexed: the reindex deleted the
    # index it replaced ("deleted (INDEX_ROLLBACK_KEEP=0)" with the setting at 1) and kept the bad build,
    # newer by its creation, as the way back.
    await add_candidates(services.pool, 5)
    await drain(services, alias)
    bad = (await reindex(services, DEFINITION, alias)).index
    await rollback(services, alias)

    code, out, err = await run_indexer(alias, "reindex")
    assert code == 0, err
    assert f"previous index {live_index} kept for rollback" in out
    remaining = [info.name for info in await list_indexes(services.opensearch, alias)]
    assert bad not in remaining and live_index in remaining
    assert (await read_status(services, alias, DEFINITION)).previous_index == live_index


async def test_rollback_to_an_older_index_the_operator_names(
    services: Services, alias: str, live_index: str
) -> None:
    """With INDEX_ROLLBACK_KEEP=2 two builds are kept, yet a rollback went only to the newer: the bad release
    two reindexes ago could not be undone, and a second rollback went forward again. `--to` names the index;
    status lists each one; a name that is none of them is refused with the choices."""
    await add_candidates(services.pool, 5)
    await drain(services, alias)
    configured = Services(
        settings=services.settings.model_copy(update={"index_rollback_keep": 2}),
        pool=services.pool,
        opensearch=services.opensearch,
        redis=services.redis,
    )
    middle = (await reindex(configured, DEFINITION, alias)).index
    newest = (await reindex(configured, DEFINITION, alias)).index
    code, out, err = await run_indexer(alias, "status")
    assert f"previous index: {middle} (for `hr-indexer rollback`)" in out
    assert f"older index:    {live_index} (for `hr-indexer rollback --to {live_index}`)" in out

    code, _, err = await run_indexer(alias, "rollback", "--to", newest)
    assert code == 1
    assert err.strip() == (
        f"hr-indexer: error: {newest} is the live index of '{alias}' already; "
        f"the previous indexes of '{alias}' are {middle}, {live_index}"
    )
    code, _, err = await run_indexer(alias, "rollback", "--to", f"{alias}-v1-00000000")
    assert code == 1
    assert f"{alias}-v1-00000000 is no previous index of '{alias}'" in err
    assert await current_index(services.opensearch, alias) == newest

    code, out, err = await run_indexer(alias, "rollback", "--to", live_index)
    assert code == 0, err
    assert f"alias {alias} -> {live_index} (was {newest})" in out
    assert await current_index(services.opensearch, alias) == live_index
    assert (await find_differences(services, live_index)).clean


async def test_rollback_without_a_previous_index_says_so(
    services: Services, alias: str, live_index: str
) -> None:
    code, _, err = await run_indexer(alias, "rollback")
    assert code == 1
    assert err.strip() == f"hr-indexer: error: no previous index of '{alias}' to roll back to"


async def test_lock_is_released_when_a_reindex_is_cancelled(
    services: Services, alias: str, live_index: str, caplog: pytest.LogCaptureFixture
) -> None:
    await add_candidates(services.pool, 3000)
    task = asyncio.create_task(reindex(services, DEFINITION, alias, batch_size=50))
    await wait_for(lambda: _building(services, alias), what="the new index to appear")
    with caplog.at_level(logging.INFO, logger="indexer.reindex"):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert [i.name for i in await list_indexes(services.opensearch, alias)] == [live_index]
    assert await services.redis.get(reindex_lock_key(alias)) is None
    # SIGTERM and Ctrl-C cancel it so: an interruption (WARNING), not a failure (ERROR, which paged).
    said = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "indexer.reindex"]
    assert not [m for level, m in said if level >= logging.ERROR], said
    assert any(
        level == logging.WARNING and "interrupted" in m and f"alias {alias} unchanged ({live_index})" in m
        for level, m in said
    ), said


async def test_a_reindex_that_loses_opensearch_says_its_half_built_index_is_left(
    services: Services, alias: str, live_index: str
) -> None:
    # OpenSearch lost mid-load: the failed delete of the new index replaced the reindex's own error, and no
    # word said that the half-built index stayed behind (the log claimed "deleting ...").
    await add_candidates(services.pool, 3000)
    engine = urlsplit(services.settings.opensearch_url)
    proxy = CuttableProxy(engine.hostname or "127.0.0.1", engine.port or 9200)
    port = await proxy.start()
    process = await start_indexer(
        alias,
        "reindex",
        "--batch-size",
        "5",
        "--no-progress",
        env={"OPENSEARCH_URL": f"http://127.0.0.1:{port}", "LOG_LEVEL": "WARNING"},
    )
    await wait_for(lambda: _building(services, alias), what="the new index to appear")
    proxy.cut()
    _, err = await asyncio.wait_for(process.communicate(), 120)
    line = err.decode().strip().splitlines()[-1]

    assert process.returncode == 1, err
    [built] = [info.name for info in await list_indexes(services.opensearch, alias) if info.unfinished]
    assert line.startswith(f"hr-indexer: error: lost OpenSearch at http://127.0.0.1:{port}"), line
    assert line.endswith(
        f"; the half-built index {built} is left (its delete failed too): the next reindex or "
        "`hr-indexer maintenance` deletes it"
    ), line
    assert await current_index(services.opensearch, alias) == live_index


async def _building(services: Services, alias: str) -> bool:
    return len(await list_indexes(services.opensearch, alias)) > 1


@pytest.mark.parametrize("keep", [0, 1, 2])
async def test_a_reindex_keeps_as_many_previous_indexes_as_the_setting_says(
    services: Services, alias: str, live_index: str, keep: int
) -> None:
    await add_candidates(services.pool, 5)
    await drain(services, alias)
    configured = Services(
        settings=services.settings.model_copy(update={"index_rollback_keep": keep}),
        pool=services.pool,
        opensearch=services.opensearch,
        redis=services.redis,
    )
    built = [live_index]
    for _ in range(3):
        built.append((await reindex(configured, DEFINITION, alias)).index)
    remaining = [info.name for info in await list_indexes(services.opensearch, alias)]
    # The live index, and the newest `keep` of the ones before it.
    assert remaining == built[len(built) - 1 - keep :]


def _merging_into(services: Services, segments: int) -> Services:
    return Services(
        settings=services.settings.model_copy(update={"index_merge_segments": segments}),
        pool=services.pool,
        opensearch=services.opensearch,
        redis=services.redis,
    )


async def _loaded_copy(services: Services, name: str) -> None:
    """An index of the definition holding 3,000 documents with worked_with's time terms (which the stored
    `_source` leaves out), in three segments: built as a reindex builds (no refresh but the three asked)."""
    await create_index(services.opensearch, name, DEFINITION, bulk_load=True)
    months = [f"acme corp|{2000 + y:04d}-{m:02d}" for y in range(10) for m in range(1, 13)]
    for part in range(3):
        for chunk in range(0, 1000, 100):
            actions: list[dict[str, object]] = []
            for n in range(chunk, chunk + 100):
                document = {"candidate_id": f"{part}-{n}", "full_name": f"P {n}", "work_months": months}
                actions += [{"index": {"_id": f"{part}-{n}"}}, document]
            await services.opensearch.bulk(body=actions, index=name)
        await services.opensearch.indices.refresh(index=name)


async def _stored_bytes(services: Services, name: str) -> int:
    await services.opensearch.indices.flush(index=name)
    stats = await services.opensearch.indices.stats(index=name, metric="store")
    return int(stats["indices"][name]["primaries"]["store"]["size_in_bytes"])


async def test_a_merge_waits_for_the_history_so_the_documents_recovery_copies_go(
    services: Services, alias: str
) -> None:
    # The engine keeps each document's whole JSON beside its filtered `_source` until a merge finds it
    # flushed and behind the retention leases: merged at once after a load, an index kept both copies for
    # good (the 100k corpus: 563 MB against 490 MB before the terms left `_source`).
    waited, hurried = f"{alias}-waited", f"{alias}-hurried"
    try:
        for name in (waited, hurried):
            await _loaded_copy(services, name)
        assert await merge_segments(services.opensearch, hurried, 1, history_min_documents=10**9) == (3, 1)
        assert await merge_segments(services.opensearch, waited, 1, history_min_documents=0) == (3, 1)
        kept, dropped = await _stored_bytes(services, hurried), await _stored_bytes(services, waited)
        assert dropped < 0.7 * kept, (dropped, kept)
        found = await services.opensearch.search(
            index=waited, body={"query": {"term": {"work_months": "acme corp|2005-03"}}}
        )
        assert found["hits"]["total"]["value"] == 3000  # still searched, never stored
        assert "work_months" not in found["hits"]["hits"][0]["_source"]
    finally:
        await services.opensearch.indices.delete(index=f"{waited},{hurried}", ignore_unavailable=True)


async def test_a_built_index_is_merged_into_the_segments_the_setting_says(
    services: Services, alias: str, live_index: str
) -> None:
    several = await gather_segments(services, alias, live_index, rounds=3, per_round=10)
    assert several > 1
    # 0: left as written.
    assert await merge(_merging_into(services, 0), live_index) == (several, several)
    assert await merge(_merging_into(services, 1), live_index) == (several, 1)
    assert await segment_count(services.opensearch, live_index) == 1

    report = await reindex(_merging_into(services, 1), DEFINITION, alias)
    assert report.documents == 30
    assert report.segments == await segment_count(services.opensearch, report.index) == 1
    assert report.segments_written >= report.segments


async def _segment_sizes(services: Services, index: str) -> list[int]:
    """Documents in each of the index's searchable segments (primaries), smallest first."""
    response = await services.opensearch.indices.segments(index=index)
    copies = response["indices"][index]["shards"].values()
    return sorted(
        segment["num_docs"]
        for shard in copies
        for copy in shard
        if copy["routing"]["primary"]
        for segment in copy["segments"].values()
        if segment["search"]
    )


async def test_a_large_load_comes_out_in_segments_of_equal_size(
    services: Services, alias: str, live_index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parts of 10 candidates stand in for the 20,000 a real corpus needs before it loads in parts.
    monkeypatch.setattr("indexer.reindex.MIN_PART_DOCUMENTS", 10)
    await add_candidates(services.pool, 40)

    report = await reindex(_merging_into(services, 4), DEFINITION, alias, batch_size=5)

    assert report.documents == 40
    # A merge at the end alone would fold all but the largest few segments into one; loaded in four
    # parts, each part is a segment of its own.
    sizes = await _segment_sizes(services, report.index)
    # About equal, not exactly: a part's two concurrent bulk writers can flush it as a segment of one
    # document and one of nine, and the forced merge after the part (which picks by bytes) may fold the
    # small one into the earlier part's segment ([9, 10, 10, 11], no deleted documents; seen in full CI
    # runs and 1 in 3 runs alone in session 32). Loaded in one part and merged at the end, these 40 come out
    # as one segment (checked with MIN_PART_DOCUMENTS unreachable), a 1M corpus as one of about 70 %.
    detail = await services.opensearch.cat.segments(index=report.index, h="segment,docs.count,docs.deleted")
    assert len(sizes) == 4 and sum(sizes) == 40, detail
    assert max(sizes) - min(sizes) <= 2, detail
    assert report.segments == 4
    found = await services.opensearch.count(index=alias)
    assert found["count"] == 40


async def _killed_reindex_build(services: Services, alias: str, rebuild: str | None) -> str:
    """The index a reindex killed mid-load (SIGKILL, out of memory) leaves: bulk-load settings, no alias."""
    name = index_name(alias, DEFINITION, rebuild=rebuild)
    await create_index(services.opensearch, name, DEFINITION, bulk_load=True)
    return name


async def test_a_killed_reindexs_build_is_no_rollback_target_and_maintenance_deletes_it(
    services: Services, alias: str, live_index: str
) -> None:
    # Before, the newest index was the rollback target whatever it held: rollback moved the alias onto the
    # half-built index, which kept refresh_interval -1, so no later change ever became searchable; status
    # offered it for rollback and maintenance deleted the real previous index to keep it.
    await add_candidates(services.pool, 20)
    await drain(services, alias)
    rebuilt = await reindex(services, DEFINITION, alias)
    build = await _killed_reindex_build(services, alias, rebuild="29990101000000")

    status = await read_status(services, alias, DEFINITION)
    assert (status.previous_index, status.unfinished_indexes) == (live_index, [build])
    code, out, err = await run_indexer(alias, "status")
    assert code == 0, err
    assert f"being built:    {build} (a reindex running, or an unfinished build" in out

    back = await rollback(services, alias)
    assert back.index == live_index
    await rollback(services, alias)  # and forth, to the reindex's index

    code, out, err = await run_indexer(alias, "maintenance")
    assert code == 0, err
    assert f"removed 1 index an interrupted reindex left half-built: {build}" in out
    assert [i.name for i in await list_indexes(services.opensearch, alias)] == [live_index, rebuilt.index]


async def test_rollback_with_only_a_killed_build_behind_says_so(
    services: Services, alias: str, live_index: str
) -> None:
    build = await _killed_reindex_build(services, alias, rebuild="29990101000000")
    code, _, err = await run_indexer(alias, "rollback")
    assert code == 1
    assert err.strip() == (
        f"hr-indexer: error: no previous index of '{alias}' to roll back to ({build}: an unfinished build "
        "of an interrupted reindex; `hr-indexer maintenance` deletes it)"
    )
    assert await current_index(services.opensearch, alias) == live_index


async def test_the_alias_never_lands_on_a_killed_first_reindexs_build(services: Services, alias: str) -> None:
    # Before, `create` (and the daemon starting) found the index "already created" and put the alias on it.
    build = await _killed_reindex_build(services, alias, rebuild=None)
    for command in (["create"], ["run", "--until-empty"]):
        code, _, err = await run_indexer(alias, *command)
        assert code == 1, err
        assert f"cannot put alias {alias} on {build}: a reindex is building it" in err.splitlines()[-1]
    assert await current_index(services.opensearch, alias) is None

    report = await reindex(services, DEFINITION, alias)
    assert report.index != build
    assert [i.name for i in await list_indexes(services.opensearch, alias)] == [report.index]


async def _ranked(services: Services, index: str, request: SearchRequest) -> list[tuple[str, float]]:
    """A search's first page on one concrete index as the API builds it (title feedback's first pass
    included): each hit's id and score."""

    async def search(body: dict) -> dict:
        found: dict = await services.opensearch.search(index=index, body=body)
        return found

    body, _ = await build_with_feedback(request, None, date(2026, 12, 7), None, search)
    found = await search({**body, "size": 20})
    return [(hit["_id"], hit["_score"]) for hit in found["hits"]["hits"]]


async def test_two_reindexes_of_the_same_records_rank_a_search_alike(
    services: Services, alias: str, live_index: str
) -> None:
    # Session 43: a relevance run read d13 at 0.890 or 0.824 over reindexes of unchanged data. The index
    # was not why (the title feedback's tie order was: benchmarks/README.md, session 43 (s43det)); this
    # holds the reindex to it: whatever order the two bulk writers land the documents in, and however they
    # flush them into segments, the same records answer the same search with the same hits and scores,
    # and no document is left deleted to count in BM25's statistics.
    rng = random.Random(43)
    words = "aircraft maintenance inspector avionics faa regulations mechanic repair engine safety".split()
    titles = ["Aircraft Maintenance Technician", "Avionics Inspector", "Aircraft Mechanic", "Store Manager"]
    for n in range(40):
        summary = " ".join(rng.choices(words, k=rng.randint(3, 30)))
        await add_candidate(services.pool, f"Candidate {n}", title=rng.choice(titles), summary=summary)
    async with services.pool.acquire() as connection:
        await connection.execute(
            "INSERT INTO resumes (candidate_id, original_filename, content_type, size_bytes, sha256, "
            "storage_path, parsing_status, extracted_text) SELECT id, 'cv.txt', 'text/plain', 1, md5(email), "
            "'/nowhere', 'completed', summary FROM candidates"
        )
    request = SearchRequest.model_validate({"query": "aircraft maintenance FAA regulations"})

    first = (await reindex(services, DEFINITION, alias, batch_size=3)).index
    second = (await reindex(services, DEFINITION, alias, batch_size=3)).index

    ranked = await _ranked(services, first, request)
    assert len(ranked) == 20 and len({score for _, score in ranked}) > 10
    assert await _ranked(services, second, request) == ranked
    for index in (first, second):
        stats = await services.opensearch.indices.stats(index=index, metric="docs")
        assert stats["indices"][index]["primaries"]["docs"]["deleted"] == 0
