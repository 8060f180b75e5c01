"""The labelled corpus: every LiveCareer PDF through the real pipeline into a persistent scratch database.

Each file goes through what the worker runs (`app.resumes.processing.extract_and_parse`: extraction and
the offline parser, in a process pool), then `app.candidates.ingest.apply_parsed_resume` stores the
candidate in the same transaction as its completed resume row. The file's category (its folder) goes to
the side table `bench_labels`. The resume row points at the file in ../shared/data: nothing is copied.

Built once (about ten minutes on two cores) and kept: later runs find `bench_meta.complete` and reuse it.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.candidates.ingest import apply_parsed_resume
from app.db import create_engine
from app.models import ParsingStatus, Resume
from app.parsing.extract import ExtractionError
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.processing import extract_and_parse
from app.settings import Settings
from benchmarks.corpus.database import (
    create_database,
    database_exists,
    drop_database,
    migrate_database,
    plain_url,
)

# The worker's own time limit per file.
PARSE_TIME_LIMIT = 60.0
# Files in flight at once: enough to keep both pool processes busy while the database writes.
IN_FLIGHT = 6

SIDE_TABLES = """
CREATE TABLE IF NOT EXISTS bench_labels (
    resume_id uuid PRIMARY KEY,
    candidate_id uuid,
    category text NOT NULL,
    path text NOT NULL
);
CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL);
"""


def _process(path: str) -> tuple[str, dict[str, Any] | None, str | None]:
    """Runs in a pool process: the worker's extraction and offline parse, or the refusal's message."""
    try:
        extracted, parsed = extract_and_parse(path, True, PARSE_TIME_LIMIT)
    except ExtractionError as error:
        return "", None, str(error)
    return extracted, parsed, None


async def _store(
    sessions: async_sessionmaker[AsyncSession], path: Path, root: Path, extracted: str, parsed_data: dict
) -> None:
    data = path.read_bytes()
    parsed = ParsedResume.model_validate(parsed_data)
    async with sessions.begin() as session:
        resume = Resume(
            original_filename=path.name,
            content_type="application/pdf",
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_path=str(path),
            extracted_text=extracted,
            parsed_data=parsed_data,
            parsing_status=ParsingStatus.COMPLETED,
            parser_name=RuleBasedResumeParser.name,
            parser_version=RuleBasedResumeParser.version,
        )
        session.add(resume)
        await session.flush()
        candidate_id = await apply_parsed_resume(session, resume, parsed)
        await session.execute(
            text(
                "INSERT INTO bench_labels (resume_id, candidate_id, category, path) "
                "VALUES (:r, :c, :category, :path)"
            ),
            {
                "r": resume.id,
                "c": candidate_id,
                "category": path.parent.name,
                "path": str(path.relative_to(root)),
            },
        )
        await session.execute(
            text("UPDATE resumes SET processed_at = now(), candidate_id = :c WHERE id = :r"),
            {"r": resume.id, "c": candidate_id},
        )


async def ingest(url: str, files: list[Path], root: Path, workers: int) -> dict[str, Any]:
    """Every file through extraction, parsing and the candidate upsert; counts and seconds."""
    settings = Settings(database_url=url)
    engine = create_engine(settings)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    stored = refused = duplicates = 0
    seen: set[str] = set()
    try:
        with ProcessPoolExecutor(workers) as pool:
            pending: set[asyncio.Future[tuple[str, dict[str, Any] | None, str | None]]] = set()
            owners: dict[asyncio.Future[Any], Path] = {}
            queue = list(reversed(files))
            while queue or pending:
                while queue and len(pending) < IN_FLIGHT:
                    path = queue.pop()
                    future = loop.run_in_executor(pool, _process, str(path))
                    owners[future] = path
                    pending.add(future)
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for future in done:
                    path = owners.pop(future)
                    extracted, parsed, error = future.result()
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    if error is not None or parsed is None:
                        refused += 1
                        continue
                    if digest in seen:
                        duplicates += 1
                        continue
                    seen.add(digest)
                    await _store(sessions, path, root, extracted, parsed)
                    stored += 1
                    if stored % 250 == 0:
                        rate = stored / (time.perf_counter() - started)
                        print(f"  {stored}/{len(files)} resumes stored ({rate:.1f}/s)", file=sys.stderr)
    finally:
        await engine.dispose()
    return {
        "files": len(files),
        "stored": stored,
        "refused": refused,
        "duplicate_files": duplicates,
        "seconds": round(time.perf_counter() - started, 1),
    }


async def read_labels(connection: asyncpg.Connection) -> dict[str, set[str]]:
    """Each labelled candidate's categories (the folders its resume was filed under), for scoring only."""
    labels: dict[str, set[str]] = {}
    for row in await connection.fetch("SELECT candidate_id, category FROM bench_labels"):
        labels.setdefault(str(row["candidate_id"]), set()).add(row["category"])
    return labels


