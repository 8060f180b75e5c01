"""The outbox daemon against the real stack: changes reach the index, exactly once, in version order."""

from __future__ import annotations

import asyncio
import copy
import signal
import socket
import uuid
from datetime import date

import httpx
import orjson

from app.search.cache import EPOCH_KEY as SEARCH_EPOCH_KEY
from indexer.bulk import Outcome, index_action
from indexer.connections import Services
from indexer.daemon import apply_outbox_batch
from indexer.indexes import create_index, swap_alias
from indexer.mapping import index_name
from indexer.sync import write_planned
from tests.integration.test_indexer_support import (
    DEFINITION,
    add_candidate,
    add_candidates,
    alias,
    drain,
    fetch_document,
    live_index,
    pending_rows,
    rename,
    run_indexer,
    services,
    start_indexer,
    wait_for,
)

__all__ = ["alias", "live_index", "services"]


async def _epoch(services: Services) -> int:
    return int(await services.redis.get(SEARCH_EPOCH_KEY) or 0)


async def test_create_update_and_delete_reach_the_index(
    services: Services, alias: str, live_index: str
) -> None:
    candidate_id = await add_candidate(
        services.pool,
        "Grace Hopper",
        skills=["COBOL", "Kubernetes"],
        summary="Compilers and teams.",
        jobs=[
            {
                "company": "Remington Rand",
                "company_key": "remington rand",
                "department": "Research",
                "title": "Senior Mathematician",
                "start_date": date(2020, 1, 1),
                "end_date": date(2021, 7, 1),
            }
        ],
    )
    await drain(services, alias)

    document = await fetch_document(services, alias, candidate_id)
    assert document is not None
    assert document["full_name"] == "Grace Hopper"
    assert sorted(document["skills"]) == ["COBOL", "Kubernetes"]
    assert document["work_experience"][0]["months"] == 18
    assert document["_version"] == document["version"]
    # Contact details stay in Postgres.
    assert "email" not in document and "phone" not in document

    version = await rename(services.pool, candidate_id, "Rear Admiral Grace Hopper")
    await drain(services, alias)
    document = await fetch_document(services, alias, candidate_id)
    assert document is not None
    assert (document["full_name"], document["_version"]) == ("Rear Admiral Grace Hopper", version)

    # A change to a row under the candidate is a change of the candidate.
    async with services.pool.acquire() as connection:
        await connection.execute("DELETE FROM candidate_skills WHERE candidate_id = $1", candidate_id)
    await drain(services, alias)
    document = await fetch_document(services, alias, candidate_id)
    assert document is not None and document["skills"] == []

    async with services.pool.acquire() as connection:
        await connection.execute("DELETE FROM candidates WHERE id = $1", candidate_id)
    await drain(services, alias)
    assert await fetch_document(services, alias, candidate_id) is None
    assert await pending_rows(services.pool) == 0


async def test_replayed_and_out_of_order_versions_never_regress_a_document(
    services: Services, alias: str, live_index: str
) -> None:
    candidate_id = await add_candidate(services.pool, "Version One")
    await drain(services, alias)
    stale = await fetch_document(services, alias, candidate_id)
    assert stale is not None
    await rename(services.pool, candidate_id, "Version Two")
    latest = await rename(services.pool, candidate_id, "Version Three")
    await drain(services, alias)

    # Replay the whole outbox: every row again, oldest first.
    async with services.pool.acquire() as connection:
        await connection.execute("UPDATE index_outbox SET processed_at = NULL")
    await drain(services, alias, batch_size=1)
    document = await fetch_document(services, alias, candidate_id)
    assert document is not None
    assert (document["full_name"], document["_version"]) == ("Version Three", latest)

    # A slow writer arriving late with the first version is turned away by the external version.
    stale.pop("_version")
    results = await write_planned(
        services.opensearch, [index_action(alias, stale, 1)], require_alias=True, source="daemon"
    )
    assert results[candidate_id].outcome is Outcome.SUPERSEDED
    document = await fetch_document(services, alias, candidate_id)
    assert document is not None and document["full_name"] == "Version Three"

    # After the delete, a late upsert of an older version cannot bring the candidate back.
    async with services.pool.acquire() as connection:
        await connection.execute("DELETE FROM candidates WHERE id = $1", candidate_id)
    await drain(services, alias)
    results = await write_planned(
        services.opensearch, [index_action(alias, stale, latest)], require_alias=True, source="daemon"
    )
    assert results[candidate_id].outcome is Outcome.SUPERSEDED
    assert await fetch_document(services, alias, candidate_id) is None


