"""Build the search's two O*NET tables in ``app/search/data/`` (``python -m`` this module).

O*NET 29.2 (CC BY 4.0, see ``data/ATTRIBUTION.md``); only words and counts are written, no titles or
descriptions; no resume text, job posting or evaluation query is read.

* ``short_titles.json``: many alternate titles have a short form that swaps one word ("Automotive
  Technician" -> "Auto Technician", "Customer Service Representative" -> "Customer Service Rep"). Each
  (long word, short word) swap seen in at least MIN_SWAP_TITLES titles, with its count;
  `app.search.equivalents` reads them as words a search treats alike.
* ``occupation_spread.json``: each occupation is one document (its title, description and alternate
  titles); for each word, how many occupations use it, for the words more than FULL_AT of them use;
  `app.search.specificity` weighs query words by it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from app.parsing.shared_data import shared_data_dir
from app.search.specificity import fold

DATA = Path(__file__).resolve().parent / "data"
# A swap seen in fewer titles is an accident of one occupation ("automatic" -> "auto": 1 title).
MIN_SWAP_TITLES = 3
# A word at most this many occupations use keeps its whole weight in a query, so it is not written out.
FULL_AT = 10
LICENCE = (
    "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA). Used under the CC BY 4.0 license."
)
_PARENTHESIS = re.compile(r"\s*\(.*?\)")
_WORD = re.compile(r"[a-z][a-z'-]*")


def count_swaps(alternate_titles: Path) -> Counter[tuple[str, str]]:
    """(long word, short word) -> how many alternate titles have a short title that swaps only that word."""
    counts: Counter[tuple[str, str]] = Counter()
    with alternate_titles.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            short = row["Short Title"]
            if short == "n/a":
                continue
            long_words = _PARENTHESIS.sub("", row["Alternate Title"]).casefold().split()
            short_words = short.casefold().split()
            if len(long_words) != len(short_words):
                continue
            swapped = [(a, b) for a, b in zip(long_words, short_words, strict=True) if a != b]
            if len(swapped) == 1:
                counts[swapped[0]] += 1
    return counts


def short_titles(onet_dir: Path) -> dict[str, object]:
    """The kept swaps, most supported first, with where they come from."""
    swaps = sorted(
        count_swaps(onet_dir / "alternate_titles.tsv").items(), key=lambda item: (-item[1], item[0])
    )
    return {
        "source": "O*NET 29.2 alternate_titles.tsv (Alternate Title, Short Title)",
        "licence": LICENCE + " Changes made: titles cut into words, one-word swaps counted.",
        "min_titles": MIN_SWAP_TITLES,
        "pairs": [{"long": a, "short": b, "titles": n} for (a, b), n in swaps if n >= MIN_SWAP_TITLES],
    }


def occupation_words(onet_dir: Path) -> dict[str, set[str]]:
    """O*NET-SOC code -> the folded words of its title, description and alternate titles."""
    words: dict[str, set[str]] = defaultdict(set)
    with (onet_dir / "occupation_data.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = f"{row['Title']} {row['Description']}".casefold()
            words[row["O*NET-SOC Code"]] |= {fold(w) for w in _WORD.findall(text)}
    with (onet_dir / "alternate_titles.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            words[row["O*NET-SOC Code"]] |= {
                fold(w) for w in _WORD.findall(row["Alternate Title"].casefold())
            }
    return dict(words)


def spread(occupations: dict[str, set[str]]) -> Counter[str]:
    """Folded word -> how many occupations use it."""
    return Counter(word for words in occupations.values() for word in words)


def occupation_spread(onet_dir: Path) -> dict[str, object]:
    """The words more than FULL_AT occupations use, with how many do."""
    occupations = occupation_words(onet_dir)
    counts = spread(occupations)
    return {
        "source": "O*NET 29.2 occupation_data.tsv (Title, Description), alternate_titles.tsv (titles)",
        "licence": LICENCE + " Changes made: texts cut into words, occupations using each word counted.",
        "occupations": len(occupations),
        "full_at": FULL_AT,
        "words": {word: n for word, n in sorted(counts.items()) if n > FULL_AT},
    }


def main(argv: list[str] | None = None) -> int:
    """Write both tables."""
    parser = argparse.ArgumentParser(prog="python -m app.search.build_vocabulary", description=__doc__)
    parser.add_argument("--onet-dir", type=Path, default=shared_data_dir() / "skills" / "onet")
    parser.add_argument("--out-dir", type=Path, default=DATA)
    args = parser.parse_args(argv)
    for name, table in (
        ("short_titles.json", short_titles(args.onet_dir)),
        ("occupation_spread.json", occupation_spread(args.onet_dir)),
    ):
        (args.out_dir / name).write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
