"""The learned reranker: skills_match's top hits reordered by a small tree model over what OpenSearch returns.

The engine ranks the first `WINDOW` hits with our query body; this module names the body's scoring clauses
(so OpenSearch reports each one's score per hit), turns every hit into a row of `FEATURES`, and reorders
the window by a LambdaMART model (LightGBM, trained by `python -m benchmarks.relevance.rerank` on the dev
queries only, cross-validated by query). The model ships as `data/rerank_model.json` and is evaluated
here in plain Python: no numerical library at run time. A resume's category is never a feature.

With `explain: true` each hit also says which features lifted it most (Saabas path contributions).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.parsing.skills import find_skills
from app.search.queries import walk

MODEL_FILE = Path(__file__).resolve().parent / "data" / "rerank_model.json"
# The hits the model reorders: the engine's order decides who is in the window, the model the order in it.
WINDOW = 100
# What each hit's `_source` needs for the features, beside what the response shows.
FEATURE_SOURCE = ["current_title", "skills", "total_experience_years"]
# How many of a hit's strongest positive contributions `explain` lists.
EXPLAIN_TOP = 3

# The text clause's fields, each reported apart (the multi_match is most_fields: their sum is its score).
TEXT_FIELDS = {
    "current_title": "title",
    "summary": "summary",
    "summary.skills": "summary",
    "resume_text": "resume_text",
    "resume_text.skills": "resume_text",
    "skills": "skills_field",
}
FEATURES = (
    "score_relative",  # the engine score over the window's best
    "rank",  # the engine's position, 0 first
    "title",  # BM25 of the query on the current title (weighted as in the body)
    "summary",
    "resume_text",
    "skills_field",
    "experience_text",  # best past job title / description match
    "phrases",  # adjacent query words found as phrases in the resume text
    "phrases_matched",
    "asked_skills",  # the skills the query names, matched in the skills field
    "feedback_title",  # title feedback words in the current title
    "feedback_past",  # ... in a past job title
    "title_query_overlap",  # share of the query's words in the current title
    "query_skills_held",  # share of the skills the query names that the candidate lists
    "experience_years",  # -1 when unknown
    "skills_listed",
    "query_words",
)
_WORD = re.compile(r"[^\W_]{2,}")
_STOP = frozenset("a an and as at be by for from in is of on or the to with".split())


def _stem(word: str) -> str:
    """A crude stem for overlap counting ("accountant" ~ "accounting", "nurse" ~ "nursing")."""
    return word[:5]


def name_signals(query: dict[str, Any]) -> dict[str, Any]:
    """Name each scoring clause of a skills_match query (in place), so the engine reports its score per hit.

    The text multi_match (most_fields) becomes the bool of its per-field matches, which scores the same, and
    the text's word-by-word clauses are named by their field; the phrase clauses and the title feedback
    clauses get names. Filters are left alone.
    """
    phrases = feedback = 0
    for node in walk(query):
        multi = node.get("multi_match")
        if isinstance(multi, dict) and multi.get("_name") == "text" and multi.get("type") == "most_fields":
            should = []
            for spec in multi["fields"]:
                field, _, boost = spec.partition("^")
                match = {"query": multi["query"], "boost": float(boost or 1), "_name": f"f:{field}"}
                should.append({"match": {field: match}})
            del node["multi_match"]
            node["bool"] = {"should": should, "_name": "text"}
            continue
        for spec in node.get("match", {}).values():
            # The text word by word (`queries.text_clauses`): text:<field>:<n> reports as f:<field>:<n>.
            name = spec.get("_name") if isinstance(spec, dict) else None
            if isinstance(name, str) and name.startswith("text:"):
                spec["_name"] = "f:" + name.removeprefix("text:")
        phrase = node.get("match_phrase", {}).get("resume_text")
        if isinstance(phrase, dict) and "_name" not in phrase:
            phrase["_name"] = f"phrase:{phrases}"
            phrases += 1
        title = node.get("match", {}).get("current_title")
        if isinstance(title, dict) and "boost" in title and "operator" not in title and "_name" not in title:
            title["_name"] = f"fb_title:{feedback}"
            feedback += 1
        past = node.get("match", {}).get("job_titles")  # the flat copy of past job titles (mapping v2)
        if isinstance(past, dict) and "boost" in past and "operator" not in past and "_name" not in past:
            past["_name"] = f"fb_past:{feedback}"
            feedback += 1
        nested = node.get("nested")
        if isinstance(nested, dict) and "_name" not in nested:
            past = nested.get("query", {}).get("match", {}).get("work_experience.title")
            if isinstance(past, dict) and "boost" in past and "operator" not in past:
                nested["_name"] = f"fb_past:{feedback}"
                feedback += 1
    return query


def _words(text: str | None) -> set[str]:
    return {_stem(w) for w in _WORD.findall((text or "").casefold()) if w not in _STOP}


def features(query: str, hits: Sequence[dict[str, Any]]) -> list[list[float]]:
    """One row of FEATURES per hit, from its score, its named clauses' scores and a few `_source` fields."""
    best = max((hit.get("_score") or 0.0 for hit in hits), default=0.0)
    query_words = _words(query)
    named_skills = {skill.casefold() for skill in find_skills(query)}
    rows = []
    for rank, hit in enumerate(hits):
        scores = hit.get("matched_queries") or {}
        if not isinstance(scores, dict):  # names without scores: the engine was not asked for them
            scores = dict.fromkeys(scores, 1.0)
        signal = dict.fromkeys(FEATURES, 0.0)
        for name, value in scores.items():
            kind, _, rest = name.partition(":")
            if kind == "f":
                signal[TEXT_FIELDS.get(rest.partition(":")[0], "resume_text")] += value
            elif kind == "phrase":
                signal["phrases"] += value
                signal["phrases_matched"] += 1
            elif kind == "skill":
                signal["asked_skills"] += value
            elif kind == "fb_title":
                signal["feedback_title"] += value
            elif kind == "fb_past":
                signal["feedback_past"] += value
            elif kind == "experience_text":
                signal["experience_text"] += value
        doc = hit.get("_source") or {}
        title_words = _words(doc.get("current_title"))
        listed = {str(skill).casefold() for skill in doc.get("skills") or []}
        years = doc.get("total_experience_years")
        signal["score_relative"] = (hit.get("_score") or 0.0) / best if best > 0 else 0.0
        signal["rank"] = float(rank)
        signal["title_query_overlap"] = len(title_words & query_words) / max(len(query_words), 1)
        signal["query_skills_held"] = len(named_skills & listed) / max(len(named_skills), 1)
        signal["experience_years"] = float(years) if years is not None else -1.0
        signal["skills_listed"] = float(len(listed))
        signal["query_words"] = float(len(query_words))
        rows.append([signal[name] for name in FEATURES])
    return rows


