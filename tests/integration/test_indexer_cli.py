"""The `hr-indexer` command end to end: help, one-line errors, create/status/verify/repair/reindex."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.main import create_app
from app.settings import Settings
from indexer.connections import Services, without_password
from indexer.indexes import current_index, segment_count
from indexer.mapping import needs_reindex
from tests.conftest import TEST_INDEX_ALIAS, with_redis_db
from tests.integration.conftest import free_port
from tests.integration.test_indexer_support import (
    DEFINITION,
    CuttableProxy,
    add_candidates,
    alias,
    drain,
    gather_segments,
    live_index,
    rename,
    run_indexer,
    services,
    start_indexer,
    wait_for,
)

__all__ = ["alias", "live_index", "services"]

COMMANDS = ("create", "status", "verify", "rollback", "run", "reindex", "merge")
# An alias of the run's own that names no index, for commands expected to stop before they touch one.
NOWHERE = f"{TEST_INDEX_ALIAS}-nowhere"


def _one_line(text: str) -> bool:
    return text.strip() != "" and "\n" not in text.strip() and "Traceback" not in text


async def test_help_lists_every_command() -> None:
    code, out, _ = await run_indexer("candidates", "--help")
    assert code == 0
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "--batch-size", "0"), "argument --batch-size: must be at least 1: 0"),
        (("run", "--poll-interval", "soon"), "argument --poll-interval: not a number: 'soon'"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("reindex", "--bogus"), "unrecognized arguments: --bogus"),
        (("merge", "--segments", "0"), "argument --segments: must be at least 1: 0"),
        # No ceiling before: a 10-million batch read that many candidates into memory at once.
        (("reindex", "--batch-size", "10000000"), "argument --batch-size: must be at most 10,000: 10000000"),
        (("run", "--batch-size", "10001"), "argument --batch-size: must be at most 10,000: 10001"),
        (("run", "--batch-size", "-5"), "argument --batch-size: must be at least 1: -5"),
        (("run", "--max-attempts", "1000000"), "argument --max-attempts: must be at most 100: 1000000"),
        (("run", "--poll-interval", "1e300"), "argument --poll-interval: must be above 0 and at most 3600"),
        (("run", "--poll-interval", "0"), "argument --poll-interval: must be above 0 and at most 3600"),
        (("merge", "--segments", "100000"), "argument --segments: must be at most 1,000: 100000"),
        (
            ("dashboards", "import", "--url", "http://127.0.0.1:1", "--wait", "1e308"),
            "argument --wait: must be 0 to 3600 seconds",
        ),
    ],
)
async def test_a_bad_argument_gets_one_clear_line(args: tuple[str, ...], message: str) -> None:
    # Never the service's own alias: should an argument be let through, the command runs against this one.
    code, out, err = await run_indexer(NOWHERE, *args, limit=30)
    assert code == 2
    assert out == ""
    assert _one_line(err) and message in err, err


async def test_a_bad_alias_gets_one_clear_line() -> None:
    code, _, err = await run_indexer("Not An Alias", "status")
    assert code == 2
    assert _one_line(err) and "invalid alias 'Not An Alias'" in err


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "OPENSEARCH_URL",
            "http://admin:secret@127.0.0.1:1",
            "cannot reach OpenSearch at http://admin@127.0.0.1:1",
        ),
        (
            "DATABASE_URL",
            "postgresql://hr:secret@127.0.0.1:1/hr",
            "cannot reach Postgres at postgresql://hr@127.0.0.1:1/hr",
        ),
    ],
)
async def test_an_unreachable_service_gets_one_clear_line(variable: str, value: str, message: str) -> None:
    code, _, err = await run_indexer("candidates", "status", env={variable: value})
    assert code == 1
    assert _one_line(err) and message in err, err
    assert "secret" not in err


@pytest.mark.parametrize("command", ["reindex", "rollback"])
async def test_a_command_that_takes_the_lock_says_redis_holds_it_when_redis_is_down(
    alias: str, command: str
) -> None:
    # It said "cannot reach Redis" and no more: not why a reindex needs Redis, nor a way round.
    code, out, err = await run_indexer(alias, command, env={"REDIS_URL": "redis://:secret@127.0.0.1:1/0"})
    assert code == 1 and out == ""
    assert _one_line(err), err
    assert err.startswith("hr-indexer: error: cannot reach Redis at redis://127.0.0.1:1/0: ")
    assert (
        f"{command} takes its lock there (no two reindexes, rollbacks or clean-ups of '{alias}' at once)"
        in err
    )
    assert f"start Redis, or run `hr-indexer {command} --no-lock` if you are sure no other one runs" in err
    assert "secret" not in err


async def test_reindex_and_rollback_with_no_lock_run_while_redis_is_down(
    services: Services, alias: str
) -> None:
    await add_candidates(services.pool, 3)
    down = {"REDIS_URL": "redis://:secret@127.0.0.1:1/0"}
    code, out, err = await run_indexer(alias, "reindex", "--no-lock", env=down)
    assert code == 0, err
    assert out.startswith("reindexed 3 candidates into ")
    # The cached searches could not be told: said, with how long they may last.
    assert "Redis at redis://127.0.0.1:1/0 did not answer: searches cached before this may be answered" in out
    first = await current_index(services.opensearch, alias)
    code, out, err = await run_indexer(alias, "reindex", "--no-lock", env=down)
    assert code == 0, err
    assert await current_index(services.opensearch, alias) != first
    code, out, err = await run_indexer(alias, "rollback", "--no-lock", env=down)
    assert code == 0, err
    assert await current_index(services.opensearch, alias) == first
    assert "secret" not in out + err


async def test_status_and_verify_answer_while_redis_is_down(services: Services, alias: str) -> None:
    # Redis holds only the reindex lock and the search cache's epoch: both commands refused to say anything
    # during a Redis outage, just when an on-call engineer asks them.
    await add_candidates(services.pool, 2)
    code, _, err = await run_indexer(alias, "reindex")
    assert code == 0, err
    down = {"REDIS_URL": "redis://:secret@127.0.0.1:1/0"}
    code, out, err = await run_indexer(alias, "status", env=down)
    assert code == 0, err
    assert "candidates:     postgres 2, opensearch 2" in out
    code, out, err = await run_indexer(alias, "verify", env=down)
    assert code == 0, err


async def _answer_like_a_web_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read(100)
    writer.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
    await writer.drain()
    writer.close()


async def test_a_redis_url_at_something_else_gets_one_clear_line(settings: Settings, alias: str) -> None:
    # Another service on REDIS_URL's port (OpenSearch's 9200 for Redis's 6379), or a database number the
    # server does not have (/99 of the default 16): both ended in a redis-py traceback. Asked of a command
    # that takes the reindex lock there (`status` no longer needs Redis).
    server = await asyncio.start_server(_answer_like_a_web_server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    urls = {
        f"redis://:secret@127.0.0.1:{port}/0": "Protocol error",
        with_redis_db(settings.redis_url, "99"): "DB index is out of range",
    }
    async with server:
        for url, reason in urls.items():
            code, _, err = await run_indexer(alias, "rollback", env={"REDIS_URL": url})
            assert code == 1, err
            assert _one_line(err) and err.startswith(f"hr-indexer: error: Redis at {without_password(url)}")
            assert "rollback takes its lock there" in err
            assert reason in err and "REDIS_URL" in err and "secret" not in err


async def test_an_invalid_setting_names_the_variable() -> None:
    code, _, err = await run_indexer("candidates", "status", env={"OPENSEARCH_URL": "ftp://example"})
    assert code == 2
    assert _one_line(err) and err.startswith("invalid configuration: OPENSEARCH_URL"), err


@pytest.mark.parametrize("as_json", [False, True])
async def test_status_of_a_missing_alias_says_so_in_one_line_and_fails(
    services: Services, alias: str, as_json: bool
) -> None:
    # It printed the whole status with "missing" and exited 0: a probe or a script took it for healthy.
    code, out, err = await run_indexer(alias, "status", *(["--json"] if as_json else []))
    assert code == 1
    assert out == ""
    assert err.strip() == (
        f"hr-indexer: error: alias '{alias}' does not exist: run `hr-indexer create` or `hr-indexer reindex`"
    )


@pytest.mark.parametrize("command", ["status", "reindex", "rollback"])
async def test_an_index_name_given_for_the_alias_names_its_alias_and_is_never_to_be_deleted(
    services: Services, alias: str, live_index: str, command: str
) -> None:
    # The live index's name copied from `status` as --alias was answered "is a concrete index, not an alias:
    # delete it, then run `hr-indexer reindex`": followed, every search failed until the reindex was done.
    code, out, err = await run_indexer(live_index, command)
    assert (code, out) == (1, ""), err
    assert err.strip() == (
        f"hr-indexer: error: '{live_index}' is an index of alias '{alias}', not an alias: "
        f"pass --alias {alias} (or set INDEX_ALIAS to it)"
    )
    assert await services.opensearch.indices.exists(index=live_index)


async def test_create_is_idempotent_and_status_tells_when_the_definition_changed(
    services: Services, alias: str
) -> None:
    code, out, err = await run_indexer(alias, "create")
    assert code == 0, err
    assert out.startswith("created ") and f"behind alias {alias}" in out
    code, out, _ = await run_indexer(alias, "create")
    assert code == 0 and "already exists" in out

    # An index built from another definition: "needs reindex?" is a compare of the names.
    old = f"{alias}-v0-00000000"
    await services.opensearch.indices.create(index=old)
    live = next(iter(await services.opensearch.indices.get_alias(name=alias)))
    await services.opensearch.indices.update_aliases(
        body={
            "actions": [{"remove": {"index": live, "alias": alias}}, {"add": {"index": old, "alias": alias}}]
        }
    )
    code, out, _ = await run_indexer(alias, "status")
    assert code == 0
    assert f"alias:          {alias} -> {old} (definition changed: run `hr-indexer reindex`)" in out
    assert "dead letters:   0" in out


async def test_create_reindexes_an_index_of_another_definition_when_asked(
    services: Services, alias: str
) -> None:
    # What `make run` does after an update changed the mapping: the old index, with the candidates in it,
    # is rebuilt from the new definition behind the alias, and the old one kept for rollback.
    await add_candidates(services.pool, 7)
    old = f"{alias}-v0-00000000"
    await services.opensearch.indices.create(index=old, body={"aliases": {alias: {}}})
    code, out, err = await run_indexer(alias, "create", "--reindex-if-changed")
    assert code == 0, err
    assert f"the definition changed since {old} was built: reindexing" in out
    assert "reindexed 7 candidates into " in out and f"previous index {old} kept for rollback" in out
    live = next(iter(await services.opensearch.indices.get_alias(name=alias)))
    assert live != old and not needs_reindex(alias, live, DEFINITION)
    assert (await services.opensearch.count(index=alias))["count"] == 7

    code, out, err = await run_indexer(alias, "create", "--reindex-if-changed")
    assert code == 0, err
    assert out.strip() == f"alias {alias} -> {live} already exists"


async def test_create_over_a_database_with_candidates_loads_them_or_says_to(
    services: Services, alias: str
) -> None:
    # The index lost (a node's data gone, INDEX_ALIAS changed) while Postgres kept its candidates: `make
    # run`'s `create --reindex-if-changed` made an empty index and every search answered nobody, unsaid.
    await add_candidates(services.pool, 6)
    code, out, err = await run_indexer(alias, "create", "--reindex-if-changed")
    assert code == 0, err
    assert out.startswith(f"alias {alias} does not exist and Postgres holds 6 candidates: reindexing\n")
    assert (await services.opensearch.count(index=alias))["count"] == 6

    other = f"{alias}-plain"
    code, out, err = await run_indexer(other, "create")
    assert code == 0, err
    assert (
        out.splitlines()[1] == "the index is empty and Postgres holds 6 candidates: run `hr-indexer reindex`"
    )


async def test_verify_finds_missing_stale_and_extra_documents_and_repair_fixes_them(
    services: Services, alias: str, live_index: str
) -> None:
    ids = await add_candidates(services.pool, 30)
    await drain(services, alias)
    # Changes the daemon has not applied yet: 5 missing, 1 stale, 1 extra.
    await add_candidates(services.pool, 5, prefix="New")
    await rename(services.pool, ids[0], "Stale In Index")
    async with services.pool.acquire() as connection:
        await connection.execute("DELETE FROM candidates WHERE id = $1", ids[1])

    code, out, _ = await run_indexer(alias, "verify")
    assert code == 1
    assert "postgres 34 candidates, index 30 documents: 5 missing, 1 stale, 1 extra" in out
    assert f"stale: {ids[0]}" in out and f"extra: {ids[1]}" in out

    code, out, err = await run_indexer(alias, "verify", "--repair", "--progress")
    assert code == 0, out + err
    assert "repaired 7 of 7 documents; settled 0 dead letters" in out
    # A repair of a million documents takes minutes: what it reads, then how far it is, on stderr.
    assert err.startswith(f"reading the ids and versions of {live_index} and of Postgres ...")
    assert "7/7 docs" in err and "docs/s" in err
    code, out, err = await run_indexer(alias, "verify")
    assert code == 0 and "in sync" in out
    assert err == ""  # no terminal, no --progress: quiet


async def test_verify_takes_a_document_written_by_hand_for_an_extra_one_and_repair_deletes_it(
    services: Services, alias: str, live_index: str
) -> None:
    # A document indexed by hand (Dashboards' dev tools, curl) under an id that is no candidate id ended
    # verify, verify --repair and rollback in a "badly formed hexadecimal UUID string" traceback.
    await add_candidates(services.pool, 3)
    await drain(services, alias)
    await services.opensearch.index(index=live_index, id="by-hand", body={"full_name": "Tried By Hand"})

    code, out, err = await run_indexer(alias, "verify")
    assert code == 1, err
    assert "Traceback" not in err
    assert out.splitlines()[:2] == [
        "postgres 3 candidates, index 4 documents: 0 missing, 0 stale, 1 extra",
        "  extra: by-hand",
    ]
    code, out, err = await run_indexer(alias, "verify", "--repair")
    assert code == 0, out + err
    assert "repaired 1 of 1 documents; settled 0 dead letters" in out
    code, out, _ = await run_indexer(alias, "verify")
    assert code == 0 and "postgres 3 candidates, index 3 documents: in sync" in out


async def test_repair_does_not_claim_a_document_the_index_refused_as_superseded(
    services: Services, alias: str, live_index: str
) -> None:
    # A document deleted by hand (curl, Dashboards: no external version) leaves a tombstone one version up
    # for index.gc_deletes; the repair's write at the candidate's version is then skipped as superseded.
    # It printed "repaired 1 of 1 documents" and exited 0, and the next verify found it missing again.
    ids = await add_candidates(services.pool, 3)
    await drain(services, alias)
    await services.opensearch.delete(index=live_index, id=str(ids[0]), refresh=True)

    code, out, err = await run_indexer(alias, "verify", "--repair")
    assert code == 1, out + err
    assert "repaired 0 of 1 documents; settled 0 dead letters" in out
    assert f"  not repaired {ids[0]}: the index holds a newer version of it" in out
    assert "run `hr-indexer verify --repair` again after that" in out


async def test_reindex_from_nothing_shows_progress_and_a_summary(services: Services, alias: str) -> None:
    await add_candidates(services.pool, 1200)
    code, out, err = await run_indexer(alias, "reindex", "--progress", "--batch-size", "100")
    assert code == 0, err
    assert "docs/s" in err and "ETA" in err and "\r" in err
    assert out.startswith("reindexed 1200 candidates into ")
    assert "previous index - kept for rollback" in out

    code, out, _ = await run_indexer(alias, "status")
    assert "candidates:     postgres 1200, opensearch 1200" in out
    assert "last reindex:" in out and "1200 documents" in out


async def test_status_json_is_machine_readable(services: Services, alias: str, live_index: str) -> None:
    await add_candidates(services.pool, 3)
    code, out, _ = await run_indexer(alias, "status", "--json")
    assert code == 0
    status = orjson.loads(out)
    assert status["index"] == live_index
    assert status["backlog"]["pending"] == 3
    assert status["postgres_candidates"] == 3 and status["index_documents"] == 0
    assert status["needs_reindex"] is False


async def test_merge_leaves_fewer_segments_and_the_same_search_results(
    services: Services, alias: str, live_index: str
) -> None:
    before = await gather_segments(services, alias, live_index, rounds=4, per_round=20)
    assert before > 1
    query = {"query": {"match": {"full_name": "Round2"}}, "size": 100, "sort": ["_doc"]}
    found = await services.opensearch.search(index=alias, body=query)

    code, out, err = await run_indexer(alias, "merge", "--segments", "1", "--progress")
    assert code == 0, err
    assert out.strip().startswith(f"{live_index}: merged {before} segments into 1 in ")
    # One force-merge call that says nothing for minutes at 1M: what it does, said before it starts.
    assert err == f"merging {live_index} into at most 1 segments ...\n"
    assert await segment_count(services.opensearch, live_index) == 1
    again = await services.opensearch.search(index=alias, body=query)
    assert sorted(hit["_id"] for hit in again["hits"]["hits"]) == sorted(
        hit["_id"] for hit in found["hits"]["hits"]
    )
    assert (await services.opensearch.count(index=alias))["count"] == 80

    code, out, _ = await run_indexer(alias, "merge", "--segments", "1")
    assert code == 0
    assert out.strip() == f"{live_index}: 1 segments, nothing to merge (at most 1 asked)"


async def test_merge_without_an_index_says_what_to_run(alias: str) -> None:
    code, out, err = await run_indexer(alias, "merge")
    assert code == 1 and out == ""
    assert _one_line(err) and f"no alias {alias}: run `hr-indexer reindex` first" in err, err


async def test_searches_cached_before_a_repair_answer_what_it_repaired(
    services: Services,
    alias: str,
    live_index: str,
    settings: Settings,
    role_headers: dict[str, dict[str, str]],
) -> None:
    # verify --repair wrote the documents but left the search cache's epoch alone: for
    # SEARCH_CACHE_TTL_SECONDS (5 min) a search asked before the repair still answered without the
    # candidates it had just put back, though the operator had been told they were repaired.
    await add_candidates(services.pool, 3)
    await drain(services, alias)
    missing = set(map(str, await add_candidates(services.pool, 2, prefix="Repaired")))  # never applied
    app = create_app(settings.model_copy(update={"index_alias": alias}))
    async with TestClient(TestServer(app), headers=role_headers["recruiter"]) as api:

        async def found() -> tuple[set[str], bool]:
            response = await api.post("/api/v1/search/candidates", json={"query": "developer", "limit": 20})
            assert response.status == 200, await response.text()
            body = await response.json()
            return {hit["candidate_id"] for hit in body["results"]}, body["cached"]

        before, _ = await found()
        assert len(before) == 3 and not before & missing
        assert (await found())[1]  # the answer is cached now

        code, out, err = await run_indexer(alias, "verify", "--repair")
        assert code == 0, out + err
        after, cached = await found()
    assert missing <= after, (cached, out)


async def test_the_daemon_started_while_opensearch_is_down_waits_for_it_then_indexes(
    services: Services, live_index: str, alias: str
) -> None:
    # `hr-indexer run` started while OpenSearch was down (a node restarting, a cluster brought up in another
    # order) exited with "cannot reach OpenSearch", and Kubernetes' restarts of it backed off for minutes
    # after the node was back: the outbox waited all that time. The worker waits such outages out; so does
    # the daemon now, one line saying so.
    port = free_port()
    node = urlsplit(services.settings.opensearch_hosts[0])
    daemon = await start_indexer(
        alias, "run", "--metrics-port", "0", env={"OPENSEARCH_URL": f"http://127.0.0.1:{port}"}
    )
    proxy = CuttableProxy(node.hostname or "127.0.0.1", node.port or 9200)
    assert daemon.stderr is not None
    said = b""
    try:
        # Its line that it waits, however long its start takes on a busy machine (a fixed 4 s sleep was too
        # short beside parallel test workers: OpenSearch was back before the daemon had tried it).
        while b"waiting for it" not in said:
            line = await asyncio.wait_for(daemon.stderr.readline(), 60)
            assert line, f"the daemon ended before it waited for OpenSearch: {said.decode()}"
            said += line
        assert daemon.returncode is None, said.decode()
        ids = await add_candidates(services.pool, 3, prefix="Waited")
        await proxy.start(port)  # OpenSearch is back

        async def indexed() -> bool:
            await services.opensearch.indices.refresh(index=live_index)
            found = await services.opensearch.mget(index=live_index, body={"ids": [str(i) for i in ids]})
            return all(doc["found"] for doc in found["docs"])

        await wait_for(indexed, 60, "the daemon to index the changes made while it waited")
    finally:
        if daemon.returncode is None:
            daemon.terminate()
        _, rest = await asyncio.wait_for(daemon.communicate(), 30)
        proxy.cut()
    err = said + rest
    assert daemon.returncode == 0, err.decode()
    waiting = [line for line in err.decode().splitlines() if "waiting for it" in line]
    assert len(waiting) == 1 and f"cannot reach OpenSearch at http://127.0.0.1:{port}" in waiting[0], err


async def test_a_drain_started_while_redis_is_down_says_so_and_gives_up_after_its_wait(
    services: Services, live_index: str, alias: str
) -> None:
    # `hr-indexer run --until-empty` (a drain a script or a Job runs) waited for Redis without end: a CI step
    # hung with one log line. It waits `--wait-seconds` (60 by default), then exits 1 naming Redis, its
    # URL without the password.
    port = free_port()
    url = f"redis://:hunter2secret@127.0.0.1:{port}/0"
    started = time.monotonic()
    code, _, err = await run_indexer(
        alias,
        "run",
        "--until-empty",
        "--wait-seconds",
        "2",
        "--metrics-port",
        "0",
        env={"REDIS_URL": url},
        limit=60,
    )
    assert code == 1, err
    assert time.monotonic() - started < 30
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"hr-indexer: error: cannot reach Redis at redis://127.0.0.1:{port}/0"), err
    assert last.endswith("gave up after waiting 2s (--wait-seconds)"), err
    waiting = [line for line in err.splitlines() if "waiting for it" in line]
    assert len(waiting) == 1 and "for 2s at most (--wait-seconds)" in waiting[0], err
    assert "hunter2secret" not in err
