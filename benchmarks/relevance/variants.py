"""The query bodies scored: ours (the API's own builder), plain BM25, and modified bodies of ours.

A variant is the API's body with one change, either a ranking constant of `app.search.queries` set to
another value while the body is built, or a structural edit of the built body; each one shows what one
tuned choice of app/search/queries.py is worth. Building ours runs the API's title feedback first pass
through `search`, as the API does; the `probe*` variants take the feedback from the text-only probe of
issues 15 and 17 (`benchmarks.relevance.probe`) instead.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import math
import os
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.parsing.shared_data import shared_data_dir
from app.parsing.skills import find_skills
from app.search import queries
from app.search.equivalents import equivalents, with_equivalents
from app.search.interpret import interpret_rules
from app.search.queries import walk
from app.search.schemas import MAX_SKILLS, SearchRequest
from benchmarks.relevance import (
    before_issue15,
    bm25_safety,
    bm25f,
    build_word_vectors,
    dense_probe,
    expansion,
    feedback_bigrams,
    feedback_voters,
    headlines,
    job_cover,
    lead,
    list_lines,
    onet_bridge,
    onet_specificity,
    onet_titles,
    practice_text,
    probe,
    recent_job,
    specificity_placement,
    word_vectors,
)

Body = dict[str, Any]
# Runs a body against the index and gives OpenSearch's response.
Search = queries.Engine
Builder = Callable[[str, date, Search], Awaitable[Body]]


def request_for(text: str, *, with_skills: bool = True) -> SearchRequest:
    """What a recruiter's typed query becomes: the text, plus the skills named in it."""
    skills = find_skills(text)[:MAX_SKILLS] if with_skills else []
    return SearchRequest(query=text, skills=skills, limit=10)


@contextlib.contextmanager
def constants(**values: Any) -> Iterator[None]:
    """Set ranking constants of app.search.queries while a body is built."""
    saved = {name: getattr(queries, name) for name in values}
    try:
        for name, value in values.items():
            setattr(queries, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(queries, name, value)


async def api_body(request: SearchRequest, today: date, search: Search) -> Body:
    """What the API sends for a request: the title feedback's first pass when it takes one, then the body."""
    body, _ = await queries.build_with_feedback(request, None, today, None, search)
    return body


async def ours(text: str, today: date, search: Search) -> Body:
    """Exactly what the API sends for this query (skills_match)."""
    return await api_body(request_for(text), today, search)


async def smart(text: str, today: date, search: Search) -> Body:
    """What the API sends when the query is typed into the smart search (the page's search box, the MCP
    tool) without a Claude key: the offline interpreter's structured request."""
    return await api_body(interpret_rules(text, limit=10), today, search)


def bm25(text: str) -> Body:
    return {"query": {"multi_match": {"query": text, "fields": ["resume_text"]}}}


def _with(builder: Builder | None = None, **values: Any) -> Builder:
    """A builder run with some ranking constants changed."""

    async def build(text: str, today: date, search: Search) -> Body:
        with constants(**values):
            return await (builder or ours)(text, today, search)

    return build


def scored(body: Body) -> Body:
    """The query of a body under the window's list factor, the product's since session 42 shipped
    `s42_prose_2` (`queries.list_scaled`: a function_score around it); a body without it as it is."""
    query: Body = body["query"]
    return query["function_score"]["query"] if "function_score" in query else query


def _inner(body: Body) -> Body:
    """The one scoring disjunction of a skills_match body (its filters sit beside it)."""
    inner: Body = scored(body)["bool"]["must"][0]["bool"]
    return inner


async def _skills_decide(text: str, today: date, search: Search) -> Body:
    """The first design: skills found in the text decide who is in (must), the text only ranks."""
    body = await ours(text, today, search)
    inner = _inner(body)
    skills = [c for c in inner["should"] if '"_name": "skill:' in json.dumps(c)]
    if skills:
        inner["should"] = [c for c in inner["should"] if c not in skills]
        inner["must"] = [{"bool": {"should": skills, "minimum_should_match": 1}}]
        inner.pop("minimum_should_match", None)
    return body


async def _text_only(text: str, today: date, search: Search) -> Body:
    """No skills extracted: the text clauses alone."""
    return await api_body(request_for(text, with_skills=False), today, search)


async def _best_fields(text: str, today: date, search: Search) -> Body:
    """The text multi_match as best_fields (the best field plus 0.3 x the others) instead of most_fields."""
    body = copy.deepcopy(await ours(text, today, search))
    for node in walk(body):
        match = node.get("multi_match")
        if isinstance(match, dict) and match.get("_name") == "text":
            match["type"] = "best_fields"
            match["tie_breaker"] = 0.3
    return body


async def _feedback_current_title_only(text: str, today: date, search: Search) -> Body:
    """Title feedback on the current title alone, not on past job titles."""
    body = await ours(text, today, search)
    inner = _inner(body)
    inner["should"] = [c for c in inner["should"] if _past_feedback(c) is None]
    return body


def _past_feedback(clause: Body) -> tuple[str, float] | None:
    """The word and boost of a title feedback clause on past titles (BM25 over job_titles)."""
    match = clause.get("match", {}).get("job_titles")
    if not isinstance(match, dict) or "boost" not in match:
        return None
    return match["query"], match["boost"]


async def _skills_as_keyword(text: str, today: date, search: Search) -> Body:
    """Skills ranked as exact terms on skills.keyword (idf only, no length norm) instead of the field's
    tokens."""
    body = copy.deepcopy(await ours(text, today, search))
    for node in walk(body):
        should = node.get("should")
        if not isinstance(should, list):
            continue
        for i, clause in enumerate(should):
            match = clause.get("match", {}).get("skills")
            if isinstance(match, dict):
                term = {"value": match["query"], "boost": match["boost"], "_name": match["_name"]}
                should[i] = {"term": {queries.SKILL_KEYWORD: term}}
    return body


async def _experience_nested(text: str, today: date, search: Search) -> Body:
    """The jobs' text scored per job (nested, the best job counts) instead of on the flat copies."""
    body = copy.deepcopy(await ours(text, today, search))
    inner = _inner(body)
    inner["should"] = [
        before_issue15._nested_jobs(text) if c.get("multi_match", {}).get("_name") == "experience_text" else c
        for c in inner["should"]
    ]
    return body


def _past_feedback_as(clause_for: Callable[[str, float], Body]) -> Builder:
    """Ours with each title feedback clause on past titles (word, boost) replaced by `clause_for`'s."""

    async def build(text: str, today: date, search: Search) -> Body:
        body = copy.deepcopy(await ours(text, today, search))
        inner = _inner(body)
        inner["should"] = [
            clause_for(*past) if (past := _past_feedback(clause)) is not None else clause
            for clause in inner["should"]
        ]
        return body

    return build


def _per_job(word: str, boost: float) -> Body:
    """Title feedback on past titles per job (nested, the best job counts), as before the pruning shape."""
    match = {"match": {"work_experience.title": {"query": word, "boost": boost}}}
    return {"nested": {"path": "work_experience", "query": match, "score_mode": "max"}}


def _constant(weight: float) -> Callable[[str, float], Body]:
    """Title feedback on past titles as a constant `weight` x the word's boost for any past title with the
    word (no length norm, so a long career does not dilute it)."""

    def clause(word: str, boost: float) -> Body:
        match = {"match": {"job_titles": {"query": word}}}
        return {"constant_score": {"filter": match, "boost": boost * weight}}

    return clause


async def _feedback_from(request: SearchRequest, body: Body, today: date, search: Search) -> Body:
    """The search body with the title feedback of the probe `body`, a first pass other than the API's."""
    first = await search(body)
    return queries.build_search(request, None, today, None, queries.title_feedback(first["hits"]["hits"]))


async def _probe_hits(text: str, search: Search) -> tuple[SearchRequest, list[Body]] | None:
    """The request for `text` and the text-only probe's hits (`benchmarks.relevance.probe`); None when the
    request takes no title feedback."""
    request = request_for(text)
    body = probe.title_probe(request)
    if body is None:
        return None
    return request, (await search(body))["hits"]["hits"]


def _probe_shape(**shape: Any) -> Builder:
    """The whole body with the feedback of the text-only probe built with `shape` (phrases, job_fields)."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        return queries.build_search(
            request, None, today, None, await probe.feedback(request, search, **shape)
        )

    return build


async def _text_required(text: str, today: date, search: Search) -> Body:
    """The text must match (a required disjunction of the text clauses), as before the flat shape, where
    a skill clause alone also lets a candidate in."""
    body = copy.deepcopy(await ours(text, today, search))
    inner = _inner(body)
    named = [
        c for c in inner["should"] if c.get("multi_match", {}).get("_name") in ("text", "experience_text")
    ]
    if named:
        inner["should"] = [c for c in inner["should"] if c not in named]
        inner["must"] = [{"bool": {"should": named, "minimum_should_match": 1}}]
        inner.pop("minimum_should_match", None)
    return body


async def _probe_with_skills(text: str, today: date, search: Search) -> Body:
    """The title feedback probe with the skills named in the text too (not the text alone)."""
    request = request_for(text)
    body = {
        "query": queries.skills_match(request),
        "size": queries.TITLE_FEEDBACK_HITS,
        "_source": ["current_title"],
        "track_total_hits": False,
    }
    return await _feedback_from(request, body, today, search)


def _probe_fields(*fields: str) -> Builder:
    """The title feedback probe's text matched on `fields` only (short fields are cheaper to search over
    every resume than the resume text)."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        body = probe.title_probe(request)
        assert body is not None
        for node in walk(body):
            match = node.get("multi_match")
            if isinstance(match, dict):
                match["fields"] = [f for f in match["fields"] if f.split("^")[0] in fields]
        disjunction = _inner(body)
        disjunction["should"] = [c for c in disjunction["should"] if c.get("multi_match", {}).get("fields")]
        return await _feedback_from(request, body, today, search)

    return build


