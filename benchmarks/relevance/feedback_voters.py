"""Experiment (issue 17, session 15): which of the first pass's hits vote in the title feedback.

Title feedback takes the words that the current titles of the first pass's 20 best hits share. Those hits are
in the first pass for any of the query's words, so a hit that came in on its generic words alone (a chef for
"crop production", through "production") votes as much as one that has the words that name the trade, and a
title two such hits share is fed back and lifts its trade (session 7: "chef" 0.2 for d15). The first pass's
clauses are named by query word (`text:<field>:<n>`, `experience_text:<n>`), so each hit says which words it
matched (`matched_queries`, returned with the hits at no extra cost). Here a hit's vote depends on the O*NET
specificity (`app.search.specificity`, the shipped weights) of the words it matched:

  voters_specific_1          only hits that matched a query word of weight 1 (in 10 or fewer of O*NET's
                             occupations, or in none) vote; a word's share is over the voters
  voters_specific_0.9        the same with words of weight 0.9 or more
  voters_specific_1_over20   as voters_specific_1, the share over the 20 (fewer voters, less feedback)
  voters_weighted            every hit votes, with the summed weights of the distinct query words it matched
                             over the best such sum among the 20; a share is its votes over all votes

In the three "specific" configs, when fewer than MIN_VOTERS hits qualify (or the query has no such word)
all 20 vote, as in ours. A word still needs TITLE_FEEDBACK_MIN_TITLES voting titles. Session 8 weighed the
fed back *words* by their O*NET title idf; this chooses and weighs the *voters*. Nothing here reads an
evaluation label; the weights are the shipped O*NET 29.2 table.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from app.search import queries
from app.search.equivalents import with_equivalents
from benchmarks.relevance import specificity_placement

# Below this many qualifying hits, every hit votes (too few titles for a majority to show).
MIN_VOTERS = 5
_WORD_CLAUSE = re.compile(r"^(?:text:[^:]+|experience_text):(\d+)$")

SETTINGS: dict[str, dict[str, Any]] = {
    "voters_specific_1": {"least": 1.0, "over_all": False},
    "voters_specific_0.9": {"least": 0.9, "over_all": False},
    "voters_specific_1_over20": {"least": 1.0, "over_all": True},
    "voters_weighted": {"least": None, "over_all": False},
}
CONFIGS = list(SETTINGS)


def matched_words(hit: dict[str, Any], words: list[str]) -> set[str]:
    """The query words (as the first pass numbered them) whose word-by-word clauses the hit matched."""
    names = hit.get("matched_queries") or []
    if isinstance(names, dict):  # with include_named_queries_score
        names = list(names)
    found = set()
    for name in names:
        match = _WORD_CLAUSE.match(name)
        if match and int(match.group(1)) < len(words):
            found.add(words[int(match.group(1))])
    return found


def votes(hits: list[dict[str, Any]], words: list[str], least: float | None) -> list[float]:
    """Each hit's vote: 1 or 0 by whether it matched a word of weight `least` or more (all 1 when fewer
    than MIN_VOTERS qualify), or with `least` None its matched words' summed weight over the best hit's."""
    weight = {word: queries.word_weight(word) for word in words}
    if least is None:
        mass = [sum(weight[w] for w in matched_words(hit, words)) for hit in hits]
        top = max(mass, default=0.0)
        return [m / top for m in mass] if top > 0 else [1.0] * len(hits)
    specific = {w for w in words if weight[w] >= least - 1e-9}
    qualify = [1.0 if matched_words(hit, words) & specific else 0.0 for hit in hits]
    return qualify if sum(qualify) >= MIN_VOTERS else [1.0] * len(hits)


def feedback(
    hits: list[dict[str, Any]], words: list[str], least: float | None, over_all: bool
) -> list[tuple[str, float]]:
    """`queries.title_feedback` with each hit's vote as `votes` says."""
    weights = votes(hits, words, least)
    counts: Counter[str] = Counter()
    support: Counter[str] = Counter()
    for hit, vote in zip(hits, weights, strict=True):
        if vote <= 0:
            continue
        # The words as ours counts them (each once, in the order written), so ties fall as ours's do.
        for word in queries.title_words((hit.get("_source") or {}).get("current_title") or ""):
            counts[word] += vote
            support[word] += 1
    total = len(hits) if over_all else sum(weights)
    shared = [(w, n) for w, n in counts.most_common() if support[w] >= queries.TITLE_FEEDBACK_MIN_TITLES]
    return [(w, n / total) for w, n in shared[: queries.TITLE_FEEDBACK_WORDS]] if total else []


@contextlib.contextmanager
def voting(text: str, least: float | None, over_all: bool) -> Iterator[None]:
    """While the body of `text` is built, its title feedback is `feedback` (the log, with REL_VOTERS_LOG)."""
    appended = queries.EQUIVALENTS and not queries.EQUIVALENTS_AS_ONE_TERM
    words = with_equivalents(text).split() if appended else text.split()
    original = queries.title_feedback

    def chosen(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
        result = feedback(hits, words, least, over_all)
        log = os.environ.get("REL_VOTERS_LOG")
        if log:
            record = {
                "text": text,
                "least": least,
                "over_all": over_all,
                "voters": round(sum(votes(hits, words, least)), 2),
                "with_names": sum(1 for hit in hits if hit.get("matched_queries")),
                "ours": [[w, round(s, 3)] for w, s in original(hits)],
                "feedback": [[w, round(s, 3)] for w, s in result],
            }
            with open(log, "a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")
        return result

    queries.title_feedback = chosen  # type: ignore[assignment]
    try:
        yield
    finally:
        queries.title_feedback = original  # type: ignore[assignment]


def main() -> None:
    specificity_placement.report_cli("benchmarks.relevance.feedback_voters", __doc__, CONFIGS)


if __name__ == "__main__":
    main()
