"""Draw dev-13 (issue 16, session 34c): 25 LiveCareer PDFs, the product's largest real corpus, blind.

The pool is every PDF under ``resumes/livecareer/<CATEGORY>/`` (2,484 files), sorted by path; 25 are drawn
with ``random.Random(3413).sample``. A resume's key is ``<CATEGORY>_<file stem>``; its text is extracted as
the product extracts an upload (``app.parsing.extract.extract_text``: pypdf, columns, ``clean_text``).

``python -m benchmarks.parsing.draw_dev13`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.parsing.accuracy import livecareer_key, livecareer_text
from benchmarks.parsing.draw_dev8 import run

SEED = 3413
SIZE = 25


def livecareer_pool(root: Path) -> list[Path]:
    """Every LiveCareer PDF, sorted by path."""
    return sorted((root / "resumes" / "livecareer").glob("*/*.pdf"))


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(every LiveCareer PDF as (key, path), the 25 drawn as (key, extracted text))."""
    pool = livecareer_pool(root)
    drawn = random.Random(SEED).sample(pool, SIZE)
    return [(livecareer_key(path), str(path)) for path in pool], [
        (livecareer_key(path), livecareer_text(path)) for path in drawn
    ]


if __name__ == "__main__":
    run(draw, __doc__)
