"""Searches whose filters let in few candidates: every match counted, and so scored, in full.

Once a search has counted `track_total_hits` matches, Lucene skips documents that cannot reach the page
(block-max WAND / MAXSCORE), at the price of per-block score bounds for every clause of the query. When the
filters let in few candidates (a rare skill, or two skills together with skills_mode "all") that price is
higher than scoring them all: at 1M candidates, the judge's skills_match bodies whose filters let in at most
5,000 candidates took 8 ms median and 48 ms at most with the cap, 5 and 14 ms counted in full, with the same
hits and scores (benchmarks/README.md, "Issue 15, session 29"). So a skills_match whose skill filters let in
at most `exact_below` candidates and at most a tenth of the index, by the index's own skill counts, is
answered as `exact_total` asks: no pruning, the answer says how many match ("eq") instead of "at least
1,000", and its facets count every match in the page's own query rather than the best 500 in two more
(at 1M, 12 / 59 ms p50 / p95 against 52 / 185 ms for such searches).

The counts come from one terms aggregation over the skills, read again in the background when older than
`max_age` seconds. They choose how the engine counts, never who is found: a stale count costs time, not
results.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import OpenSearchException

from app.metrics import SEARCH_COUNTED_IN_FULL
from app.search import queries
from app.search.schemas import SearchRequest, SearchType

log = logging.getLogger(__name__)

# The default of SEARCH_EXACT_COUNT_BELOW (`Settings.search_exact_count_below`).
EXACT_COUNT_BELOW = 50_000
# ... and at most this share of the index (SEARCH_EXACT_COUNT_SHARE): at 100k candidates counting in full
# wins up to 10,000 to 20,000 candidates, at 1M up to 50,000 (`python -m benchmarks.search.exact_counts`).
EXACT_SHARE = 0.1
# Skills whose counts are read (the most used first); a skill past them counts as unknown.
SKILLS_READ = 20_000
# Seconds before a failed read is tried again.
RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class SkillCounts:
    """How many candidates the index holds, and how many have each skill (folded name)."""

    docs: int
    by_skill: Mapping[str, int]
    # Every skill of the index is listed: a skill not listed has no candidate.
    complete: bool

    def count(self, skill: str) -> int | None:
        """Candidates with `skill`; None when not known."""
        # Folded as the keyword field's normalizer folds it (lowercase, asciifolding).
        found = self.by_skill.get(queries.fold(skill))
        if found is None and self.complete:
            return 0
        return found

    def bound(self, filters: Sequence[Mapping[str, Any]]) -> int:
        """At most how many candidates `filters` let in, by their skill clauses (a skill every one of
        them must have; one of several skills); the other filters only narrow it further."""
        bound = self.docs
        for clause in filters:
            one = clause.get("term", {}).get(queries.SKILL_KEYWORD)
            several = clause.get("terms", {}).get(queries.SKILL_KEYWORD)
            if isinstance(one, Mapping):
                one = one.get("value")
            if isinstance(one, str):
                found = self.count(one)
                if found is not None:
                    bound = min(bound, found)
            elif isinstance(several, list):
                counts = [self.count(skill) for skill in several]
                if all(found is not None for found in counts):
                    bound = min(bound, sum(found or 0 for found in counts))
        return bound

    def few(self, filters: Sequence[Mapping[str, Any]], exact_below: int, share: float = EXACT_SHARE) -> bool:
        """Whether `filters` let in so few candidates that scoring them all is cheaper than pruning: at
        most `exact_below`, and at most `share` of the index (a smaller index prunes sooner)."""
        return exact_below > 0 and self.bound(filters) <= self.limit(exact_below, share)

    def share_starting(self, prefix: str) -> float:
        """The share of the index's skill mentions (a candidate's skill, counted once each) whose skill
        starts with `prefix`, folded: what a filter on that prefix visits against every candidate's skills."""
        total = sum(self.by_skill.values())
        folded = queries.fold(prefix)
        starting = sum(count for skill, count in self.by_skill.items() if skill.startswith(folded))
        return starting / total if total else 0.0

    def limit(self, exact_below: int, share: float = EXACT_SHARE) -> float:
        """The most candidates a search's filters may let in for it to count in full."""
        return min(exact_below, self.docs * share)


def counts_in_full(
    request: SearchRequest, counts: SkillCounts | None, exact_below: int, share: float = EXACT_SHARE
) -> bool:
    """Whether a request counts (and so scores, and facets) every match: it asks for an exact total, or
    it is a skills_match whose skill filters let in at most `exact_below` candidates and at most `share`
    of the index (never while the counts are not read yet)."""
    if request.exact_total:
        return True
    if counts is None or request.search_type.canonical != SearchType.SKILLS_MATCH:
        return False
    skills = queries.skill_filters(request) + queries.required_skill_filters(request)
    return counts.few(skills, exact_below, share)


def answered_as(
    request: SearchRequest, counts: SkillCounts | None, exact_below: int, share: float = EXACT_SHARE
) -> SearchRequest:
    """The request as the engine answers it: one that `counts_in_full` is answered as `exact_total` asks
    (the total counted, the facets over every match rather than the best 500), which costs less there
    than pruning does; any other as it is."""
    if request.exact_total or not counts_in_full(request, counts, exact_below, share):
        return request
    return request.model_copy(update={"exact_total": True})


