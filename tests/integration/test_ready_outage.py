"""/ready follows OpenSearch going away and coming back."""

from __future__ import annotations

import asyncio
import os
import subprocess
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient

from app.settings import Settings
from tests.conftest import ROOT

pytestmark = pytest.mark.faults

NODE_SCRIPT = ROOT / "devstack" / "opensearch.sh"
PID_FILE = ROOT / ".devstack" / "opensearch" / "node.pid"


def node(action: str, url: str) -> None:
    """Stop or start the devstack node that serves OPENSEARCH_URL."""
    env = {**os.environ, "OPENSEARCH_PORT": str(urlsplit(url).port or 9200)}
    subprocess.run([str(NODE_SCRIPT), action], check=True, timeout=300, capture_output=True, env=env)


async def test_ready_names_opensearch_while_it_is_down(api: TestClient, settings: Settings) -> None:
    if not PID_FILE.exists():
        pytest.skip("OpenSearch was not started by devstack (reused server); cannot stop it here")
    assert (await api.get("/ready")).status == 200
    await asyncio.to_thread(node, "stop", settings.opensearch_hosts[0])
    try:
        response = await api.get("/ready")
        body = await response.json()
        assert response.status == 503
        assert body["error"]["details"] == [{"field": "dependencies.opensearch", "problem": "unavailable"}]
        assert "opensearch" in body["error"]["message"]
        assert body["dependencies"]["postgres"]["ok"] and body["dependencies"]["redis"]["ok"]
    finally:
        await asyncio.to_thread(node, "start", settings.opensearch_hosts[0])
    response = await api.get("/ready")
    assert response.status == 200, await response.text()