@dataclass(frozen=True)
class Tree:
    """One regression tree in LightGBM's array form; a negative child is ~leaf index."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    # The mean output below each split node (for contributions) and each leaf's output.
    internal: tuple[float, ...]
    leaf: tuple[float, ...]

    def path(self, row: Sequence[float]) -> Iterator[tuple[int, int]]:
        """(node, child) steps from the root to a leaf; a leaf child is negative."""
        node = 0
        while True:
            child = self.left[node] if row[self.feature[node]] <= self.threshold[node] else self.right[node]
            yield node, child
            if child < 0:
                return
            node = child

    def predict(self, row: Sequence[float]) -> float:
        if not self.feature:
            return self.leaf[0]
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        node = 0
        while node >= 0:
            node = left[node] if row[feature[node]] <= threshold[node] else right[node]
        return self.leaf[~node]


@dataclass(frozen=True)
class Model:
    """A LambdaMART model: the sum of its trees' outputs ranks the hits of one query."""

    features: tuple[str, ...]
    trees: tuple[Tree, ...]

    def score(self, row: Sequence[float]) -> float:
        return sum(tree.predict(row) for tree in self.trees)

    def contributions(self, row: Sequence[float]) -> dict[str, float]:
        """Each feature's share of the row's score: the change in expected output at each split it decides."""
        shares = dict.fromkeys(self.features, 0.0)
        for tree in self.trees:
            if not tree.feature:
                continue
            for node, child in tree.path(row):
                after = tree.leaf[~child] if child < 0 else tree.internal[child]
                shares[self.features[tree.feature[node]]] += after - tree.internal[node]
        return shares

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the rerank model was trained on other features; retrain it")
        trees = tuple(
            Tree(
                feature=tuple(tree["feature"]),
                threshold=tuple(tree["threshold"]),
                left=tuple(tree["left"]),
                right=tuple(tree["right"]),
                internal=tuple(tree["internal"]),
                leaf=tuple(tree["leaf"]),
            )
            for tree in data["trees"]
        )
        return cls(features=FEATURES, trees=trees)


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """The shipped model, read once (at start-up); None when there is none."""
    if not path.exists():
        return None
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def rerank(
    model: Model, query: str, hits: list[dict[str, Any]], explain: bool = False, keep: slice = slice(None)
) -> list[dict[str, Any]]:
    """The hits in the model's order (ties keep the engine's), cut to `keep`; with explain, each kept hit
    gets `_rerank`: its strongest positive feature contributions."""
    rows = features(query, hits)
    pairs = enumerate(zip(hits, rows, strict=True))
    scored = sorted(
        ((model.score(row), -index, hit, row) for index, (hit, row) in pairs),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )[keep]
    ordered = []
    for value, _, hit, row in scored:
        hit = {**hit, "_rerank_score": value}
        if explain:
            shares = model.contributions(row)
            top = sorted(((share, name) for name, share in shares.items() if share > 0), reverse=True)
            hit["_rerank"] = [(name, round(share, 4)) for share, name in top[:EXPLAIN_TOP]]
        ordered.append(hit)
    return ordered


