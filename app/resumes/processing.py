"""The CPU-bound part of a job, run in a worker subprocess: read the stored file, extract, parse offline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from app.parsing.extract import DEFAULT_LIMITS, extract_text
from app.parsing.rule_based import RuleBasedResumeParser

_PARSER = RuleBasedResumeParser()


def extract_and_parse(path: str, parse_offline: bool, time_limit: float) -> tuple[str, dict[str, Any] | None]:
    """Text of the stored file and, when asked, its offline parse as plain data (it crosses processes)."""
    data = Path(path).read_bytes()
    extracted = extract_text(data, replace(DEFAULT_LIMITS, timeout_seconds=time_limit))
    parsed = _PARSER.parse(extracted.text).model_dump(mode="json") if parse_offline else None
    return extracted.text, parsed


def parse_offline(text: str) -> dict[str, Any]:
    """The offline parse of text already extracted, as plain data: where Claude's reading will not come."""
    return _PARSER.parse(text).model_dump(mode="json")