async def ensure_labelled_database(
    settings: Settings, name: str, root: Path, rebuild: bool, workers: int
) -> tuple[str, dict[str, Any]]:
    """The persistent labelled database (built when missing, incomplete or asked to): URL, build facts."""
    if rebuild or (await database_exists(settings, name) and not await _complete(settings, name)):
        await drop_database(settings, name)
    if await database_exists(settings, name):
        url = f"{settings.database_url.rsplit('/', 1)[0]}/{name}"
        # Kept from an earlier run, maybe before the newest migrations: the code reads today's schema.
        await migrate_database(url, name)
        connection = await asyncpg.connect(plain_url(url))
        try:
            facts = {row["key"]: row["value"] for row in await connection.fetch("SELECT * FROM bench_meta")}
        finally:
            await connection.close()
        return url, {"reused": True, **facts}
    files = sorted(root.glob("*/*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs under {root}")
    print(f"building {name}: {len(files)} resumes through extraction + offline parser", file=sys.stderr)
    url = await create_database(settings, name)
    connection = await asyncpg.connect(plain_url(url))
    try:
        await connection.execute(SIDE_TABLES)
    finally:
        await connection.close()
    facts = await ingest(url, files, root, workers)
    connection = await asyncpg.connect(plain_url(url))
    try:
        await connection.execute("UPDATE index_outbox SET processed_at = now()")
        await connection.executemany(
            "INSERT INTO bench_meta (key, value) VALUES ($1, $2)",
            [(key, str(value)) for key, value in facts.items()] + [("complete", "yes")],
        )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return url, {"reused": False, **{k: str(v) for k, v in facts.items()}}


async def reparse(url: str) -> dict[str, Any]:
    """Every stored resume's text through the offline parser again, candidates updated in place.

    For a changed parser or skills catalogue: the PDFs are not extracted again, so this takes a couple of
    minutes where --rebuild takes ten or more. The labels and candidate ids stay as they were.
    """
    engine = create_engine(Settings(database_url=url))
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    parser = RuleBasedResumeParser()
    started = time.perf_counter()
    try:
        async with sessions() as session:
            ids = (
                await session.scalars(
                    select(Resume.id)
                    .where(Resume.parsing_status == ParsingStatus.COMPLETED)
                    .order_by(Resume.created_at)
                )
            ).all()
        for resume_id in ids:
            async with sessions.begin() as session:
                resume = await session.get(Resume, resume_id)
                if resume is None or resume.extracted_text is None:
                    continue
                parsed = parser.parse(resume.extracted_text)
                resume.parsed_data = parsed.model_dump(mode="json")
                await apply_parsed_resume(session, resume, parsed)
    finally:
        await engine.dispose()
    connection = await asyncpg.connect(plain_url(url))
    try:
        await connection.execute("UPDATE index_outbox SET processed_at = now() WHERE processed_at IS NULL")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return {"reparsed": len(ids), "seconds": round(time.perf_counter() - started, 1)}


async def _complete(settings: Settings, name: str) -> bool:
    url = f"{settings.database_url.rsplit('/', 1)[0]}/{name}"
    connection = await asyncpg.connect(plain_url(url))
    try:
        return bool(
            await connection.fetchval(
                "SELECT to_regclass('bench_meta') IS NOT NULL "
                "AND EXISTS (SELECT 1 FROM bench_meta WHERE key = 'complete')"
            )
        )
    except asyncpg.PostgresError:
        return False
    finally:
        await connection.close()