# A cursor inside the reranked window is a position, not engine sort values: ["@rerank", next offset].
CURSOR_MARK = "@rerank"


@dataclass(frozen=True)
class Window:
    """A page the model reorders: the engine's first `size` hits, of which the page is [offset, offset+limit).

    `size` is WINDOW rounded up to a whole number of pages, so no page straddles the window's end; the page
    after the window continues from the window's last hit in engine order (the window holds the same hits
    whatever their order inside it, so nothing is repeated or skipped).
    """

    offset: int
    limit: int

    @property
    def size(self) -> int:
        return -(-WINDOW // self.limit) * self.limit

    def widen(self, body: dict[str, Any]) -> dict[str, Any]:
        """The body asking for the whole window, its scoring clauses named; the engine parameters to send."""
        name_signals(body["query"])
        body["size"] = self.size
        body["from"] = 0
        body.pop("search_after", None)
        body["_source"] = list(dict.fromkeys([*body.get("_source", []), *FEATURE_SOURCE]))
        return {"include_named_queries_score": True}

    def page(
        self, model: Model, query: str, hits: list[dict[str, Any]], explain: bool
    ) -> tuple[list[dict[str, Any]], list[Any] | None]:
        """The page's hits in the model's order, and the next page's cursor values (None at the end)."""
        end = self.offset + self.limit
        ordered = rerank(model, query, hits, explain, slice(self.offset, end))
        if end < min(self.size, len(hits)):
            return ordered, [CURSOR_MARK, end]
        if end == self.size and len(hits) == self.size and "sort" in hits[-1]:
            return ordered, list(hits[-1]["sort"])
        return ordered, None


def window_for(
    model: Model | None,
    search_type: str,
    query: str | None,
    relevance_order: bool,
    offset: int,
    limit: int,
    search_after: list[Any] | None,
) -> tuple[Window | None, int, list[Any] | None]:
    """Whether a page is reranked (skills_match with text, relevance order, inside the window), and its
    offset and engine search_after once a reranked-window cursor is read."""
    if search_after and search_after[0] == CURSOR_MARK:
        offset, search_after = int(search_after[1]), None
    if (
        model is None
        or search_type != "skills_match"
        or not (query or "").strip()
        or not relevance_order
        or search_after is not None
        or offset + limit > -(-WINDOW // limit) * limit
    ):
        return None, offset, search_after
    return Window(offset, limit), offset, search_after