def _plus_words(words_for: Callable[[str], list[str]], field: str, boost: float) -> Builder:
    """Ours plus one should clause: the words `words_for` gives for the query text, matched on `field`."""

    async def build(text: str, today: date, search: Search) -> Body:
        body = await ours(text, today, search)
        words = words_for(text)
        if words:
            clause = {"match": {field: {"query": " ".join(words), "boost": boost}}}
            _inner(body)["should"].append(clause)
        return body

    return build


def _expanded(boost: float) -> Builder:
    """Ours plus the query's posting-PMI neighbours (`expansion.expand`) over the resume text."""
    return _plus_words(expansion.expand, "resume_text", boost)


def _onet_bridge(boost: float) -> Builder:
    """Ours plus the role words of the O*NET occupation the query reads most like, on the current title."""
    return _plus_words(onet_bridge.role_words, "current_title", boost)


# Each tuned choice of app/search/queries.py undone alone, then all together (the first design), and
# references: what moved the numbers, measured in the same run.
VARIANTS: dict[str, Builder] = {
    "smart": smart,
    "skills_decide": _skills_decide,
    "resume_text_boost_0.5": _with(RESUME_TEXT_BOOST=0.5),
    "summary_boost_1.5": _with(SUMMARY_BOOST=1.5),
    "no_phrases": _with(MAX_PHRASES=0),
    # The text matched whole in every field, as before issue 15 session 12 (the same scores, by design).
    "text_whole": _with(PER_WORD_MAX_WORDS=0),
    "no_title_feedback": _with(TITLE_FEEDBACK_BOOST=0.0),
    "title_feedback_current_title_only": _feedback_current_title_only,
    "title_feedback_boost_5": _with(TITLE_FEEDBACK_BOOST=5.0),
    "first_design": _with(
        _skills_decide, RESUME_TEXT_BOOST=0.5, SUMMARY_BOOST=1.5, MAX_PHRASES=0, TITLE_FEEDBACK_BOOST=0.0
    ),
    "text_only": _text_only,
    "best_fields": _best_fields,
    "title_boost_1": _with(TITLE_BOOST=1.0),
    # The prunable shape's structural choices, each undone alone (issue 15).
    "skills_as_keyword": _skills_as_keyword,
    "experience_nested": _experience_nested,
    "feedback_nested": _past_feedback_as(_per_job),
    "feedback_constant_1": _past_feedback_as(_constant(1.0)),
    "feedback_constant_3": _past_feedback_as(_constant(3.0)),
    "feedback_constant_5": _past_feedback_as(_constant(5.0)),
    "probe_with_skills": _probe_with_skills,
    "text_required": _text_required,
    "phrase_slop_0": _with(PHRASE_SLOP=0),
    "probe_titles_summary": _probe_fields("current_title", "summary", "summary.skills", "job_titles"),
    "probe_titles_summary_jobs": _probe_fields(
        "current_title", "summary", "summary.skills", "job_titles", "job_text", "skills"
    ),
    "probe_without_resume_text_skills": _probe_fields(
        "current_title", "summary", "summary.skills", "resume_text", "skills", "job_titles", "job_text"
    ),
    "expansion_pmi_0.5": _expanded(0.5),
    "expansion_pmi_2": _expanded(2.0),
    "onet_bridge_2": _onet_bridge(2.0),
    "onet_bridge_5": _onet_bridge(5.0),
}
# The body before issue 15's prunable reshaping, and each of its changes alone (before_issue15).
VARIANTS.update(
    {name: before_issue15.builder(request_for, shape) for name, shape in before_issue15.shapes().items()}
)


async def _cross_fields(text: str, today: date, search: Search) -> Body:
    """The text multi_match as cross_fields (one blended document frequency per word across the prose
    fields) instead of most_fields."""
    body = copy.deepcopy(await ours(text, today, search))
    for node in walk(body):
        match = node.get("multi_match")
        if isinstance(match, dict) and match.get("_name") == "text":
            match["type"] = "cross_fields"
    return body


# Title feedback around its chosen point, with the probe of issue 17 (dev only decides).
VARIANTS.update(
    {
        "probe": _probe_shape(),
        "probe_without_phrases": _probe_shape(phrases=False),
        "feedback_hits_30": _with(TITLE_FEEDBACK_HITS=30),
        "feedback_hits_40": _with(TITLE_FEEDBACK_HITS=40),
        "feedback_boost_15": _with(TITLE_FEEDBACK_BOOST=15.0),
        "feedback_boost_7": _with(TITLE_FEEDBACK_BOOST=7.0),
        "feedback_words_8": _with(TITLE_FEEDBACK_WORDS=8),
        "feedback_min_titles_3": _with(TITLE_FEEDBACK_MIN_TITLES=3),
        "cross_fields": _cross_fields,
    }
)

# Issue 15: fewer fields per query word (resume_text holds the summary and the jobs' text already), for a
# cheaper first pass at 1M.
VARIANTS.update(
    {
        "text_no_summary": _with(
            TEXT_FIELDS=("current_title", "resume_text", "resume_text.skills", "skills")
        ),
        "text_no_summary_job_text": _with(
            TEXT_FIELDS=("current_title", "resume_text", "resume_text.skills", "skills"),
            JOB_FIELDS=("job_titles^2",),
        ),
        "text_no_job_text": _with(JOB_FIELDS=("job_titles^2",)),
        "text_lean": _with(
            TEXT_FIELDS=("current_title", "resume_text", "skills"), JOB_FIELDS=("job_titles^2",)
        ),
        "text_no_skill_subfields": _with(TEXT_FIELDS=("current_title", "summary", "resume_text", "skills")),
        "skill_terms": _with(SKILL_TERMS=True),
        "no_phrases": _with(MAX_PHRASES=0),
        "feedback_window_50": _with(FEEDBACK_WINDOW=50),
        "feedback_window_200": _with(FEEDBACK_WINDOW=200),
    }
)


def _feedback_specific(keep: int, floor: float) -> Builder:
    """Title feedback words weighed by how much more often the probe's titles have them than all titles
    do (share minus background share), so generic title words ("manager", "senior") count less; words
    under `floor` after that are dropped."""

    async def build(text: str, today: date, search: Search) -> Body:
        found = await _probe_hits(text, search)
        if found is None:
            return await ours(text, today, search)
        request, hits = found
        with constants(TITLE_FEEDBACK_WORDS=20):
            shared = queries.title_feedback(hits)
        everyone = await search({"query": {"exists": {"field": "current_title"}}, "size": 0,
                                 "track_total_hits": True})  # fmt: skip
        total = everyone["hits"]["total"]["value"] or 1
        weighed = []
        for word, share in shared:
            found = await search({"query": {"match": {"current_title": word}}, "size": 0,
                                  "track_total_hits": True})  # fmt: skip
            lift = share - found["hits"]["total"]["value"] / total
            if lift >= floor:
                weighed.append((word, lift))
        weighed.sort(key=lambda pair: -pair[1])
        return queries.build_search(request, None, today, None, weighed[:keep])

    return build


VARIANTS.update(
    {
        "feedback_specific_5": _feedback_specific(5, 0.0),
        "feedback_specific_5_floor_0.1": _feedback_specific(5, 0.1),
        "feedback_specific_3": _feedback_specific(3, 0.0),
    }
)


