"""The CPU-bound part of a job, run in a worker subprocess: read the stored file, extract, parse offline."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.logs import setup_logging
from app.parsing.extract import DEFAULT_LIMITS, extract_text
from app.parsing.rule_based import RuleBasedResumeParser

_PARSER = RuleBasedResumeParser()

# How often a parsing subprocess checks that the worker that started it is still there.
PARENT_CHECK_SECONDS = 1.0


def start_subprocess(log_level: str, worker: int) -> None:
    """A parsing subprocess's start: the worker's JSON log lines, and an end of its own once the worker is
    gone. A worker killed alone (the OOM killer, `kill -9` of its pid) left its subprocesses running for good,
    reparented to init, about 100 MB each; the pool's pipes never tell them, as each holds both ends."""
    setup_logging(log_level)
    threading.Thread(target=_exit_without, args=(worker,), name="exit-without-worker", daemon=True).start()


def _exit_without(worker: int) -> None:
    while os.getppid() == worker:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # mid-parse too: the job's lease runs out and another worker takes it over


def extract_and_parse(path: str, parse_offline: bool, time_limit: float) -> tuple[str, dict[str, Any] | None]:
    """Text of the stored file and, when asked, its offline parse as plain data (it crosses processes)."""
    data = Path(path).read_bytes()
    extracted = extract_text(data, replace(DEFAULT_LIMITS, timeout_seconds=time_limit))
    parsed = _PARSER.parse(extracted.text).model_dump(mode="json") if parse_offline else None
    return extracted.text, parsed


def parse_offline(text: str) -> dict[str, Any]:
    """The offline parse of text already extracted, as plain data: where Claude's reading will not come."""
    return _PARSER.parse(text).model_dump(mode="json")
