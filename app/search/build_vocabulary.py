"""Build the search's three O*NET tables in ``app/search/data/`` (``python -m`` this module).

O*NET 29.2 (CC BY 4.0, see ``data/ATTRIBUTION.md``); only words and counts are written, no titles or
descriptions; no resume text, job posting or evaluation query is read.

* ``short_titles.json``: many alternate titles have a short form that swaps one word ("Automotive
  Technician" -> "Auto Technician", "Customer Service Representative" -> "Customer Service Rep"). Each
  (long word, short word) swap seen in at least MIN_SWAP_TITLES titles, with its count;
  `app.search.equivalents` reads them as words a search treats alike.
* ``occupation_spread.json``: each occupation is one document (its title, description and alternate
  titles); for each word, how many occupations use it, for the words more than FULL_AT of them use;
  `app.search.specificity` weighs query words by it.
* ``skill_words_in_titles.json``: pairs of adjacent title words where one is the name of a skill in the
  skills catalogue that the title's occupations do not use: "ice cream", "yarn tester", "spring repairer",
  "flask fitter", "tax manager". No occupation of the pair is a computer and mathematical one (SOC 15) or
  lists the skill among its technologies, and job postings' descriptions (``jobs/``) do not write the pair
  in lower case more often than not: "communication skills", "statistical methods" and "business
  analytics" are titles' words too, but in a request they ask for the skill. `app.search.interpret`
  keeps such a word as text, not as a skill filter. Rebuild after the catalogue changes.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from app.parsing.shared_data import shared_data_dir
from app.parsing.skills import canonical_skill, find_skills, tokenize
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


# The other word of a pair: a word of the title's own, not a joining word ("Payroll and Benefits").
_PAIR_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_JOINING = frozenset("and the for with from into per".split())
# Computer and mathematical occupations: their titles use skills as skills ("Java Developer").
_COMPUTING = "15-"


def occupation_technologies(onet_dir: Path) -> dict[str, set[str]]:
    """O*NET-SOC code -> the catalogue's skills among the occupation's technology examples."""
    skills: dict[str, set[str]] = defaultdict(set)
    with (onet_dir / "technology_skills.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            example = row["Example"]
            named = {canonical_skill(example), *find_skills(example)}
            skills[row["O*NET-SOC Code"]] |= {name for name in named if name}
    return dict(skills)


def titles(onet_dir: Path) -> list[tuple[str, str]]:
    """(O*NET-SOC code, title) for every occupation title and alternate title, parentheses removed."""
    found = []
    with (onet_dir / "occupation_data.tsv").open(encoding="utf-8", newline="") as handle:
        found += [(row["O*NET-SOC Code"], row["Title"]) for row in csv.DictReader(handle, delimiter="\t")]
    with (onet_dir / "alternate_titles.tsv").open(encoding="utf-8", newline="") as handle:
        found += [
            (row["O*NET-SOC Code"], row["Alternate Title"]) for row in csv.DictReader(handle, delimiter="\t")
        ]
    return [(code, _PARENTHESIS.sub("", title)) for code, title in found]


def skill_word_pairs(onet_dir: Path) -> Counter[tuple[str, str]]:
    """(first word, second word), folded, -> how many titles hold them side by side, where one of the two
    is a skill's name alone that none of those titles' occupations uses (nor is a computing one)."""
    technologies = occupation_technologies(onet_dir)
    occupations: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counts: Counter[tuple[str, str, str]] = Counter()
    for code, title in titles(onet_dir):
        words = tokenize(title)
        for at, word in enumerate(words):
            skill = canonical_skill(word) if len(word) > 1 else None
            if skill is None:
                continue
            for other in (at - 1, at + 1):
                if not 0 <= other < len(words):
                    continue
                neighbour = words[other].casefold()
                if not _PAIR_WORD.fullmatch(neighbour) or neighbour in _JOINING:
                    continue
                left, right = sorted((at, other))
                key = (fold(words[left]), fold(words[right]), skill)
                occupations[key].add(code)
                counts[key] += 1
    pairs: Counter[tuple[str, str]] = Counter()
    for (first, second, skill), codes in occupations.items():
        if any(code.startswith(_COMPUTING) or skill in technologies.get(code, ()) for code in codes):
            continue
        pairs[(first, second)] += counts[(first, second, skill)]
    return pairs


def prose_pairs(postings: Path, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The `pairs` the postings' descriptions write in lower case more often than with a capital: a
    requirement's words ("strong communication skills"), not a name ("Bank Secrecy Act")."""
    wanted = set(pairs)
    lower: Counter[tuple[str, str]] = Counter()
    written: Counter[tuple[str, str]] = Counter()
    with postings.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = tokenize(row["Job Description"])
            for first, second in itertools.pairwise(words):
                key = (fold(first), fold(second))
                if key in wanted:
                    written[key] += 1
                    lower[key] += first.islower() and second.islower()
    return {key for key, n in written.items() if 2 * lower[key] > n}


def skill_words_in_titles(onet_dir: Path, postings: Path) -> dict[str, object]:
    """The pairs, in order, with how many titles hold each."""
    pairs = skill_word_pairs(onet_dir)
    for key in prose_pairs(postings, pairs):
        del pairs[key]
    return {
        "source": (
            "O*NET 29.2 occupation_data.tsv (Title), alternate_titles.tsv (Alternate Title), "
            "technology_skills.tsv (Example); the project's skills catalogue; pairs that job postings "
            "(jobs/glassdoor_data_science_jobs.csv, Job Description) write in lower case left out"
        ),
        "licence": LICENCE + " Changes made: titles cut into words, pairs with a skill's name counted.",
        "pairs": {f"{a} {b}": pairs[(a, b)] for a, b in sorted(pairs)},
    }


def main(argv: list[str] | None = None) -> int:
    """Write the three tables."""
    parser = argparse.ArgumentParser(prog="python -m app.search.build_vocabulary", description=__doc__)
    parser.add_argument("--onet-dir", type=Path, default=shared_data_dir() / "skills" / "onet")
    parser.add_argument(
        "--postings", type=Path, default=shared_data_dir() / "jobs" / "glassdoor_data_science_jobs.csv"
    )
    parser.add_argument("--out-dir", type=Path, default=DATA)
    args = parser.parse_args(argv)
    for name, table in (
        ("short_titles.json", short_titles(args.onet_dir)),
        ("occupation_spread.json", occupation_spread(args.onet_dir)),
        ("skill_words_in_titles.json", skill_words_in_titles(args.onet_dir, args.postings)),
    ):
        (args.out_dir / name).write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
