"""The Postgres-only peer: the "original design", searching the record system with SQL alone.

Skills by JSONB containment over the parsed resume (`?|` any, `?&` all) with a GIN index, free text by a
tsvector of the resume text (generated column, GIN index, `websearch_to_tsquery` + `ts_rank`), titles by
ILIKE over the parsed data (trigram GIN index), colleagues and departments by joins on
work_experience.company_key. Tuned fairly: every predicate has an index, JIT is off (it only adds
planning time to queries this size), prepared statements are reused, and each query returns what the
API returns: the top 20 with display fields, a score order, and the total.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from app.search.schemas import SearchRequest, SearchType

PREPARE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE resumes ADD COLUMN IF NOT EXISTS bench_tsv tsvector
       GENERATED ALWAYS AS (to_tsvector('english', coalesce(extracted_text, ''))) STORED""",
    # The parsed skills, lower-cased, so containment ignores case the way the search analyzer does.
    """ALTER TABLE resumes ADD COLUMN IF NOT EXISTS bench_skills jsonb
       GENERATED ALWAYS AS (lower(coalesce(parsed_data -> 'skills', '[]'::jsonb)::text)::jsonb) STORED""",
    "CREATE INDEX IF NOT EXISTS bench_resumes_tsv ON resumes USING gin (bench_tsv)",
    "CREATE INDEX IF NOT EXISTS bench_resumes_skills ON resumes USING gin (bench_skills)",
    """CREATE INDEX IF NOT EXISTS bench_resumes_title_trgm ON resumes
       USING gin ((parsed_data ->> 'current_title') gin_trgm_ops)""",
    "CREATE INDEX IF NOT EXISTS bench_candidates_years ON candidates (total_experience_years)",
    "CREATE INDEX IF NOT EXISTS bench_work_company_dept ON work_experience (company_key, lower(department))",
    "ANALYZE",
]

# What every answer carries, like an API hit (the skills come from the parsed resume).
_FIELDS = """c.id, c.full_name, c.current_title, c.current_company, c.location, c.total_experience_years,
             r.parsed_data -> 'skills' AS skills"""
_MATCHED = "(SELECT count(*) FROM jsonb_array_elements_text(r.bench_skills) e WHERE e = ANY($1::text[]))"

SKILLS = {
    # $1 skills (lower case), $2 the query text or NULL. Skills decide who is in; the text only ranks:
    # a title ILIKE the text, then full-text rank of the resume.
    mode: f"""
    SELECT {_FIELDS}, count(*) OVER () AS total,
           {_MATCHED} * 3.0
           + CASE WHEN $2::text IS NOT NULL AND r.parsed_data ->> 'current_title' ILIKE '%' || $2 || '%'
                  THEN 3.0 ELSE 0 END
           + CASE WHEN $2::text IS NOT NULL
                  THEN ts_rank(r.bench_tsv, websearch_to_tsquery('english', $2)) ELSE 0 END AS score
    FROM resumes r JOIN candidates c ON c.id = r.candidate_id
    WHERE r.bench_skills {operator} $1::text[] AND c.is_active
    ORDER BY score DESC, c.id
    LIMIT $3"""
    for mode, operator in (("any", "?|"), ("all", "?&"))
}

# $1 skills, $2 low, $3 high, $4 limit: nearest to the range first (within 4 years of it, where the
# engine's gaussian has all but died out), then skills.
EXPERIENCE = f"""
SELECT {_FIELDS}, count(*) OVER () AS total,
       greatest($2 - c.total_experience_years, c.total_experience_years - $3, 0) AS distance,
       {_MATCHED} AS matched
FROM candidates c JOIN resumes r ON r.candidate_id = c.id
WHERE c.is_active AND c.total_experience_years BETWEEN $2 - 4 AND $3 + 4
ORDER BY distance, matched DESC, c.id
LIMIT $4"""

# $1 the source candidate, $2 limit: shared skills first, then a similar title (trigram similarity of
# the parsed titles), then experience within about three years.
SIMILAR = f"""
WITH src AS (
    SELECT r.bench_skills, c.total_experience_years AS years, r.parsed_data ->> 'current_title' AS title,
           ARRAY(SELECT jsonb_array_elements_text(r.bench_skills)) AS names
    FROM candidates c JOIN resumes r ON r.candidate_id = c.id WHERE c.id = $1
)
SELECT {_FIELDS}, count(*) OVER () AS total,
       (SELECT count(*) FROM jsonb_array_elements_text(r.bench_skills) e WHERE e = ANY(src.names))
         * 3.0 / greatest(cardinality(src.names), 1)
       + similarity(r.parsed_data ->> 'current_title', src.title)
       + 2 * exp(-power((c.total_experience_years - src.years) / 3.0, 2)) AS score
FROM src, resumes r JOIN candidates c ON c.id = r.candidate_id
WHERE r.bench_skills ?| src.names AND c.id <> $1 AND c.is_active
ORDER BY score DESC, c.id
LIMIT $2"""

