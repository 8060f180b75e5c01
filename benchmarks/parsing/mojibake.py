"""Rows of the resume CSV with mojibake before and after the extractor's text repair."""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ftfy.badness import is_bad

from app.parsing.extract import clean_text

# UTF-8 read as Latin-1/cp1252: a lead byte shown as Â/Ã/â/ï followed by a continuation byte shown
# as a C1 control, a Latin-1 symbol or a cp1252 punctuation mark ("â€™", "Ã©", "â\x80¢", "Â ").
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
MARKERS = re.compile(f"[ÂÃâï][{_CONTINUATION}]")


@dataclass
class Mojibake:
    """Counts for the report."""

    rows: int = 0
    marked_before: int = 0
    marked_after: int = 0
    ftfy_bad_before: int = 0
    ftfy_bad_after: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def run(root: Path, limit: int | None = None) -> Mojibake:
    """Count rows with mojibake markers (and rows ftfy calls bad) before and after ``clean_text``."""
    csv.field_size_limit(sys.maxsize)
    result = Mojibake()
    with (root / "resumes" / "updated_resume_dataset.csv").open(encoding="utf-8") as handle:
        for index, row in enumerate(csv.DictReader(handle)):
            if limit and index >= limit:
                break
            raw = row["Resume"]
            repaired = clean_text(raw)
            result.rows += 1
            result.marked_before += bool(MARKERS.search(raw))
            result.marked_after += bool(MARKERS.search(repaired))
            result.ftfy_bad_before += is_bad(raw)
            result.ftfy_bad_after += is_bad(repaired)
    return result
