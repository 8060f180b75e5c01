"""Bulk-load a generated corpus into Postgres with COPY, a chunk at a time, in bounded memory.

Chunks of candidates are generated in a process pool (each candidate is a pure function of seed and
index) and written with asyncpg's `copy_records_to_table`, one COPY per table per chunk, at most
`workers + 1` chunks alive at once. The outbox triggers are switched off for the load (a bulk load would
otherwise write, and the indexer later replay, one outbox row per candidate): `SET session_replication_role
= replica` where the role may, else `ALTER TABLE ... DISABLE TRIGGER USER` on the four tables (the table
owner may; foreign keys stay checked). The index is then built with `hr-indexer reindex`, which reads the
tables themselves and needs no outbox.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg
import orjson

from benchmarks.corpus.generate import Candidate, World, parsed_data, resume_text, text_digest
from benchmarks.corpus.onet import load_occupations

CHUNK_SIZE = 5_000
TRIGGERED_TABLES = ("candidates", "work_experience", "education", "candidate_skills")
PARSER_NAME = "corpus"
PARSER_VERSION = "1"

COLUMNS: dict[str, tuple[str, ...]] = {
    "candidates": (
        "id", "full_name", "email", "phone", "location", "current_title", "current_company",
        "total_experience_years", "summary", "is_active", "version", "created_at", "updated_at",
    ),
    "work_experience": (
        "candidate_id", "position", "company", "company_key", "department", "title", "location",
        "start_date", "end_date", "is_current", "description",
    ),
    "education": (
        "candidate_id", "position", "institution", "degree", "field_of_study", "start_date", "end_date",
        "graduation_year",
    ),
    "candidate_skills": ("candidate_id", "skill_id", "years", "last_used"),
    "resumes": (
        "id", "candidate_id", "original_filename", "content_type", "size_bytes", "sha256", "storage_path",
        "extracted_text", "parsed_data", "parsing_status", "parser_name", "parser_version", "created_at",
        "updated_at", "processed_at",
    ),
}  # fmt: skip

Rows = dict[str, list[tuple[Any, ...]]]

_WORLD: World | None = None
_SKILL_IDS: dict[str, int] = {}


def skill_catalogue(world: World) -> dict[str, int]:
    """Every skill any occupation may give, with a fixed id (alphabetical), so chunks agree on ids."""
    names = sorted({name for occupation in world.occupations for name in occupation.skills})
    return {name: position + 1 for position, name in enumerate(names)}


def candidate_rows(candidate: Candidate, skill_ids: dict[str, int], with_resume: bool) -> Rows:
    """One candidate as rows of each table, in COLUMNS order."""
    cid = candidate.id
    created = candidate.updated_at
    rows: Rows = {
        "candidates": [
            (
                cid, candidate.full_name, candidate.email, candidate.phone, candidate.location,
                candidate.current_title, candidate.current_company, Decimal(str(candidate.total_years)),
                candidate.summary, True, 1, created, created,
            )
        ],
        "work_experience": [
            (
                cid, position, job.company, job.company_key, job.department, job.title, job.location,
                job.start, job.end, job.is_current, job.description,
            )
            for position, job in enumerate(reversed(candidate.jobs))
        ],
        "education": [
            (cid, position, s.institution, s.degree, s.field, s.start, s.end, s.end.year)
            for position, s in enumerate(candidate.schools)
        ],
        "candidate_skills": [
            (cid, skill_ids[name], Decimal(str(years)), last_used)
            for name, (years, last_used) in candidate.skills.items()
        ],
        "resumes": [],
    }  # fmt: skip
    if with_resume:
        text = resume_text(candidate)
        digest = text_digest(text)
        rows["resumes"].append(
            (
                uuid.UUID(int=cid.int ^ 1, version=4), cid, f"{candidate.full_name.replace(' ', '_')}.txt",
                "text/plain", len(text.encode()), digest, f"corpus/{digest}", text,
                orjson.dumps(parsed_data(candidate)).decode(), "completed", PARSER_NAME, PARSER_VERSION,
                created, created, created,
            )
        )  # fmt: skip
    return rows


def _init_worker(seed: int, size: int) -> None:
    global _WORLD, _SKILL_IDS
    _WORLD = World(load_occupations(), seed, size)
    _SKILL_IDS = skill_catalogue(_WORLD)


def generate_chunk(start: int, stop: int, with_resumes: bool) -> tuple[Rows, int]:
    """Rows of candidates [start, stop), in a pool process (its World is built once per process), and the
    process's peak RSS in KiB so far."""
    assert _WORLD is not None
    chunk: Rows = {table: [] for table in COLUMNS}
    for candidate in _WORLD.candidates(start, stop):
        for table, rows in candidate_rows(candidate, _SKILL_IDS, with_resumes).items():
            chunk[table].extend(rows)
    return chunk, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def chunks(total: int, size: int = CHUNK_SIZE) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


