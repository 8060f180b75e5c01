"""Where the engine time of a search goes: the API's body with one part changed, sent raw, same requests.

Each variant is a candidate change to app/search/queries.py, measured on the corpus it would serve. The body
changed is the one that costs (`peers.first_bodies`): for a skills_match with text, the title feedback's
first pass over every match, not the second pass over its window of 50 (until session 44 the variants were
timed on the second, which costs the engine a few milliseconds whatever its clauses).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from benchmarks.common import percentile
from benchmarks.search.pairing import paired_difference, rotated
from benchmarks.search.peers import RawPeer, first_bodies

Body = dict[str, Any]
BUDGET = 10.0
REQUESTS = 100
# The body as the API sends it: every variant's baseline (each kind's first).
AS_SENT = "as sent"


def with_highlight(body: Body) -> Body:
    """Highlighting, as a request with `highlight: true` gets it (the API leaves it out otherwise)."""
    body["highlight"] = queries.HIGHLIGHT
    return body


def exact_total(body: Body) -> Body:
    """Count every hit exactly, as before totals were capped: the engine may then skip nothing."""
    body["track_total_hits"] = True
    return body


RECENCY = {"distance_feature": {"field": "updated_at", "origin": "now", "pivot": "365d", "boost": 0.5}}


def with_recency(body: Body) -> Body:
    """A recency lift (`distance_feature` on updated_at, 0.5 today, half a year later half) back in the
    scoring disjunction, with `minimum_should_match` 2 so one ranking clause must still match: what the
    shape had before it was measured to cost the pruning on OpenSearch 3.x (benchmarks/README.md)."""
    for node in queries.walk(body):
        must = node.get("must")
        if isinstance(must, list) and must and "should" in must[0].get("bool", {}):
            recency = {
                "distance_feature": {"field": "updated_at", "origin": "now", "pivot": "365d", "boost": 0.5}
            }
            must[0]["bool"]["should"].append(recency)
            must[0]["bool"]["minimum_should_match"] = 2
            break
    return body


def skills_as_text(body: Body) -> Body:
    """The skill filters matched as analysed text through the synonym graph (as the old required skill
    clauses were), not as exact keyword terms."""
    for node in queries.walk(body):
        for key in ("should", "filter"):
            clauses = node.get(key)
            if not isinstance(clauses, list):
                continue
            for i, clause in enumerate(clauses):
                term = clause.get("term", {}).get(queries.SKILL_KEYWORD)
                if isinstance(term, dict):
                    match = {"query": term["value"], "operator": "and", "boost": term.get("boost", 1.0)}
                    clauses[i] = {"match": {"skills": match}}
    return body


def no_phrases(body: Body) -> Body:
    """Without the adjacent-word phrase clauses over the resume text."""
    for node in queries.walk(body):
        should = node.get("should")
        if isinstance(should, list):
            node["should"] = [c for c in should if "match_phrase" not in c]
    return body


def phrases_slop_0(body: Body) -> Body:
    """The phrase clauses as exact phrases (slop 0) instead of slop 1."""
    for node in queries.walk(body):
        phrase = node.get("match_phrase")
        if isinstance(phrase, dict):
            for spec in phrase.values():
                spec["slop"] = 0
    return body


def no_skill_fields_in_text(body: Body) -> Body:
    """The text clause without the skill-analysed copies of resume text and summary."""
    for node in queries.walk(body):
        match = node.get("multi_match")
        if isinstance(match, dict) and match.get("_name") == "text":
            match["fields"] = [f for f in match["fields"] if ".skills" not in f]
    return body


def no_similar_experience(body: Body) -> Body:
    """similar_candidates without the experience-closeness clauses (in the query, or its rescore)."""
    body.pop("rescore", None)
    for node in queries.walk(body):
        should = node.get("should")
        if isinstance(should, list):
            node["should"] = [c for c in should if "similar" != c.get("constant_score", {}).get("_name")]
    return body


def profile_terms(count: int) -> Callable[[Body], Body]:
    def change(body: Body) -> Body:
        for node in queries.walk(body):
            should = node.get("should")
            if isinstance(should, list) and any("profile" in c.get("term", {}) for c in should):
                terms = [c for c in should if "profile" in c.get("term", {})]
                node["should"] = [c for c in should if c not in terms[count:]]
        return body

    change.__doc__ = f"similar_candidates compares at most {count} profile terms."
    return change


def no_list_share(body: Body) -> Body:
    """The first pass without the resume's `list_share` in `_source` (definition v7 asks for it, so the window
    can scale each hit by it): what reading one more float of 50 hits' stored fields costs."""
    source = body.get("_source")
    if isinstance(source, list):
        body["_source"] = [field for field in source if field != "list_share"]
    return body


def no_names(body: Body) -> Body:
    """Without the clause names (`_name`), which the engine's fetch phase evaluates for every hit it returns
    (the page's match reasons come from them)."""
    for node in queries.walk(body):
        node.pop("_name", None)
        for value in node.values():
            if isinstance(value, dict):
                value.pop("_name", None)
    return body