async def test_two_daemons_share_the_outbox_without_losing_or_repeating_a_row(
    services: Services, alias: str, live_index: str
) -> None:
    ids = await add_candidates(services.pool, 300)
    for candidate_id in ids[::3]:
        await rename(services.pool, candidate_id, "Renamed")

    async def daemon() -> list[int]:
        taken: list[int] = []
        idle = 0
        while idle < 3:
            report = await apply_outbox_batch(
                services.pool, services.opensearch, alias, batch_size=25, max_attempts=5
            )
            taken += report.taken
            idle = 0 if report.taken else idle + 1
            await asyncio.sleep(0)
        return taken

    first, second = await asyncio.gather(daemon(), daemon())
    async with services.pool.acquire() as connection:
        all_rows = {r["id"] for r in await connection.fetch("SELECT id FROM index_outbox")}
        versions = {
            r["id"]: r["version"] for r in await connection.fetch("SELECT id, version FROM candidates")
        }
    assert first and second, "both daemons should have taken work"
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(all_rows)
    assert await pending_rows(services.pool) == 0
    for candidate_id in ids[::25]:
        document = await fetch_document(services, alias, candidate_id)
        assert document is not None and document["_version"] == versions[candidate_id]


async def test_daemon_killed_mid_batch_resumes_and_verify_is_clean(
    services: Services, alias: str, live_index: str
) -> None:
    await add_candidates(services.pool, 600)
    daemon = await start_indexer(alias, "run", "--batch-size", "10", "--metrics-port", "0")

    async def some_progress() -> bool:
        async with services.pool.acquire() as connection:
            done = await connection.fetchval(
                "SELECT count(*) FROM index_outbox WHERE processed_at IS NOT NULL"
            )
        return int(done) >= 50

    await wait_for(some_progress, what="the daemon to process some rows")
    daemon.send_signal(signal.SIGKILL)
    await daemon.wait()
    assert await pending_rows(services.pool) > 0, "the kill should have left work behind"

    code, _, err = await run_indexer(alias, "run", "--until-empty", "--metrics-port", "0")
    assert code == 0, err
    assert await pending_rows(services.pool) == 0
    code, out, err = await run_indexer(alias, "verify")
    assert code == 0, out + err
    assert "in sync" in out


async def test_refused_document_becomes_a_dead_letter_visible_in_status(
    services: Services, alias: str
) -> None:
    # An index that refuses every field: the document itself is rejected, not the connection.
    broken = f"{alias}-v0-00000000"
    await services.opensearch.indices.create(
        index=broken, body={"mappings": {"dynamic": "strict", "properties": {}}, "aliases": {alias: {}}}
    )
    candidate_id = await add_candidate(services.pool, "Unindexable")
    reports = await drain(services, alias, max_attempts=2)
    assert [len(r.failed) for r in reports] == [1, 1]
    assert reports[-1].dead == reports[-1].failed

    code, out, err = await run_indexer(alias, "status", "--json")
    assert code == 0, err
    status = orjson.loads(out)
    assert status["backlog"]["dead"] == 1
    assert status["backlog"]["pending"] == 0
    assert "strict_dynamic_mapping_exception" in status["backlog"]["last_dead_error"]
    assert status["in_sync"] is False
    async with services.pool.acquire() as connection:
        row = await connection.fetchrow(
            "SELECT attempts, dead_at FROM index_outbox WHERE candidate_id = $1", candidate_id
        )
    assert row is not None and row["attempts"] == 2 and row["dead_at"] is not None

    # Once the index takes documents again, a repair writes the current state and settles the letter.
    fixed = index_name(alias, DEFINITION)
    await create_index(services.opensearch, fixed, DEFINITION)
    await swap_alias(services.opensearch, alias, broken, fixed)
    code, out, err = await run_indexer(alias, "verify", "--repair")
    assert code == 0, out + err
    assert "repaired 1 of 1 documents; settled 1 dead letters" in out
    assert await fetch_document(services, alias, candidate_id) is not None
    code, out, _ = await run_indexer(alias, "status", "--json")
    assert orjson.loads(out)["backlog"]["dead"] == 0


