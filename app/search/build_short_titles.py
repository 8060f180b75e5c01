"""Build ``app/search/data/short_titles.json`` from O*NET's alternate titles (``python -m`` this module).

O*NET 29.2 (CC BY 4.0, see ``data/ATTRIBUTION.md``) gives many alternate titles a short form that swaps
one word: "Automotive Technician" -> "Auto Technician", "Automobile Appraiser" -> "Auto Appraiser",
"Customer Service Representative" -> "Customer Service Rep". Each (long word, short word) swap seen in at
least MIN_SUPPORT titles is written out with its count; `app.search.equivalents` reads them as words a
search treats alike. Only word pairs are written, no titles; no resume text or evaluation query is read.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from app.parsing.shared_data import shared_data_dir

OUTPUT = Path(__file__).resolve().parent / "data" / "short_titles.json"
# A swap seen in fewer titles is an accident of one occupation ("automatic" -> "auto": 1 title).
MIN_SUPPORT = 3
SOURCE = "O*NET 29.2 Database, alternate_titles.tsv (Alternate Title, Short Title)"
LICENCE = (
    "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA). Used under the CC BY 4.0 license. "
    "Changes made: titles cut into words, one-word swaps counted."
)
_PARENTHESIS = re.compile(r"\s*\(.*?\)")


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


def build(alternate_titles: Path) -> dict[str, object]:
    """The kept swaps, most supported first, with where they come from."""
    kept = [
        {"long": long, "short": short, "titles": n}
        for (long, short), n in sorted(
            count_swaps(alternate_titles).items(), key=lambda item: (-item[1], item[0])
        )
        if n >= MIN_SUPPORT
    ]
    return {"source": SOURCE, "licence": LICENCE, "min_support": MIN_SUPPORT, "pairs": kept}


def main(argv: list[str] | None = None) -> int:
    """Write the table."""
    parser = argparse.ArgumentParser(prog="python -m app.search.build_short_titles", description=__doc__)
    default = shared_data_dir() / "skills" / "onet" / "alternate_titles.tsv"
    parser.add_argument("--alternate-titles", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    table = build(args.alternate_titles)
    args.out.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(table['pairs'])} word pairs")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
