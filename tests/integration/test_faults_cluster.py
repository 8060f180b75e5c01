"""A three-node OpenSearch cluster loses, to SIGKILL and under load, the node with the candidates primary.

The test starts a cluster of its own with `devstack/opensearch.sh` (HTTP 9221-9223, transport 9321-9323,
data in a pytest directory), never the shared node, and stops it at the end whatever happens. The API and
the indexer daemon get all three nodes in OPENSEARCH_URL. While searches go through the API and candidates
are renamed in Postgres, the node holding the primary (made the elected cluster manager too, the worst
single loss) is killed: no search may fail or come back short, every committed rename must reach the
index, and once the node is back and the cluster green, `hr-indexer verify` must find parity.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer
from opensearchpy import AsyncOpenSearch
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.main import create_app
from app.settings import Settings
from indexer.connections import Services, open_services
from tests.conftest import ROOT
from tests.integration.test_indexer_support import (
    add_candidates,
    indexer_command,
    pending_rows,
    rename,
    run_indexer,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.faults]

NODE_SCRIPT = ROOT / "devstack" / "opensearch.sh"
NODES = 3
# Ports of node 1; nodes 2 and 3 take the next ones. Away from the shared node's 9200/9300.
HTTP_PORT = 9221
TRANSPORT_PORT = 9321
CANDIDATES = 2000
# Seconds of traffic before the kill, and with the node gone before the renames stop.
WARM_UP = 5.0
NODE_DOWN = 8.0


@dataclass
class Cluster:
    """The test's own cluster, driven through devstack/opensearch.sh as a developer would."""

    env: dict[str, str]
    urls: list[str]
    start_seconds: float = 0.0

    def script(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(NODE_SCRIPT), *args], env=self.env, capture_output=True, text=True, timeout=300
        )

    def run(self, *args: str) -> None:
        result = self.script(*args)
        if result.returncode != 0:
            pytest.fail(f"opensearch.sh {' '.join(args)} failed:\n{result.stderr}")


@dataclass
class Traffic:
    """What the searches and renames running beside the kill saw and did."""

    searches: int = 0
    uncached: int = 0
    errors: list[str] = field(default_factory=list)
    slowest: float = 0.0
    # Every search matches every candidate: a total below CANDIDATES would be a partial answer.
    totals: set[int] = field(default_factory=set)
    # Candidate -> the version of its last rename committed in Postgres.
    committed: dict[uuid.UUID, int] = field(default_factory=dict)
    renames: int = 0


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """Three OpenSearch nodes on loopback, stopped (every node) at the end."""
    env = {
        **os.environ,
        "DEVSTACK_DIR": str(tmp_path / "devstack"),
        "OPENSEARCH_NODES": str(NODES),
        "OPENSEARCH_PORT": str(HTTP_PORT),
        "OPENSEARCH_TRANSPORT_PORT": str(TRANSPORT_PORT),
    }
    cluster = Cluster(env, [f"http://127.0.0.1:{HTTP_PORT + i}" for i in range(NODES)])
    started = time.monotonic()
    try:
        cluster.run("start")
        cluster.start_seconds = time.monotonic() - started
        yield cluster
    finally:
        stopped = cluster.script("stop")
        assert stopped.returncode == 0, stopped.stderr


@pytest.fixture
def cluster_settings(cluster: Cluster, tmp_path: Path) -> Settings:
    return Settings(opensearch_url=",".join(cluster.urls), storage_dir=tmp_path / "storage")


@pytest.fixture
async def cluster_services(
    cluster_settings: Settings, db: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Services]:
    """The indexer's clients on the cluster, over freshly emptied tables."""
    async with open_services(cluster_settings, pool_size=8) as opened:
        yield opened


async def replicas_and_health(client: AsyncOpenSearch, alias: str) -> tuple[int, str]:
    """The live index's configured replicas, and its health once green (or after 60 s)."""
    found = await client.indices.get_settings(index=alias, name="index.number_of_replicas")
    replicas = int(next(iter(found.values()))["settings"]["index"]["number_of_replicas"])
    health = await client.cluster.health(
        index=alias,
        wait_for_status="green",
        wait_for_no_relocating_shards=True,
        timeout="60s",
        request_timeout=70,
    )
    return replicas, health["status"]


