"""Every LiveCareer PDF through extraction and the offline parser, in a process pool: speed and failures."""

from __future__ import annotations

import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from app.parsing.extract import ExtractionError, extract_text
from app.parsing.rule_based import RuleBasedResumeParser


@dataclass
class Throughput:
    """Totals for the report."""

    files: int = 0
    parsed: int = 0
    workers: int = 1
    wall_seconds: float = 0.0
    extract_seconds: float = 0.0
    parse_seconds: float = 0.0
    failures: Counter[str] = field(default_factory=Counter)
    unhandled: Counter[str] = field(default_factory=Counter)
    jobs_found: int = 0
    with_skills: int = 0

    @property
    def per_second(self) -> float:
        return self.files / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def per_core(self) -> float:
        return self.per_second / self.workers

    @property
    def per_busy_core_second(self) -> float:
        busy = self.extract_seconds + self.parse_seconds
        return self.files / busy if busy else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "parsed": self.parsed,
            "workers": self.workers,
            "wall_seconds": round(self.wall_seconds, 1),
            "resumes_per_second": round(self.per_second, 2),
            "resumes_per_second_per_core": round(self.per_core, 2),
            "resumes_per_busy_core_second": round(self.per_busy_core_second, 2),
            "extract_seconds_mean": round(self.extract_seconds / self.files, 4) if self.files else None,
            "parse_seconds_mean": round(self.parse_seconds / self.parsed, 4) if self.parsed else None,
            "failures": dict(self.failures.most_common()),
            "unhandled_errors": dict(self.unhandled.most_common()),
            "resumes_with_jobs": self.jobs_found,
            "resumes_with_skills": self.with_skills,
        }


def _one(path: str) -> tuple[str | None, str | None, float, float, int, int]:
    """(failure reason, unhandled error, extract s, parse s, jobs, skills) for one file, in a worker."""
    started = time.perf_counter()
    try:
        text = extract_text(Path(path).read_bytes()).text
    except ExtractionError as error:
        return error.reason, None, time.perf_counter() - started, 0.0, 0, 0
    except Exception as error:  # the point of the benchmark is to find these
        return (
            None,
            f"extract: {type(error).__name__}: {error}"[:200],
            time.perf_counter() - started,
            0.0,
            0,
            0,
        )
    extracted = time.perf_counter()
    try:
        resume = RuleBasedResumeParser().parse(text)
    except Exception as error:
        return None, f"parse: {type(error).__name__}: {error}"[:200], extracted - started, 0.0, 0, 0
    return (
        None,
        None,
        extracted - started,
        time.perf_counter() - extracted,
        len(resume.work_experience),
        len(resume.skills),
    )


def livecareer_files(root: Path, limit: int | None = None) -> list[Path]:
    """All LiveCareer PDFs, or an evenly spread sample of ``limit`` of them (every category represented)."""
    files = sorted((root / "resumes" / "livecareer").glob("*/*.pdf"))
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(index * step)] for index in range(limit)]
    return files


def run(root: Path, limit: int | None = None, workers: int | None = None) -> Throughput:
    """Extract and parse the files with one worker process per core."""
    files = livecareer_files(root, limit)
    result = Throughput(files=len(files), workers=workers or os.cpu_count() or 1)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=result.workers) as pool:
        for reason, unhandled, extract_s, parse_s, jobs, skills in pool.map(
            _one, [str(path) for path in files], chunksize=8
        ):
            result.extract_seconds += extract_s
            result.parse_seconds += parse_s
            if reason:
                result.failures[reason] += 1
            elif unhandled:
                result.unhandled[unhandled] += 1
            else:
                result.parsed += 1
                result.jobs_found += jobs > 0
                result.with_skills += skills > 0
    result.wall_seconds = time.perf_counter() - started
    return result