# $1 the source candidate, $2 today, $3 minimum overlap in days, $4 limit: overlapping jobs at the
# same company (normalized key), most months together first.
_UNTIL = "CASE WHEN {t}is_current THEN $2::date ELSE coalesce({t}end_date, $2::date) END"
WORKED_WITH = f"""
WITH src AS (
    SELECT company_key, start_date, {_UNTIL.format(t="")} AS end_date
    FROM work_experience
    WHERE candidate_id = $1 AND company_key IS NOT NULL AND start_date IS NOT NULL
), together AS (
    SELECT w.candidate_id,
           sum(least({_UNTIL.format(t="w.")}, src.end_date) - greatest(w.start_date, src.start_date)) AS days
    FROM src JOIN work_experience w ON w.company_key = src.company_key
    WHERE w.candidate_id <> $1 AND w.start_date IS NOT NULL
      AND least({_UNTIL.format(t="w.")}, src.end_date) - greatest(w.start_date, src.start_date) >= $3
    GROUP BY w.candidate_id
)
SELECT {_FIELDS}, count(*) OVER () AS total, t.days AS score
FROM together t JOIN candidates c ON c.id = t.candidate_id LEFT JOIN resumes r ON r.candidate_id = c.id
WHERE c.is_active
ORDER BY score DESC, c.id
LIMIT $4"""

# $1 the source candidate, $2 limit: anyone who worked in one of the source's (company, department)
# pairs, the department compared with ILIKE as written in the parsed data.
SAME_DEPARTMENT = f"""
WITH src AS (
    SELECT DISTINCT company_key, department FROM work_experience
    WHERE candidate_id = $1 AND company_key IS NOT NULL AND department IS NOT NULL
), peers AS (
    SELECT w.candidate_id, count(*) AS score
    FROM src JOIN work_experience w ON w.company_key = src.company_key AND w.department ILIKE src.department
    WHERE w.candidate_id <> $1
    GROUP BY w.candidate_id
)
SELECT {_FIELDS}, count(*) OVER () AS total, p.score
FROM peers p JOIN candidates c ON c.id = p.candidate_id LEFT JOIN resumes r ON r.candidate_id = c.id
WHERE c.is_active
ORDER BY p.score DESC, c.id
LIMIT $2"""


async def prepare(connection: asyncpg.Connection) -> None:
    """The peer's columns and indexes, in the scratch database only (minutes at 1M: no time limit)."""
    await connection.execute("SET statement_timeout = 0")
    for statement in PREPARE:
        await connection.execute(statement)
    await connection.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_SECONDS}s'")


# A query still running after this is cancelled and counted as an error (its time still counts).
STATEMENT_TIMEOUT_SECONDS = 120


async def setup_connection(connection: asyncpg.Connection) -> None:
    await connection.execute("SET jit = off")
    await connection.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_SECONDS}s'")


def statement(request: SearchRequest, today: date) -> tuple[str, list[Any]]:
    """The SQL and its arguments for one request."""
    kind = request.search_type
    skills = [s.lower() for s in request.skills]
    if kind == SearchType.SKILLS_MATCH:
        return SKILLS[request.skills_mode], [skills, request.query, request.limit]
    if kind == SearchType.EXPERIENCE_MATCH:
        low = request.min_experience_years or 0.0
        high = request.max_experience_years if request.max_experience_years is not None else low
        return EXPERIENCE, [skills, low, high, request.limit]
    if kind == SearchType.SIMILAR_CANDIDATES:
        return SIMILAR, [request.candidate_id, request.limit]
    if kind in (SearchType.WORKED_WITH, SearchType.COLLEAGUES):
        return WORKED_WITH, [request.candidate_id, today, request.min_overlap_months * 30, request.limit]
    return SAME_DEPARTMENT, [request.candidate_id, request.limit]


async def top_ids(connection: asyncpg.Connection, request: SearchRequest, today: date) -> list[str]:
    """The candidate ids of one answer, best first."""
    sql, args = statement(request, today)
    return [str(row["id"]) for row in await connection.fetch(sql, *args)]


async def explain(connection: asyncpg.Connection, request: SearchRequest, today: date) -> str:
    """The plan Postgres picks for one request (EXPLAIN, not run)."""
    sql, args = statement(request, today)
    rows = await connection.fetch("EXPLAIN " + sql, *args)
    return "\n".join(row[0] for row in rows)


async def search(connection: asyncpg.Connection, request: SearchRequest, today: date) -> tuple[int, int]:
    """Run one search: (rows returned, total)."""
    sql, args = statement(request, today)
    rows = await connection.fetch(sql, *args)
    return len(rows), (rows[0]["total"] if rows else 0)