async def cluster_manager(client: AsyncOpenSearch) -> str:
    """The name of the elected cluster manager."""
    found = await client.transport.perform_request("GET", "/_cat/cluster_manager", params={"format": "json"})
    name: str = found[0]["node"]
    return name


async def primary_node(client: AsyncOpenSearch, alias: str) -> str:
    """The name of the node that holds the primary of the candidates shard."""
    shards = await client.cat.shards(index=alias, format="json")
    name: str = next(shard["node"] for shard in shards if shard["prirep"] == "p")
    return name


async def make_cluster_manager(client: AsyncOpenSearch, name: str) -> None:
    """Have `name` elected cluster manager, so that one kill takes the primary and the manager at once.

    Excluding the other nodes from the voting configuration leaves `name` the only voter, elected at once;
    lifting the exclusions makes the others voters again, so two of three still form a quorum after the kill.
    """
    others = ",".join(f"node-{i}" for i in range(1, NODES + 1) if f"node-{i}" != name)
    exclusions = "/_cluster/voting_config_exclusions"
    await client.transport.perform_request("POST", exclusions, params={"node_names": others})
    await client.transport.perform_request("DELETE", exclusions, params={"wait_for_removal": "false"})

    async def settled() -> bool:
        state = await client.cluster.state(metric="metadata")
        voters = state["metadata"]["cluster_coordination"]["last_committed_config"]
        return len(voters) == NODES and await cluster_manager(client) == name

    await wait_for(settled, seconds=30, what=f"{name} to be the cluster manager with {NODES} voters")


