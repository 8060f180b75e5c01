"""The Redis client: search cache, index epoch, rate limits and locks."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import ConnectionError
from redis.typing import EncodableT

from app.settings import Settings


def create_redis(settings: Settings) -> Redis:
    """A pooled client with short timeouts: Redis is a cache here, never worth a slow request."""
    return Redis.from_url(
        settings.redis_url,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
        health_check_interval=30,
    )


class CommandLane:
    """Single commands on connections of the lane's own, for a hot path (the search cache's lookup and store).

    redis-py 8's pool spends about 50 us on every command's checkout and release (connection-count metrics,
    events, a read on the socket to check it): a third of a cache lookup on two shared cores. A lane takes a
    kept connection for one command and its reply and keeps it for the next; concurrent commands open more,
    of which up to `keep` are kept. A connection that fails is closed; a kept one that turns out to be
    broken (Redis restarted while it sat idle) is replaced once, so a command may reach Redis twice: the
    lane is for idempotent commands (GET, MGET, SET). Timeouts and TLS are the client's (`create_redis`); a
    failure raises redis-py's errors, as the client does.
    """

    def __init__(self, redis: Redis, keep: int = 64) -> None:
        self._pool = redis.connection_pool
        self._idle: list[AbstractConnection] = []
        self._keep = keep

    async def execute(self, *args: EncodableT) -> Any:
        """One command's raw reply (bytes, lists, ints: nothing decoded)."""
        if self._idle:
            try:
                return await self._run(self._idle.pop(), args)
            except ConnectionError:
                pass  # closed while it sat idle: once more, on a new connection
        return await self._run(self._pool.make_connection(), args)

    async def _run(self, connection: AbstractConnection, args: tuple[EncodableT, ...]) -> Any:
        try:
            await connection.send_packed_command(connection.pack_command(*args), check_health=False)
            reply = await connection.read_response()
        except BaseException:
            await connection.disconnect(nowait=True)
            raise
        if len(self._idle) < self._keep:
            self._idle.append(connection)
        else:
            await connection.disconnect()
        return reply

    async def close(self) -> None:
        """Close the kept connections (commands still running close theirs when they end)."""
        while self._idle:
            await self._idle.pop().disconnect()
