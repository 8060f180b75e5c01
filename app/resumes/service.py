"""Resume intake and bookkeeping: store the file, queue it, report on it. No aiohttp types here."""

from __future__ import annotations

import asyncio
import logging
import unicodedata
import uuid
from pathlib import Path, PurePath
from urllib.parse import unquote

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.cursors import page_and_cursor, read_position
from app.errors import (
    Conflict,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unprocessable,
    UnsupportedMediaType,
    field_problem,
)
from app.metrics import FILE_UPLOAD_SIZE
from app.models import AuditLog, Candidate, ParsingStatus, Resume
from app.parsing.extract import (
    DOCX,
    TEXT,
    ExtractionError,
    binary_kind,
    check_docx_package,
    detect_content_type,
)
from app.resumes import queue
from app.resumes.storage import is_stored, remove_file, store_bytes
from app.settings import Settings

log = logging.getLogger(__name__)

# What the upload accepts, as detected from the bytes.
ACCEPTED_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "text/plain": "TXT",
}


# Characters of a stored file name (the column's length), and of an extension kept when a longer name is cut.
FILENAME_CHARS = 255
EXTENSION_CHARS = 16


def clean_filename(name: str | None) -> str:
    """The last path component of a client's file name, printable and bounded; kept for display only (and as
    the name the original is downloaded under)."""
    # Clients may percent-encode the name in Content-Disposition ("..%2Fcv.pdf").
    base = PurePath(unquote(name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > FILENAME_CHARS:
        # Cut before the extension, which stays: a name cut at 255 lost its ".pdf", and the download with it.
        suffix = PurePath(base).suffix
        suffix = suffix if len(suffix) <= EXTENSION_CHARS else ""
        base = base[: FILENAME_CHARS - len(suffix)].rstrip() + suffix
    return base or "resume"


# A text file made of nothing but these bytes is blank: ASCII whitespace, the NULs of UTF-16/32 whitespace
# and the bytes of their byte-order marks.
BLANK_TEXT_BYTES = b" \t\r\n\x0b\x0c\x00\xef\xbb\xbf\xff\xfe"


def check_upload(data: bytes, settings: Settings) -> str:
    """The content type of an acceptable upload, or the 4xx error that says what is wrong with it."""
    if not data:
        raise Unprocessable(
            "the uploaded file is empty", details=[{"field": "file", "problem": "empty file"}]
        )
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(
            f"the file is larger than the {settings.max_upload_bytes} byte limit",
            details=field_problem(
                "file", "larger than the upload limit", limit_bytes=settings.max_upload_bytes
            ),
        )
    content_type = detect_content_type(data)
    if content_type not in ACCEPTED_TYPES:
        # Named when the bytes say what it is: a .doc, an RTF or a photo of the resume are common mistakes,
        # and "not a PDF, DOCX or plain-text resume" alone left the user guessing what was wrong with it.
        kind = binary_kind(data)
        raise UnsupportedMediaType(
            "the file is not a PDF, DOCX or plain-text resume" + (f" (it is {kind})" if kind else ""),
            details=field_problem(
                "file", "not a PDF, DOCX or plain-text file", accepted=sorted(ACCEPTED_TYPES.values())
            ),
        )
    if content_type == TEXT and not data.strip(BLANK_TEXT_BYTES):
        # Refused now like an empty file: it was accepted (202) and failed in the worker a moment later.
        raise Unprocessable(
            "the uploaded text file contains no text",
            details=[{"field": "file", "problem": "only whitespace"}],
        )
    return content_type


def refuse_zip_bomb(data: bytes) -> None:
    """A DOCX that inflates past the limit is a 422 now, before it is stored or queued.

    Inflated in 64 KiB chunks and counted, stopping at the limit: the API's memory stays bounded whatever
    the archive claims. Other damage is left to the worker, which fails the resume with the reason.
    """
    try:
        check_docx_package(data)
    except ExtractionError as error:
        if error.code == "zip_bomb":
            raise Unprocessable(error.reason, details=[{"field": "file", "problem": error.reason}]) from None


def storage_unwritable(settings: Settings, error: OSError, doing: str) -> ServiceUnavailable:
    """The 503 of a storage that refuses a write or a removal (full, read-only, not writable by the app's
    user, STORAGE_DIR not a directory), logged with STORAGE_DIR and the system's reason, never a file's path.
    It was answered and logged as "the database is unavailable" (OSError is among the database's faults),
    which sent the operator to a Postgres that was fine."""
    log.error(
        "cannot %s under STORAGE_DIR %s: %s",
        doing,
        settings.storage_dir,
        error.strerror or type(error).__name__,
    )
    return ServiceUnavailable(
        "the resume storage cannot be written; try again later", code="storage_unavailable"
    )


async def remove_stored_files(settings: Settings, stored: list[str]) -> None:
    """Remove stored files, or the storage's 503. Called before the transaction that deletes their rows
    commits: a removal refused leaves the rows (the request can be repeated) where, run after the commit, it
    left the files on the storage with no row to find them by (an erased candidate's resume among them)."""
    try:
        for path in stored:
            await asyncio.to_thread(remove_file, settings.storage_dir, path)
    except OSError as error:
        raise storage_unwritable(settings, error, "remove a stored file") from None


async def accept_upload(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    filename: str | None,
    data: bytes,
    uploaded_by: uuid.UUID | None = None,
    actor: str | None = None,
) -> tuple[Resume, bool]:
    """Store the file and queue it for parsing; the same bytes again return the existing resume.

    Either way the upload is written to the audit log (ids, type and size; never the file's name).
    """
    # In a thread: telling a legacy-encoded text's code page takes a third of a second on a 10 MB file,
    # which on the event loop held up every other request of the API for as long.
    content_type = await asyncio.to_thread(check_upload, data, settings)
    if content_type == DOCX:
        await asyncio.to_thread(refuse_zip_bomb, data)
    FILE_UPLOAD_SIZE.observe(len(data))
    # The file is on disk before its row exists, so a queued row always has its file.
    try:
        sha256, path = await asyncio.to_thread(store_bytes, settings.storage_dir, data)
    except OSError as error:
        raise storage_unwritable(settings, error, "store an upload") from None
    async with sessions.begin() as session:
        inserted = await session.scalar(
            insert(Resume)
            .values(
                original_filename=clean_filename(filename),
                content_type=content_type,
                size_bytes=len(data),
                sha256=sha256,
                storage_path=str(path),
                uploaded_by=uploaded_by,
            )
            .on_conflict_do_nothing(index_elements=["sha256"])
            .returning(Resume.id)
        )
        if inserted is not None:
            await queue.notify_workers(session)
        resume_id = inserted or await session.scalar(select(Resume.id).where(Resume.sha256 == sha256))
        resume = await session.get(Resume, resume_id)
        if resume is not None:
            session.add(
                AuditLog(
                    actor=actor,
                    action="resume.upload",
                    entity_type="resume",
                    entity_id=str(resume.id),
                    details={
                        "content_type": content_type,
                        "size_bytes": len(data),
                        "duplicate": inserted is None,
                    },
                )
            )
    if resume is None:  # deleted between our insert attempt and the read: take it as new once more
        return await accept_upload(sessions, settings, filename, data, uploaded_by, actor)
    return resume, inserted is None


async def get_resume(sessions: async_sessionmaker[AsyncSession], resume_id: uuid.UUID) -> Resume:
    async with sessions() as session:
        resume = await session.get(Resume, resume_id)
    if resume is None:
        raise NotFound(f"no resume with id {resume_id}")
    return resume


async def original_file(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, resume_id: uuid.UUID
) -> tuple[Path, str, str]:
    """The stored file of a resume as uploaded: its path, the name to offer and its content type."""
    resume = await get_resume(sessions, resume_id)
    if not await asyncio.to_thread(is_stored, settings.storage_dir, resume.storage_path):
        raise NotFound(f"the original file of resume {resume_id} is no longer stored")
    return Path(resume.storage_path), resume.original_filename, resume.content_type


async def list_resumes(
    sessions: async_sessionmaker[AsyncSession],
    limit: int,
    offset: int,
    status: ParsingStatus | None,
    cursor: str | None = None,
) -> tuple[list[Resume], int, str | None]:
    """A page of resumes, newest first, optionally of one status; the total and the next page's cursor.

    The cursor goes on after the page's last resume (upload time, then id), so resumes uploaded meanwhile,
    which come first, move nothing onto the next page: by offset, each one repeated a resume there."""
    query = select(Resume)
    count = select(func.count()).select_from(Resume)
    if status is not None:
        query = query.where(Resume.parsing_status == status)
        count = count.where(Resume.parsing_status == status)
    if cursor is not None:
        created_at, last_id = read_position(cursor, "/api/v1/resumes")
        query = query.where(
            or_(
                Resume.created_at < created_at,
                and_(Resume.created_at == created_at, Resume.id > last_id),
            )
        )
    async with sessions() as session:
        total = await session.scalar(count) or 0
        rows = list(
            await session.scalars(
                query.order_by(Resume.created_at.desc(), Resume.id).limit(limit + 1).offset(offset)
            )
        )
    rows, next_cursor = page_and_cursor(rows, limit, lambda resume: resume)
    return rows, total, next_cursor


async def reprocess(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, resume_id: uuid.UUID
) -> Resume:
    """Queue a resume for parsing again, unless a worker holds it right now or its file is gone (a queued
    resume without its file could only fail, and would leave its last good parse marked failed)."""
    async with sessions.begin() as session:
        resume = await session.get(Resume, resume_id, with_for_update=True)
        if resume is None:
            raise NotFound(f"no resume with id {resume_id}")
        if resume.parsing_status == ParsingStatus.PROCESSING:
            raise Conflict(
                "the resume is being parsed right now; try again when it has finished",
                details=field_problem("id", "being parsed right now"),
            )
        if not await asyncio.to_thread(is_stored, settings.storage_dir, resume.storage_path):
            raise Conflict(
                f"the original file of resume {resume_id} is no longer stored: upload it again",
                details=field_problem("id", "file no longer stored"),
            )
        await queue.enqueue_again(session, resume_id)
    return await get_resume(sessions, resume_id)


async def delete_resume(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    resume_id: uuid.UUID,
    actor: str | None = None,
) -> None:
    """Remove the resume row, then its file; the candidate it produced stays, and its index document is
    written again without the resume's text (another resume's, when it has one). Written to the audit log."""
    async with sessions.begin() as session:
        resume = await session.get(Resume, resume_id, with_for_update=True)
        if resume is None:
            raise NotFound(f"no resume with id {resume_id}")
        stored, candidate_id = resume.storage_path, resume.candidate_id
        await session.delete(resume)
        if candidate_id is not None:
            # No trigger watches resumes: touched, the candidate's version and outbox row take the text out of
            # the index, where the deleted resume's words went on finding the candidate.
            await session.execute(
                update(Candidate).where(Candidate.id == candidate_id).values(updated_at=func.now())
            )
        session.add(
            AuditLog(actor=actor, action="resume.delete", entity_type="resume", entity_id=str(resume_id))
        )
        await remove_stored_files(settings, [stored])
