"""Where the engine time of a search goes: the API's body with one part changed, sent raw, same requests.

Each variant is a candidate change to app/search/queries.py, measured on the corpus it would serve.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from app.search import queries
from app.search.schemas import SearchRequest, SearchType
from benchmarks.common import percentile, walk
from benchmarks.search.peers import RawPeer

Body = dict[str, Any]
BUDGET = 10.0
REQUESTS = 100


def with_highlight(body: Body) -> Body:
    """Highlighting, as a request with `highlight: true` gets it (the API leaves it out otherwise)."""
    body["highlight"] = queries.HIGHLIGHT
    return body


def bounded_total(body: Body) -> Body:
    """Count hits exactly only up to 1,000 ("1,000+" beyond), so the engine may skip the rest."""
    body["track_total_hits"] = 1000
    return body


def no_recency(body: Body) -> Body:
    """The query without the recency function_score around it."""
    query = body["query"]
    if "function_score" in query:
        body["query"] = query["function_score"]["query"]
    return body


def no_similar_experience(body: Body) -> Body:
    """similar_candidates without the experience-closeness clause (a script over every candidate)."""
    for node in walk(body):
        should = node.get("should")
        if isinstance(should, list):
            node["should"] = [c for c in should if "similar_experience" not in str(c)]
    return body


def mlt_terms(count: int) -> Callable[[Body], Body]:
    def change(body: Body) -> Body:
        for node in walk(body):
            if "more_like_this" in node:
                node["more_like_this"]["max_query_terms"] = count
        return body

    change.__doc__ = f"more_like_this picks at most {count} terms (the body asks 50)."
    return change


def combine(*changes: Callable[[Body], Body]) -> Callable[[Body], Body]:
    def change(body: Body) -> Body:
        for one in changes:
            body = one(body)
        return body

    return change


VARIANTS: dict[SearchType, dict[str, Callable[[Body], Body]]] = {
    SearchType.SKILLS_MATCH: {
        "as sent": lambda body: body,
        "with highlight": with_highlight,
        "track_total_hits 1000": bounded_total,
        "no recency wrapper": no_recency,
        "bounded total, no recency": combine(bounded_total, no_recency),
    },
    SearchType.EXPERIENCE_MATCH: {
        "as sent": lambda body: body,
        "with highlight": with_highlight,
        "track_total_hits 1000": bounded_total,
    },
    SearchType.SIMILAR_CANDIDATES: {
        "as sent": lambda body: body,
        "no similar_experience": no_similar_experience,
        "max_query_terms 20": mlt_terms(20),
        "both": combine(no_similar_experience, mlt_terms(20)),
    },
}


async def diagnose(peer: RawPeer, requests: dict[SearchType, list[SearchRequest]]) -> dict[str, Any]:
    """p50/p95/p99 of each variant on the first REQUESTS requests of its type (bodies built untimed)."""
    out: dict[str, Any] = {}
    for kind, variants in VARIANTS.items():
        bodies = [await peer.body(request) for request in requests[kind][:REQUESTS]]
        out[kind.value] = {}
        for name, change in variants.items():
            latencies = []
            started = time.perf_counter()
            for body in bodies:
                changed = change(copy.deepcopy(body))
                begun = time.perf_counter()
                await peer.client.search(index=peer.alias, body=changed)
                latencies.append((time.perf_counter() - begun) * 1000)
                if len(latencies) >= 30 and time.perf_counter() - started > BUDGET:
                    break
            out[kind.value][name] = {
                "n": len(latencies),
                "p50_ms": round(percentile(latencies, 0.5), 2),
                "p95_ms": round(percentile(latencies, 0.95), 2),
                "p99_ms": round(percentile(latencies, 0.99), 2),
            }
    return out
