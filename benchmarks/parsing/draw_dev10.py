"""Draw dev-10 (issue 16, round 25): the Indeed resumes of the resparserok 0.0.7 sdist left after dev-9.

The pool is ``draw_dev8.pool``: the distinct texts (by SHA-256) of the sdist's ``traindata.json`` that share
neither their first 200 normalised characters nor any 100-character window of their first 2,000 with one of
the 220 DataTurks texts (compared by machine; no DataTurks text is printed or its split looked up), with an
Indeed WORK EXPERIENCE section and a "Month Year to" range (275 texts). Left out: every text of dev-3 to
dev-9 (their gold keys; dev-9 is the 30 texts round 24 drew) and the 60 texts round 19 parsed and read as
an unlabelled pool (``draw_dev8.ROUND19_POOL``). All of the rest are taken; were more than ``SIZE`` left,
``random.Random(25).sample`` of ``SIZE`` over the (key, text) pairs sorted by key would be drawn.

``python -m benchmarks.parsing.draw_dev10`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.parsing.accuracy import (
    DEV3_GOLD,
    DEV4_GOLD,
    DEV5_GOLD,
    DEV6_GOLD,
    DEV7_GOLD,
    DEV8_GOLD,
    DEV9_GOLD,
)
from benchmarks.parsing.draw_dev8 import ROUND19_POOL, keys_of, left_after, run

SEED = 25
SIZE = 21


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the pool left after dev-3 to dev-9 and round 19's 60, the drawn texts: all of them up to ``SIZE``)."""
    left = left_after(
        root,
        set(ROUND19_POOL)
        | keys_of((DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD, DEV8_GOLD, DEV9_GOLD)),
    )
    if len(left) <= SIZE:
        return left, list(left)
    return left, random.Random(SEED).sample(left, SIZE)


if __name__ == "__main__":
    run(draw, __doc__)
