"""Query builders: pure functions from a validated request to an OpenSearch query body.

User text only ever goes into match / multi_match / term queries, never query_string, so no search
syntax can be injected.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from app.parsing.skills import canonical_skill, find_skills
from app.search.schemas import EducationLevel, SearchRequest, SearchType, SortOrder

# Ranking weights, tuned on labelled real resumes (`python -m benchmarks.relevance --variants`, see
# benchmarks/README.md). Skills are what recruiters search by, so one matched skill outweighs a word of
# free text; the title says what someone does now. The resume text is the whole resume, so it carries
# most of the evidence for free text; a parsed summary is short and often boilerplate, so it counts less.
SKILL_BOOST = 3.0
TITLE_BOOST = 3.0
SUMMARY_BOOST = 0.5
EXPERIENCE_DESCRIPTION_BOOST = 1.0
RESUME_TEXT_BOOST = 4.0
# Adjacent words of the query found next to each other in the resume ("general ledger", "help desk").
PHRASE_BOOST = 3.0
PHRASE_SLOP = 1
MAX_PHRASES = 8
# A gentle lift for profiles touched recently: half the lift after a year, never more than 10 %.
RECENCY_WEIGHT = 0.1
RECENCY_SCALE = "365d"
# Title feedback (skills_match with query text): the words most of the first pass's best hits have in their
# current titles say what role the query is about ("accounts payable reconciliation general ledger" ->
# "accountant"), so a second pass lifts candidates whose current or past titles have them.
# Taken from the collection itself, so it needs no vocabulary and follows the titles people really write.
# Worth +0.05 nDCG@10 on the labelled resumes and +0.03 on the held-out queries (benchmarks/README.md);
# the price is one more engine query per fresh search. 0 turns it off.
TITLE_FEEDBACK_BOOST = 10.0
# The best hits whose titles are read: enough for a majority to show, few enough to stay on topic.
TITLE_FEEDBACK_HITS = 20
# The most shared title words used, each only when at least two of those titles have it.
TITLE_FEEDBACK_WORDS = 5
TITLE_FEEDBACK_MIN_TITLES = 2
# Words that say nothing about a role.
TITLE_FEEDBACK_STOPWORDS = frozenset("a an and as at be by for from in is of on or the to with".split())
_TITLE_WORD = re.compile(r"[^\W\d_]{2,}")
# experience_match: fit to the asked range decides the order, so it weighs far above a skill match.
EXPERIENCE_FIT_WEIGHT = 10.0
# Within this many years of the asked range a candidate keeps half of the fit score.
EXPERIENCE_FIT_SCALE_YEARS = 2.0
# similar_candidates: experience within 3 years of the source counts as close.
SIMILAR_EXPERIENCE_SCALE_YEARS = 3.0
SIMILAR_EXPERIENCE_WEIGHT = 2.0
SIMILAR_MAX_QUERY_TERMS = 20

# Only with `highlight: true`. Not resume_text: re-analysing each hit's whole resume was most of what
# highlighting cost the engine (skills_match at 10k candidates: +3.5 of +4.3 ms at p50), while the title or
# the summary already gave a snippet for nine highlighted hits in ten.
HIGHLIGHT = {
    "pre_tags": ["<em>"],
    "post_tags": ["</em>"],
    "fields": {
        "current_title": {"number_of_fragments": 0},
        "summary": {"fragment_size": 150, "number_of_fragments": 2},
    },
}

# What a degree text says, per education level (matched as words in education.degree).
EDUCATION_TERMS: dict[EducationLevel, list[str]] = {
    EducationLevel.HIGH_SCHOOL: ["high school", "diploma", "ged"],
    EducationLevel.ASSOCIATE: ["associate", "a.a", "a.s", "aas"],
    EducationLevel.BACHELOR: [
        "bachelor",
        "b.sc",
        "bsc",
        "b.s",
        "b.a",
        "ba",
        "bs",
        "b.e",
        "b.tech",
        "btech",
        "be",
    ],
    EducationLevel.MASTER: ["master", "m.sc", "msc", "m.s", "m.a", "mba", "m.e", "m.tech", "mtech", "ms"],
    EducationLevel.DOCTORATE: ["phd", "ph.d", "doctorate", "doctor"],
}

SOURCE_FIELDS = [
    "candidate_id",
    "full_name",
    "current_title",
    "current_company",
    "location",
    "total_experience_years",
    "skills",
    "updated_at",
]
DETAIL_FIELDS = ["skills_detail", "work_experience", "education", "summary"]


def _nested(path: str, query: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"nested": {"path": path, "query": query, **extra}}


def filters(request: SearchRequest) -> list[dict[str, Any]]:
    """The hard constraints: they decide who is in, never how high."""
    clauses: list[dict[str, Any]] = [{"term": {"is_active": True}}]
    years: dict[str, float] = {}
    if request.min_experience_years is not None:
        years["gte"] = request.min_experience_years
    if request.max_experience_years is not None:
        years["lte"] = request.max_experience_years
    if years and request.search_type != SearchType.EXPERIENCE_MATCH:
        clauses.append({"range": {"total_experience_years": years}})
    if request.locations:
        clauses.append(
            {
                "bool": {
                    "should": [
                        {"match": {"location": {"query": loc, "operator": "and"}}}
                        for loc in request.locations
                    ]
                }
            }
        )
    if request.companies and request.search_type != SearchType.SAME_DEPARTMENT:
        clauses.append(
            _nested(
                "work_experience",
                {
                    "bool": {
                        "should": [
                            {"match": {"work_experience.company": {"query": c, "operator": "and"}}}
                            for c in request.companies
                        ]
                    }
                },
            )
        )
    if request.titles:
        title_matches = []
        for title in request.titles:
            title_matches.append({"match": {"current_title": {"query": title, "operator": "and"}}})
            title_matches.append(
                _nested(
                    "work_experience",
                    {"match": {"work_experience.title": {"query": title, "operator": "and"}}},
                )
            )
        clauses.append({"bool": {"should": title_matches}})
    if request.departments and request.search_type != SearchType.SAME_DEPARTMENT:
        clauses.append(
            _nested(
                "work_experience",
                {
                    "bool": {
                        "should": [
                            {"match": {"work_experience.department": {"query": d, "operator": "and"}}}
                            for d in request.departments
                        ]
                    }
                },
            )
        )
    if request.education_level is not None:
        terms = EDUCATION_TERMS[request.education_level]
        clauses.append(
            _nested(
                "education",
                {"bool": {"should": [{"match_phrase": {"education.degree": term}} for term in terms]}},
            )
        )
    return clauses


def skill_clauses(skills: list[str]) -> list[dict[str, Any]]:
    """One named clause per asked skill; the search analyzer applies the skill synonyms."""
    return [
        {
            "match": {
                "skills": {
                    "query": skill,
                    "operator": "and",
                    "boost": SKILL_BOOST,
                    "_name": f"skill:{skill}",
                }
            }
        }
        for skill in skills
    ]


def text_clauses(query: str | None) -> list[dict[str, Any]]:
    """Free text over title, summary, experience and resume text, weighted by how telling each is."""
    if not query or not query.strip():
        return []
    return [
        {
            "multi_match": {
                "query": query,
                "fields": [
                    f"current_title^{TITLE_BOOST}",
                    f"summary^{SUMMARY_BOOST}",
                    f"summary.skills^{SUMMARY_BOOST}",
                    f"resume_text^{RESUME_TEXT_BOOST}",
                    f"resume_text.skills^{RESUME_TEXT_BOOST}",
                    f"skills^{SKILL_BOOST}",
                ],
                "type": "most_fields",
                "_name": "text",
            }
        },
        _nested(
            "work_experience",
            {
                "multi_match": {
                    "query": query,
                    "fields": ["work_experience.title^2", "work_experience.description"],
                    "boost": EXPERIENCE_DESCRIPTION_BOOST,
                }
            },
            score_mode="max",
            _name="experience_text",
        ),
    ]


def phrase_clauses(query: str | None) -> list[dict[str, Any]]:
    """Ranking only: each pair of adjacent query words that the resume text has as a phrase."""
    words = (query or "").split()
    pairs = [f"{first} {second}" for first, second in itertools.pairwise(words)]
    return [
        {"match_phrase": {"resume_text": {"query": pair, "slop": PHRASE_SLOP, "boost": PHRASE_BOOST}}}
        for pair in pairs[:MAX_PHRASES]
    ]


def recency(query: dict[str, Any]) -> dict[str, Any]:
    """Wrap a query so recently updated profiles rise a little."""
    return {
        "function_score": {
            "query": query,
            "functions": [
                {"weight": 1.0},
                {
                    "gauss": {"updated_at": {"origin": "now", "scale": RECENCY_SCALE, "decay": 0.5}},
                    "weight": RECENCY_WEIGHT,
                },
            ],
            "score_mode": "sum",
            # (1 + the recency lift) multiplied in: relevance stays the main signal.
            "boost_mode": "multiply",
            "min_score": 0,
        }
    }


# Decay functions refuse scaled_float fields, so the gaussian runs as a script on the doc value.
EXPERIENCE_GAUSS_SCRIPT = (
    "decayNumericGauss(params.origin, params.scale, params.offset, 0.5, doc['total_experience_years'].value)"
)


def experience_gauss(*, origin: float, offset: float, scale: float, weight: float) -> dict[str, Any]:
    """A function_score function: 1 within offset of origin, halving every scale years beyond."""
    return {
        "script_score": {
            "script": {
                "source": EXPERIENCE_GAUSS_SCRIPT,
                "params": {"origin": origin, "offset": offset, "scale": scale},
            }
        },
        "weight": weight,
    }


def _skills_and_text(
    request: SearchRequest, must: list[dict[str, Any]], should: list[dict[str, Any]]
) -> None:
    """Who is in, and what ranks them.

    Text, when given, must match. Skills asked with skills_mode "all" must all match. With "any", the
    skills the text itself names only rank: a typed query names skills in passing ("help desk windows
    server"), and a resume that says the rest in other words still belongs. Skills asked apart from
    the text decide who is in (at least one of them).
    """
    text = text_clauses(request.query)
    if text:
        must.append({"bool": {"should": text, "minimum_should_match": 1}})
        should.extend(phrase_clauses(request.query))
    required: list[str] = []
    ranking: list[str] = []
    named = _named_skills(request.query) if request.skills_mode == "any" else set()
    for skill in request.skills:
        (ranking if canonical(skill).casefold() in named else required).append(skill)
    if required:
        needed = len(required) if request.skills_mode == "all" else 1
        must.append({"bool": {"should": skill_clauses(required), "minimum_should_match": needed}})
    should.extend(skill_clauses(ranking))


@lru_cache(maxsize=8192)
def canonical(skill: str) -> str:
    """The catalogue's name of a skill; remembered, since hits and requests look skills up on every search."""
    return canonical_skill(skill) or skill.strip()


def _named_skills(query: str | None) -> set[str]:
    """The catalogue skills a free-text query names, canonical and case-folded."""
    return {skill.casefold() for skill in find_skills(query)} if query and query.strip() else set()


def title_probe(request: SearchRequest) -> dict[str, Any] | None:
    """A title feedback search's first pass, for its best hits' titles; None if the search takes none."""
    if request.search_type != SearchType.SKILLS_MATCH or not (request.query or "").strip():
        return None
    if TITLE_FEEDBACK_BOOST <= 0:
        return None
    return {
        "query": skills_match(request),
        "size": TITLE_FEEDBACK_HITS,
        "_source": ["current_title"],
        "track_total_hits": False,
    }


def title_feedback(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """The words the probe's hits share in their current titles, most shared first, with their share."""
    counts: Counter[str] = Counter()
    for hit in hits:
        title = (hit.get("_source") or {}).get("current_title") or ""
        counts.update({w for w in _TITLE_WORD.findall(title.casefold()) if w not in TITLE_FEEDBACK_STOPWORDS})
    shared = [(word, n) for word, n in counts.most_common() if n >= TITLE_FEEDBACK_MIN_TITLES]
    return [(word, n / len(hits)) for word, n in shared[:TITLE_FEEDBACK_WORDS]]


def title_feedback_clauses(feedback: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
    """Ranking only: each feedback word in the current title or a past job title, weighed by its share."""
    clauses: list[dict[str, Any]] = []
    for word, share in feedback:
        boost = TITLE_FEEDBACK_BOOST * share
        clauses.append({"match": {"current_title": {"query": word, "boost": boost}}})
        clauses.append(
            _nested(
                "work_experience",
                {"match": {"work_experience.title": {"query": word, "boost": boost}}},
                score_mode="max",
            )
        )
    return clauses


def skills_match(request: SearchRequest, feedback: Sequence[tuple[str, float]] = ()) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    _skills_and_text(request, must, should)
    should.extend(title_feedback_clauses(feedback))
    if not must:
        must.append({"match_all": {}})
    query = {"bool": {"filter": filters(request), "must": must, "should": should}}
    return recency(query)


def experience_match(request: SearchRequest) -> dict[str, Any]:
    """Experience fit around the asked range first, skills and text next."""
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    _skills_and_text(request, must, should)
    should.extend(must)
    low = request.min_experience_years
    high = request.max_experience_years
    if low is None and high is None:
        low = high = 0.0
    origin_low = low if low is not None else 0.0
    origin_high = high if high is not None else max(origin_low, 40.0)
    fit = {
        "function_score": {
            "query": {"exists": {"field": "total_experience_years"}},
            # A candidate inside [low, high] scores fully; the score halves every scale years outside.
            "functions": [
                experience_gauss(
                    origin=(origin_low + origin_high) / 2,
                    offset=(origin_high - origin_low) / 2,
                    scale=EXPERIENCE_FIT_SCALE_YEARS,
                    weight=EXPERIENCE_FIT_WEIGHT,
                )
            ],
            "boost_mode": "replace",
            "_name": "experience_fit",
        }
    }
    return {"bool": {"filter": filters(request), "must": [fit], "should": should}}


def similar_candidates(request: SearchRequest, source: dict[str, Any]) -> dict[str, Any]:
    """Candidates like the source: shared skills, titles and summary, and similar experience."""
    # The source's own text as an artificial document: no second fetch, and no index name needed here.
    like = {
        "doc": {
            field: source.get(field) for field in ("skills", "current_title", "summary") if source.get(field)
        }
    }
    should: list[dict[str, Any]] = [
        {
            "more_like_this": {
                "fields": ["skills", "current_title", "summary"],
                "like": [like],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                # The 20 most telling terms of the profile: half the engine time of 50 at 100k candidates
                # (benchmarks/results/search_diagnose.md), and a profile rarely has more that matter.
                "max_query_terms": SIMILAR_MAX_QUERY_TERMS,
                "minimum_should_match": "20%",
                "_name": "similar_profile",
            }
        }
    ]
    years = source.get("total_experience_years")
    if years is not None:
        should.append(
            {
                "function_score": {
                    "query": {"exists": {"field": "total_experience_years"}},
                    "functions": [
                        experience_gauss(
                            origin=years,
                            offset=0,
                            scale=SIMILAR_EXPERIENCE_SCALE_YEARS,
                            weight=SIMILAR_EXPERIENCE_WEIGHT,
                        )
                    ],
                    "boost_mode": "replace",
                    "_name": "similar_experience",
                }
            }
        )
    must: list[dict[str, Any]] = [should[0]]
    _skills_and_text(request, must, should)
    return {
        "bool": {
            "filter": filters(request),
            "must": must,
            "should": should[1:],
            "must_not": [{"ids": {"values": [str(request.candidate_id)]}}],
        }
    }


def _day(value: str | None, today: date) -> date:
    return date.fromisoformat(value) if value else today


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# Overlap in months between the nested job and the source job, computed in the index (painless).
OVERLAP_SCRIPT = """
long today = ((Number) params.today).longValue();
long s = doc['work_experience.start_date'].value.toInstant().toEpochMilli();
long e = doc['work_experience.end_date'].size() == 0 ? today
    : doc['work_experience.end_date'].value.toInstant().toEpochMilli();
long start = ((Number) params.start).longValue();
long end = ((Number) params.end).longValue();
long from = s > start ? s : start;
long to = e < end ? e : end;
return to > from ? (to - from) / 2629800000.0 : 0.0;
"""


def worked_with(request: SearchRequest, source: dict[str, Any], today: date) -> dict[str, Any]:
    """People whose job at the same company overlapped the source's by at least min_overlap_months."""
    jobs = []
    need = request.min_overlap_months
    for job in source.get("work_experience", []):
        if not job.get("company_key") or not job.get("start_date"):
            continue
        start = _day(job["start_date"], today)
        end = today if job.get("is_current") or not job.get("end_date") else _day(job["end_date"], today)
        if (end.year - start.year) * 12 + end.month - start.month < need:
            continue
        conditions: list[dict[str, Any]] = [
            {"term": {"work_experience.company_key": job["company_key"]}},
            {"range": {"work_experience.start_date": {"lte": _shift_months(end, -need).isoformat()}}},
            {"range": {"work_experience.months": {"gte": need}}},
            {
                "bool": {
                    "should": [
                        {
                            "range": {
                                "work_experience.end_date": {"gte": _shift_months(start, need).isoformat()}
                            }
                        },
                        {"term": {"work_experience.is_current": True}},
                        {"bool": {"must_not": {"exists": {"field": "work_experience.end_date"}}}},
                    ]
                }
            },
        ]
        if request.same_department and job.get("department"):
            conditions.append(
                {"match": {"work_experience.department": {"query": job["department"], "operator": "and"}}}
            )
        epoch = date(1970, 1, 1)
        jobs.append(
            _nested(
                "work_experience",
                {
                    "function_score": {
                        "query": {"bool": {"filter": conditions}},
                        "functions": [
                            {
                                "script_score": {
                                    "script": {
                                        "source": OVERLAP_SCRIPT,
                                        "params": {
                                            "start": (start - epoch).days * 86_400_000,
                                            "end": (end - epoch).days * 86_400_000,
                                            "today": (today - epoch).days * 86_400_000,
                                        },
                                    }
                                }
                            }
                        ],
                        "boost_mode": "replace",
                    }
                },
                score_mode="sum",
                _name=f"overlap:{job['company_key']}",
            )
        )
    if not jobs:
        # The source has no dated job at a known company: nobody can have worked with them.
        jobs = [{"match_none": {}}]
    return {
        "bool": {
            "filter": filters(request),
            "must": [{"bool": {"should": jobs, "minimum_should_match": 1}}],
            "must_not": [{"ids": {"values": [str(request.candidate_id)]}}],
        }
    }


def same_department(request: SearchRequest, source: dict[str, Any] | None) -> dict[str, Any]:
    """People who worked in the same company and department, at any time."""
    pairs: list[tuple[str, str]] = []
    if source is not None:
        pairs = [
            (job["company_key"], job["department"])
            for job in source.get("work_experience", [])
            if job.get("company_key") and job.get("department")
        ]
    else:
        pairs = [(company_key_of(c), d) for c in request.companies for d in request.departments]
    clauses = [
        _nested(
            "work_experience",
            {
                "bool": {
                    "filter": [
                        {"term": {"work_experience.company_key": key}},
                        {"match": {"work_experience.department": {"query": department, "operator": "and"}}},
                    ]
                }
            },
            score_mode="max",
            _name=f"department:{key}/{department}",
        )
        for key, department in dict.fromkeys(pairs)
        if key
    ] or [{"match_none": {}}]
    must_not = [{"ids": {"values": [str(request.candidate_id)]}}] if request.candidate_id else []
    should: list[dict[str, Any]] = []
    must: list[dict[str, Any]] = [{"bool": {"should": clauses, "minimum_should_match": 1}}]
    _skills_and_text(request, should, should)
    return {"bool": {"filter": filters(request), "must": must, "should": should, "must_not": must_not}}


def company_key_of(name: str) -> str:
    """The same normalization as the record system's company key."""
    from app.candidates.companies import company_key

    return company_key(name) or ""


def sort_clause(order: SortOrder) -> list[Any]:
    """Sort keys, always ending in candidate_id so search_after pages are stable."""
    tie = {"candidate_id": "asc"}
    if order == SortOrder.EXPERIENCE_DESC:
        return [{"total_experience_years": {"order": "desc", "missing": "_last"}}, "_score", tie]
    if order == SortOrder.EXPERIENCE_ASC:
        return [{"total_experience_years": {"order": "asc", "missing": "_last"}}, "_score", tie]
    if order == SortOrder.UPDATED_DESC:
        return [{"updated_at": "desc"}, "_score", tie]
    return ["_score", tie]


FACET_AGGS = {
    "skills": {"terms": {"field": "skills.raw", "size": 20}},
    "companies": {"terms": {"field": "current_company.raw", "size": 20}},
    "locations": {"terms": {"field": "location.raw", "size": 20}},
    "titles": {"terms": {"field": "current_title.raw", "size": 20}},
    "experience": {
        "range": {
            "field": "total_experience_years",
            "ranges": [
                {"key": "0-2", "to": 2},
                {"key": "2-5", "from": 2, "to": 5},
                {"key": "5-10", "from": 5, "to": 10},
                {"key": "10+", "from": 10},
            ],
        }
    },
}


def build_search(
    request: SearchRequest,
    source: dict[str, Any] | None,
    today: date,
    search_after: list[Any] | None,
    feedback: Sequence[tuple[str, float]] = (),
) -> dict[str, Any]:
    """The whole search body of a request (source: the candidate a relative search is about; feedback:
    `title_feedback` of the `title_probe` hits, for skills_match)."""
    kind = request.search_type
    if kind == SearchType.SKILLS_MATCH:
        query = skills_match(request, feedback)
    elif kind == SearchType.EXPERIENCE_MATCH:
        query = experience_match(request)
    elif kind == SearchType.SIMILAR_CANDIDATES:
        query = similar_candidates(request, source or {})
    elif kind in (SearchType.WORKED_WITH, SearchType.COLLEAGUES):
        query = worked_with(request, source or {}, today)
    else:
        query = same_department(request, source)
    body: dict[str, Any] = {
        "query": query,
        "size": request.limit,
        "sort": sort_clause(request.sort),
        "track_total_hits": True,
        "_source": SOURCE_FIELDS + (DETAIL_FIELDS if request.include_details else []),
        "track_scores": True,
    }
    if search_after is not None:
        body["search_after"] = search_after
    else:
        body["from"] = request.offset
    if request.facets:
        body["aggs"] = FACET_AGGS
    if request.explain:
        body["explain"] = True
    if request.highlight:
        body["highlight"] = HIGHLIGHT
    return body


# Runs one search body against the index and gives OpenSearch's response.
Engine = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


async def probe_and_build(
    request: SearchRequest,
    source: dict[str, Any] | None,
    today: date,
    search_after: list[Any] | None,
    search: Engine,
) -> tuple[dict[str, Any], int]:
    """The search body of a request after the title feedback probe it may take first (sent through
    `search`), and the probe's engine milliseconds (0 without one). The API, the raw OpenSearch peer of the
    search benchmark and the relevance benchmark all build their bodies here, so they cannot drift apart."""
    probe = title_probe(request)
    if probe is None:
        return build_search(request, source, today, search_after), 0
    first = await search(probe)
    feedback = title_feedback(first["hits"]["hits"])
    return build_search(request, source, today, search_after, feedback), int(first.get("took", 0))


_REGEX_SPECIAL = re.compile(r'([.?+*|{}\[\]()"\\#@&<>~])')


def prefix_regex(prefix: str) -> str:
    """A case-insensitive Lucene regex for values starting with prefix (terms include)."""
    out = []
    for ch in prefix:
        if ch.isalpha():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(_REGEX_SPECIAL.sub(r"\\\1", ch))
    return "".join(out) + ".*"