def _feedback_gated(least: float) -> Builder:
    """Title feedback only when the probe's titles agree: its most shared word in at least `least` of them."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        feedback = await probe.feedback(request, search)
        if not feedback or feedback[0][1] < least:
            feedback = []
        return queries.build_search(request, None, today, None, feedback)

    return build


VARIANTS.update({f"feedback_gated_{least}": _feedback_gated(least) for least in (0.3, 0.4, 0.5)})


def _fused(k: int, bm25_weight: float, depth: int = 100) -> Builder:
    """Reciprocal rank fusion of ours and plain BM25 over the resume text (each list's top `depth`), as a
    body that orders those ids by the fused score."""

    async def build(text: str, today: date, search: Search) -> Body:
        fused: dict[str, float] = {}
        for weight, body in ((1.0, await ours(text, today, search)), (bm25_weight, bm25(text))):
            found = await search({**body, "size": depth, "_source": False})
            for rank, hit in enumerate(found["hits"]["hits"], start=1):
                fused[hit["_id"]] = fused.get(hit["_id"], 0.0) + weight / (k + rank)
        functions = [{"filter": {"ids": {"values": [i]}}, "weight": 1000 * s} for i, s in fused.items()]
        return {
            "query": {
                "function_score": {
                    "query": {"ids": {"values": list(fused)}},
                    "functions": functions,
                    "score_mode": "sum",
                    "boost_mode": "replace",
                }
            }
        }

    return build


VARIANTS.update(
    {
        "rrf_bm25_60": _fused(60, 1.0),
        "rrf_bm25_60_half": _fused(60, 0.5),
        "rrf_bm25_10_half": _fused(10, 0.5),
        "rrf_bm25_60_quarter": _fused(60, 0.25),
    }
)


def _title_pairs(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Adjacent word pairs of the probe's current titles that at least two titles share, with their share."""
    counts: dict[str, int] = {}
    for hit in hits:
        title = (hit.get("_source") or {}).get("current_title") or ""
        words = [
            w
            for w in queries._TITLE_WORD.findall(title.casefold())
            if w not in queries.TITLE_FEEDBACK_STOPWORDS
        ]
        for pair in {f"{a} {b}" for a, b in itertools.pairwise(words)}:
            counts[pair] = counts.get(pair, 0) + 1
    shared = sorted(
        ((p, n) for p, n in counts.items() if n >= queries.TITLE_FEEDBACK_MIN_TITLES), key=lambda x: -x[1]
    )
    return [(pair, n / len(hits)) for pair, n in shared[: queries.TITLE_FEEDBACK_WORDS]]


def _feedback_pairs(boost: float, words: bool = True) -> Builder:
    """Title feedback plus the probe titles' shared word pairs ("branch manager") as phrases on the current
    title, each worth `boost` x its share; without `words`, the pairs replace the single words."""

    async def build(text: str, today: date, search: Search) -> Body:
        found = await _probe_hits(text, search)
        if found is None:
            return await ours(text, today, search)
        request, hits = found
        feedback = queries.title_feedback(hits) if words else []
        body = queries.build_search(request, None, today, None, feedback)
        for pair, share in _title_pairs(hits):
            phrase = {"match_phrase": {"current_title": {"query": pair, "boost": boost * share}}}
            _inner(body)["should"].append(phrase)
        return body

    return build


VARIANTS.update(
    {
        "feedback_pairs_5": _feedback_pairs(5.0),
        "feedback_pairs_10": _feedback_pairs(10.0),
        "feedback_pairs_only_10": _feedback_pairs(10.0, words=False),
    }
)


async def _probe_nested_jobs(text: str, today: date, search: Search) -> Body:
    """The probe with the jobs' text per job (nested, the best job counting) instead of the flat copies: the
    probe's shape of 5442931, which a nested clause keeps from pruning (a reference, not a candidate)."""
    request = request_for(text)
    body = probe.title_probe(request)
    if body is None:
        return await ours(text, today, search)
    disjunction = _inner(body)
    for i, clause in enumerate(disjunction["should"]):
        match = clause.get("multi_match")
        if isinstance(match, dict) and "job_text" in match["fields"]:
            disjunction["should"][i] = before_issue15._nested_jobs(text)
    return await _feedback_from(request, body, today, search)


# The probe's parts after main's pruning fixes (issue 17 after issue 15); all flat but the nested reference.
VARIANTS.update(
    {
        "probe_no_jobs": _probe_shape(job_fields=()),
        "probe_no_jobs_no_phrases": _probe_shape(job_fields=(), phrases=False),
        "probe_job_titles": _probe_shape(job_fields=("job_titles^2",)),
        "probe_job_titles_no_phrases": _probe_shape(job_fields=("job_titles^2",), phrases=False),
        "probe_nested_jobs": _probe_nested_jobs,
    }
)


@contextlib.contextmanager
def _text_fields_without(*dropped: str) -> Iterator[None]:
    """While a body is built (probe and search), the text multi_match without the fields `dropped`."""
    original = queries.text_clauses

    def text_clauses(
        query: str | None, job_fields: Any = queries.JOB_FIELDS, per_word: bool = False
    ) -> list[Body]:
        # Whole, so the fields can be edited (word by word scores the same).
        clauses = original(query, job_fields)
        for clause in clauses:
            match = clause.get("multi_match", {})
            if match.get("_name") == "text":
                match["fields"] = [f for f in match["fields"] if f.split("^")[0] not in dropped]
        return clauses

    queries.text_clauses = text_clauses  # type: ignore[assignment]
    try:
        yield
    finally:
        queries.text_clauses = original  # type: ignore[assignment]


def _without_fields(*dropped: str, when_skills: bool = False) -> Builder:
    """Ours with the text clause not matched on `dropped` (with `when_skills`: only for a query that names
    catalogue skills, whose skill clauses already match the skills field)."""

    async def build(text: str, today: date, search: Search) -> Body:
        if when_skills and not request_for(text).skills:
            return await ours(text, today, search)
        with _text_fields_without(*dropped):
            return await ours(text, today, search)

    return build


def _feedback_weighed(weigh: Callable[[int, int], float], cap: float = 1.0) -> Builder:
    """Title feedback whose votes are weighed by the probe hit's rank (`weigh(rank, hits)`, rank from 0),
    each word's share capped at `cap`."""

    async def build(text: str, today: date, search: Search) -> Body:
        found = await _probe_hits(text, search)
        if found is None:
            return await ours(text, today, search)
        request, hits = found
        votes: dict[str, float] = {}
        titles: dict[str, int] = {}
        total = sum(weigh(rank, len(hits)) for rank in range(len(hits))) or 1.0
        for rank, hit in enumerate(hits):
            for word in queries.title_words((hit.get("_source") or {}).get("current_title") or ""):
                votes[word] = votes.get(word, 0.0) + weigh(rank, len(hits)) / total
                titles[word] = titles.get(word, 0) + 1
        shared = sorted(
            ((w, min(v, cap)) for w, v in votes.items() if titles[w] >= queries.TITLE_FEEDBACK_MIN_TITLES),
            key=lambda pair: -pair[1],
        )
        return queries.build_search(request, None, today, None, shared[: queries.TITLE_FEEDBACK_WORDS])

    return build


# Issue 17, session 7 (per-query error analysis on dev, benchmarks/README.md): skills counted once,
# title feedback votes weighed by rank or capped (dev decides).
VARIANTS.update(
    {
        "text_without_skills_field": _without_fields("skills"),
        "text_without_skills_field_when_named": _without_fields("skills", when_skills=True),
        "skill_boost_1.5": _with(SKILL_BOOST=1.5),
        "feedback_rank_linear": _feedback_weighed(lambda rank, n: n - rank),
        "feedback_rank_log": _feedback_weighed(lambda rank, n: 1 / math.log2(rank + 2)),
        "feedback_cap_0.3": _feedback_weighed(lambda rank, n: 1.0, cap=0.3),
        "feedback_cap_0.2": _feedback_weighed(lambda rank, n: 1.0, cap=0.2),
    }
)


def _job_fields(*fields: str) -> Builder:
    """Ours with the jobs' flat copies matched as `fields` (body and probe)."""
    original = queries.text_clauses

    async def build(text: str, today: date, search: Search) -> Body:
        def text_clauses(
            query: str | None, job_fields: Any = queries.JOB_FIELDS, per_word: bool = False
        ) -> list[Body]:
            return original(query, fields if job_fields else job_fields)

        queries.text_clauses = text_clauses  # type: ignore[assignment]
        try:
            return await ours(text, today, search)
        finally:
            queries.text_clauses = original  # type: ignore[assignment]

    return build


VARIANTS.update(
    {
        "title_boost_6": _with(TITLE_BOOST=6.0),
        "title_boost_10": _with(TITLE_BOOST=10.0),
        "job_titles_4": _job_fields("job_titles^4", "job_text"),
        "job_titles_1": _job_fields("job_titles", "job_text"),
        "text_without_resume_text_skills": _without_fields("resume_text.skills"),
        "text_without_summary": _without_fields("summary", "summary.skills"),
        "phrase_boost_1.5": _with(PHRASE_BOOST=1.5),
        "phrase_boost_6": _with(PHRASE_BOOST=6.0),
        "feedback_words_3": _with(TITLE_FEEDBACK_WORDS=3),
    }
)


def _probe_plain(phrases: bool) -> Builder:
    """The title feedback probe as plain BM25 over the resume text (the bm25 baseline's ranking, with the
    adjacent-word phrases when `phrases`), one field instead of the text clause's six."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        body = probe.title_probe(request)
        if body is None:
            return await ours(text, today, search)
        should = [bm25(text)["query"]] + (queries.phrase_clauses(text) if phrases else [])
        _inner(body)["should"] = should
        return await _feedback_from(request, body, today, search)

    return build


VARIANTS.update({"probe_bm25": _probe_plain(False), "probe_bm25_phrases": _probe_plain(True)})


def _stem(word: str) -> str:
    """A crude stem for comparing title words with query words (the first 6 letters)."""
    return word[:6]


def _feedback_votes(
    text: str, hits: list[dict[str, Any]], count: Callable[[set[str], set[str], str], bool]
) -> list[tuple[str, float]]:
    """Title feedback where a title's vote for a word counts only when `count(title words, query stems,
    word)` says so; otherwise as `queries.title_feedback`."""
    query = {_stem(w) for w in queries._TITLE_WORD.findall(text.casefold())}
    votes: dict[str, int] = {}
    for hit in hits:
        # The words as ours counts them (each once, in the order written), so ties fall as ours's do.
        ordered = queries.title_words((hit.get("_source") or {}).get("current_title") or "")
        words = set(ordered)
        for word in ordered:
            if count(words, query, word):
                votes[word] = votes.get(word, 0) + 1
    shared = sorted(
        ((w, n) for w, n in votes.items() if n >= queries.TITLE_FEEDBACK_MIN_TITLES), key=lambda x: -x[1]
    )
    return [(w, n / len(hits)) for w, n in shared[: queries.TITLE_FEEDBACK_WORDS]]


def _modifier_out(words: set[str], query: set[str], word: str) -> bool:
    """A word counts from a title unless it is not a query word and sits beside one (a modifier of the
    query's own role word: "engineering" in "engineering technician" for "automotive ... technician")."""
    if _stem(word) in query:
        return True
    return not any(_stem(w) in query for w in words)


def _query_words_only(words: set[str], query: set[str], word: str) -> bool:
    """Only query words are fed back (the probe says which of them are title words)."""
    return _stem(word) in query


def _feedback_counted(count: Callable[[set[str], set[str], str], bool]) -> Builder:
    """Ours with the title feedback of `_feedback_votes` (`count` decides which titles vote for a word)."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        first = await queries.run_first_pass(request, today, queries.Page(), search)
        if first is None:
            return await ours(text, today, search)
        hits = first.answer["hits"]["hits"][: queries.TITLE_FEEDBACK_HITS]
        feedback = _feedback_votes(text, hits, count)
        return queries.build_search(request, None, today, None, feedback, window=first.window)

    return build


VARIANTS.update(
    {
        "feedback_modifiers_out": _feedback_counted(_modifier_out),
        "feedback_query_words_only": _feedback_counted(_query_words_only),
        # Every title votes: reproduces ours (checks the rewrite of the feedback).
        "feedback_votes_check": _feedback_counted(lambda words, query, word: True),
    }
)


def _feedback_window(ratio: float, least: int) -> Builder:
    """Title feedback from the probe hits scoring at least `ratio` x the best one (at least `least` hits):
    a probe whose scores fall fast has few hits on topic."""

    async def build(text: str, today: date, search: Search) -> Body:
        found = await _probe_hits(text, search)
        if found is None:
            return await ours(text, today, search)
        request, hits = found
        if hits:
            top = hits[0]["_score"] or 1.0
            kept = [h for h in hits if h["_score"] >= ratio * top]
            hits = hits[: max(least, len(kept))]
        return queries.build_search(request, None, today, None, queries.title_feedback(hits))

    return build


VARIANTS.update(
    {
        "feedback_window_0.5": _feedback_window(0.5, 5),
        "feedback_window_0.7": _feedback_window(0.7, 5),
        "feedback_window_0.8": _feedback_window(0.8, 10),
        "feedback_window_0.4": _feedback_window(0.4, 5),
        "feedback_window_0.6": _feedback_window(0.6, 5),
        "feedback_window_0.5_least_3": _feedback_window(0.5, 3),
        "feedback_window_0.5_least_10": _feedback_window(0.5, 10),
        "feedback_window_0.3": _feedback_window(0.3, 5),
    }
)


_collection: list[expansion.Cooccurrence] = []


async def _resume_cooccurrence(search: Search) -> expansion.Cooccurrence:
    """PMI neighbours over the indexed resumes' text (read once through `search`)."""
    if not _collection:
        found = await search({"query": {"match_all": {}}, "size": 10_000, "_source": ["resume_text"]})
        texts = [(hit.get("_source") or {}).get("resume_text") or "" for hit in found["hits"]["hits"]]
        _collection.append(expansion.Cooccurrence(texts))
    return _collection[0]


def _expanded_by_resumes(boost: float, count: int, field: str = "resume_text") -> Builder:
    """Ours plus the query words' `count` PMI neighbours across the resumes, on `field`."""

    async def build(text: str, today: date, search: Search) -> Body:
        words = (await _resume_cooccurrence(search)).expand(text, count)
        body = await ours(text, today, search)
        if words:
            _inner(body)["should"].append({"match": {field: {"query": " ".join(words), "boost": boost}}})
        return body

    return build


VARIANTS.update(
    {
        "expansion_resumes_0.5": _expanded_by_resumes(0.5, 3),
        "expansion_resumes_1": _expanded_by_resumes(1.0, 3),
        "expansion_resumes_2": _expanded_by_resumes(2.0, 3),
        "expansion_resumes_1_words_5": _expanded_by_resumes(1.0, 5),
    }
)


def _coverage(boost: float, field: str = "resume_text") -> Builder:
    """Ours plus a constant `boost` per distinct query word the resume text has (coverage counts, term
    frequency does not): one constant_score clause per word in the disjunction."""

    async def build(text: str, today: date, search: Search) -> Body:
        body = await ours(text, today, search)
        words = dict.fromkeys(w for w in text.lower().split() if w not in queries.TITLE_FEEDBACK_STOPWORDS)
        _inner(body)["should"].extend(
            {"constant_score": {"filter": {"match": {field: word}}, "boost": boost}} for word in words
        )
        return body

    return build


VARIANTS.update({f"coverage_{boost:g}": _coverage(boost) for boost in (3.0, 10.0, 25.0)})


# Issue 17, session 8: how the first pass's title words are chosen and weighed (dev decides).
_shared_title_words = queries.title_feedback
# The first pass's best hits in, the title feedback words and their weights out.
Feedback = Callable[[list[Body]], list[tuple[str, float]]]


@contextlib.contextmanager
def _title_feedback_as(feedback: Feedback) -> Iterator[None]:
    """While a body is built, the first pass's hits give their feedback words through `feedback`."""
    original = queries.title_feedback
    queries.title_feedback = feedback  # type: ignore[assignment]
    try:
        yield
    finally:
        queries.title_feedback = original  # type: ignore[assignment]


def _feedback_by(feedback: Feedback) -> Builder:
    """Ours with the title feedback words and weights of `feedback` (the first pass's best hits in)."""

    async def build(text: str, today: date, search: Search) -> Body:
        with _title_feedback_as(feedback):
            return await ours(text, today, search)

    return build


def _title_counts(hits: list[Body]) -> Counter[str]:
    """How many of the hits' current titles have each word (as `queries.title_feedback` counts)."""
    counts: Counter[str] = Counter()
    for hit in hits:
        title = ((hit.get("_source") or {}).get("current_title") or "").casefold()
        words = queries._TITLE_WORD.findall(title)
        counts.update({w for w in words if w not in queries.TITLE_FEEDBACK_STOPWORDS})
    return counts


def _onet_vocabulary(word: str) -> bool:
    """Whether an O*NET occupation title, alternate title or short title has the word."""
    return word in onet_titles.document_frequency()


def _feedback_in_onet(hits: list[Body]) -> list[tuple[str, float]]:
    """Title feedback from the words of O*NET's titles only (a parser's junk title word never votes)."""
    counts = _title_counts(hits)
    least = queries.TITLE_FEEDBACK_MIN_TITLES
    shared = [(w, n) for w, n in counts.most_common() if n >= least and _onet_vocabulary(w)]
    return [(w, n / len(hits)) for w, n in shared[: queries.TITLE_FEEDBACK_WORDS]]


def _feedback_onet_idf(power: float, keep_mass: bool) -> Feedback:
    """Title feedback whose words are weighed by share x (idf among O*NET's titles)^power: a generic role
    word ("manager", "technician", "specialist") counts less than a telling one ("accountant", "branch").
    Words are picked by that weight; `keep_mass` rescales so the query's feedback weighs as much in all as
    by share alone (only the split between its words changes)."""

    def feedback(hits: list[Body]) -> list[tuple[str, float]]:
        counts = _title_counts(hits)
        idf = onet_titles.idf
        top = max(idf(w) for w in counts) if counts else 1.0
        scored = sorted(
            (
                (w, n / len(hits), n / len(hits) * (idf(w) / top) ** power)
                for w, n in counts.items()
                if n >= queries.TITLE_FEEDBACK_MIN_TITLES
            ),
            key=lambda row: -row[2],
        )[: queries.TITLE_FEEDBACK_WORDS]
        if not scored:
            return []
        scale = sum(s for _, s, _ in scored) / (sum(x for _, _, x in scored) or 1.0) if keep_mass else 1.0
        return [(w, x * scale) for w, _, x in scored]

    return feedback


def _feedback_scaled(reference: float, statistic: str = "median") -> Feedback:
    """Title feedback weighed in proportion to the first pass's scores (their median or top over the hits
    read, divided by `reference`): a query whose best hits score low gets a smaller lift, so feedback
    from titles that share little does not outweigh the text."""

    def feedback(hits: list[Body]) -> list[tuple[str, float]]:
        scores = sorted((hit.get("_score") or 0.0 for hit in hits), reverse=True)
        if not scores:
            return []
        level = scores[0] if statistic == "top" else scores[len(scores) // 2]
        return [(w, s * level / reference) for w, s in _shared_title_words(hits)]

    return feedback


VARIANTS.update(
    {
        "feedback_onet_vocabulary": _feedback_by(_feedback_in_onet),
        **{
            f"feedback_onet_idf_{power:g}{'_mass' if mass else ''}": _feedback_by(
                _feedback_onet_idf(power, mass)
            )
            for power in (0.5, 1.0, 2.0)
            for mass in (False, True)
        },
        **{
            f"feedback_scaled_median_{ref:g}": _feedback_by(_feedback_scaled(ref))
            for ref in (100.0, 150.0, 200.0)
        },
        **{
            f"feedback_scaled_top_{ref:g}": _feedback_by(_feedback_scaled(ref, "top"))
            for ref in (150.0, 250.0)
        },
    }
)


def _past_titles_weighed(weight: float) -> Callable[[str, float], Body]:
    """Title feedback on past titles at `weight` x its boost (current titles unchanged)."""

    def clause(word: str, boost: float) -> Body:
        return {"match": {"job_titles": {"query": word, "boost": boost * weight}}}

    return clause


VARIANTS.update(
    {
        f"feedback_past_titles_x{weight:g}": _past_feedback_as(_past_titles_weighed(weight))
        for weight in (0.5, 2.0)
    }
)


# Session 11: query expansion by word vectors learned from the job postings and O*NET occupations
# (`benchmarks.relevance.word_vectors`).


@lru_cache(maxsize=1)
def _word_vectors() -> tuple[word_vectors.WordVectors, list[str]]:
    """The vectors `REL_WORD_VECTORS` names (`python -m benchmarks.relevance.build_word_vectors --onet`),
    else the same trained here (about 20 s); and the words in index order."""
    path = os.environ.get("REL_WORD_VECTORS")
    model = (
        word_vectors.WordVectors.load(Path(path))
        if path
        else build_word_vectors.build(shared_data_dir(), onet=True)
    )
    return model, sorted(model.vocabulary, key=model.vocabulary.__getitem__)


def _neighbours(text: str, count: int, floor: float) -> list[str]:
    """Each query word's `count` nearest words in the vectors (cosine at least `floor`), not already asked."""
    model, inverse = _word_vectors()
    asked = word_vectors.words(text)
    out: list[str] = []
    for word in asked:
        if word not in model.vocabulary:
            continue
        cosines = model.vectors @ model.vectors[model.vocabulary[word]]
        ranked = [inverse[int(i)] for i in cosines.argsort()[::-1][: count + 1] if cosines[i] >= floor]
        out += [w for w in ranked if w not in asked and w not in out][:count]
    return out


def _expanded_by_vectors(boost: float, count: int, fields: tuple[str, ...] = ("resume_text",)) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        body = await ours(text, today, search)
        words = _neighbours(text, count, 0.5)
        if words:
            clause = {"multi_match": {"query": " ".join(words), "fields": list(fields), "boost": boost}}
            _inner(body)["should"].append(clause)
        return body

    return build


VARIANTS.update(
    {
        "expansion_vectors_0.5": _expanded_by_vectors(0.5, 3),
        "expansion_vectors_1": _expanded_by_vectors(1.0, 3),
        "expansion_vectors_2": _expanded_by_vectors(2.0, 3),
        "expansion_vectors_1_words_5": _expanded_by_vectors(1.0, 5),
        "expansion_vectors_titles_1": _expanded_by_vectors(1.0, 3, ("current_title", "job_titles")),
        "expansion_vectors_titles_3": _expanded_by_vectors(3.0, 3, ("current_title", "job_titles")),
        "expansion_vectors_titles_5": _expanded_by_vectors(5.0, 3, ("current_title", "job_titles")),
        "expansion_vectors_titles_10": _expanded_by_vectors(10.0, 3, ("current_title", "job_titles")),
        "expansion_vectors_titles_3_words_5": _expanded_by_vectors(3.0, 5, ("current_title", "job_titles")),
        "expansion_vectors_titles_3_words_1": _expanded_by_vectors(3.0, 1, ("current_title", "job_titles")),
    }
)

# Session 12: title feedback from the encoder's nearest resumes (`dense_probe`; needs its vectors in /tmp).
VARIANTS.update(
    {
        f"{mode}_probe_{view}": dense_probe.builder(view, mode, request_for)
        for mode in ("dense", "mixed")
        for view in ("text128", "titles_text")
    }
)

# Session 13: word equivalences from O*NET's short titles ("automotive" / "automobile" -> "auto"), as one
# more should clause (`app.search.equivalents`). Since session 14 ours has them in its text (`EQUIVALENTS`);
# these variants start from ours without them, as session 13 measured them.
_without_equivalents = _with(EQUIVALENTS=False)
VARIANTS["no_equivalents"] = _without_equivalents


def _expanded_by_short_titles(boost: float, fields: tuple[str, ...]) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        body = await _without_equivalents(text, today, search)
        words = equivalents(text)
        if words:
            clause = {"multi_match": {"query": " ".join(words), "fields": list(fields), "boost": boost}}
            _inner(body)["should"].append(clause)
        return body

    return build


_SHORT_FIELDS = {"text": ("resume_text",), "text_titles": ("resume_text", "current_title", "job_titles")}
VARIANTS.update(
    {
        f"onet_short_{where}_{boost:g}": _expanded_by_short_titles(boost, fields)
        for where, fields in _SHORT_FIELDS.items()
        for boost in (0.5, 1.0, 2.0)
    }
)


def _short_titles_in_query(text: str, today: date, search: Search) -> Awaitable[Body]:
    """Ours with the equivalents appended to the query text: they reach every clause, the probe and the
    phrases included (ours since session 14 keeps the phrases to the words as asked)."""
    return _without_equivalents(with_equivalents(text), today, search)


# The text clause weighs a query word 4 (RESUME_TEXT_BOOST), so an equivalent at 0.5-2 could not move a
# ranking (first dev run: d17 0.066 -> 0.085 at most); at the query word's own weight, or as a query word.
VARIANTS.update(
    {
        "onet_short_text_4": _expanded_by_short_titles(4.0, _SHORT_FIELDS["text"]),
        "onet_short_text_8": _expanded_by_short_titles(8.0, _SHORT_FIELDS["text"]),
        "onet_short_in_query": _short_titles_in_query,
    }
)

# Session 14: each query word weighs by how few O*NET occupations use it (`onet_specificity`), in every
# word-by-word text clause (the probe's included); phrases and skills unchanged. Ours has p 0.5, full 10
# since (`queries.SPECIFICITY_POWER`), so `onet_specific_p0.5_full10` is ours.
VARIANTS["no_specificity"] = _with(SPECIFICITY_POWER=0.0)
VARIANTS.update(
    {
        f"onet_specific_p{p:g}_full{full_at}": _with(word_weight=onet_specificity.word_weight(p, full_at))
        for p in (0.5, 1.0)
        for full_at in (10, 50)
    }
)


def _placed(settings: dict[str, Any]) -> Builder:
    """Ours with the specificity weights placed as `specificity_placement.placed(**settings)` says."""

    async def build(text: str, today: date, search: Search) -> Body:
        with specificity_placement.placed(**settings):
            return await ours(text, today, search)

    return build


# Session 15: which clauses the specificity weights apply to (`specificity_placement`): the job titles at
# their whole weight, the phrases weighed by their two words.
VARIANTS.update({name: _placed(settings) for name, settings in specificity_placement.SETTINGS.items()})


def _voters(settings: dict[str, Any]) -> Builder:
    """Ours with the title feedback's voters chosen as `feedback_voters.voting(**settings)` says."""

    async def build(text: str, today: date, search: Search) -> Body:
        with feedback_voters.voting(text, **settings):
            return await ours(text, today, search)

    return build


# Session 15, second direction: which of the first pass's hits vote in the title feedback, by the O*NET
# specificity of the query words each matched (`feedback_voters`).
VARIANTS.update({name: _voters(settings) for name, settings in feedback_voters.SETTINGS.items()})


def _paired(settings: dict[str, Any]) -> Builder:
    """Ours with two-word title roles fed back too (`feedback_bigrams.paired(**settings)`)."""

    async def build(text: str, today: date, search: Search) -> Body:
        with feedback_bigrams.paired(**settings):
            return await ours(text, today, search)

    return build


# Session 15, fourth grid: title feedback of the two-word roles the first pass's titles share, as phrases.
VARIANTS.update({name: _paired(settings) for name, settings in feedback_bigrams.SETTINGS.items()})

# Session 16: ours backed off per query (to plain BM25, or to ours without title feedback) when it strays far
# from BM25's answer (`bm25_safety`).
VARIANTS.update(bm25_safety.variants(request_for))


def _headlines(config: headlines.Config) -> Builder:
    """Ours with the lines round 17 no longer calls titles searched as `headlines.configured` says (the
    run adds their fields to its index first: `headlines.attach`)."""

    async def build(text: str, today: date, search: Search) -> Body:
        with headlines.configured(config):
            return await ours(text, today, search)

    return build


# Session 21: the function lines parsing round 17 drops as titles, kept as a searchable headline.
VARIANTS.update({name: _headlines(config) for name, config in headlines.CONFIGS.items()})


def _bm25f(config: bm25f.Config) -> Builder:
    """Ours with a query word's evidence over a group of fields scored once (`bm25f.configured`)."""

    async def build(text: str, today: date, search: Search) -> Body:
        with bm25f.configured(config):
            return await ours(text, today, search)

    return build


# Session 22: BM25F (`combined_fields`) over the prose fields and over the skill fields, word by word.
VARIANTS.update({name: _bm25f(config) for name, config in bm25f.CONFIGS.items()})


def _lead(config: lead.Config) -> Builder:
    """Ours with the query's words matched in the resume's opening too (`lead.configured`; the run adds the
    lead sub-fields to its index first: `lead.attach`)."""

    async def build(text: str, today: date, search: Search) -> Body:
        with lead.configured(config):
            return await ours(text, today, search)

    return build


# Session 22, second direction: the query's words in the first N tokens of the resume text.
VARIANTS.update({name: _lead(config) for name, config in lead.CONFIGS.items()})


def _jobs_rescore(weight: float, window: int = queries.FEEDBACK_WINDOW) -> Builder:
    """Ours with each job's title and description scored together (nested, the best job counting: the
    pre-issue-15 clause of `before_issue15`) as a rescore of the first pass's best `window` hits at
    `weight`, so the feedback's 20 titles come from that order, and the same clause over the window in the
    second pass. A rescore keeps the first pass prunable; the nested clause scores `window` hits only."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        if queries.feedback_text(request) is None:
            return await ours(text, today, search)
        first = queries.first_pass(request, today, windowed=True)
        nested = before_issue15._nested_jobs(text)
        first["rescore"] = {
            "window_size": window,
            "query": {"rescore_query": nested, "query_weight": 1.0, "rescore_query_weight": weight},
        }
        hits = (await search(first))["hits"]["hits"]
        feedback = queries.title_feedback(hits[: queries.TITLE_FEEDBACK_HITS])
        ids = [hit["_id"] for hit in hits]
        body = queries.build_search(request, None, today, queries.Page(), feedback, window=ids)
        clause = copy.deepcopy(nested)
        clause["nested"]["query"]["multi_match"]["boost"] = weight * queries.EXPERIENCE_DESCRIPTION_BOOST
        _inner(body)["should"].append(clause)
        return body

    return build


# Session 26: per-job scoring back as a rescore of the first pass (issue 15's relevance clause).
VARIANTS.update({f"jobs_rescore_{w:g}": _jobs_rescore(w) for w in (0.5, 1.0, 2.0)})


# Session 32: a query word and its equivalents scored as one term (`queries.EQUIVALENTS_AS_ONE_TERM`, the
# `prose_equivalents` and `skill_equivalents` search analyzers) since the index definition has them; these
# variants take parts of it back or carry it further.
_ORIGINAL_PHRASES = queries.phrase_clauses
_ORIGINAL_FEEDBACK_CLAUSES = queries.title_feedback_clauses


def _phrases_with_equivalents(query: str | None) -> list[dict[str, Any]]:
    """The adjacent-word phrases read with the equivalents too ("ops specialist" for "operations
    specialist")."""
    clauses = _ORIGINAL_PHRASES(query)
    for clause in clauses:
        phrase = clause["match_phrase"]["resume_text"]
        if equivalents(phrase["query"]):
            phrase["analyzer"] = "prose_equivalents"
    return clauses


def _feedback_with_equivalents(feedback: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
    """The title feedback's words read with their equivalents ("ops" also lifts an "Operations ...")."""
    clauses = _ORIGINAL_FEEDBACK_CLAUSES(feedback)
    for clause in clauses:
        for spec in clause["match"].values():
            if equivalents(spec["query"]):
                spec["analyzer"] = "prose_equivalents"
    return clauses


VARIANTS.update(
    {
        "equivalents_as_words": _with(EQUIVALENTS_AS_ONE_TERM=False),
        "equivalents_prose_only": _with(
            EQUIVALENTS_ANALYZERS={
                field: analyzer
                for field, analyzer in queries.EQUIVALENTS_ANALYZERS.items()
                if analyzer == "prose_equivalents"
            }
        ),
        "equivalents_phrases": _with(phrase_clauses=_phrases_with_equivalents),
        "equivalents_feedback": _with(title_feedback_clauses=_feedback_with_equivalents),
    }
)

# Session 33: how far down the first pass the title feedback reorders (FEEDBACK_WINDOW, 50 shipped); the
# feedback words still come from the best TITLE_FEEDBACK_HITS (20).
VARIANTS.update({f"feedback_window_{n}": _with(FEEDBACK_WINDOW=n) for n in (30, 75, 100, 150, 200)})


# Session 33: title feedback voted by careers. Each of the first pass's TITLE_FEEDBACK_HITS votes for a title
# word with `current` x (the word is in its current title) + (1 - current) x the share of its working months
# spent in jobs whose title has the word (a job without months counts one), instead of its current title
# alone. A word needs two voters, as in ours; the five with the most votes are fed back, share = votes / hits.
_CAREER_SOURCE = ["current_title", "work_experience.title", "work_experience.months"]


def _career_votes(hits: list[dict[str, Any]], current: float) -> list[tuple[str, float]]:
    votes: Counter[str] = Counter()
    voters: Counter[str] = Counter()
    for hit in hits:
        source = hit.get("_source") or {}
        jobs = [
            (queries.title_words(job.get("title") or ""), max(int(job.get("months") or 0), 1))
            for job in source.get("work_experience") or []
            if job.get("title")
        ]
        months = sum(m for _, m in jobs)
        now = queries.title_words(source.get("current_title") or "")
        weight: Counter[str] = Counter()
        for word in now:
            weight[word] += current
        for words, m in jobs:
            for word in words:
                weight[word] += (1.0 - current) * m / months
        for word, value in weight.items():
            if value > 0:
                votes[word] += value
                voters[word] += 1
    shared = [(w, v) for w, v in votes.most_common() if voters[w] >= queries.TITLE_FEEDBACK_MIN_TITLES]
    return [(w, v / len(hits)) for w, v in shared[: queries.TITLE_FEEDBACK_WORDS]] if hits else []


def _feedback_by_careers(current: float) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        first = await queries.run_first_pass(request, today, queries.Page(), search)
        if first is None:
            return await ours(text, today, search)
        top = first.answer["hits"]["hits"][: queries.TITLE_FEEDBACK_HITS]
        ids = [hit["_id"] for hit in top]
        found = await search({"query": {"ids": {"values": ids}}, "size": len(ids), "_source": _CAREER_SOURCE})
        by_id = {hit["_id"]: hit for hit in found["hits"]["hits"]}
        voters = [by_id.get(i, {"_source": {}}) for i in ids]
        feedback = queries.role_feedback(_career_votes(voters, current), voters, request.query)
        return queries.build_search(request, None, today, None, feedback, window=first.window)

    return build


VARIANTS.update(
    {
        "feedback_careers_check": _feedback_by_careers(1.0),  # current titles only: must equal ours
        "feedback_careers_0.5": _feedback_by_careers(0.5),
        "feedback_careers_0": _feedback_by_careers(0.0),
    }
)


# Issue 17, session 34: pseudo-relevance feedback from the best hits' resume text, served by the engine:
# the API's body once more with a `sampler` of its first k hits and a `significant_text` aggregation over
# their `resume_text` (the terms those k use more than the whole index does), then those terms (other than
# the query's own) as `term` clauses on `resume_text`, each at boost x its share of the terms' significance.
# Offline forms of the same family: `benchmarks.relevance.s34_prf`.


def _query_stem(term: str, words: Sequence[str]) -> bool:
    """Whether an analysed term is one of the query's words (its stem is a prefix of the word, or the
    reverse: "process" for "processing", "deposit" for "deposits")."""
    return any(word.startswith(term) or term.startswith(word) for word in words)


def _text_feedback(depth: int, size: int, boost: float) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        body = await ours(text, today, search)
        found = await search(
            {
                "query": body["query"],
                "size": 0,
                "aggs": {
                    "top": {
                        "sampler": {"shard_size": depth},
                        "aggs": {"terms": {"significant_text": {"field": "resume_text", "size": size + 10}}},
                    }
                },
            }
        )
        words = [
            w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in queries.TITLE_FEEDBACK_STOPWORDS
        ]
        buckets = [
            (bucket["key"], bucket["score"])
            for bucket in found["aggregations"]["top"]["terms"]["buckets"]
            if not _query_stem(bucket["key"], words)
        ][:size]
        total = sum(score for _, score in buckets) or 1.0
        _inner(body)["should"].extend(
            {"term": {"resume_text": {"value": term, "boost": boost * score / total}}}
            for term, score in buckets
        )
        return body

    return build


VARIANTS.update(
    {
        f"prf_text_{depth}_{size}_{boost:g}": _text_feedback(depth, size, boost)
        for depth in (10, 20)
        for size in (10,)
        for boost in (3.0, 6.0, 12.0)
    }
)


# Session 36 (s36-rel). Three forms no session had measured, each on the API's own path (first pass, title
# feedback, window), the change applied to both passes where it is a clause of the body:
# - `s36_voters_ratio_<r>`: the title feedback read from the first pass's best hits scoring at least r x the
#   best (at least 5 of the 20): where the query's specific words match few resumes (d15 "crop production
#   farm irrigation agronomy": 14, 55 and 10 resumes, "agronomy" none) the first pass's scores fall from 260
#   to 100 after a handful of hits, and the rest of the 20 came in on a generic word ("production": chefs),
#   so their titles vote noise. Session 7 measured this on the probe of issue 15 (0.765 to 0.770, d15 only);
#   the first pass, the role rule and the window have changed since.
# - `s36_pairs_<slop>_<boost>`: every pair of query words that are not adjacent, within `slop` positions of
#   each other in the resume text (a sloppy phrase, either order), at boost x sqrt of the two words'
#   specificity weights; the adjacent pairs stay ours's phrases. Words of one trade stand near each other in
#   a resume of that trade ("loan ... deposits", "crop ... irrigation"); a neighbouring trade shares the words
#   one at a time. The earlier proximity forms were adjacent pairs (shipped) and the whole text as one
#   phrase (slop 3 / 10, before title feedback: 0.699).
# - `s36_word_dismax_<tie>`: each query word's field clauses (title, resume text, its skill tokens, skills
#   list, jobs' titles) as one dis_max: the best field plus tie x the others, so a word is not counted four
#   or five times over (d09's "Loan Processing" in the skills list, d01's finance accountant). BM25F
#   (session 22) merged the fields' statistics; dropping one field (sessions 7, 8, 33) removed it for all.
# - `s36_min_titles_<n>`: a feedback word shared by n of the 20 titles (2 shipped, 3 measured in sessions 7
#   and 33), the step past 3.


def _voters_ratio(ratio: float, least: int = 5) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        first = await queries.run_first_pass(request, today, queries.Page(), search)
        if first is None:
            return await ours(text, today, search)
        hits = first.answer["hits"]["hits"][: queries.TITLE_FEEDBACK_HITS]
        if hits:
            best = hits[0].get("_score") or 1.0
            kept = [hit for hit in hits if (hit.get("_score") or 0.0) >= ratio * best]
            hits = hits[: max(least, len(kept))]
        feedback = queries.role_feedback(queries.title_feedback(hits), hits, request.query)
        return queries.build_search(request, None, today, None, feedback, window=first.window)

    return build


# The first grid ran on the shipped feedback (a word of two titles or more).
VARIANTS.update({f"s36_voters_ratio_{r:g}": _with(_voters_ratio(r)) for r in (0.3, 0.4, 0.5)})
# Every hit votes: must equal the body before.
VARIANTS["s36_voters_ratio_check"] = _with(_voters_ratio(0.0, least=queries.TITLE_FEEDBACK_HITS))


def _pair_clauses(slop: int, boost: float) -> Callable[[str | None], list[dict[str, Any]]]:
    def clauses(query: str | None) -> list[dict[str, Any]]:
        words = (query or "").split()
        pairs = [
            {
                "match_phrase": {
                    "resume_text": {
                        "query": f"{words[i]} {words[j]}",
                        "slop": slop,
                        "boost": boost
                        * math.sqrt(queries.word_weight(words[i]) * queries.word_weight(words[j])),
                    }
                }
            }
            for i in range(len(words))
            for j in range(i + 2, len(words))
        ]
        return _ORIGINAL_PHRASES(query) + pairs[:15]

    return clauses


VARIANTS.update(
    {
        f"s36_pairs_{slop}_{boost:g}": _with(phrase_clauses=_pair_clauses(slop, boost))
        for slop, boost in ((4, 2.0), (8, 1.0), (8, 2.0), (16, 2.0))
    }
)

_ORIGINAL_TEXT_CLAUSES = queries.text_clauses
_WORD_CLAUSE = re.compile(r"^(?:text:[^:]+|experience_text):(\d+)$")


def _word_dismax(tie: float) -> Callable[..., list[dict[str, Any]]]:
    def clauses(
        query: str | None, job_fields: Sequence[str] | None = None, per_word: bool = False
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        by_word: dict[str, list[dict[str, Any]]] = {}
        for clause in _ORIGINAL_TEXT_CLAUSES(query, job_fields, per_word):
            spec = next(iter(clause.get("match", {}).values()), None)
            found = _WORD_CLAUSE.match(spec.get("_name", "")) if isinstance(spec, dict) else None
            if found:
                by_word.setdefault(found.group(1), []).append(clause)
            else:
                out.append(clause)
        out += [{"dis_max": {"queries": group, "tie_breaker": tie}} for group in by_word.values()]
        return out

    return clauses


VARIANTS.update({f"s36_word_dismax_{tie:g}": _with(text_clauses=_word_dismax(tie)) for tie in (0.3, 0.6)})
# The feedback words' floor as a count of the 20 titles; merged as a fifth of the titles read
# (`s36_share_fifth`, 4 of 20) and taken back after the held-out reading, so `s36_min_titles_2` is ours.
VARIANTS.update({f"s36_min_titles_{n}": _with(TITLE_FEEDBACK_MIN_TITLES=n) for n in (2, 3, 4, 5, 6)})
VARIANTS["s36_min_titles_4_voters_ratio_0.5"] = _with(_voters_ratio(0.5), TITLE_FEEDBACK_MIN_TITLES=4)
VARIANTS["s36_min_titles_4_word_dismax_0.6"] = _with(
    text_clauses=_word_dismax(0.6), TITLE_FEEDBACK_MIN_TITLES=4
)
VARIANTS.update(
    {
        f"s36_min_titles_4_words_{n}": _with(TITLE_FEEDBACK_MIN_TITLES=4, TITLE_FEEDBACK_WORDS=n)
        for n in (3, 8)
    }
)


# Session 36, second grid (on the body with the floor of a fifth): how a fed-back word weighs.
# - `s36_share_power_<p>`: a word's share raised to p and rescaled so the most shared word keeps its own
#   (share x (share / top) ** (p - 1)): a majority's role keeps its lift, the fifths and quarters beside it
#   count less. Session 7 capped the shares (the majority amplified less: 0.736 to 0.750).
# - `s36_feedback_constant_<c>`: a fed-back word in the current title as a constant c x its share instead of
#   BM25 (whose idf lifts a rare title word more than a common one at the same share); past titles as ours.
#   Session 7 tried the constant on the past titles only (0.754 / 0.762).
_ORIGINAL_TITLE_FEEDBACK = queries.title_feedback
Feedback = Callable[[list[dict[str, Any]]], list[tuple[str, float]]]


def _share_floor(floor: float) -> Feedback:
    """The shipped feedback without the words fewer than `floor` of the titles read share. The words come
    most shared first, so those over the floor are a prefix: cutting after the five is cutting before."""

    def feedback(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
        return [(word, share) for word, share in _ORIGINAL_TITLE_FEEDBACK(hits) if share >= floor]

    return feedback


# The floor of a fifth the second grid ran on (merged, then taken back after the held-out reading).
_FIFTH = _share_floor(0.2)


def _share_power(power: float) -> Feedback:
    def feedback(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
        words = _FIFTH(hits)
        top = max((share for _, share in words), default=1.0)
        return [(word, share * (share / top) ** (power - 1.0)) for word, share in words]

    return feedback


def _constant_current(scale: float) -> Callable[[Sequence[tuple[str, float]]], list[dict[str, Any]]]:
    def clauses(feedback: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for word, share in feedback:
            title = {"match": {"current_title": word}}
            out.append({"constant_score": {"filter": title, "boost": scale * share}})
            boost = queries.TITLE_FEEDBACK_BOOST * share
            out.append({"match": {"job_titles": {"query": word, "boost": boost}}})
        return out

    return clauses


VARIANTS["s36_share_fifth"] = _with(title_feedback=_FIFTH)
VARIANTS.update({f"s36_share_power_{p:g}": _with(title_feedback=_share_power(p)) for p in (1.5, 2.0, 3.0)})
VARIANTS.update(
    {
        f"s36_feedback_constant_{c:g}": _with(
            title_feedback=_FIFTH, title_feedback_clauses=_constant_current(c)
        )
        for c in (30.0, 60.0, 90.0)
    }
)
# With the floor a share, more titles read give a steadier share; fewer words fed back may bear more boost.
VARIANTS.update(
    {f"s36_feedback_hits_{n}": _with(title_feedback=_FIFTH, TITLE_FEEDBACK_HITS=n) for n in (15, 30, 40)}
)
VARIANTS.update(
    {f"s36_feedback_boost_{b:g}": _with(title_feedback=_FIFTH, TITLE_FEEDBACK_BOOST=b) for b in (7.0, 13.0)}
)


# Session 38 (s38-rel): the dev categories where ours loses to bm25 (BANKING d09, AGRICULTURE d15).
# - `s38_voters_share_<r>`: the title feedback voted by the first pass's best 20 hits that score at least
#   r x the best, each word's share still counted over the 20 read: where only a few hits come near the best
#   (d15: one hit at 235, the next at 100 and under), the rest came in on a word or two ("farm" in
#   "farm-to-table" chefs, "State Farm"), so the feedback is weaker instead of read from those few
#   (`s36_voters_ratio_*`, whose shares are over the hits kept, at least 5). Shipped at r 0.4
#   (`queries.TITLE_FEEDBACK_MIN_SCORE`): `s38_voters_share_0.4` is ours, `s38_voters_share_0` the body before
#   (every hit read votes), as is `s36_voters_ratio_check`.
# - `s38_skill_constant_<c>`: each asked skill scores a constant c (a `constant_score` of its exact term)
#   instead of its BM25 idf: a skill few skills lists hold (d09's "Loan Processing", one resume, 35 points
#   against 6 to 29 for the other queries' skills) lifts its one holder by its rarity among the parsed
#   lists, where the text's own clauses already weigh the words by their idf.


def _voters_share(ratio: float) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        first = await queries.run_first_pass(request, today, queries.Page(), search)
        if first is None:
            return await ours(text, today, search)
        hits = first.answer["hits"]["hits"][: queries.TITLE_FEEDBACK_HITS]
        best = (hits[0].get("_score") or 0.0) if hits else 0.0
        voters = [hit for hit in hits if (hit.get("_score") or 0.0) >= ratio * best]
        scale = len(voters) / len(hits) if hits else 0.0
        shares = [(word, share * scale) for word, share in queries.title_feedback(voters)] if voters else []
        feedback = queries.role_feedback(shares, hits, request.query)
        return queries.build_search(request, None, today, None, feedback, window=first.window)

    return build


VARIANTS.update({f"s38_voters_share_{r:g}": _with(_voters_share(r)) for r in (0.0, 0.3, 0.4, 0.5, 0.6)})


def _skill_constant(score: float) -> Callable[[list[str]], list[dict[str, Any]]]:
    def clauses(skills: list[str]) -> list[dict[str, Any]]:
        return [
            {
                "constant_score": {
                    "filter": {"term": {queries.SKILL_KEYWORD: queries.canonical(skill)}},
                    "boost": score,
                    "_name": f"skill:{skill}",
                }
            }
            for skill in skills
        ]

    return clauses


VARIANTS.update(
    {f"s38_skill_constant_{c:g}": _with(skill_clauses=_skill_constant(c)) for c in (10.0, 15.0, 20.0)}
)
# The neighbours of session 36's `s36_voters_ratio_0.5` (voters scoring at least r x the best, at least
# `least` of them, shares over the voters), for its plateau.
VARIANTS.update({f"s38_voters_ratio_{r:g}": _with(_voters_ratio(r)) for r in (0.6, 0.7)})
VARIANTS.update({f"s38_voters_ratio_0.5_least_{n}": _with(_voters_ratio(0.5, least=n)) for n in (3, 10)})
VARIANTS.update(
    {
        f"s38_voters_ratio_{r:g}_least_{n}": _with(_voters_ratio(r, least=n))
        for r in (0.4, 0.5, 0.6)
        for n in (8, 10, 15)
    }
)


# Session 39 (s39-rel): issue 15's reshapes of skills_match, each undone alone on ours (the API's path: first
# pass, title feedback, window), to tell which one makes the per-query differences against `before15`:
# - `s39_recency_multiplier`: the old `function_score` recency multiplier (1 + 0.1 x a gauss of updated_at
#   halving at a year) around the whole query, first pass and window (ours has no recency signal at all);
# - `s39_jobs_nested`: each job's title and description scored together (nested, the best job counting,
#   `before_issue15._nested_jobs`) instead of the jobs' titles word by word on the flat copy `job_titles`;
# - `s39_feedback_nested`: the title feedback's past titles per job (nested max) instead of on `job_titles`;
# - `s39_skill_synonyms`: asked skills as their name matched on `skills` through its search analyzer (the
#   synonym graph's phrase paths) instead of one exact term of `skills.keyword`;
# - `s39_feedback_exact`: the feedback's second pass over every match (the exact two-pass feedback of
#   before) instead of over the first pass's best FEEDBACK_WINDOW hits; `feedback_window_<n>` (session 33)
#   are the windows between;
# - `s39_sort_tiebreak`: relevance sorted by score then candidate_id;
# - `s39_summary_back`, `s39_job_text_back`: the fields issue 15 took out of the text (the summary, and the
#   jobs' descriptions as `job_text`), which resume_text also holds;
# - `s39_feedback_plain`: not a reshape, the later feedback rules off (every one of the 20 votes, no role
#   rule), as before15's feedback reads its titles;
# - `s39_all_undone`: every one of the above at once.
# Candidates that keep the first pass as it is and change only what the second pass scores over the window:
# `s39_window_jobs_nested_<w>` (the nested jobs clause at weight w over the window only) and
# `s39_window_feedback_nested` (= `s39_feedback_nested`: the feedback clauses only ever score the window).
_RECENCY = {"gauss": {"updated_at": {"origin": "now", "scale": "365d", "decay": 0.5}}, "weight": 0.1}
_ORIGINAL_SKILLS_MATCH = queries.skills_match
_ORIGINAL_SKILL_CLAUSES = queries.skill_clauses


def _recency_multiplied(request: SearchRequest, feedback: Sequence[tuple[str, float]] = ()) -> dict[str, Any]:
    """skills_match's query inside the old recency multiplier, in a bool that the window's ids can join."""
    scored = {
        "function_score": {
            "query": _ORIGINAL_SKILLS_MATCH(request, feedback),
            "functions": [{"weight": 1.0}, _RECENCY],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }
    return {"bool": {"filter": [], "must": [scored]}}


def _jobs_nested_text(
    query: str | None, job_fields: Sequence[str] | None = None, per_word: bool = False
) -> list[dict[str, Any]]:
    """The text clauses with the jobs' word clauses on `job_titles` replaced by one nested per-job clause."""
    clauses = _ORIGINAL_TEXT_CLAUSES(query, job_fields, per_word)
    if not clauses or (job_fields is not None and not job_fields):
        return clauses
    kept = [c for c in clauses if not _clause_name(c).startswith("experience_text")]
    return [*kept, before_issue15._nested_jobs(query or "")]


def _clause_name(clause: dict[str, Any]) -> str:
    for kind in ("match", "multi_match"):
        spec = clause.get(kind)
        if isinstance(spec, dict):
            inner = spec if kind == "multi_match" else next(iter(spec.values()), {})
            return str(inner.get("_name", "")) if isinstance(inner, dict) else ""
    return ""


def _feedback_per_job(feedback: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
    """Title feedback as before: current title, and past titles per job (nested, the best job counting)."""
    clauses: list[dict[str, Any]] = []
    for word, share in feedback:
        boost = queries.TITLE_FEEDBACK_BOOST * share
        clauses.append({"match": {"current_title": {"query": word, "boost": boost}}})
        clauses.append(_per_job(word, boost))
    return clauses


def _skills_by_synonyms(skills: list[str]) -> list[dict[str, Any]]:
    """Each asked skill's name matched on `skills` through its search analyzer (synonym graph), as before."""
    with constants(SKILL_TERMS=False):
        clauses = _ORIGINAL_SKILL_CLAUSES(skills)
    for clause, skill in zip(clauses, skills, strict=True):
        match = clause["match"]["skills"]
        match.pop("analyzer")
        match["query"] = skill
    return clauses


async def _feedback_exact(text: str, today: date, search: Search) -> Body:
    """The first pass's title feedback applied to the whole search, not only to its window."""
    request = request_for(text)
    first = await queries.run_first_pass(request, today, queries.Page(), search)
    if first is None:
        return await ours(text, today, search)
    return queries.build_search(request, None, today, None, first.feedback)


def _tiebreak(builder: Builder) -> Builder:
    async def build(text: str, today: date, search: Search) -> Body:
        body = await builder(text, today, search)
        return {**body, "sort": ["_score", {"candidate_id": "asc"}], "track_scores": True}

    return build


def _window_jobs_nested(weight: float) -> Builder:
    """Ours with the nested per-job clause at `weight` scored over the first pass's window only (the second
    pass, which reads the window's ids), the first pass and its feedback words unchanged."""

    async def build(text: str, today: date, search: Search) -> Body:
        body = await ours(text, today, search)
        window = [c for c in scored(body)["bool"]["filter"] if "ids" in c]
        if not window:
            return body
        clause = before_issue15._nested_jobs(text)
        clause["nested"]["query"]["multi_match"]["boost"] = weight * queries.EXPERIENCE_DESCRIPTION_BOOST
        _inner(body)["should"].append(clause)
        return body

    return build


_THEN_TEXT = before_issue15.THEN["TEXT_FIELDS"]
_S39_UNDONE: dict[str, Any] = {
    "skills_match": _recency_multiplied,
    "text_clauses": _jobs_nested_text,
    "title_feedback_clauses": _feedback_per_job,
    "skill_clauses": _skills_by_synonyms,
    "TEXT_FIELDS": _THEN_TEXT,
}
VARIANTS.update(
    {
        "s39_recency_multiplier": _with(skills_match=_recency_multiplied),
        "s39_jobs_nested": _with(text_clauses=_jobs_nested_text),
        "s39_feedback_nested": _with(title_feedback_clauses=_feedback_per_job),
        "s39_skill_synonyms": _with(skill_clauses=_skills_by_synonyms),
        "s39_feedback_exact": _feedback_exact,
        "s39_sort_tiebreak": _tiebreak(ours),
        "s39_summary_back": _with(TEXT_FIELDS=_THEN_TEXT),
        "s39_job_text_back": _with(JOB_FIELDS=("job_titles^2", "job_text")),
        "s39_feedback_plain": _with(TITLE_FEEDBACK_MIN_SCORE=0.0, FEEDBACK_ROLE=False),
        "s39_all_undone": _tiebreak(_with(_feedback_exact, **_S39_UNDONE)),
        **{f"s39_window_jobs_nested_{w:g}": _window_jobs_nested(w) for w in (0.5, 1.0, 2.0)},
    }
)
# Which undone reshapes d07's and d26's differences need (the rest of `s39_all_undone` with one left out), and
# prunable forms of the reshapes that moved queries: asked skills on the field's own tokens without the
# synonym graph (SKILL_TERMS False, issue 15's first form), the jobs' descriptions word by word on `job_text`.
_S39_PARTS: dict[str, dict[str, Any]] = {
    "recency": {"skills_match": _recency_multiplied},
    "jobs": {"text_clauses": _jobs_nested_text},
    "feedback": {"title_feedback_clauses": _feedback_per_job},
    "skills": {"skill_clauses": _skills_by_synonyms},
    "summary": {"TEXT_FIELDS": _THEN_TEXT},
}
VARIANTS.update(
    {
        f"s39_undone_but_{left}": _tiebreak(
            _with(
                _feedback_exact,
                **{k: v for part, values in _S39_PARTS.items() if part != left for k, v in values.items()},
            )
        )
        for left in _S39_PARTS
    }
)
VARIANTS.update(
    {
        "s39_skill_tokens": _with(SKILL_TERMS=False),
        "s39_job_text_words": _with(
            JOB_FIELDS=("job_titles^2", "job_text"), PROSE_FIELDS=queries.PROSE_FIELDS | {"job_text"}
        ),
        "s39_no_exact_title": _with(EXACT_TITLE_SCALE=0.0, EXACT_TITLE_BOOST=0.0),
    }
)
# The candidates together: asked skills on their tokens, and the feedback's past titles per job (which only
# ever score the window) or the nested jobs clause over the window at 0.5.
VARIANTS.update(
    {
        "s39_tokens_feedback_nested": _with(SKILL_TERMS=False, title_feedback_clauses=_feedback_per_job),
        "s39_tokens_window_jobs_nested_0.5": _with(_window_jobs_nested(0.5), SKILL_TERMS=False),
    }
)


def _window_clauses(clauses_for: Callable[[str], list[dict[str, Any]]]) -> Builder:
    """Ours with `clauses_for(text)` scored over the first pass's window only (the second pass, which reads
    the window's ids): the first pass, its feedback words and the pruning unchanged."""

    async def build(text: str, today: date, search: Search) -> Body:
        body = await ours(text, today, search)
        if not [c for c in scored(body)["bool"]["filter"] if "ids" in c]:
            return body
        _inner(body)["should"].extend(clauses_for(text))
        return body

    return build


def _summary_words(text: str) -> list[dict[str, Any]]:
    """The text's words in the summary and its skill tokens, as ours matches its other fields."""
    with constants(TEXT_FIELDS=("summary", "summary.skills")):
        return queries.text_clauses(text, job_fields=(), per_word=True)


# Session 39, after the dev grids: the old body's signals that d07 needs together (the summary and the past
# titles per job), over the window only.
VARIANTS.update(
    {
        "s39_window_summary": _window_clauses(_summary_words),
        "s39_window_summary_feedback_nested": _with(
            _window_clauses(_summary_words), title_feedback_clauses=_feedback_per_job
        ),
    }
)


def _added(clauses_for: Callable[[str | None], list[dict[str, Any]]], body: bool) -> Builder:
    """Ours with `clauses_for(text)` added to its ranking: over the first pass's window only, or in the whole
    body (first pass included) with `body`."""
    if not body:
        return _window_clauses(clauses_for)
    ranking = queries._ranking

    def with_added(request: SearchRequest) -> list[dict[str, Any]]:
        return ranking(request) + clauses_for(request.query)

    return _with(_ranking=with_added)


def _recent(config: recent_job.Config) -> Builder:
    """Ours with the query's words on the most recent job's field (`recent_job.recent_clauses`)."""
    return _added(lambda text: recent_job.recent_clauses(text, config), config.body)


# Session 41 (s41-rel): the candidate's most recent job weighed over older ones, as a field of its own
# (`recent_job`, attached to the run's index by `recent_job.attach`).
VARIANTS.update({name: _recent(config) for name, config in recent_job.CONFIGS.items()})
# Session 43 (s43-rel): the query's words on the resume's practice sections (its opening lines, summary,
# work history and projects: `practice_text`, attached to the run's index by `practice_text.attach`), so a
# word standing only in the education or skills tail counts less.
VARIANTS.update({name: _recent(config) for name, config in practice_text.CONFIGS.items()})


def _list_scaled(config: list_lines.Config) -> Builder:
    """Ours with each resume's score scaled by its list share (`list_lines.scaled`): the final body over the
    first pass's window only, or with `config.body` the first pass too (its feedback voters and window)."""

    async def build(text: str, today: date, search: Search) -> Body:
        async def scaled_search(body: Body) -> Body:
            return await search({**body, "query": list_lines.scaled(body["query"], config)})

        body = await ours(text, today, scaled_search if config.body else search)
        if config.body or [c for c in scored(body)["bool"]["filter"] if "ids" in c]:
            body = {**body, "query": list_lines.scaled(body["query"], config)}
        return body

    return build


# Session 42 (s42-rel): resumes whose text is mostly lists ranked down, by the share of their words on
# list-like lines (`list_share`, attached to the run's index by `list_lines.attach`).
VARIANTS.update(
    {
        name: _list_scaled(config)
        for name, config in {**list_lines.CONFIGS, **list_lines.AFTER_CONFIGS}.items()
    }
)


def _job_cover(config: job_cover.Config) -> Builder:
    """Ours with the best job's count of the query's words (`job_cover.cover_clauses`)."""
    return _added(lambda text: job_cover.cover_clauses(text, config), config.body)


# Session 44 (s44-rel): the query's words found together in one job entry (its title and that job's own
# description), each once, over words scattered across the resume.
VARIANTS.update({name: _job_cover(config) for name, config in job_cover.CONFIGS.items()})
