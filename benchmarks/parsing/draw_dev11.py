"""Draw dev-11 (issue 16, session 34): 25 resumes of ``updated_resume_dataset.csv`` outside dev-2, blind.

The pool is the CSV's distinct texts (by ``resume_key``) with a ``company - X`` line, as dev-2's was, without
dev-2's 50 (116 left). 25 are drawn with ``random.Random(34).sample`` over the (key, text) pairs sorted by
key; each is annotated from its repaired text (``clean_text``).

``python -m benchmarks.parsing.draw_dev11`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

from app.parsing.extract import clean_text
from benchmarks.parsing.accuracy import DEV2_GOLD, resume_key
from benchmarks.parsing.draw_dev8 import run

SEED = 34
SIZE = 25
_COMPANY_LINE = re.compile(r"company - ", re.IGNORECASE)


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the CSV's texts with a company line outside dev-2, the drawn ones, repaired)."""
    csv.field_size_limit(sys.maxsize)
    texts: dict[str, str] = {}
    with (root / "resumes" / "updated_resume_dataset.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.setdefault(resume_key(row["Resume"]), row["Resume"])
    dev2 = set(json.loads(DEV2_GOLD.read_text(encoding="utf-8")))
    left = sorted(
        (key, text) for key, text in texts.items() if _COMPANY_LINE.search(text) and key not in dev2
    )
    drawn = random.Random(SEED).sample(left, SIZE)
    return left, [(key, clean_text(text)) for key, text in drawn]


if __name__ == "__main__":
    run(draw, __doc__)
