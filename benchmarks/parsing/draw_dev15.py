"""Draw dev-15 (issue 16, session 35b): 25 resumes of ``updated_resume_dataset.csv`` outside dev-2, 11, 12.

The pool is ``draw_dev12``'s (the CSV's distinct texts, by ``resume_key``, with a ``company - X`` line,
outside dev-2 and dev-11) without dev-12's 25 (66 left). 25 are drawn with ``random.Random(3515).sample``
over the (key, text) pairs sorted by key; each is annotated from its repaired text (``clean_text``).

``python -m benchmarks.parsing.draw_dev15`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.parsing.extract import clean_text
from benchmarks.parsing import draw_dev12
from benchmarks.parsing.accuracy import DEV12_GOLD
from benchmarks.parsing.draw_dev8 import run

SEED = 3515
SIZE = 25


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the CSV's texts with a company line outside dev-2, dev-11 and dev-12, the drawn ones, repaired)."""
    pool, _ = draw_dev12.draw(root)
    dev12 = set(json.loads(DEV12_GOLD.read_text(encoding="utf-8"))) - {"meta"}
    left = [(key, text) for key, text in pool if key not in dev12]
    drawn = random.Random(SEED).sample(left, SIZE)
    return left, [(key, clean_text(text)) for key, text in drawn]


if __name__ == "__main__":
    run(draw, __doc__)
