"""Wrong passwords back to back from N clients, for the login-flood measurement of `benchmarks.load`.

    python -m benchmarks.load.flood BASE_URL CLIENTS SECONDS

A process of its own, so the measuring client's event loop is not slowed by the load it generates. Prints
the answers it got by status as one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from collections import defaultdict

import aiohttp


async def flood(base: str, clients: int, seconds: float) -> dict[str, int]:
    answers: dict[str, int] = defaultdict(int)
    rng = random.Random(7)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(60)
    ) as session:
        print("flooding", flush=True)  # the measuring process starts its clock on this line
        deadline = time.perf_counter() + seconds

        async def client(n: int) -> None:
            while time.perf_counter() < deadline:
                body = {"username": f"flood-{n % 20}@example.com", "password": f"wrong-{rng.random()}"}
                try:
                    async with session.post(base + "/api/v1/auth/login", json=body) as response:
                        await response.read()
                        answers[str(response.status)] += 1
                except (TimeoutError, aiohttp.ClientError) as error:
                    answers[type(error).__name__] += 1

        await asyncio.gather(*(client(n) for n in range(clients)))
    return dict(answers)


def main() -> None:
    base, clients, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(asyncio.run(flood(base, clients, seconds))))


if __name__ == "__main__":
    main()
