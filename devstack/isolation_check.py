"""`make test` beside a running `make run` service: the service's data before and after must be identical.

    .venv/bin/python devstack/isolation_check.py [--api-url http://127.0.0.1:8080] [-- make test args]

Reads the service's own resources from the same environment the service reads (DATABASE_URL, INDEX_ALIAS,
OPENSEARCH_URL, STORAGE_DIR): the row count of every table, the document count behind the alias and the
files in storage; logs in as the service's admin (ADMIN_USERNAME and ADMIN_PASSWORD) when they are given.
Then runs `make test`, reads everything again and prints what changed. Exit status: 0 when the tests passed
and nothing of the service changed, 1 when something changed or a login that worked before fails after,
otherwise the test command's own status. Keep the service idle meanwhile: an upload during the run is a
change too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from opensearchpy import AsyncOpenSearch

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
# Seconds a login that answers 503 is tried again before it counts as failed.
LOGIN_PATIENCE_SECONDS = 60.0


def stored_files(storage: Path) -> int:
    """How many files the service's storage holds."""
    return sum(1 for p in storage.rglob("*") if p.is_file()) if storage.exists() else 0


async def admin_login(api_url: str) -> int | None:
    """The status of a login as the service's admin, None when no credentials are given."""
    username, password = os.environ.get("ADMIN_USERNAME"), os.environ.get("ADMIN_PASSWORD")
    if not (username and password):
        return None
    body = {"username": username, "password": password}
    deadline = time.monotonic() + LOGIN_PATIENCE_SECONDS
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.post(f"{api_url}/api/v1/auth/login", json=body) as response:
                # A 503 right after the run: the fault tests restarted Postgres or Redis under the service,
                # which answers 503 until its connections are back. Anything else is the answer.
                if response.status != 503 or time.monotonic() > deadline:
                    return response.status
            await asyncio.sleep(2)


async def snapshot(settings: Settings, api_url: str, *, login_first: bool) -> dict[str, Any]:
    """Row counts per table, the alias's document count, the storage's files and the admin's login. A
    login writes rows of its own (a refresh token): before the tests it goes first and after them last,
    so both counts include exactly the first one."""
    login = await admin_login(api_url) if login_first else None
    url = settings.database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    connection = await asyncpg.connect(url)
    try:
        tables = await connection.fetch(
            "select tablename from pg_tables where schemaname = 'public' order by tablename"
        )
        rows = {}
        for table in (t["tablename"] for t in tables):
            rows[table] = await connection.fetchval(f'select count(*) from "{table}"')
    finally:
        await connection.close()
    client = AsyncOpenSearch(hosts=[settings.opensearch_url])
    try:
        exists = await client.indices.exists_alias(name=settings.index_alias)
        documents = (await client.count(index=settings.index_alias))["count"] if exists else None
    finally:
        await client.close()
    files = stored_files(Path(settings.storage_dir))
    if not login_first:
        login = await admin_login(api_url)
    return {"rows": rows, "documents": documents, "storage_files": files, "admin_login": login}


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed, one line each."""
    lines = []
    for table in sorted(set(before["rows"]) | set(after["rows"])):
        old, new = before["rows"].get(table), after["rows"].get(table)
        if old != new:
            lines.append(f"table {table}: {old} rows before, {new} after")
    for key in ("documents", "storage_files", "admin_login"):
        if before[key] != after[key]:
            lines.append(f"{key}: {before[key]} before, {after[key]} after")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--api-url", default="http://127.0.0.1:8080", help="the running service's API")
    parser.add_argument("make_args", nargs="*", help="extra arguments for `make test`")
    args = parser.parse_args()
    settings = Settings()
    before = asyncio.run(snapshot(settings, args.api_url, login_first=True))
    print("service before:", json.dumps(before, sort_keys=True), flush=True)
    if before["admin_login"] not in (None, 200):
        print(f"the admin login fails before the tests ({before['admin_login']}): check ADMIN_PASSWORD")
        raise SystemExit(2)
    tests = subprocess.run(["make", "test", *args.make_args], cwd=ROOT, check=False)
    after = asyncio.run(snapshot(settings, args.api_url, login_first=False))
    print("service after: ", json.dumps(after, sort_keys=True))
    changed = differences(before, after)
    for line in changed:
        print("changed:", line)
    if changed:
        raise SystemExit(1)
    print(f"the service's data is unchanged; make test exited {tests.returncode}")
    raise SystemExit(tests.returncode)


if __name__ == "__main__":
    main()