# Search types whose body is filters plus one scoring disjunction (`queries.ranked`), which a count of
# their filters alone can tell apart.
PROBED_TYPES = frozenset({SearchType.SKILLS_MATCH, SearchType.EXPERIENCE_MATCH})


def names_narrow_filters(request: SearchRequest) -> bool:
    """Whether a request filters by what usually lets in few candidates, which no skill count bounds: a
    place, an employer, a title or a department (a facet ticked on the recruiter's page). Experience years
    and education alone let in most candidates: counting them would be spent for nothing."""
    return bool(request.locations or request.companies or request.titles or request.departments)


def filter_count(request: SearchRequest, limit: int) -> dict[str, Any]:
    """The body that counts the active candidates a request's narrow filters let in (`names_narrow_filters`:
    its places, employers, titles, departments; not its skills, years or education, so that one count
    serves every search with the same facets ticked), up to `limit` + 1 (the engine stops counting there),
    scoring nobody. What it counts bounds what all the request's filters let in."""
    narrow = request.model_copy(
        update={
            "skills": [],
            "min_experience_years": None,
            "max_experience_years": None,
            "education_level": None,
        }
    )
    return {"size": 0, "track_total_hits": limit + 1, "query": {"bool": {"filter": queries.filters(narrow)}}}


class FilterCounts:
    """How many candidates a filter set let in, as last counted: at most `size` sets (the least recently
    used go first), each for `max_age` seconds. A stale count costs time, never results."""

    def __init__(self, max_age: float, size: int = 4096) -> None:
        self.max_age = max_age
        self.size = size
        self._counts: OrderedDict[bytes, tuple[float, int]] = OrderedDict()

    def get(self, key: bytes) -> int | None:
        found = self._counts.get(key)
        if found is None or time.monotonic() - found[0] > self.max_age:
            return None
        self._counts.move_to_end(key)
        return found[1]

    def put(self, key: bytes, count: int) -> None:
        self._counts[key] = (time.monotonic(), count)
        self._counts.move_to_end(key)
        while len(self._counts) > self.size:
            self._counts.popitem(last=False)


async def answered_as_counted(
    request: SearchRequest,
    counts: SkillCounts | None,
    exact_below: int,
    share: float,
    search: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
    known: FilterCounts | None,
) -> SearchRequest:
    """`answered_as`, and for a skills or experience search that `names_narrow_filters`, a count of what
    those filters let in (`filter_count`, through `search`, remembered in `known`): when that count is at
    most the limit, it is answered as `exact_total` asks too. At 1M, text searches with one place or one
    employer ticked (3,400 and up to 46,000 candidates) took 22 / 23 ms engine mean capped, 7 / 10 ms counted
    in full; the count itself 0-1 ms (benchmarks/README.md, "Issue 15, session 29")."""
    kind = request.search_type.canonical
    answered = answered_as(request, counts, exact_below, share)
    if answered is not request:
        SEARCH_COUNTED_IN_FULL.labels(search_type=kind.value, by="skills").inc()
        return answered
    if (
        request.exact_total
        or counts is None
        or exact_below <= 0
        or kind not in PROBED_TYPES
        or not names_narrow_filters(request)
    ):
        return request
    limit = int(counts.limit(exact_below, share))
    body = filter_count(request, limit)
    key = orjson.dumps(body["query"], option=orjson.OPT_SORT_KEYS)
    count = known.get(key) if known is not None else None
    if count is None:
        answer = await search(body)
        count = int(answer["hits"]["total"]["value"])
        if known is not None:
            known.put(key, count)
    if count > limit:
        return request
    SEARCH_COUNTED_IN_FULL.labels(search_type=kind.value, by="filters").inc()
    return request.model_copy(update={"exact_total": True})


async def read_skill_counts(client: AsyncOpenSearch, alias: str, size: int = SKILLS_READ) -> SkillCounts:
    """The index's candidates and their skills' counts, from one terms aggregation."""
    answer = await client.search(
        index=alias,
        body={
            "size": 0,
            "track_total_hits": True,
            "aggs": {"skills": {"terms": {"field": queries.SKILL_KEYWORD, "size": size}}},
        },
    )
    skills = answer["aggregations"]["skills"]
    return SkillCounts(
        docs=int(answer["hits"]["total"]["value"]),
        by_skill={bucket["key"]: int(bucket["doc_count"]) for bucket in skills["buckets"]},
        complete=int(skills.get("sum_other_doc_count", 0)) == 0,
    )


class SkillCountReader:
    """The skill counts as last read, read again in the background when older than `max_age` seconds
    (and RETRY_SECONDS after a failed read); nothing until the first read is done."""

    def __init__(self, client: AsyncOpenSearch, alias: str, max_age: float) -> None:
        self.client = client
        self.alias = alias
        self.max_age = max_age
        self.current: SkillCounts | None = None
        self._due = -math.inf
        self._task: asyncio.Task[None] | None = None

    def counts(self) -> SkillCounts | None:
        """The counts as last read, starting a read when they are due."""
        if self._task is None and time.monotonic() >= self._due:
            self._task = asyncio.create_task(self.read())
        return self.current

    async def read(self) -> None:
        try:
            self.current = await read_skill_counts(self.client, self.alias)
            self._due = time.monotonic() + self.max_age
        except (OpenSearchException, KeyError, TypeError, ValueError) as error:
            log.warning("skill counts not read: %s", type(error).__name__)
            self._due = time.monotonic() + min(self.max_age, RETRY_SECONDS)
        finally:
            self._task = None

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
