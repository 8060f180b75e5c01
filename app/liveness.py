"""The /metrics listener of the worker and the indexer daemon, with /live beside it.

Their metrics are served by a thread of their own, which goes on answering while the process's event loop is
stuck (a call that blocks it, a deadlock): a liveness probe on /metrics called such a process alive for
ever. /live answers from the same thread, but 200 only while the loop has turned lately (`Heartbeat`).
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from app import SERVER

# Seconds between two beats of a running loop.
BEAT_SECONDS = 5.0
# Seconds without a beat after which /live says the loop is stuck: twelve beats missed, far beyond any
# stretch of work either process does without giving the loop back (a batch's documents, a parse's setup).
STALE_SECONDS = 60.0
LIVE_PATH = "/live"


class Heartbeat:
    """When the event loop last turned, for /live to judge from another thread."""

    def __init__(self, stale_after: float = STALE_SECONDS) -> None:
        self.stale_after = stale_after
        self.last = time.monotonic()

    def silence(self) -> float:
        """Seconds since the last beat."""
        return time.monotonic() - self.last

    async def keep(self, interval: float = BEAT_SECONDS) -> None:
        """Beat every `interval` seconds for as long as the loop runs this task (until cancelled)."""
        while True:
            self.last = time.monotonic()
            await asyncio.sleep(interval)


class _QuietHandler(WSGIRequestHandler):
    """No access line on stderr for every scrape and probe (the process logs JSON lines only), and the
    product as the server of its own refusals (a malformed request line), without versions."""

    server_version = SERVER
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass


StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def live_and_metrics(
    heartbeat: Heartbeat, registry: CollectorRegistry
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """A WSGI application: /live from the heartbeat, every other path the process's Prometheus exposition."""
    metrics = make_wsgi_app(registry)

    def application(environ: dict[str, Any], respond: StartResponse) -> Iterable[bytes]:
        def start_response(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            # wsgiref names itself and the Python version unless the application names the server.
            return respond(status, [*headers, ("Server", SERVER)], *rest)

        if environ.get("PATH_INFO") != LIVE_PATH:
            return metrics(environ, start_response)
        silence = heartbeat.silence()
        if silence <= heartbeat.stale_after:
            status, body = "200 OK", "alive\n"
        else:
            status, body = "503 Service Unavailable", f"event loop stuck: no beat for {silence:.0f} s\n"
        start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
        return [body.encode()]

    return application


def serve_metrics(port: int, addr: str, heartbeat: Heartbeat, registry: CollectorRegistry) -> None:
    """Serve the registry's /metrics and /live on addr:port from a daemon thread; OSError when the port cannot
    be had."""
    family = socket.getaddrinfo(addr, port, type=socket.SOCK_STREAM)[0][0]

    class Server(ThreadingWSGIServer):
        address_family = family

    application = live_and_metrics(heartbeat, registry)
    server = make_server(addr, port, application, Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
