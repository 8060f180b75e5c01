"""Draw dev-8 (issue 16, round 21): 30 more Indeed resumes of the resparserok 0.0.7 sdist, blind.

The pool is rebuilt as rounds 15 and 16 rebuilt it for dev-6 and dev-7: the distinct texts (by SHA-256) of the
sdist's ``traindata.json`` that share neither their first 200 normalised characters (lower case, whitespace
collapsed) nor any 100-character window of their first 2,000 with one of the 220 DataTurks texts (compared by
machine; no DataTurks text is printed or its split looked up), with an Indeed WORK EXPERIENCE section and a
"Month Year to" range (275 texts). Left out: every text of dev-3 to dev-7 (their gold keys) and the 60
texts round 19 parsed and read as an unlabelled pool (``ROUND19_POOL``, drawn there with
``random.Random(21)``; 44 of them are in this pool), 81 left. 30 are drawn with ``random.Random(22).sample``
over the (key, text) pairs sorted by key.

``python -m benchmarks.parsing.draw_dev8`` prints the counts and the drawn keys only; ``--out DIR`` also
writes each drawn text to ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence
forbids copying the texts).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from benchmarks.parsing.accuracy import (
    DEV3_GOLD,
    DEV4_GOLD,
    DEV5_GOLD,
    DEV6_GOLD,
    DEV7_GOLD,
    load_dataturks,
    sdist_texts,
)

SEED = 22
SIZE = 30
# The 60 sdist texts round 19 (s21-parser) parsed and read as its unlabelled pool; read, so not blind.
_ROUND19 = (
    "00359e24f8ffdf00 03401430927a37a1 06331a2b28336aad 0a63c7a5ee9a33be 0b7fdf18c83aedd3 0dc2c4c3c75dcbd8 "
    "0e1050066c12aee0 0f2bafc4fdede7b6 107bf0a71c83b2ba 1136ecc9a9ec65f0 1411c7cc29cca6f1 18ae6f88c5c83eaf "
    "18bd8c526a3732ae 1c19693050ac20f7 1f17cae0d8650ad3 24453d387b5573cd 2a914fbbd663207a 2d284e3d80edf4bb "
    "39be9816205632f4 41591514d6b055cb 449e3e00084dfacc 4711b74cb8a3ae8d 52367956b77d3431 57188d623b9f99fc "
    "58834677cba9fb33 58e20a3f6641b561 5a07e332ab93aadf 5d80d36dc18767c8 6c15dae128d1837a 6c632409d5d23627 "
    "88193d572cb2f964 8a12902f00ce5024 8ac211df7ff5a40f 9aef0a5feb1bd101 9f2f7ace2dcf815e a22013e838690fe5 "
    "a333343a0c6d1050 a5788406ee1e0d25 b25612c9de20060b b4768270ce663243 b5f74aa1a0e798ed b9c263b40a256966 "
    "b9ffc260c82ab6c5 bcb51dc2a5da2774 c2ced67127af3d6c c5cb87331026ce33 c621535cbd1a3f37 c8823a82e1e0e9e9 "
    "c9e6fb0089858d76 c9f80fdb3cdc36e7 cabeb62727232f6e cb6716eed585b13c d124e7984b438ed6 dab6a4cdab0cdb1c "
    "dc2bfc9a20b70bbf ddcd89308ab8a0c1 dfda26461118962a ebe3efd8f42890a0 f1568f291bcd0b4c fac48a530b11991b"
)
ROUND19_POOL = frozenset(_ROUND19.split())
_RANGE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:19|20)\d\d\s+to\b", re.IGNORECASE
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def pool(root: Path) -> list[tuple[str, str]]:
    """(key, text) of every Indeed sdist text with a history, outside the 220 DataTurks texts, by key."""
    texts = sdist_texts()
    dataturks = [_norm(row["content"]) for row in load_dataturks(root)]
    heads = {text[:200] for text in dataturks}
    windows = {text[:2000][i : i + 100] for text in dataturks for i in range(max(1, len(text[:2000]) - 99))}
    out = []
    for key, content in texts.items():
        normal = _norm(content)
        first = normal[:2000]
        shared = any(first[i : i + 100] in windows for i in range(max(1, len(first) - 99)))
        if normal[:200] in heads or shared:
            continue
        if "WORK EXPERIENCE" in content and _RANGE.search(content):
            out.append((key, content))
    return sorted(out)


def keys_of(paths: Iterable[Path]) -> set[str]:
    """The resume keys the gold files hold (each file's keys but its ``meta``)."""
    keys: set[str] = set()
    for path in paths:
        keys |= set(json.loads(path.read_text(encoding="utf-8"))) - {"meta"}
    return keys


def left_after(root: Path, used: set[str]) -> list[tuple[str, str]]:
    """The pool's (key, text) pairs whose keys are not in ``used``, by key."""
    return [(key, text) for key, text in pool(root) if key not in used]


def draw(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the pool left after dev-3 to dev-7 and round 19's 60, the 30 drawn from it)."""
    left = left_after(
        root, set(ROUND19_POOL) | keys_of((DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD))
    )
    return left, random.Random(SEED).sample(left, SIZE)


Draw = Callable[[Path], tuple[list[tuple[str, str]], list[tuple[str, str]]]]


def run(draw_texts: Draw, description: str | None) -> None:
    """A draw module's command: the counts and the drawn keys; ``--out DIR`` also writes each drawn text to
    ``DIR/NN_key.txt`` for annotation (outside the repository: the data licence forbids copying the texts)."""
    arguments = argparse.ArgumentParser(description=description)
    arguments.add_argument("--root", type=Path, default=Path("/work/shared/data"))
    arguments.add_argument("--out", type=Path)
    options = arguments.parse_args()
    left, drawn = draw_texts(options.root)
    print("left", len(left), "drawn", len(drawn))
    for index, (key, text) in enumerate(sorted(drawn)):
        print(key)
        if options.out:
            options.out.mkdir(parents=True, exist_ok=True)
            (options.out / f"{index:02d}_{key}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    run(draw, __doc__)
