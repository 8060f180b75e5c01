"""The requests every peer answers: per search type, distinct requests drawn from the loaded corpus.

Drawn from real rows with a fixed seed, so each request has answers (skills that go together are a
candidate's own skills; relative searches start from real candidates) and every peer gets the same list.
"""

from __future__ import annotations

import random
from typing import Any

import asyncpg

from app.search.schemas import SearchRequest, SearchType

SEARCH_TYPES = (
    SearchType.SKILLS_MATCH,
    SearchType.EXPERIENCE_MATCH,
    SearchType.SIMILAR_CANDIDATES,
    SearchType.WORKED_WITH,
    SearchType.SAME_DEPARTMENT,
)

_SAMPLE = """
SELECT c.id, c.current_title, c.total_experience_years,
       array_agg(s.name ORDER BY cs.years DESC NULLS LAST, s.name) AS skills
FROM candidates c
JOIN candidate_skills cs ON cs.candidate_id = c.id
JOIN skills s ON s.id = cs.skill_id
WHERE c.id IN (SELECT id FROM candidates ORDER BY md5(id::text || $2) LIMIT $1)
GROUP BY c.id
ORDER BY md5(c.id::text || $2)
"""


async def sample_candidates(connection: asyncpg.Connection, count: int, seed: int) -> list[asyncpg.Record]:
    """`count` candidates in a seeded pseudo-random order, with their skills (most used first)."""
    return list(await connection.fetch(_SAMPLE, count, str(seed)))


def _title_text(title: str | None) -> str | None:
    """What a recruiter types for a role: its title's words, lower case ("fire protection engineer")."""
    text = " ".join((title or "").lower().split())
    return text or None


def build_requests(
    rows: list[asyncpg.Record], per_type: int, seed: int
) -> dict[SearchType, list[SearchRequest]]:
    """`per_type` distinct requests per search type, the API's defaults otherwise (limit 20)."""
    rng = random.Random(seed)
    out: dict[SearchType, list[SearchRequest]] = {kind: [] for kind in SEARCH_TYPES}
    seen: dict[SearchType, set[str]] = {kind: set() for kind in SEARCH_TYPES}

    def add(kind: SearchType, fields: dict[str, Any]) -> None:
        request = SearchRequest.model_validate({"search_type": kind.value, **fields})
        key = request.model_dump_json()
        if key not in seen[kind] and len(out[kind]) < per_type:
            seen[kind].add(key)
            out[kind].append(request)

    for position, row in enumerate(rows):
        skills = list(row["skills"])
        # skills_match: two or three of one person's skills (skills that go together), "any" mostly
        # (the API's default), "all" for every third; two requests in three also have text: the person's
        # whole title, as recruiters type a role (mostly two to four words).
        picked = rng.sample(skills, k=min(len(skills), rng.choice((2, 2, 3))))
        fields: dict[str, Any] = {"skills": picked, "skills_mode": "all" if position % 3 == 2 else "any"}
        text = _title_text(row["current_title"])
        if position % 3 != 1 and text:
            fields["query"] = text
        add(SearchType.SKILLS_MATCH, fields)
        years = float(row["total_experience_years"] or 0)
        low = max(0, int(years) - rng.randint(0, 2))
        add(
            SearchType.EXPERIENCE_MATCH,
            {
                "min_experience_years": low,
                "max_experience_years": low + rng.randint(2, 5),
                "skills": picked[:2],
                **({"query": text} if position % 2 and text else {}),
            },
        )
        add(SearchType.SIMILAR_CANDIDATES, {"candidate_id": str(row["id"])})
        add(SearchType.WORKED_WITH, {"candidate_id": str(row["id"])})
        add(SearchType.SAME_DEPARTMENT, {"candidate_id": str(row["id"])})
    return out
