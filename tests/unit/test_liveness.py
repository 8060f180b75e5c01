"""/live beside /metrics (the worker's and the indexer daemon's listener): what their liveness probes ask."""

from __future__ import annotations

import asyncio
import socket
import time
import urllib.error
import urllib.request

from app.liveness import Heartbeat, serve_metrics
from app.metrics import WORKER_FAMILIES, exposition


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


async def test_live_fails_while_the_event_loop_is_stuck_though_metrics_still_answer() -> None:
    """A wedged process (its loop blocked) answered /metrics from the listener's thread as a healthy one did;
    /live says 503 once the loop has missed its beats, and 200 again when it turns."""
    port = free_port()
    heartbeat = Heartbeat(stale_after=0.5)
    serve_metrics(port, "127.0.0.1", heartbeat, exposition(WORKER_FAMILIES))
    beating = asyncio.create_task(heartbeat.keep(interval=0.05))
    try:
        await asyncio.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        assert await asyncio.to_thread(status, f"{base}/live") == 200
        time.sleep(1.0)  # noqa: ASYNC251 (the point: the loop blocked, no beat for a second)
        assert status(f"{base}/live") == 503
        assert status(f"{base}/metrics") == 200
        await asyncio.sleep(0.1)
        assert await asyncio.to_thread(status, f"{base}/live") == 200
    finally:
        beating.cancel()


def test_the_metrics_listener_names_the_product_without_versions() -> None:
    # wsgiref's own "Server: WSGIServer/0.2 CPython/3.11.2" told a scanner of the worker's and the indexer's
    # port which Python ran there.
    port = free_port()
    serve_metrics(port, "127.0.0.1", Heartbeat(), exposition(WORKER_FAMILIES))
    for path in ("/metrics", "/live"):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                server = response.headers["Server"]
        except urllib.error.HTTPError as error:  # /live answers 503 before the first beat
            server = error.headers["Server"]
        assert server == "hr-resume-search", path
