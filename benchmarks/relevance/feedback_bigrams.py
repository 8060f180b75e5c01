"""Experiment (issue 17, session 15): title feedback of two-word roles as phrases.

Title feedback feeds back single words the first pass's 20 best current titles share, each matched on its
own: "business 0.45, development 0.45" lifts a "Business Analyst" and a "Development Manager" as much as a
"Business Development Manager", "information 0.5, technology 0.5" any title with "information". Many roles
are two words ("business development", "information technology", "branch manager", "public relations").
Here the adjacent title word pairs that 2 or more of the 20 titles share (no stop word in them, the 3 most
shared) are fed back too, as phrases on the current title and the past titles, at TITLE_FEEDBACK_BOOST x
their share x `scale`:

  feedback_bigrams_add       the words as ours, and the pairs at the whole boost
  feedback_bigrams_half      the words as ours, and the pairs at half the boost
  feedback_bigrams_replace   the pairs at the whole boost, and the words of a kept pair no longer fed back
                             alone (the role is asked as the phrase; the other words stay)

The feedback pass still scores only the window of 50 (`queries.feedback_pass`), so a phrase clause costs the
engine little. Nothing here reads an evaluation label.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

from app.search import queries
from benchmarks.relevance import specificity_placement

# The most shared pairs fed back.
PAIRS = 3
SETTINGS: dict[str, dict[str, Any]] = {
    "feedback_bigrams_add": {"scale": 1.0, "replace": False},
    "feedback_bigrams_half": {"scale": 0.5, "replace": False},
    "feedback_bigrams_replace": {"scale": 1.0, "replace": True},
}
CONFIGS = list(SETTINGS)


def shared_pairs(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """The adjacent title word pairs 2 or more of the hits' current titles have, most shared first, with
    their share of the hits."""
    counts: Counter[str] = Counter()
    for hit in hits:
        title = ((hit.get("_source") or {}).get("current_title") or "").casefold()
        words = queries._TITLE_WORD.findall(title)
        pairs = {
            f"{a} {b}"
            for a, b in itertools.pairwise(words)
            if a not in queries.TITLE_FEEDBACK_STOPWORDS and b not in queries.TITLE_FEEDBACK_STOPWORDS
        }
        counts.update(pairs)
    shared = [(pair, n) for pair, n in counts.most_common() if n >= queries.TITLE_FEEDBACK_MIN_TITLES]
    return [(pair, n / len(hits)) for pair, n in shared[:PAIRS]] if hits else []


def feedback(
    words: list[tuple[str, float]], hits: list[dict[str, Any]], scale: float, replace: bool
) -> list[tuple[str, float]]:
    """Ours's feedback `words` and the hits' shared pairs (a pair's share x `scale`); with `replace` a word
    of a kept pair is not fed back alone."""
    pairs = [(pair, share * scale) for pair, share in shared_pairs(hits)]
    if replace:
        covered = {word for pair, _ in pairs for word in pair.split()}
        words = [(word, share) for word, share in words if word not in covered]
    return words + pairs


def clauses(feedback_terms: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """`queries.title_feedback_clauses`, with a pair as a phrase on both title fields."""
    out: list[dict[str, Any]] = []
    for term, share in feedback_terms:
        boost = queries.TITLE_FEEDBACK_BOOST * share
        kind = "match_phrase" if " " in term else "match"
        out.append({kind: {"current_title": {"query": term, "boost": boost}}})
        out.append({kind: {"job_titles": {"query": term, "boost": boost}}})
    return out


@contextlib.contextmanager
def paired(scale: float, replace: bool) -> Iterator[None]:
    """While a body is built, its title feedback has the shared pairs too."""
    original_feedback = queries.title_feedback
    original_clauses = queries.title_feedback_clauses

    def chosen(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
        return feedback(original_feedback(hits), hits, scale, replace)

    queries.title_feedback = chosen  # type: ignore[assignment]
    queries.title_feedback_clauses = clauses  # type: ignore[assignment]
    try:
        yield
    finally:
        queries.title_feedback = original_feedback  # type: ignore[assignment]
        queries.title_feedback_clauses = original_clauses  # type: ignore[assignment]


def main() -> None:
    specificity_placement.report_cli("benchmarks.relevance.feedback_bigrams", __doc__, CONFIGS)


if __name__ == "__main__":
    main()
