"""Draw dev-10 (issue 16, round 25): the Indeed resumes of the resparserok 0.0.7 sdist left after dev-9.

The pool is ``draw_dev8.pool``: the distinct texts (by SHA-256) of the sdist's ``traindata.json`` that share
neither their first 200 normalised characters nor any 100-character window of their first 2,000 with one of
the 220 DataTurks texts (compared by machine; no DataTurks text is printed or its split looked up), with an
Indeed WORK EXPERIENCE section and a "Month Year to" range (275 texts). Left out: every text of dev-3 to
dev-8 (their gold keys), the 60 texts round 19 parsed and read as an unlabelled pool
(``draw_dev8.ROUND19_POOL``) and the 30 texts round 24 drew as dev-9 (``DEV9_KEYS``, copied from the keys of
branch s23-dev9's ``dev9_gold.json`` so that this module works before that branch is merged). All of the rest
are taken; were more than ``SIZE`` left, ``random.Random(25).sample`` of ``SIZE`` over the (key, text) pairs
sorted by key would be drawn.

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
)
from benchmarks.parsing.draw_dev8 import ROUND19_POOL, keys_of, left_after, run

SEED = 25
SIZE = 21
# The 30 texts round 24 (s23-dev9) drew as dev-9 with random.Random(23): the keys of its dev9_gold.json.
_DEV9 = (
    "00f0d6df8a3852da 0b8f96121e1f419c 1bb76c23eb9bd8b2 3182a8a9942eccd7 380fe1f4e2488ee1 3e43172b86856fd5 "
    "45e9caceccbf9303 49d0e53b7206cce0 4e360ac34a37cee6 525a64b9faa3f704 54acba3aefbd5621 57f3451655c39a17 "
    "5ac688a5d3f54e5e 641addaa141df3c7 6c22bbc4f6a61b93 7ae7e03f928d636d 7c04f0de0d121ad1 83565c74e698f260 "
    "90f28cb71b658780 91d470938006d6ed 9600c87b76ac5638 b68b7fdfa896f386 bf8f7157dee5019f c0a1c7848719606e "
    "cd2dd96670033047 d28e27f9a0b61171 eb2d62e8a1f610d1 ece05c326cd9943e eeffeae344b7c221 f89c80e340a1380c"
)
DEV9_KEYS = frozenset(_DEV9.split())


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the pool left after dev-3 to dev-9 and round 19's 60, the drawn texts: all of them up to ``SIZE``)."""
    left = left_after(
        root,
        set(ROUND19_POOL)
        | DEV9_KEYS
        | keys_of((DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD, DEV8_GOLD)),
    )
    if len(left) <= SIZE:
        return left, list(left)
    return left, random.Random(SEED).sample(left, SIZE)


if __name__ == "__main__":
    run(draw, __doc__)
