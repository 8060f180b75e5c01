"""Issue 17, session 21: the lines parsing round 17 no longer calls titles, kept searchable as a headline.

Round 17 (`rule_based._with_named_roles`) drops a job title that names no role ("Sales", "Inventory
Management", "Information Technology"): by the parsing gold's guideline a function line is no title. On the
relevance corpus it changed 93 current titles (81 more resumes without one), and their words no longer
reach the current title's clause or the title feedback (benchmarks/README.md, session 20b). Here those
lines are kept beside the parse, never as a title:

- `headline`: the current title the parse would have had without round 17's drop, when the parse has
  another one or none (the current job's function line, or a line under the name that such a job held);
- `job_functions`: every job title round 17 dropped (current and past);
- `header_line`: the line under the name the parser read as a title (`_headline_title`) when the parse
  does not keep it as the current title (no job of the history holds it: e30d333's rule).

`collect` parses every stored text once (the parser as shipped, with `_with_named_roles` and
`_current_title` wrapped to record what they leave out; the stored parse is checked to be the same) and
writes the side table `bench_headlines`; `attach` adds the three fields to a relevance run's index (a
mapping update and partial updates, after the run's reindex), and the `headline_*` variants
(`benchmarks.relevance.variants`) search them. No label, evaluation query or category is read to make them.

    python -m benchmarks.relevance.headlines collect --database s21rel
    python -m benchmarks.relevance.headlines report RUN.json   # a dev run's configs, folds, categories
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from app.parsing import rule_based
from app.parsing.models import ParsedResume, WorkExperience, current_job
from app.search import queries
from benchmarks.corpus.database import plain_url
from benchmarks.relevance import specificity_placement

FIELDS = ("headline", "job_functions", "header_line")
MAPPING = {"properties": {field: {"type": "text", "analyzer": "prose"} for field in FIELDS}}

SIDE_TABLE = """
CREATE TABLE IF NOT EXISTS bench_headlines (
    candidate_id uuid PRIMARY KEY,
    headline text,
    job_functions text[] NOT NULL,
    header_line text
)
"""


@dataclass
class Kept:
    """What one parse leaves out of its titles."""

    headline: str | None
    job_functions: list[str]
    header_line: str | None


@dataclass
class _Seen:
    before_drop: list[WorkExperience] | None = None
    headline_arg: str | None = None
    old_current_title: str | None = None


_seen = _Seen()


@contextlib.contextmanager
def _recording() -> Iterator[None]:
    """The parser with round 17's drop and the current title's choice recorded, their results unchanged."""
    drop = rule_based._with_named_roles
    choose = rule_based._current_title

    def with_named_roles(jobs: list[WorkExperience]) -> list[WorkExperience]:
        _seen.before_drop = list(jobs)
        return drop(jobs)

    def current_title(
        current: WorkExperience | None, jobs: list[WorkExperience], headline: str | None
    ) -> str | None:
        _seen.headline_arg = headline
        before = [rule_based._without_messrs(job) for job in _seen.before_drop or []]
        _seen.old_current_title = choose(current_job(before), before, headline)
        return choose(current, jobs, headline)

    rule_based._with_named_roles = with_named_roles
    rule_based._current_title = current_title
    try:
        yield
    finally:
        rule_based._with_named_roles = drop
        rule_based._current_title = choose


def kept_out(text: str) -> tuple[ParsedResume, Kept]:
    """The shipped parse of `text`, and the lines it does not call titles (see the module's docstring)."""
    global _seen
    _seen = _Seen()
    with _recording():
        parsed = rule_based.RuleBasedResumeParser().parse(text)
    dropped = Counter(job.title for job in _seen.before_drop or [] if job.title)
    dropped.subtract(job.title for job in parsed.work_experience if job.title)
    functions = [title for title, n in dropped.items() for _ in range(max(n, 0))]
    old = _seen.old_current_title
    headline = old if old and old != parsed.current_title else None
    header = _seen.headline_arg
    shown = {rule_based._folded_name(title) for title in (parsed.current_title, headline) if title}
    header_line = header if header and rule_based._folded_name(header) not in shown else None
    return parsed, Kept(headline, functions, header_line)


async def collect(url: str) -> dict[str, Any]:
    """`bench_headlines` for every completed resume of the labelled database at `url`."""
    connection = await asyncpg.connect(plain_url(url))
    try:
        rows = await connection.fetch(
            "SELECT DISTINCT ON (r.candidate_id) r.candidate_id, r.extracted_text, c.current_title "
            "FROM resumes r JOIN candidates c ON c.id = r.candidate_id "
            "WHERE r.parsing_status = 'completed' AND r.extracted_text IS NOT NULL "
            "ORDER BY r.candidate_id, r.created_at DESC"
        )
        out = []
        mismatched = 0
        for row in rows:
            parsed, kept = kept_out(row["extracted_text"])
            mismatched += parsed.current_title != row["current_title"]
            out.append((row["candidate_id"], kept.headline, kept.job_functions, kept.header_line))
        await connection.execute(SIDE_TABLE)
        await connection.execute("TRUNCATE bench_headlines")
        await connection.executemany("INSERT INTO bench_headlines VALUES ($1, $2, $3, $4)", out)
    finally:
        await connection.close()
    return {
        "resumes": len(out),
        "stored_title_differs": mismatched,
        "with_headline": sum(1 for row in out if row[1]),
        "with_job_functions": sum(1 for row in out if row[2]),
        "job_functions": sum(len(row[2]) for row in out),
        "with_header_line": sum(1 for row in out if row[3]),
    }


async def attach(client: Any, alias: str, connection: asyncpg.Connection) -> int:
    """The three fields added to the index behind `alias` from `bench_headlines`; the documents updated."""
    rows = await connection.fetch("SELECT * FROM bench_headlines")
    await client.indices.put_mapping(index=alias, body=MAPPING)
    lines: list[str] = []
    for row in rows:
        doc = {"headline": row["headline"], "job_functions": list(row["job_functions"]),
               "header_line": row["header_line"]}  # fmt: skip
        if not any(doc.values()):
            continue
        lines.append(json.dumps({"update": {"_index": alias, "_id": str(row["candidate_id"])}}))
        lines.append(json.dumps({"doc": doc}))
    if lines:
        answer = await client.bulk(body="\n".join(lines) + "\n", refresh=True)
        if answer.get("errors"):
            raise SystemExit(f"headlines: bulk update failed: {json.dumps(answer)[:500]}")
    return len(lines) // 2


# --- the configs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """Where the kept lines are searched. `fields`: the lines matched as the current title is (its word
    clauses at TITLE_BOOST, and with `feedback` its title feedback clauses); `votes`: a hit with no current
    title votes in the title feedback with its headline; `past`: the jobs' function lines matched as the
    past titles are (`job_titles`: its text clause and its feedback clauses)."""

    fields: tuple[str, ...] = ("headline",)
    feedback: bool = False
    votes: bool = False
    past: bool = False


CONFIGS = {
    "headline_text": Config(),
    "headline_title": Config(feedback=True),
    "headline_votes": Config(feedback=True, votes=True),
    "headline_votes_functions": Config(feedback=True, votes=True, past=True),
    "headline_votes_header": Config(fields=("headline", "header_line"), feedback=True, votes=True),
}


def _renamed(clause: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """A match clause on field `old` as the same clause on `new` (its name too)."""
    out = copy.deepcopy(clause)
    for kind in ("match", "match_phrase"):
        if kind in out and old in out[kind]:
            body = out[kind].pop(old)
            if isinstance(body, dict) and "_name" in body:
                body["_name"] = body["_name"].replace(f":{old}:", f":{new}:")
            out[kind][new] = body
    return out


def _on(clause: dict[str, Any], field: str) -> bool:
    return any(field in clause.get(kind, {}) for kind in ("match", "match_phrase"))


def _copied(clauses: list[dict[str, Any]], old: str, fields: Sequence[str]) -> list[dict[str, Any]]:
    """The clauses on field `old` again on each of `fields`."""
    return [_renamed(clause, old, field) for clause in clauses if _on(clause, old) for field in fields]


@contextlib.contextmanager
def configured(config: Config) -> Iterator[None]:
    """app.search.queries with the kept lines searched as `config` says, while a body is built."""
    text_clauses = queries.text_clauses
    feedback_clauses = queries.title_feedback_clauses
    title_feedback = queries.title_feedback
    first_pass = queries.first_pass
    job_fields = queries.JOB_FIELDS

    def with_text(
        query: str | None, job_fields: Sequence[str] | None = None, per_word: bool = False
    ) -> list[dict[str, Any]]:
        clauses = text_clauses(query, job_fields, per_word)
        extra = [
            _renamed(c, "current_title", f) for c in clauses if _on(c, "current_title") for f in config.fields
        ]
        return clauses + extra

    def with_feedback(feedback: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
        clauses = feedback_clauses(feedback)
        if not config.feedback:
            return clauses
        extra = [
            _renamed(c, "current_title", f) for c in clauses if _on(c, "current_title") for f in config.fields
        ]
        if config.past:
            extra += [_renamed(c, "job_titles", "job_functions") for c in clauses if _on(c, "job_titles")]
        return clauses + extra

    def voting(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
        voters = []
        for hit in hits:
            source = dict(hit.get("_source") or {})
            if not source.get("current_title"):
                source["current_title"] = next((source.get(f) for f in config.fields if source.get(f)), None)
            voters.append({**hit, "_source": source})
        return title_feedback(voters)

    def first_pass_with_headline(*args: Any, **kwargs: Any) -> dict[str, Any]:
        body = first_pass(*args, **kwargs)
        if isinstance(body.get("_source"), list):
            body["_source"] = [*body["_source"], *config.fields]
        return body

    queries.text_clauses = with_text
    queries.title_feedback_clauses = with_feedback
    if config.votes:
        queries.title_feedback = voting
        queries.first_pass = first_pass_with_headline
    if config.past:
        queries.JOB_FIELDS = (*job_fields, "job_functions^2")
    try:
        yield
    finally:
        queries.text_clauses = text_clauses
        queries.title_feedback_clauses = feedback_clauses
        queries.title_feedback = title_feedback
        queries.first_pass = first_pass
        queries.JOB_FIELDS = job_fields


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.headlines", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    gather = commands.add_parser("collect", help="write bench_headlines in a labelled database")
    gather.add_argument("--database", required=True)
    gather.add_argument("--url", default="postgresql+asyncpg://hr:hr@127.0.0.1:5432")
    scored = commands.add_parser("report", help="a relevance run's configs, folds and categories")
    scored.add_argument("run", type=Path)
    args = parser.parse_args()
    if args.command == "collect":
        print(json.dumps(asyncio.run(collect(f"{args.url}/{args.database}")), indent=2))
    else:
        specificity_placement.report(json.loads(args.run.read_text())["per_query"], list(CONFIGS))


if __name__ == "__main__":
    main()
