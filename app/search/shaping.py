"""A search's answer as the API shows it: each hit shaped once per search (`HitShaper`: match score, matched
and missing skills, reasons, highlights, explanation), and the facets. Pure functions of the engine's
response and the request; no I/O."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from app.search import queries
from app.search.queries import canonical
from app.search.schemas import FacetBucket, SearchRequest, SearchType


def reason_for(name: str) -> str | None:
    """What a named query of the engine's says about a hit, in the hit's match_reasons."""
    kind = name.partition(":")[0]
    if kind == "department":
        return f"worked in the same department ({name.partition(':')[2]})"
    if name == "similar_profile":
        return "similar skills, title and summary"
    if name == "exact_title":
        return "current title is the query text"
    if name == "email":
        return "email address is in the query text"
    if kind == "text":
        return "profile matches the query text"
    if kind == "experience_text":
        return "work experience matches the query text"
    return None


def company_names(doc: dict[str, Any], keys: list[str]) -> list[str]:
    """Each company key as the candidate's own jobs write the company ("Hooli", not "hooli")."""
    names: dict[str, str] = {}
    for job in doc.get("work_experience") or ():
        key, name = job.get("company_key"), job.get("company")
        if key and name:
            names.setdefault(key, name)
    return [names.get(key, key) for key in keys]


def employer_jobs(doc: dict[str, Any], employers: list[queries.AskedEmployer]) -> list[dict[str, Any]]:
    """The hit's jobs at the asked employers, as the filter let them in (`queries.AskedEmployer`), newest
    first: where and when, for a card whose current employer is another."""
    jobs = []
    for job in doc.get("work_experience") or ():
        company = job.get("company")
        if company and any(employer.holds(job) for employer in employers):
            jobs.append(
                {
                    "company": company,
                    "title": job.get("title"),
                    "start_date": job.get("start_date"),
                    "end_date": job.get("end_date"),
                    "is_current": bool(job.get("is_current")),
                }
            )
    jobs.sort(key=lambda j: (j["is_current"], j["end_date"] or "9999", j["start_date"] or ""), reverse=True)
    return jobs


def experience_asked(request: SearchRequest) -> str | None:
    """The experience range a request asks for, as a reason names it ("3-8", "5+"), or None."""
    low, high = request.min_experience_years, request.max_experience_years
    if low is None and high is None:
        return None
    # + 0.0: a -0.0 sent (JSON has it, and it is no less than 0) read "asked -0+".
    low = low + 0.0 if low is not None else 0.0
    return f"{low:g}-{high + 0.0:g}" if high is not None else f"{low:g}+"


# Factors the engine multiplies a clause by that name no clause of the search: a rescore's weights of the
# query and the rescore query, a function's weight.
_WEIGHT_FACTORS = frozenset({"primaryWeight", "secondaryWeight", "weight", "boost"})
# Descriptions a clause is longer than are cut to this (a painless script's source is hundreds of characters).
CLAUSE_DESCRIPTION_CHARS = 200
# A function_score's function named by `_name` ("script score function(_name: resume mostly lists), ...").
_FUNCTION_NAME = re.compile(r"\(_name: ([^)]*)\)")


def _function_name(node: dict[str, Any]) -> str | None:
    """The `_name` of the first named function under an explanation node."""
    found = _FUNCTION_NAME.search(str(node.get("description", "")))
    if found:
        return found.group(1)
    return next(filter(None, (_function_name(detail) for detail in node.get("details") or ())), None)


def explanation_clauses(explanation: dict[str, Any]) -> list[dict[str, Any]]:
    """The clauses that gave a hit its score, highest first: the engine's explanation walked down through
    its sums (each part adds to the score) and through products with one factor besides weights (the part
    times the weights), so the list names what matched ("weight(skills.keyword:python ...)") instead of
    "sum of:" or "product of:", and the scores still add up to the hit's; clauses that added nothing
    (filters, "match on required clause", score 0) are left out. A function_score that multiplies the score
    (the window's `queries.list_scaled`) is its query's clauses at their own scores, then the function by
    its name with what it took away ("resume mostly lists: score x 0.64", a negative score)."""
    clauses: list[dict[str, Any]] = []

    def walk(node: dict[str, Any], scale: float) -> None:
        value = float(node.get("value", 0.0))
        if value == 0.0:
            return
        description = str(node.get("description", ""))
        details = node.get("details") or []
        if details and description == "sum of:":
            for detail in details:
                walk(detail, scale)
            return
        if description == "function score, product of:" and len(details) == 2:
            part, factor = details
            if factor.get("description") == "min of:":
                walk(part, scale)
                moved = (value - float(part.get("value", 0.0))) * scale
                if moved:
                    name = _function_name(factor) or "function score"
                    times = float(factor["value"])
                    clauses.append({"clause": f"{name}: score x {times:.3g}", "score": moved})
                return
        if details and description.endswith("product of:"):
            named = [d for d in details if d.get("description") not in _WEIGHT_FACTORS]
            factors = [d for d in named if float(d.get("value", 0.0)) != 1.0] or named
            if len(factors) == 1 and float(factors[0].get("value", 0.0)) != 0.0:
                walk(factors[0], scale * value / float(factors[0]["value"]))
                return
            description = "product of: " + " x ".join(str(d.get("description", "")) for d in factors)
        clauses.append({"clause": description[:CLAUSE_DESCRIPTION_CHARS], "score": value * scale})

    walk(explanation, 1.0)
    clauses.sort(key=lambda clause: -clause["score"])
    return clauses


