"""Hostile files fail once and cleanly: a 422 at the door for a zip bomb, `failed` with a reason after one
attempt for any other file extraction rejects, and the worker's process pool outlives them all."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from pypdf import PdfWriter
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.models import ParsingStatus, Resume
from app.parsing.extract import DOCX, PDF, TEXT
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.worker import Worker
from app.settings import Settings
from tests.conftest import ROOT
from tests.integration.conftest import queue_directly
from tests.resume_samples import docx_bomb, text_resume

BOMB_BYTES = 200 * 2**20


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """~200 KB each, inflating to 200 MiB: one with honest headers, one whose headers claim 1,000 bytes."""
    return {
        "honest": docx_bomb(BOMB_BYTES),
        "lying": docx_bomb(BOMB_BYTES, declared_bytes=1000),
    }


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("a user password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def form(data: bytes, filename: str) -> FormData:
    body = FormData()
    body.add_field("file", io.BytesIO(data), filename=filename, content_type="application/octet-stream")
    return body


async def test_a_docx_bomb_is_a_422_naming_the_file_and_nothing_is_stored(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], bombs: dict[str, bytes]
) -> None:
    for kind, data in bombs.items():
        assert len(data) < 300 * 1024, kind
        response = await recruiter.post("/api/v1/resumes/upload", data=form(data, "cv.docx"))
        body = await response.json()
        assert response.status == 422, (kind, body)
        assert body["error"]["message"] == (
            "the Word document expands to more than 50 MiB; at most 50 MiB are accepted"
        )
        assert body["error"]["details"][0]["field"] == "file"
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


@pytest.mark.parametrize(
    "data",
    [b"   \n\n\t  \r\n", b"\xef\xbb\xbf  \n", "  \n\t".encode("utf-16"), b"\xff\xfe"],
    ids=["ascii", "utf-8-bom", "utf-16", "bom-only"],
)
async def test_a_blank_text_file_is_a_422_like_an_empty_one_and_nothing_is_stored(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], data: bytes
) -> None:
    # Accepted with 202 before, then "failed: the text file contains no text" a moment later.
    response = await recruiter.post("/api/v1/resumes/upload", data=form(data, "cv.txt"))
    body = await response.json()
    assert response.status == 422, body
    assert body["error"]["message"] == "the uploaded text file contains no text"
    assert body["error"]["details"] == [{"field": "file", "problem": "only whitespace"}]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


async def test_files_extraction_rejects_fail_once_with_a_reason_and_the_pool_survives(
    db: async_sessionmaker[AsyncSession], settings: Settings, bombs: dict[str, bytes]
) -> None:
    hostile = {
        "broken pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n%%EOF\n", PDF),
        "encrypted pdf": (encrypted_pdf(), PDF),
        "docx bomb": (bombs["lying"], DOCX),
    }
    ids = {
        name: (await queue_directly(db, settings, data, kind, "hostile")).id
        for name, (data, kind) in hostile.items()
    }
    good = (await queue_directly(db, settings, text_resume(email="fine@example.com"), TEXT, "hostile")).id
    # Text with nothing of a resume in it: `completed` before, as a candidate without a name or anything else.
    empty = (await queue_directly(db, settings, b"hello\n\n... ok?\n", TEXT, "hostile")).id

    worker = Worker(settings.model_copy(update={"worker_concurrency": 2}), db, RuleBasedResumeParser())
    pool = worker.pool
    await worker.run(asyncio.Event(), once=True)
    assert worker.pool is pool, "the process pool was broken and replaced"

    async with db() as session:
        rows = {row.id: row for row in await session.scalars(select(Resume))}
    reasons = {name: rows[resume_id].error for name, resume_id in ids.items()}
    assert reasons == {
        "broken pdf": "the PDF is damaged and cannot be read",
        "encrypted pdf": "the PDF is password-protected; upload a copy without a password",
        "docx bomb": "the Word document expands to more than 50 MiB; at most 50 MiB are accepted",
    }
    for name, resume_id in ids.items():
        assert rows[resume_id].parsing_status is ParsingStatus.FAILED, name
        assert rows[resume_id].attempts == 1, name  # no retry: the file will not get better
    assert rows[good].parsing_status is ParsingStatus.COMPLETED
    assert (rows[empty].parsing_status, rows[empty].error, rows[empty].candidate_id) == (
        ParsingStatus.FAILED,
        "found nothing of a resume in the file: no name, contact details, jobs, education or skills",
        None,
    )


PEAK_RSS = """
import resource, sys
from app.resumes.processing import extract_and_parse
from app.parsing.extract import ExtractionError
try:
    extract_and_parse(sys.argv[1], True, 60.0)
except ExtractionError as error:
    print(error.code, file=sys.stderr)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_kib(path: Path) -> int:
    """Peak RSS of a process that runs the worker's extraction step on the file, as a worker slot does."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def test_the_worker_reads_a_bomb_in_bounded_memory(tmp_path: Path, bombs: dict[str, bytes]) -> None:
    normal = tmp_path / "normal.docx"
    normal.write_bytes(docx_bomb(0))
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(bombs["lying"])
    baseline, peak = peak_rss_kib(normal), peak_rss_kib(bomb)
    print(f"extraction peak RSS: normal DOCX {baseline / 1024:.0f} MiB, 200 MiB bomb {peak / 1024:.0f} MiB")
    assert peak - baseline < 20 * 1024, f"{(peak - baseline) / 1024:.0f} MiB more for the bomb"


async def test_a_missing_storage_volume_is_retried_and_one_missing_file_fails(
    db: async_sessionmaker[AsyncSession], settings: Settings, tmp_path: Path
) -> None:
    # With STORAGE_DIR not mounted yet (an empty directory where the volume goes), every job failed for good
    # with "the stored file is missing": a storage outage lost every upload it met.
    storage = tmp_path / "volume"
    storage.mkdir()
    mounted = settings.model_copy(update={"storage_dir": storage, "worker_max_attempts": 3})
    waiting = (await queue_directly(db, mounted, text_resume(email="wait@example.com"), TEXT, "wait")).id
    storage.rename(tmp_path / "elsewhere")
    storage.mkdir()  # the mount point, empty

    await Worker(mounted, db, RuleBasedResumeParser()).run(asyncio.Event(), once=True)
    async with db() as session:
        row = await session.get(Resume, waiting)
        assert row is not None
        assert row.parsing_status is ParsingStatus.QUEUED, row.error
        assert row.error == (
            f"the storage directory (STORAGE_DIR) {storage} is missing or empty; it will be retried"
        )

    # The volume is back but this one file is gone (deleted by hand): no retry brings it back.
    storage.rmdir()
    (tmp_path / "elsewhere").rename(storage)
    Path(row.storage_path).unlink()
    (storage / "other").write_bytes(b"another stored file")
    async with db.begin() as session:
        await session.execute(update(Resume).where(Resume.id == waiting).values(next_attempt_at=func.now()))
    await Worker(mounted, db, RuleBasedResumeParser()).run(asyncio.Event(), once=True)
    async with db() as session:
        row = await session.get(Resume, waiting)
        assert row is not None
        assert (row.parsing_status, row.error) == (ParsingStatus.FAILED, "the stored file is missing")
