"""Experiment (issue 17, session 15): which clauses the O*NET specificity weights apply to.

Session 14 shipped one weight per query word (`app.search.specificity`, p 0.5, full weight at 10 occupations,
floor 0.1) on every word-by-word text clause: the resume text, its skills sub-field, the skills list, the
current title and the jobs' titles alike; phrases and asked skills were left as they were. The weight stands
for "a resume that *mentions* this word is not thereby of one trade": "service", "operations", "management"
are in the text of resumes of any trade. A job title is another kind of evidence: it states what the
person does, and a generic word there ("engineer", "technician", "consultant", "manager") still names a role
the query asks for. And an adjacent pair of generic words ("customer service", "project management") is as
unspecific as its words, yet its phrase clause kept the whole PHRASE_BOOST.

The configs (fixed before their dev run, benchmarks/README.md "Issue 17, session 15"):

  spec_titles_whole          current_title and job_titles word clauses at their whole weight (no specificity),
                             the other fields as shipped (p 0.5, full 10)
  spec_phrases               as shipped, and each phrase clause x sqrt(weight(w1) x weight(w2))
  spec_titles_whole_phrases  both of the above
  spec_titles_whole_text_p1  titles whole, the other fields at p 1 (full 10)

They apply to the probe (the title feedback's first pass) as to the search, since the API's first pass is
the search without its feedback. Nothing here reads an evaluation query or label; the weights are O*NET 29.2's
(the shipped table).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from app.search import queries, specificity
from benchmarks.relevance import word_window

# Fields whose words state a role: a generic word there still says what the person does.
TITLE_FIELDS = frozenset({"current_title", "job_titles"})
# The words of a skill's name ("Human Resources Information System", "C++" -> "C").
_SKILL_WORD = re.compile(r"[^\W_]+")

CONFIGS = [
    "spec_titles_whole",
    "spec_phrases",
    "spec_titles_whole_phrases",
    "spec_titles_whole_text_p1",
]


def _weight(word: str, power: float) -> float:
    return specificity.weight(word, power, queries.SPECIFICITY_FLOOR)


@contextlib.contextmanager
def placed(
    titles_whole: bool, phrases: bool, text_power: float | None = None, skills: bool = False
) -> Iterator[None]:
    """While a body is built: the specificity weight per field (titles whole, the other fields at
    `text_power`, default the shipped power), with `phrases` on each phrase clause, with `skills` on each
    asked skill's clause (the geometric mean of its words' weights)."""
    power = queries.SPECIFICITY_POWER if text_power is None else text_power
    names = ("word_weight", "_word", "phrase_clauses", "skill_clauses")
    saved = {name: getattr(queries, name) for name in names}
    original_word = saved["_word"]
    original_phrases = saved["phrase_clauses"]
    original_skills = saved["skill_clauses"]

    def word(field: str, query_word: str, boost: float, name: str) -> dict[str, Any]:
        # `text_clauses` multiplies by `word_weight`, which is 1 here; the weight is the field's.
        whole = titles_whole and field in TITLE_FIELDS
        return original_word(field, query_word, boost * (1.0 if whole else _weight(query_word, power)), name)

    def phrase_clauses(query: str | None) -> list[dict[str, Any]]:
        clauses = original_phrases(query)
        pairs = list(itertools.pairwise((query or "").split()))
        for clause, (first, second) in zip(clauses, pairs, strict=False):
            match = clause["match_phrase"]["resume_text"]
            match["boost"] *= math.sqrt(_weight(first, power) * _weight(second, power))
        return clauses

    def skill_clauses(asked: list[str]) -> list[dict[str, Any]]:
        clauses = original_skills(asked)
        for clause, skill in zip(clauses, asked, strict=True):
            kind = next(iter(clause))
            words = _SKILL_WORD.findall(skill) or [skill]
            mean = math.exp(statistics.fmean(math.log(_weight(w, power)) for w in words))
            next(iter(clause[kind].values()))["boost"] *= mean
        return clauses

    try:
        queries.word_weight = lambda word: 1.0
        queries._word = word
        if phrases:
            queries.phrase_clauses = phrase_clauses
        if skills:
            queries.skill_clauses = skill_clauses
        yield
    finally:
        for name, value in saved.items():
            setattr(queries, name, value)


SETTINGS: dict[str, dict[str, Any]] = {
    "spec_titles_whole": {"titles_whole": True, "phrases": False},
    "spec_phrases": {"titles_whole": False, "phrases": True},
    "spec_titles_whole_phrases": {"titles_whole": True, "phrases": True},
    "spec_titles_whole_text_p1": {"titles_whole": True, "phrases": False, "text_power": 1.0},
    # Third grid (fixed after the two above had run, before its own dev run): the asked skills weighed too.
    "spec_skills": {"titles_whole": False, "phrases": False, "skills": True},
    "spec_skills_phrases": {"titles_whole": False, "phrases": True, "skills": True},
}
SKILL_CONFIGS = ["spec_skills", "spec_skills_phrases"]


def report(per_query: dict[str, dict[str, Any]], names: list[str]) -> None:
    """Each config's mean and categories more than 0.10 below bm25, and the choice among ours and the
    configs cross-validated by query (5 folds, position mod 5)."""
    names = [name for name in names if name in next(iter(per_query.values()))]
    categories: dict[str, list[str]] = defaultdict(list)
    for qid, query in per_query.items():
        for category in query["relevant"]:
            categories[category].append(qid)
    for name in ["ours", *names]:
        mean = statistics.fmean(q[name] for q in per_query.values())
        gaps = {
            category: statistics.fmean(per_query[q][name] - per_query[q]["bm25"] for q in ids)
            for category, ids in categories.items()
        }
        below = ", ".join(f"{c} {g:+.3f}" for c, g in sorted(gaps.items(), key=lambda kv: kv[1]) if g < -0.10)
        moved = ", ".join(
            f"{qid} {q[name] - q['ours']:+.3f}"
            for qid, q in per_query.items()
            if abs(q[name] - q["ours"]) >= 0.005
        )
        print(
            f"{name}: {mean:.4f} ({mean - statistics.fmean(q['ours'] for q in per_query.values()):+.4f}); "
            f"categories < -0.10: {below or 'none'}; moved: {moved or 'none'}"
        )
    folds = word_window.cross_validate([{"id": qid} for qid in per_query], per_query, ["ours", *names])
    print(f"out of fold (ours and the configs): {folds['ndcg@10']}")
    for part in folds["folds"]:
        print(f"  {' '.join(part['queries'])}: {part['ours']} -> {part['reordered']} ({part['chosen']})")


@contextlib.contextmanager
def text_clauses_edited(
    edit: Callable[[list[dict[str, Any]], str | None, bool], list[dict[str, Any]]],
) -> Iterator[None]:
    """While a body is built (the probe included): `queries.text_clauses` with `edit(clauses, query,
    per_word)` applied to what it returns; the original is back afterwards."""
    original = queries.text_clauses

    def text_clauses(
        query: str | None, job_fields: Sequence[str] | None = None, per_word: bool = False
    ) -> list[dict[str, Any]]:
        return edit(original(query, job_fields, per_word), query, per_word)

    queries.text_clauses = text_clauses
    try:
        yield
    finally:
        queries.text_clauses = original


def report_cli(module: str, description: str | None, configs: Iterable[str]) -> None:
    """`python -m <module> RUN`: `report` on a relevance run's JSON whose variants include `configs`; the
    command line of every experiment that only scores its grid."""
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=description)
    parser.add_argument("run", type=Path, help="a relevance run's JSON with the CONFIGS as variants")
    args = parser.parse_args()
    report(json.loads(args.run.read_text())["per_query"], list(configs))


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.specificity_placement", description=__doc__
    )
    parser.add_argument("run", type=Path, help="a relevance run's JSON with the CONFIGS as variants")
    parser.add_argument("--skills", action="store_true", help="the third grid (SKILL_CONFIGS)")
    args = parser.parse_args()
    report(json.loads(args.run.read_text())["per_query"], SKILL_CONFIGS if args.skills else CONFIGS)


if __name__ == "__main__":
    main()
