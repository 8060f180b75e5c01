"""Draw dev-14 (issue 16, session 35): 25 more LiveCareer PDFs, outside dev-13, blind.

The pool is ``draw_dev13``'s (every PDF under ``resumes/livecareer/<CATEGORY>/``, sorted by path) without
dev-13's 25 keys (``dev13_gold.json``), removed before the draw (2,459 left); 25 are drawn from it with
``random.Random(3514).sample``. Keys and text as dev-13's: ``<CATEGORY>_<file stem>``, the product's
extraction (``livecareer_text``).

``python -m benchmarks.parsing.draw_dev14`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.parsing.accuracy import DEV13_GOLD, livecareer_key, livecareer_text
from benchmarks.parsing.draw_dev8 import keys_of, run
from benchmarks.parsing.draw_dev13 import livecareer_pool

SEED = 3514
SIZE = 25


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(every LiveCareer PDF outside dev-13 as (key, path), the 25 drawn as (key, extracted text))."""
    return draw_livecareer(root, (DEV13_GOLD,), SEED)


def draw_livecareer(
    root: Path, golds: tuple[Path, ...], seed: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(every LiveCareer PDF in none of `golds` as (key, path), SIZE of them drawn with `seed` as (key,
    extracted text))."""
    used = keys_of(golds)
    left = [path for path in livecareer_pool(root) if livecareer_key(path) not in used]
    drawn = random.Random(seed).sample(left, SIZE)
    return [(livecareer_key(path), str(path)) for path in left], [
        (livecareer_key(path), livecareer_text(path)) for path in drawn
    ]


if __name__ == "__main__":
    run(draw, __doc__)
