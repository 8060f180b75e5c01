"""The query bodies scored: ours (the API's own builder), plain BM25, and modified bodies of ours.

A variant is the API's body with one change, either a ranking constant of `app.search.queries` set to
another value while the body is built, or a structural edit of the built body; each one shows what one
tuned choice of app/search/queries.py is worth. Building ours runs the API's first pass (the title
feedback probe) through `search`, as the API does.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from typing import Any

from app.parsing.skills import find_skills
from app.search import queries
from app.search.queries import walk
from app.search.schemas import MAX_SKILLS, SearchRequest
from benchmarks.relevance import expansion, onet_bridge

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
    """What the API sends for a request: the title feedback probe first when it takes one, then the body."""
    body, _ = await queries.probe_and_build(request, None, today, None, search)
    return body


async def ours(text: str, today: date, search: Search) -> Body:
    """Exactly what the API sends for this query (skills_match)."""
    return await api_body(request_for(text), today, search)


def bm25(text: str) -> Body:
    return {"query": {"multi_match": {"query": text, "fields": ["resume_text"]}}}


def _with(builder: Builder | None = None, **values: Any) -> Builder:
    """A builder run with some ranking constants changed."""

    async def build(text: str, today: date, search: Search) -> Body:
        with constants(**values):
            return await (builder or ours)(text, today, search)

    return build


def _inner(body: Body) -> Body:
    """The one scoring disjunction of a skills_match body (its filters sit beside it)."""
    inner: Body = body["query"]["bool"]["must"][0]["bool"]
    return inner


async def _skills_decide(text: str, today: date, search: Search) -> Body:
    """The first design: skills found in the text decide who is in (must), the text only ranks."""
    body = await ours(text, today, search)
    inner = _inner(body)
    skills = [c for c in inner["should"] if "skills" in c.get("match", {})]
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


def _nested_jobs(query: str) -> Body:
    return {
        "nested": {
            "path": "work_experience",
            "query": {
                "multi_match": {
                    "query": query,
                    "fields": ["work_experience.title^2", "work_experience.description"],
                    "boost": queries.EXPERIENCE_DESCRIPTION_BOOST,
                }
            },
            "score_mode": "max",
        }
    }


async def _experience_nested(text: str, today: date, search: Search) -> Body:
    """The jobs' text scored per job (nested, the best job counts) instead of on the flat copies."""
    body = copy.deepcopy(await ours(text, today, search))
    inner = _inner(body)
    inner["should"] = [
        _nested_jobs(text) if c.get("multi_match", {}).get("_name") == "experience_text" else c
        for c in inner["should"]
    ]
    return body


async def _feedback_nested(text: str, today: date, search: Search) -> Body:
    """Title feedback on past titles per job (nested, the best job counts), as before the pruning shape,
    instead of on the flat copy of every job title (job_titles)."""
    body = copy.deepcopy(await ours(text, today, search))
    inner = _inner(body)
    out = []
    for clause in inner["should"]:
        past = _past_feedback(clause)
        if past is not None:
            word, boost = past
            clause = {
                "nested": {
                    "path": "work_experience",
                    "query": {"match": {"work_experience.title": {"query": word, "boost": boost}}},
                    "score_mode": "max",
                }
            }
        out.append(clause)
    inner["should"] = out
    return body


def _feedback_past(weight: float | None) -> Builder:
    """Title feedback on past titles over their flat copy: a constant `weight` x the word's boost (no
    length norm, so a long career does not dilute the word), or BM25 (`weight` None)."""

    async def build(text: str, today: date, search: Search) -> Body:
        body = copy.deepcopy(await ours(text, today, search))
        inner = _inner(body)
        out = []
        for clause in inner["should"]:
            past = _past_feedback(clause)
            if past is not None:
                word, boost = past
                if weight is None:
                    clause = {"match": {"job_titles": {"query": word, "boost": boost}}}
                else:
                    clause = {
                        "constant_score": {
                            "filter": {"match": {"job_titles": {"query": word}}},
                            "boost": boost * weight,
                        }
                    }
            out.append(clause)
        inner["should"] = out
        return body

    return build


async def _probe_with_phrases(text: str, today: date, search: Search) -> Body:
    """The title feedback probe with the adjacent-word phrases too (the probe leaves them out)."""
    request = request_for(text)
    body = queries.title_probe(request)
    assert body is not None
    body["query"]["bool"]["must"][0]["bool"]["should"] += queries.phrase_clauses(queries.probe_text(request))
    first = await search(body)
    return queries.build_search(request, None, today, None, queries.title_feedback(first["hits"]["hits"]))


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
    probe = {
        "query": queries.skills_match(request),
        "size": queries.TITLE_FEEDBACK_HITS,
        "_source": ["current_title"],
        "track_total_hits": False,
    }
    first = await search(probe)
    return queries.build_search(request, None, today, None, queries.title_feedback(first["hits"]["hits"]))


def _probe_fields(*fields: str) -> Builder:
    """The title feedback probe's text matched on `fields` only (short fields are cheaper to search over
    every resume than the resume text)."""

    async def build(text: str, today: date, search: Search) -> Body:
        request = request_for(text)
        body = queries.title_probe(request)
        assert body is not None
        for node in walk(body):
            match = node.get("multi_match")
            if isinstance(match, dict):
                match["fields"] = [f for f in match["fields"] if f.split("^")[0] in fields]
        disjunction = body["query"]["bool"]["must"][0]["bool"]
        disjunction["should"] = [c for c in disjunction["should"] if c.get("multi_match", {}).get("fields")]
        first = await search(body)
        return queries.build_search(request, None, today, None, queries.title_feedback(first["hits"]["hits"]))

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
    "skills_decide": _skills_decide,
    "resume_text_boost_0.5": _with(RESUME_TEXT_BOOST=0.5),
    "summary_boost_1.5": _with(SUMMARY_BOOST=1.5),
    "no_phrases": _with(MAX_PHRASES=0),
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
    "feedback_nested": _feedback_nested,
    "feedback_constant_1": _feedback_past(1.0),
    "feedback_constant_3": _feedback_past(3.0),
    "feedback_constant_5": _feedback_past(5.0),
    "probe_with_skills": _probe_with_skills,
    "text_required": _text_required,
    "phrase_slop_0": _with(PHRASE_SLOP=0),
    "probe_with_phrases": _probe_with_phrases,
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