async def test_an_index_of_the_previous_definition_takes_the_new_fields_at_start(
    services: Services, alias: str
) -> None:
    # The live index of a release before: the same definition without a field added since (the profile).
    body = copy.deepcopy(DEFINITION.body)
    del body["mappings"]["properties"]["profile"]
    previous = f"{alias}-v2-00000000-20261201000000"
    await services.opensearch.indices.create(index=previous, body={**body, "aliases": {alias: {}}})
    candidate_id = await add_candidate(services.pool, "Changed After The Upgrade", skills=["Go"])

    code, _, err = await run_indexer(alias, "run", "--until-empty", "--metrics-port", "0")
    assert code == 0, err
    assert "run `hr-indexer reindex`" in err and "added ['profile']" in err
    # The new document fits the old index instead of becoming a dead letter.
    assert await pending_rows(services.pool) == 0
    document = await fetch_document(services, alias, candidate_id)
    assert document is not None and document["profile"] == ["go", "title:engineer"]
    mapping = await services.opensearch.indices.get_mapping(index=previous)
    assert (
        mapping[previous]["mappings"]["properties"]["profile"]
        == DEFINITION.body["mappings"]["properties"]["profile"]
    )
    code, out, _ = await run_indexer(alias, "status", "--json")
    assert orjson.loads(out)["backlog"]["dead"] == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_daemon_follows_notifications_serves_metrics_and_stops_on_sigterm(
    services: Services, alias: str, live_index: str
) -> None:
    port = _free_port()
    # A long poll interval: only LISTEN/NOTIFY can make the change appear quickly.
    daemon = await start_indexer(alias, "run", "--poll-interval", "60", "--metrics-port", str(port))
    try:
        async with httpx.AsyncClient() as http:

            async def serving() -> bool:
                try:
                    return (await http.get(f"http://127.0.0.1:{port}/metrics")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(serving, what="the daemon's /metrics")
            epoch = await _epoch(services)
            candidate_id: uuid.UUID = await add_candidate(services.pool, "Notified")

            async def indexed() -> bool:
                return await fetch_document(services, alias, candidate_id) is not None

            await wait_for(indexed, seconds=10, what="the notified change to be indexed")
            await wait_for(lambda: _scraped(http, port), seconds=10, what="the lag metric")
            body = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
            assert 'indexer_documents_indexed_total{operation="index",source="daemon"} 1.0' in body
            assert "indexer_outbox_backlog" in body
            # What its Kubernetes liveness probe asks: the daemon's loop turns.
            live = await http.get(f"http://127.0.0.1:{port}/live")
            assert (live.status_code, live.text) == (200, "alive\n")
            # Each applied batch retires cached searches.
            assert await _epoch(services) > epoch
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(daemon.wait(), 15)
    assert code == 0


async def _scraped(http: httpx.AsyncClient, port: int) -> bool:
    body = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
    return "indexer_sync_lag_seconds_count 1.0" in body


async def test_a_second_daemon_on_the_database_refuses_to_start_with_one_line(
    services: Services, alias: str, live_index: str
) -> None:
    """The outbox has one consumer per database: a daemon for another alias would steal its changes."""
    first = await start_indexer(alias, "run", "--metrics-port", "0")
    try:

        async def holds_the_lease() -> bool:
            async with services.pool.acquire() as connection:
                return bool(
                    await connection.fetchval(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE $1",
                        f"hr-indexer run {alias} pid {first.pid}%",
                    )
                )

        await wait_for(holds_the_lease, what="the first daemon to take the outbox lease")
        other_alias = f"{alias}-other"
        code, _, err = await run_indexer(other_alias, "run", "--until-empty", "--metrics-port", "0")
        assert code == 1
        [line] = err.strip().splitlines()
        assert line.startswith("hr-indexer: error: another consumer already applies this database's outbox")
        assert f"(hr-indexer run {alias} pid {first.pid} " in line
        assert line.endswith("one `hr-indexer run` per database")
        # The first one still owns the outbox: a change reaches its alias.
        candidate_id = await add_candidate(services.pool, "Still Mine")

        async def indexed() -> bool:
            return await fetch_document(services, alias, candidate_id) is not None

        await wait_for(indexed, what="the first daemon to index the change")
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    # Killed, its lease went with its connection: the next daemon starts.
    code, _, err = await run_indexer(alias, "run", "--until-empty", "--metrics-port", "0")
    assert code == 0, err


async def test_a_daemon_whose_writes_are_given_back_says_so_in_its_log(
    services: Services, alias: str, live_index: str
) -> None:
    # With the alias taken off its index (an index deleted or an alias moved by hand) every write came back
    # index_not_found_exception, as an overloaded node's 429s do: the daemon retried for ever and logged
    # nothing, while IndexerLagHigh's runbook sends the on-call to its log for `batch given back` lines.
    daemon = await start_indexer(alias, "run", "--metrics-port", "0", env={"LOG_LEVEL": "INFO"})
    try:
        await add_candidate(services.pool, "Before")
        await wait_for(lambda: _nothing_pending(services), seconds=20, what="the daemon to apply a change")
        await services.opensearch.indices.delete_alias(index=live_index, name=alias)
        await add_candidate(services.pool, "Given Back")
        await asyncio.sleep(5)
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(daemon.communicate(), 30)
    lines = [orjson.loads(line) for line in err.decode().splitlines()]
    given_back = [line for line in lines if "given back" in line["message"]]
    assert given_back, [line["message"] for line in lines]
    assert given_back[0]["level"] == "WARNING"
    assert "index_not_found_exception" in given_back[0]["message"]


async def _nothing_pending(services: Services) -> bool:
    return not await pending_rows(services.pool)