_MARKED = re.compile(r"<em>(.*?)</em>", re.DOTALL)


def _unmarked(fragment: str) -> tuple[str, list[tuple[int, int]]]:
    """A highlighted fragment as its plain text and the (start, end) of each marked part in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = last = 0
    for mark in _MARKED.finditer(fragment):
        before, word = fragment[last : mark.start()], mark.group(1)
        spans.append((length + len(before), length + len(before) + len(word)))
        parts += [before, word]
        length += len(before) + len(word)
        last = mark.end()
    parts.append(fragment[last:])
    return "".join(parts), spans


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The plain text with the spans marked, overlapping or touching ones as one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], "<em>", text[start:end], "</em>"]
        last = end
    out.append(text[last:])
    return "".join(out)


def merge_highlights(found: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """The engine's highlights with the summary's two readings (`queries.HIGHLIGHT`: as prose and as
    skills) made one `summary`: a fragment both marked carries both marks ("<em>k8s</em>" and
    "<em>Kubernetes</em>" for "k8s"), one only the skills reading found is added while there is room."""
    if not found:
        return {}
    skills = found.get("summary.skills")
    if not skills:
        return found
    merged = {field: fragments for field, fragments in found.items() if field != "summary.skills"}
    summary = [_unmarked(fragment) for fragment in merged.get("summary", [])]
    for fragment in skills:
        text, spans = _unmarked(fragment)
        for index, (known, known_spans) in enumerate(summary):
            if known == text:
                summary[index] = (known, known_spans + spans)
                break
        else:
            if len(summary) < queries.SUMMARY_FRAGMENTS:
                summary.append((text, spans))
    merged["summary"] = [_marked(text, spans) for text, spans in summary]
    return merged


class HitShaper:
    """The results of one search as the API shows them (`SearchHit` as JSON), as plain dicts: what every hit
    is shaped against (the asked skills, the experience asked, the source candidate's jobs) is worked out
    once per search, and no model is validated and dumped per hit, which took a third of a fresh search's
    time in the API."""

    def __init__(
        self, request: SearchRequest, source: dict[str, Any] | None = None, today: date | None = None
    ):
        self.request = request
        asked = queries.asked_skills(request)
        self.asked = list(dict.fromkeys(canonical(s) for s in asked))
        self.asked_pairs = [(s, s.lower()) for s in self.asked]
        self.skills_asked = len(asked)
        self.experience = experience_asked(request)
        self.today = today or date.today()
        self.employers: list[queries.AskedEmployer] | None = None
        if request.companies and request.search_type != SearchType.SAME_DEPARTMENT:
            self.employers = [queries.AskedEmployer.of(company) for company in request.companies]
        self.source_jobs: list[tuple[str, tuple[int, int]]] | None = None
        if source is not None and request.search_type in (SearchType.WORKED_WITH, SearchType.COLLEAGUES):
            self.source_jobs = queries.job_spans(source, self.today)

    def __call__(self, hit: dict[str, Any], max_score: float) -> dict[str, Any]:
        """One result; field for field what `SearchHit(...).model_dump(mode="json")` gives."""
        request, doc = self.request, hit["_source"]
        get = doc.get
        matched: list[str] = []
        missing: list[str] = []
        reasons: list[str] = []
        # The engine's score over the search's best: it falls as the ranking does, so the page never shows
        # a lower score above a higher one (a share of the asked skills mixed in did, where the query's
        # words lifted a candidate without them); the skills a hit has and lacks are listed apart. No hit
        # scored (a same_department search: its clauses only filter): each matches as well as the best, not
        # "0 %" on every card.
        score = (hit.get("_score") or 0.0) / max_score if max_score > 0 else 1.0
        if self.asked:
            have = {canonical(s).lower() for s in get("skills") or ()}
            for name, lower in self.asked_pairs:
                (matched if lower in have else missing).append(name)
        if self.skills_asked:
            reasons.append(f"has {len(matched)} of {self.skills_asked} asked skills")
        years = get("total_experience_years")
        if years is not None and self.experience is not None:
            reasons.append(f"{years:g} years of experience (asked {self.experience})")
        for name in hit.get("matched_queries") or ():
            reason = reason_for(name)
            if reason is not None:
                reasons.append(reason)
        overlap = places = None
        if self.source_jobs is not None:
            together = queries.overlap_by_company_of(self.source_jobs, doc, self.today)
            # The firm as the colleague's jobs write it ("Vandelay Industries"), not its folded key
            # ("vandelay industries"), which read as a typo on the page.
            named = dict(zip(together, company_names(doc, list(together)), strict=True))
            reasons.extend(f"worked at the same company ({name}) at the same time" for name in named.values())
            overlap = sum(together.values())
            places = [named[key] for key in sorted(together, key=together.__getitem__, reverse=True)]
        explanation = None
        if request.explain and "_explanation" in hit:
            explanation = explanation_clauses(hit["_explanation"])
        details = None
        if request.include_details:
            details = {k: get(k) for k in queries.DETAIL_FIELDS}
            details["skills"] = get("skills")
        return {
            "candidate_id": canonical_uuid(doc["candidate_id"]),
            "full_name": get("full_name"),
            "current_title": get("current_title"),
            "current_company": get("current_company"),
            "location": get("location"),
            "total_experience_years": float(years) if years is not None else None,
            "match_score": float(round(min(max(score, 0.0), 1.0), 4)),
            "matched_skills": matched,
            "missing_skills": missing,
            # Word-by-word text clauses name one reason many times.
            "match_reasons": list(dict.fromkeys(reasons)),
            "highlights": merge_highlights(hit.get("highlight")),
            "overlap_months": overlap,
            "overlap_companies": places,
            "employer_jobs": None if self.employers is None else employer_jobs(doc, self.employers),
            "details": details,
            "explanation": explanation,
        }


def canonical_uuid(value: str) -> str:
    """A candidate id as the API writes UUIDs: lower case with hyphens (the index stores them so)."""
    if len(value) == 36 and value.islower():
        return value
    return str(uuid.UUID(value))


def facet_buckets(name: str, agg: dict[str, Any]) -> list[tuple[str, int, str | None]]:
    """A facet's values, how many candidates have each and, for an employer, its company key: a terms or
    filters aggregation's buckets, or those of the jobs a nested one holds, each counted in candidates
    (`queries.facet_aggs`); a company key's bucket is named by the spelling most of its jobs use (`names`)."""
    inner = agg.get("jobs", agg)
    buckets = inner.get("buckets", [])
    keyed = buckets.items() if isinstance(buckets, dict) else ((b["key"], b) for b in buckets)
    return [
        (
            _bucket_name(key, b),
            b["candidates"]["doc_count"] if "candidates" in b else b["doc_count"],
            _company_key(name, key),
        )
        for key, b in keyed
    ]


def _bucket_name(key: Any, bucket: dict[str, Any]) -> str:
    names = (bucket.get("names") or {}).get("buckets")
    return str(names[0]["key"]) if names else str(key)


def _company_key(facet: str, key: Any) -> str | None:
    """The company key of an employer's bucket: the companies facet's own key, an asked employer's as its
    filter reads it (`queries.AskedEmployer`; None for a name without one, which its words match). A page
    tells by it which rows an asked employer takes in: their names' words did not say ("Acme Logistics" holds
    "Acme", another employer; "Acme Corp" does not hold "ACME Inc.", the same one)."""
    if facet == "companies":
        return str(key)
    if facet == "asked_companies":
        return queries.company_key_of(str(key)) or None
    return None


def shape_facets(aggregations: dict[str, Any]) -> dict[str, list[FacetBucket]]:
    return {
        name: [
            FacetBucket(value=value, count=count, key=key) for value, count, key in facet_buckets(name, agg)
        ]
        for name, agg in aggregations.items()
    }


def facet_json(aggregations: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The facets as `shape_facets` gives them, dumped to JSON's types (`key` only where a bucket has one)."""
    return {
        name: [
            {"value": value, "count": count} if key is None else {"value": value, "count": count, "key": key}
            for value, count, key in facet_buckets(name, agg)
        ]
        for name, agg in aggregations.items()
    }