@dataclass
class LoadReport:
    candidates: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    trigger_mode: str = ""
    # The loader process (its whole life so far) and the largest generator process.
    peak_rss_mib: float = 0.0
    worker_peak_rss_mib: float = 0.0
    analyze_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.candidates / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "candidates": self.candidates,
            "seconds": round(self.seconds, 2),
            "candidates_per_second": round(self.rate),
            "rows": self.rows,
            "trigger_mode": self.trigger_mode,
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "worker_peak_rss_mib": round(self.worker_peak_rss_mib, 1),
            "analyze_seconds": round(self.analyze_seconds, 2),
        }


async def _triggers_off(connection: asyncpg.Connection) -> str:
    """Switch the outbox triggers off for this load; how it was done (to undo it the same way)."""
    try:
        await connection.execute("SET session_replication_role = replica")
        return "session_replication_role"
    except asyncpg.InsufficientPrivilegeError:
        for table in TRIGGERED_TABLES:
            await connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        return "disable_trigger_user"


async def _triggers_on(connection: asyncpg.Connection, mode: str) -> None:
    if mode == "session_replication_role":
        await connection.execute("RESET session_replication_role")
    else:
        for table in TRIGGERED_TABLES:
            await connection.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


async def load_corpus(
    url: str, candidates: int, seed: int, with_resumes: bool = True, workers: int = 2, quiet: bool = False
) -> LoadReport:
    """Generate and COPY `candidates` candidates into the (migrated, empty) database at url."""
    connection = await asyncpg.connect(url)
    started = time.perf_counter()
    report = LoadReport(candidates=candidates, seconds=0.0, rows=dict.fromkeys(COLUMNS, 0))
    try:
        if await connection.fetchval("SELECT EXISTS (SELECT 1 FROM candidates)"):
            raise SystemExit("the target database already has candidates: load a corpus into an empty one")
        world = World(load_occupations(), seed, candidates)
        skill_ids = skill_catalogue(world)
        report.trigger_mode = await _triggers_off(connection)
        try:
            await connection.copy_records_to_table(
                "skills", records=[(i, name) for name, i in skill_ids.items()], columns=("id", "name")
            )
            await connection.execute("SELECT setval('skills_id_seq', (SELECT max(id) FROM skills))")
            report.rows["skills"] = len(skill_ids)
            loop = asyncio.get_running_loop()
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(seed, candidates)) as pool:
                waiting = list(chunks(candidates))
                waiting.reverse()
                in_flight: list[asyncio.Future[tuple[Rows, int]]] = []
                worker_peak = 0
                done = 0
                while waiting or in_flight:
                    # Bounded memory: at most workers + 1 chunks exist at once.
                    while waiting and len(in_flight) <= workers:
                        start, stop = waiting.pop()
                        in_flight.append(
                            loop.run_in_executor(pool, generate_chunk, start, stop, with_resumes)
                        )
                    chunk, peak = await in_flight.pop(0)
                    worker_peak = max(worker_peak, peak)
                    async with connection.transaction():
                        for table, columns in COLUMNS.items():
                            if chunk[table]:
                                await connection.copy_records_to_table(
                                    table, records=chunk[table], columns=columns
                                )
                                report.rows[table] += len(chunk[table])
                    done += len(chunk["candidates"])
                    del chunk
                    if not quiet:
                        rate = done / (time.perf_counter() - started)
                        print(
                            f"\r  {done:,}/{candidates:,} candidates ({rate:,.0f}/s)", end="", file=sys.stderr
                        )
        finally:
            await _triggers_on(connection, report.trigger_mode)
        if not quiet:
            print(file=sys.stderr)
        report.seconds = time.perf_counter() - started
        analyzed = time.perf_counter()
        await connection.execute("ANALYZE")
        report.analyze_seconds = time.perf_counter() - analyzed
    finally:
        await connection.close()
    report.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.worker_peak_rss_mib = worker_peak / 1024
    return report


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