async def search_until(api: TestClient, traffic: Traffic, stop: asyncio.Event, seed: int) -> None:
    """Searches through the API that match every candidate, each for another page (most miss the cache)."""
    rng = random.Random(seed)
    while not stop.is_set():
        started = time.monotonic()
        # An exact count: a search that missed a shard during the failover would count fewer.
        page = {
            "query": "developer",
            "offset": rng.randrange(CANDIDATES // 2),
            "limit": 5,
            "exact_total": True,
        }
        response = await api.post("/api/v1/search/candidates", json=page)
        body = await response.json()
        traffic.slowest = max(traffic.slowest, time.monotonic() - started)
        traffic.searches += 1
        if response.status != 200:
            traffic.errors.append(f"{response.status}: {body}")
            continue
        traffic.uncached += not body["cached"]
        traffic.totals.add(body["total"])


async def rename_until(
    pool: asyncpg.Pool, ids: list[uuid.UUID], traffic: Traffic, stop: asyncio.Event
) -> None:
    """Renames committed one after another; each committed version is a write the index owes us."""
    rng = random.Random(9)
    while not stop.is_set():
        candidate_id = rng.choice(ids)
        traffic.committed[candidate_id] = await rename(pool, candidate_id, f"Renamed {traffic.renames}")
        traffic.renames += 1
        await asyncio.sleep(0.01)


async def lost_writes(client: AsyncOpenSearch, alias: str, committed: dict[uuid.UUID, int]) -> list[str]:
    """Committed renames the index does not hold at their version (real-time get: no refresh needed)."""
    found = await client.mget(index=alias, body={"ids": [str(i) for i in committed]}, _source=False)
    lost = []
    for doc in found["docs"]:
        version = committed[uuid.UUID(doc["_id"])]
        if not doc.get("found") or doc["_version"] != version:
            lost.append(f"{doc['_id']}: index has {doc.get('_version')}, Postgres committed {version}")
    return lost


async def test_killing_the_node_with_the_primary_and_the_manager_loses_no_search_and_no_write(
    cluster: Cluster,
    cluster_settings: Settings,
    cluster_services: Services,
    role_headers: dict[str, dict[str, str]],
    tmp_path: Path,
) -> None:
    test_started = time.monotonic()
    alias, client, pool = cluster_settings.index_alias, cluster_services.opensearch, cluster_services.pool
    env = {"OPENSEARCH_URL": cluster_settings.opensearch_url}

    # The indexer's own index, then a full reindex: both get the cluster's one replica and go green.
    code, out, err = await run_indexer(alias, "create", env=env)
    assert code == 0, out + err
    assert await replicas_and_health(client, alias) == (1, "green")
    ids = await add_candidates(pool, CANDIDATES)
    code, out, err = await run_indexer(alias, "reindex", "--no-progress", env=env)
    assert code == 0, out + err
    assert await replicas_and_health(client, alias) == (1, "green")
    await make_cluster_manager(client, await primary_node(client, alias))

    daemon_log = tmp_path / "indexer.log"
    with daemon_log.open("wb") as output:
        daemon = await asyncio.create_subprocess_exec(
            *indexer_command(alias, "run", "--batch-size", "50", "--metrics-port", "0"),
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=output,
        )
    traffic = Traffic()
    stop_searches, stop_renames = asyncio.Event(), asyncio.Event()
    try:
        await wait_for(lambda: _drained(pool), seconds=60, what="the daemon to apply the initial load")
        async with TestClient(
            TestServer(create_app(cluster_settings)), headers=role_headers["recruiter"]
        ) as api:
            searchers = [
                asyncio.create_task(search_until(api, traffic, stop_searches, seed)) for seed in (1, 2)
            ]
            renamer = asyncio.create_task(rename_until(pool, ids, traffic, stop_renames))
            try:
                await asyncio.sleep(WARM_UP)
                victim = await primary_node(client, alias)
                assert await cluster_manager(client) == victim
                searches_before_kill = traffic.searches
                await asyncio.to_thread(cluster.run, "kill-node", victim.removeprefix("node-"))
                await asyncio.sleep(NODE_DOWN)
                stop_renames.set()
                await renamer
                renames_stopped = time.monotonic()
                await wait_for(lambda: _drained(pool), seconds=90, what="the daemon to catch up")
                catch_up = time.monotonic() - renames_stopped
                # Every committed rename is in the index while the killed node is still down.
                assert await lost_writes(client, alias, traffic.committed) == []

                restarted = time.monotonic()
                await asyncio.to_thread(cluster.run, "start-node", victim.removeprefix("node-"))
                to_join = time.monotonic() - restarted
                health = await client.cluster.health(
                    wait_for_status="green", wait_for_nodes=str(NODES), timeout="120s", request_timeout=130
                )
                to_green = time.monotonic() - restarted
            finally:
                stop_renames.set()
                stop_searches.set()
                crashed = [
                    outcome
                    for outcome in await asyncio.gather(*searchers, renamer, return_exceptions=True)
                    if isinstance(outcome, BaseException)
                ]
    finally:
        if daemon.returncode is None:
            daemon.send_signal(signal.SIGTERM)
            await asyncio.wait_for(daemon.wait(), 30)

    code, out, err = await run_indexer(alias, "verify", env=env)
    total = time.monotonic() - test_started + cluster.start_seconds
    print(
        f"\ncluster: {NODES} nodes up in {cluster.start_seconds:.1f}s; killed {victim} (primary and "
        f"cluster manager) after {searches_before_kill} searches; "
        f"searches {traffic.searches} ({traffic.uncached} uncached), errors {len(traffic.errors)}, "
        f"slowest {traffic.slowest:.2f}s; renames {traffic.renames} of {len(traffic.committed)} candidates, "
        f"daemon caught up {catch_up:.1f}s after they stopped; restart: joined in {to_join:.1f}s, "
        f"green in {to_green:.1f}s; "
        f"test {total:.0f}s"
    )
    assert crashed == [], "a search or rename loop raised"
    assert not health["timed_out"] and health["status"] == "green", health
    assert traffic.errors == [], traffic.errors[:5]
    assert traffic.searches > 100 and traffic.uncached > traffic.searches // 2
    assert traffic.totals == {CANDIDATES}
    assert traffic.renames > 100
    assert code == 0, out + err + daemon_log.read_text()[-3000:]
    assert "in sync" in out
    assert await pending_rows(pool) == 0


async def _drained(pool: asyncpg.Pool) -> bool:
    return await pending_rows(pool) == 0