def window_of(size: int) -> Callable[[Body], Body]:
    def change(body: Body) -> Body:
        body["size"] = min(body.get("size", size), size)
        return body

    change.__doc__ = f"At most {size} hits read (the window is {queries.FEEDBACK_WINDOW})."
    return change


VARIANTS: dict[SearchType, dict[str, Callable[[Body], Body]]] = {
    SearchType.SKILLS_MATCH: {
        AS_SENT: lambda body: body,
        "with highlight": with_highlight,
        "exact total": exact_total,
        "with recency": with_recency,
        "skills as text": skills_as_text,
        "no phrases": no_phrases,
        "phrases slop 0": phrases_slop_0,
        "no skill-analysed text fields": no_skill_fields_in_text,
        "no list_share": no_list_share,
        "no clause names": no_names,
        "20 hits": window_of(20),
    },
    SearchType.EXPERIENCE_MATCH: {
        AS_SENT: lambda body: body,
        "exact total": exact_total,
    },
    SearchType.SIMILAR_CANDIDATES: {
        AS_SENT: lambda body: body,
        "exact total": exact_total,
        "no similar_experience": no_similar_experience,
        "8 profile terms": profile_terms(8),
    },
    SearchType.WORKED_WITH: {
        AS_SENT: lambda body: body,
        "exact total": exact_total,
    },
}


async def window_agreement(peer: RawPeer, requests: list[SearchRequest]) -> dict[str, Any] | None:
    """Title feedback over the first pass's window (as sent) against the whole search with the feedback
    (the first pass reads only the TITLE_FEEDBACK_HITS the feedback needs), on the same skills_match
    requests: time of each, first pass included (alternating, one at a time), and how much of the top 10
    both give."""
    timed: dict[str, list[float]] = {"window": [], "whole": []}
    overlap: list[float] = []
    for request in requests[:REQUESTS]:
        if queries.feedback_text(request) is None:
            continue  # no text, no feedback: timing it would add a zero to both sides
        # A page past the window takes the whole search with the feedback; its first page is compared.
        pages = {"window": queries.Page(), "whole": queries.Page(offset=queries.FEEDBACK_WINDOW)}
        tops: dict[str, set[str]] = {}
        for name, page in pages.items() if len(overlap) % 2 == 0 else reversed(pages.items()):
            begun = time.perf_counter()
            first = await queries.run_first_pass(request, peer.today, page, peer.search)
            assert first is not None
            body = queries.build_search(request, None, peer.today, None, first.feedback, window=first.window)
            answer = await peer.search(body)
            timed[name].append((time.perf_counter() - begun) * 1000)
            tops[name] = {hit["_id"] for hit in answer["hits"]["hits"][:10]}
        overlap.append(len(tops["window"] & tops["whole"]) / max(1, len(tops["whole"])))
    if not overlap:
        return None
    return {
        "requests": len(overlap),
        "window": queries.FEEDBACK_WINDOW,
        "mean_top10_overlap": round(sum(overlap) / len(overlap), 3),
        **{
            f"{name}_{stat}_ms": round(percentile(values, q), 2)
            for name, values in timed.items()
            for stat, q in (("p50", 0.5), ("p95", 0.95))
        },
    }


async def diagnose(peer: RawPeer, requests: dict[SearchType, list[SearchRequest]]) -> dict[str, Any]:
    """p50/p95/p99 of each variant on the first REQUESTS requests of its type (bodies built untimed). Each
    request goes through every variant in turn, the order rotating from one request to the next, so that no
    variant always runs first on a body the engine has not seen (the filters' cache cold) or last, after
    the others warmed it: run one variant after another, the order of the runs moved the figures more than
    most of the changes did (session 43's `no list_share`)."""
    out: dict[str, Any] = {}
    for kind, variants in VARIANTS.items():
        bodies = await first_bodies(peer, requests[kind][:REQUESTS], peer.today)
        latencies: dict[str, list[float]] = {name: [] for name in variants}
        started = time.perf_counter()
        for position, body in enumerate(bodies):
            for name in rotated(list(variants), position):
                changed = variants[name](copy.deepcopy(body))
                begun = time.perf_counter()
                await peer.client.search(index=peer.alias, body=changed)
                latencies[name].append((time.perf_counter() - begun) * 1000)
            if position + 1 >= 30 and time.perf_counter() - started > BUDGET * len(variants):
                break
        baseline = latencies[AS_SENT]
        out[kind.value] = {}
        for name, values in latencies.items():
            row: dict[str, Any] = {
                "n": len(values),
                "p50_ms": round(percentile(values, 0.5), 2),
                "p95_ms": round(percentile(values, 0.95), 2),
                "p99_ms": round(percentile(values, 0.99), 2),
            }
            if name != AS_SENT:
                row["minus_as_sent"] = [round(v, 2) for v in paired_difference(baseline, values)]
                row["time_over_as_sent"] = round(sum(values) / sum(baseline), 3)
            out[kind.value][name] = row
    agreement = await window_agreement(peer, requests[SearchType.SKILLS_MATCH])
    if agreement is not None:
        out["feedback_window"] = agreement
    return out
