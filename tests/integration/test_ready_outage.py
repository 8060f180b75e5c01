"""/ready follows OpenSearch going away and coming back."""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import ROOT

pytestmark = pytest.mark.faults

NODE_SCRIPT = ROOT / "devstack" / "opensearch.sh"
PID_FILE = ROOT / ".devstack" / "opensearch" / "node.pid"


def node(action: str) -> None:
    subprocess.run([str(NODE_SCRIPT), action], check=True, timeout=300, capture_output=True)


async def test_ready_names_opensearch_while_it_is_down(api: TestClient) -> None:
    if not PID_FILE.exists():
        pytest.skip("OpenSearch was not started by devstack (reused server); cannot stop it here")
    assert (await api.get("/ready")).status == 200
    await asyncio.to_thread(node, "stop")
    try:
        response = await api.get("/ready")
        body = await response.json()
        assert response.status == 503
        assert body["error"]["details"]["down"] == ["opensearch"]
        assert "opensearch" in body["error"]["message"]
        assert body["dependencies"]["postgres"]["ok"] and body["dependencies"]["redis"]["ok"]
    finally:
        await asyncio.to_thread(node, "start")
    response = await api.get("/ready")
    assert response.status == 200, await response.text()
