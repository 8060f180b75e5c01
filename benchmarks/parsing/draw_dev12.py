"""Draw dev-12 (issue 16, session 34b): 25 resumes of ``updated_resume_dataset.csv`` outside dev-2 and dev-11.

The pool is ``draw_dev11``'s (the CSV's distinct texts, by ``resume_key``, with a ``company - X`` line,
without dev-2's 50) without dev-11's 25 (91 left). 25 are drawn with ``random.Random(3412).sample`` over the
(key, text) pairs sorted by key; each is annotated from its repaired text (``clean_text``).

``python -m benchmarks.parsing.draw_dev12`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.parsing.extract import clean_text
from benchmarks.parsing import draw_dev11
from benchmarks.parsing.accuracy import DEV11_GOLD
from benchmarks.parsing.draw_dev8 import run

SEED = 3412
SIZE = 25


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the CSV's texts with a company line outside dev-2 and dev-11, the drawn ones, repaired)."""
    pool, _ = draw_dev11.draw(root)
    dev11 = set(json.loads(DEV11_GOLD.read_text(encoding="utf-8"))) - {"meta"}
    left = [(key, text) for key, text in pool if key not in dev11]
    drawn = random.Random(SEED).sample(left, SIZE)
    return left, [(key, clean_text(text)) for key, text in drawn]


if __name__ == "__main__":
    run(draw, __doc__)
