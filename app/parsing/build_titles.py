"""Build ``app/parsing/data/titles.json`` from the O*NET titles (``python -m`` this module).

O*NET 29.2 occupation titles and alternate titles (CC BY 4.0, see ``data/ATTRIBUTION.md``) give the
words job titles end with ("Engineer", "Analyst", "Chef") and the words they are made of ("Senior",
"Backend", "Supply", "Chain"). The parser scores a part of a job header as a title by them. Only
words are written out, no whole titles; no resume text is read.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from app.parsing.shared_data import shared_data_dir

OUTPUT = Path(__file__).resolve().parent / "data" / "titles.json"
# A head word must end this many O*NET titles, so one odd alternate title does not make "Group" a title.
MIN_HEAD_TITLES = 3
# A word must occur in this many titles to count as a title word at all.
MIN_WORD_TITLES = 5
# A word O*NET gives as a whole title on its own ("Realtor", "Waitstaff", "Landscaper") names a role even
# when it ends too few titles to be a head; abbreviations ("OTR", "CPA") are left out by length, and words
# O*NET uses more often before a title's last word than as it ("Marine", "Dispatch") by that count.
MIN_ROLE_LENGTH = 5
# Words that end titles in O*NET but name employers or places far more often in a job header, and
# particles that end a few ("Hook On", "Set Up", "Roll In") but never a header part that is a title
# ("Email me on Indeed"); "co" is a legal form.
NOT_HEADS = frozenset(
    """
    services service systems system group company department office center centre bank store shop
    hospital school college university agency industry industries products equipment operations
    sales marketing development research support management production maintenance construction
    technology technologies software design data health education training
    in on off out up down his her its co est at by to for of and the or
    """.split()
)
_WORD = re.compile(r"[a-z][a-z'-]*")


def title_words(title: str) -> list[str]:
    """Lower-case words of a title without parenthetical notes ("Chef (Head)" -> ["chef"])."""
    return _WORD.findall(re.sub(r"\([^)]*\)", " ", title.lower()))


def onet_titles(onet_dir: Path) -> list[str]:
    """Every O*NET occupation title, alternate title and short title."""
    titles: list[str] = []
    with (onet_dir / "occupation_data.tsv").open(encoding="utf-8") as file:
        titles += [row["Title"] for row in csv.DictReader(file, delimiter="\t")]
    with (onet_dir / "alternate_titles.tsv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            titles.append(row["Alternate Title"])
            if row.get("Short Title") and row["Short Title"] != "n/a":
                titles.append(row["Short Title"])
    return titles


def build(onet_dir: Path) -> dict[str, list[str]]:
    """Head words, title words and one-word roles counted over every O*NET title and alternate title."""
    heads: Counter[str] = Counter()
    words: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    whole: set[str] = set()
    for title in onet_titles(onet_dir):
        found = title_words(title)
        if not found:
            continue
        heads[found[-1]] += 1
        words.update(set(found))
        inner.update(set(found[:-1]))
        if len(found) == 1:
            whole.add(found[0])
    head_words = {w for w, n in heads.items() if n >= MIN_HEAD_TITLES and w not in NOT_HEADS and len(w) > 1}
    return {
        "heads": sorted(head_words),
        "words": sorted(w for w, n in words.items() if n >= MIN_WORD_TITLES and len(w) > 1),
        "roles": sorted(
            w
            for w in whole - head_words
            if w.isalpha() and len(w) >= MIN_ROLE_LENGTH and heads[w] >= inner[w] and w not in NOT_HEADS
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the vocabulary file."""
    parser = argparse.ArgumentParser(prog="python -m app.parsing.build_titles", description=__doc__)
    parser.add_argument("--onet-dir", type=Path, default=shared_data_dir() / "skills" / "onet")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    vocabulary = build(args.onet_dir)
    args.out.write_text(json.dumps(vocabulary, indent=0) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(vocabulary['heads'])} head words, {len(vocabulary['words'])} title words, "
        f"{len(vocabulary['roles'])} one-word roles"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
