"""`hr-worker --once` (a cron or batch run) ends when it cannot do its work, with one line and exit 1."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.conftest import ROOT
from tests.integration.conftest import free_port


async def test_once_with_the_database_down_says_so_and_exits_1() -> None:
    # It logged "database unavailable ...; trying again in 5s" forever before, so a cron run never ended.
    nobody = f"postgresql://hr:secret@127.0.0.1:{free_port()}/hr"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.resumes.worker",
        "--once",
        "--no-metrics",
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": nobody, "LOG_LEVEL": "WARNING"},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(process.communicate(), 30)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    lines = err.decode().strip().splitlines()
    assert process.returncode == 1
    assert lines[-1] == "hr-worker: the database is unavailable (ConnectionRefusedError); --once stops here"
    assert "secret" not in err.decode()
