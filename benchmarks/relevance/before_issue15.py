"""The skills_match body as it was before the prunable reshaping of issue 15 (commit 13add1b), with each of
that reshaping's changes as a switch, to tell which change moved relevance.

Before: the text clauses a required disjunction (must), phrases and the skills the text names ranking
beside it (match on `skills` through the search analyzer, its synonym graph included), the jobs' text
scored per job (nested, the best job counting), title feedback from a probe that ran the whole body (text,
phrases, skills), a `function_score` recency multiplier around it all, and relevance sorted by score then
candidate_id. Each switch swaps one of those for what `app.search.queries` builds now.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.search import queries
from app.search.schemas import SearchRequest

Body = dict[str, Any]
Search = queries.Engine


@dataclass(frozen=True)
class Shape:
    """Which parts of the body are built the new way (True) instead of the old (False)."""

    flat_should: bool = False  # the text one should among the others (minimum_should_match 1), not must
    skill_tokens: bool = False  # skills on the field's own analyzer (no synonym graph), canonical name
    flat_jobs: bool = False  # the jobs' text on the flat copies job_titles / job_text, not nested max
    probe_text_only: bool = False  # the probe runs the text clauses alone, not the whole body
    recency_clause: bool = False  # distance_feature beside the query, not a function_score multiplier
    score_only_sort: bool = False  # relevance sorted by score alone, not score then candidate_id
    # Without probe_text_only, what the probe's whole body has beside the text (old: both).
    probe_phrases: bool = True
    probe_skills: bool = True
    # The probe's own jobs / should shape when it differs from the body's (None: as the body).
    probe_flat_jobs: bool | None = None
    probe_flat_should: bool | None = None


OLD = Shape()
# Issue 15 as merged (8cff047): the API's body before the later pruning fixes of main.
NEW = Shape(True, True, True, True, True, True)


def _nested_jobs(text: str) -> Body:
    return queries._nested(
        "work_experience",
        {
            "multi_match": {
                "query": text,
                "fields": ["work_experience.title^2", "work_experience.description"],
                "boost": queries.EXPERIENCE_DESCRIPTION_BOOST,
            }
        },
        score_mode="max",
        _name="experience_text",
    )


def _text(text: str, shape: Shape) -> list[Body]:
    clauses = queries.text_clauses(text)
    if not clauses or shape.flat_jobs:
        return clauses
    return [clauses[0], _nested_jobs(text)]


def _skills(skills: list[str], shape: Shape) -> list[Body]:
    clauses = queries.skill_clauses(skills)
    if shape.skill_tokens:
        return clauses
    for clause, skill in zip(clauses, skills, strict=True):
        match = clause["match"]["skills"]
        match.pop("analyzer")
        match["query"] = skill
    return clauses


def _recency_clause() -> Body:
    return {"distance_feature": {"field": "updated_at", "origin": "now", "pivot": "365d", "boost": 0.5}}


def _feedback_clauses(feedback: Sequence[tuple[str, float]]) -> list[Body]:
    """Title feedback as both shapes had it: current title, and past titles per job (nested max)."""
    clauses: list[Body] = []
    for word, share in feedback:
        boost = queries.TITLE_FEEDBACK_BOOST * share
        clauses.append({"match": {"current_title": {"query": word, "boost": boost}}})
        past = {"match": {"work_experience.title": {"query": word, "boost": boost}}}
        clauses.append(queries._nested("work_experience", past, score_mode="max"))
    return clauses


def _recency_multiplier(query: Body) -> Body:
    return {
        "function_score": {
            "query": query,
            "functions": [
                {"weight": 1.0},
                {"gauss": {"updated_at": {"origin": "now", "scale": "365d", "decay": 0.5}}, "weight": 0.1},
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
            "min_score": 0,
        }
    }


def skills_match(
    request: SearchRequest,
    shape: Shape,
    feedback: Sequence[tuple[str, float]] = (),
    *,
    phrases: bool = True,
    skills: bool = True,
) -> Body:
    """The skills_match query (no filters beyond active: the benchmark's requests have none)."""
    text = _text(request.query or "", shape)
    ranking = queries.phrase_clauses(request.query) if phrases else []
    ranking += _skills(list(request.skills), shape) if skills else []
    ranking += _feedback_clauses(feedback)
    if shape.flat_should:
        core: Body = {
            "bool": {"filter": [queries.ACTIVE], "should": text + ranking, "minimum_should_match": 1}
        }
    else:
        must = [{"bool": {"should": text, "minimum_should_match": 1}}] if text else [{"match_all": {}}]
        core = {"bool": {"filter": [queries.ACTIVE], "must": must, "should": ranking}}
    if shape.recency_clause:
        return {"bool": {"must": [core], "should": [_recency_clause()]}}
    return _recency_multiplier(core)


# What the text and skill clauses were made of then (the API's lean fields and skill terms came later).
THEN = {
    "TEXT_FIELDS": (
        "current_title",
        "summary",
        "summary.skills",
        "resume_text",
        "resume_text.skills",
        "skills",
    ),
    "JOB_FIELDS": ("job_titles^2", "job_text"),
    "SKILL_TERMS": False,
}


async def build(request: SearchRequest, today: date, search: Search, shape: Shape) -> Body:
    """The whole body for `shape`, after its title feedback probe, with the clauses of then."""
    saved = {name: getattr(queries, name) for name in THEN}
    try:
        for name, value in THEN.items():
            setattr(queries, name, value)
        return await _build(request, today, search, shape)
    finally:
        for name, value in saved.items():
            setattr(queries, name, value)


async def _build(request: SearchRequest, today: date, search: Search, shape: Shape) -> Body:
    feedback: list[tuple[str, float]] = []
    if queries.feedback_text(request) is not None:
        if shape.probe_text_only:
            # Issue 15's probe as merged: the text clauses alone, the jobs on the flat copies.
            probe = {
                "query": {
                    "bool": {
                        "filter": [queries.ACTIVE],
                        "should": queries.text_clauses(queries.feedback_text(request)),
                        "minimum_should_match": 1,
                    }
                },
                "size": queries.TITLE_FEEDBACK_HITS,
                "_source": ["current_title"],
                "track_total_hits": False,
            }
        else:
            probe_shape = replace(
                shape,
                flat_jobs=shape.flat_jobs if shape.probe_flat_jobs is None else shape.probe_flat_jobs,
                flat_should=shape.flat_should if shape.probe_flat_should is None else shape.probe_flat_should,
            )
            probe = {
                "query": skills_match(
                    request, probe_shape, phrases=shape.probe_phrases, skills=shape.probe_skills
                ),
                "size": queries.TITLE_FEEDBACK_HITS,
                "_source": ["current_title"],
                "track_total_hits": False,
            }
        feedback = queries.title_feedback((await search(probe))["hits"]["hits"])
    body: Body = {"query": skills_match(request, shape, feedback), "size": request.limit}
    if not shape.score_only_sort:
        body["sort"] = ["_score", {"candidate_id": "asc"}]
        body["track_scores"] = True
    return body


def builder(
    request_for: Callable[[str], SearchRequest], shape: Shape
) -> Callable[[str, date, Search], Awaitable[Body]]:
    async def run(text: str, today: date, search: Search) -> Body:
        return await build(request_for(text), today, search, shape)

    return run


# One change of issue 15 at a time: applied to the old body, and undone from the new one.
CHANGES = [
    "flat_should", "skill_tokens", "flat_jobs", "probe_text_only", "recency_clause", "score_only_sort"
]  # fmt: skip


def shapes() -> dict[str, Shape]:
    out = {"before15": OLD, "before15_all_new": NEW}
    for change in CHANGES:
        out[f"before15+{change}"] = replace(OLD, **{change: True})
        out[f"after15-{change}"] = replace(NEW, **{change: False})
    # The probe's parts: which of the old probe's clauses carry its words.
    old_probe = replace(NEW, probe_text_only=False)
    text_probe = replace(old_probe, probe_phrases=False, probe_skills=False)
    out["after15_old_probe"] = replace(old_probe, probe_flat_jobs=False, probe_flat_should=False)
    out["after15_old_probe_flat_jobs"] = replace(old_probe, probe_flat_should=False)
    out["after15_probe_text_nested_jobs"] = replace(text_probe, probe_flat_jobs=False)
    out["after15_probe_text_must"] = replace(text_probe, probe_flat_should=False)
    out["after15_probe_phrases"] = replace(old_probe, probe_skills=False)
    out["after15_probe_skills"] = replace(old_probe, probe_phrases=False)
    out["after15_probe_phrases_nested_jobs"] = replace(old_probe, probe_skills=False, probe_flat_jobs=False)
    return out
