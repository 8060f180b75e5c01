"""The resume worker killed with SIGKILL mid-parse: every job ends once, no duplicate candidate."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.parsing.extract import TEXT
from app.settings import Settings
from tests.conftest import ROOT, SHARED_DATA
from tests.integration.conftest import queue_directly
from tests.resume_samples import text_resume

pytestmark = pytest.mark.faults

# A short lease, so the test waits little for a killed worker's jobs; longer than a parse may take (the
# settings refuse a lease a parse can outlast: another worker would take the job over mid-parse).
VISIBILITY_SECONDS = 6
PARSE_TIME_LIMIT_SECONDS = 5


def start_worker(stderr: IO[bytes] | int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "WORKER_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_SECONDS),
        "PARSE_TIME_LIMIT_SECONDS": str(PARSE_TIME_LIMIT_SECONDS),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.resumes.worker", "--concurrency", "2", "--no-metrics"],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: SIGKILL reaches the parsing subprocesses too
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


async def counts(db: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with db() as session:
        rows = await session.execute(text("SELECT parsing_status::text, count(*) FROM resumes GROUP BY 1"))
        return dict(rows.all())  # type: ignore[arg-type]


async def upload(client: TestClient, data: bytes, name: str) -> None:
    form = FormData()
    form.add_field("file", io.BytesIO(data), filename=name)
    response = await client.post("/api/v1/resumes/upload", data=form)
    assert response.status == 202, await response.text()


async def test_worker_killed_repeatedly_loses_nothing_and_duplicates_nothing(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    pdfs = sorted((SHARED_DATA / "resumes" / "livecareer" / "ENGINEERING").glob("*.pdf"))[:30]
    for path in pdfs:
        await upload(recruiter, path.read_bytes(), path.name)
    # Three resumes of one person: one candidate, whatever order and retries they go through.
    for version in range(3):
        await upload(recruiter, text_resume(email="same.person@example.com", extra=f"v{version}"), "cv.txt")
    total = len(pdfs) + 3

    kills = 0
    for _ in range(4):
        worker = start_worker()
        await asyncio.sleep(2.0)  # long enough to be inside some parse, too short to finish the queue
        await asyncio.to_thread(kill_group, worker)
        kills += 1
    state = await counts(db)
    assert state.get("processing", 0) > 0 or state.get("completed", 0) < total  # the kills hit work in flight

    # A new worker takes over the abandoned jobs once their lease has run out, and finishes the queue.
    worker = start_worker()
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            state = await counts(db)
            if state.get("completed", 0) + state.get("failed", 0) == total:
                break
            await asyncio.sleep(1)
    finally:
        worker.send_signal(signal.SIGTERM)
        await asyncio.to_thread(worker.wait, 30)

    assert sum(state.values()) == total, state  # no upload lost
    assert state.get("queued", 0) == 0 and state.get("processing", 0) == 0, state  # none stuck
    async with db() as session:
        orphans = await session.scalar(
            text(
                "SELECT count(*) FROM candidates c"
                " WHERE NOT EXISTS (SELECT 1 FROM resumes r WHERE r.candidate_id = c.id)"
            )
        )
        candidates = await session.scalar(text("SELECT count(*) FROM candidates"))
        produced = await session.scalar(
            text("SELECT count(DISTINCT candidate_id) FROM resumes WHERE parsing_status = 'completed'")
        )
        same_person = await session.scalar(
            text("SELECT count(*) FROM candidates WHERE lower(email) = 'same.person@example.com'")
        )
    assert orphans == 0  # a killed attempt left no half-written candidate
    assert candidates == produced
    assert same_person == 1
    assert kills == 4


def parser_processes(worker: int, kind: bytes = b"spawn_main") -> list[int]:
    """The worker's parsing subprocesses (multiprocessing's spawned children; `resource_tracker`: the process
    that cleans up after them), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == worker and kind in command:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running, not gone nor a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def test_a_worker_killed_alone_leaves_no_parsing_process_nor_a_plain_text_line_behind(
    db: async_sessionmaker[AsyncSession], settings: Settings, tmp_path: Path
) -> None:
    # The kernel's OOM killer or `kill -9 <worker pid>` ends the worker alone, not its process group: its
    # parsing subprocesses (about 100 MB each) lived on for good, reparented to init, holding memory. Once
    # they ended, multiprocessing's resource tracker warned of the pool's semaphores in two plain-text lines
    # amid the worker's JSON log.
    await queue_directly(db, settings, text_resume(email="orphan.check@example.com"), TEXT, "cv.txt")
    log = tmp_path / "worker.log"
    with log.open("wb") as stderr:
        worker = start_worker(stderr)
    children: list[int] = []
    try:
        for _ in range(300):  # a minute at most
            if children := parser_processes(worker.pid):
                break
            await asyncio.sleep(0.2)
        assert children, "the worker started no parsing process"
        children += parser_processes(worker.pid, b"resource_tracker")
        os.kill(worker.pid, signal.SIGKILL)
        await asyncio.to_thread(worker.wait, 10)
        for _ in range(75):  # 15 s at most
            if not any(alive(pid) for pid in children):
                break
            await asyncio.sleep(0.2)
        assert not [pid for pid in children if alive(pid)]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
    for line in log.read_text().splitlines():
        assert line.startswith("{") and json.loads(line), line
