"""Draw dev-16 (issue 16, session 36): 25 more LiveCareer PDFs, outside dev-13 and dev-14, blind.

The pool is ``draw_dev13``'s (every PDF under ``resumes/livecareer/<CATEGORY>/``, sorted by path) without
dev-13's and dev-14's 25 keys each (``dev13_gold.json``, ``dev14_gold.json``), removed before the draw (2,434
left); 25 are drawn from it with ``random.Random(3616).sample``. Keys and text as dev-13's:
``<CATEGORY>_<file stem>``, the product's extraction (``livecareer_text``).

``python -m benchmarks.parsing.draw_dev16`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.parsing.accuracy import DEV13_GOLD, DEV14_GOLD
from benchmarks.parsing.draw_dev8 import run
from benchmarks.parsing.draw_dev14 import draw_livecareer

SEED = 3616


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(every LiveCareer PDF outside dev-13 and dev-14 as (key, path), the 25 drawn as (key, text))."""
    return draw_livecareer(root, (DEV13_GOLD, DEV14_GOLD), SEED)


if __name__ == "__main__":
    run(draw, __doc__)
