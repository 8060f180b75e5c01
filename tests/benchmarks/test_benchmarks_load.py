"""The load benchmark's peak mix over connections that are really held open, and how it counts them."""

from __future__ import annotations

import socket

from aiohttp import web
from aiohttp.test_utils import TestServer

from benchmarks.load.__main__ import established_connections, held_open_loop


def test_established_connections_counts_the_accepted_side_of_each_connection() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        accepted = [listener.accept()[0] for _ in clients]
        try:
            assert established_connections(port) == 3
        finally:
            for s in clients + accepted:
                s.close()
    assert established_connections(port) == 0


async def test_the_held_loop_spreads_its_schedule_over_that_many_open_connections() -> None:
    peers: set[tuple[str, int]] = set()

    async def answer(request: web.Request) -> web.Response:
        assert request.transport is not None
        peers.add(request.transport.get_extra_info("peername"))
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_get("/health", answer)
    app.router.add_get("/api/v1/auth/me", answer)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        base = str(server.make_url("")).rstrip("/")
        mix = [(0.5, "health"), (0.5, "me")]
        tally, wall = await held_open_loop(base, {}, rate=100, seconds=0.5, seed=1, mix=mix, connections=7)
    finally:
        await server.close()
    assert tally.sent == 50
    assert sum(len(v) for v in tally.latencies.values()) == 50 and not tally.errors
    # Every client connected once before the clock and kept that connection: 7 sockets, no more.
    assert len(peers) == 7
    assert tally.connections and max(tally.connections) == 7
    assert wall >= 0.49
