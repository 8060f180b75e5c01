"""Work a request leaves for after its answer is sent: bookkeeping the client need not wait for.

A search's metrics, its history entry and its analytics event, and the access line and latency of every
request, are recorded once the response is written, not before: on two shared cores that took 0.10-0.14 ms
off a fresh search (`benchmarks/search/ab.py`). The API's outermost middleware opens a queue for each request
and the server runs it right after the response's last byte goes to the socket (`app.middlewares`);
anywhere else (the MCP server, scripts, tests without the middleware) the work runs at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar, Token

log = logging.getLogger(__name__)

Callback = Callable[[], None]

_QUEUE: ContextVar[list[Callback] | None] = ContextVar("after_response", default=None)


def after_response(callback: Callback) -> None:
    """Run `callback` once the response being served is sent, or now when no response is being served."""
    queue = _QUEUE.get()
    if queue is None:
        callback()
    else:
        queue.append(callback)


def open_queue() -> tuple[list[Callback], Token[list[Callback] | None]]:
    """A queue for the request being served, and the token that closes it (`close_queue`)."""
    queue: list[Callback] = []
    return queue, _QUEUE.set(queue)


def close_queue(token: Token[list[Callback] | None]) -> None:
    _QUEUE.reset(token)


def run(queue: list[Callback]) -> None:
    """Run and empty a request's queue; a failing callback is logged and the rest still run."""
    while queue:
        callback = queue.pop(0)
        try:
            callback()
        except Exception:
            log.exception("work after a response failed")
