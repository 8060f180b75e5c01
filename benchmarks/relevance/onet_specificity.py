"""Experiment (issue 17, session 14): a query word weighs by how specific it is to a few occupations in O*NET.

BM25's idf says how rare a word is among the resumes; it does not say whether the word names a trade.
"production", "customer", "operations", "management" are common in many occupations' titles and descriptions
and pull in resumes of any trade (chefs for "crop production"), while "agronomy", "irrigation", "loan",
"deposits" belong to a few. Each O*NET 29.2 occupation is one document (its title, description and
alternate titles); a word's occupational idf is log(N / the occupations that use it). A query word's text
clauses are multiplied by min(1, idf / idf at `full_at` occupations)^p (at least `FLOOR`); a word O*NET never
uses keeps its weight. The phrases and skills are unchanged. Nothing here reads the evaluation's queries or
labels. Shipped in session 14 as p 0.5, full 10 (`app.search.specificity`, `queries.SPECIFICITY_POWER`);
the variants start from ours without it (`no_specificity`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from app.parsing.shared_data import shared_data_dir
from app.search.build_vocabulary import occupation_words, spread
from app.search.specificity import fold, weight_for
from benchmarks.relevance import specificity_placement

# No query word loses more than this share of its weight (as `queries.SPECIFICITY_FLOOR`).
FLOOR = 0.1


@cache
def document_frequency() -> tuple[dict[str, int], int]:
    """Folded word -> how many O*NET occupations use it (every word, not only the shipped ones), and N."""
    occupations = occupation_words(shared_data_dir() / "skills" / "onet")
    return dict(spread(occupations)), len(occupations)


def word_weight(p: float, full_at: int) -> Callable[[str], float]:
    """`queries.word_weight` at another power and full-weight point."""

    def weigh(word: str) -> float:
        df, n = document_frequency()
        return weight_for(df.get(fold(word)), n, full_at, p, FLOOR)

    return weigh


CONFIGS = [f"onet_specific_p{p:g}_full{full_at}" for p in (0.5, 1.0) for full_at in (10, 50)]


def main() -> None:
    """Dev: each config's mean, the cross-validated choice among ours and the configs, categories vs bm25."""
    specificity_placement.report_cli("benchmarks.relevance.onet_specificity", __doc__, CONFIGS)


if __name__ == "__main__":
    main()
