"""Issue 17, session 41: the candidate's most recent job weighed over older ones.

A recruiter's query about a trade wants the people who work in it now; the folders that label the relevance
corpus are the trade each resume was filed under, which is mostly its writer's latest one. Ours reads the
latest job only through its title (`current_title`, and the title feedback on it); the words of what that job
did sit in `resume_text` and the flat jobs' copies beside every older job's, all weighed alike. Here the most
recent job is a field of its own:

- `recent_job`: the most recent job's title and description (`most_recent`: the jobs marked current; else
  those that ended last; else those that started last; else the first one the resume lists), prose analyzer;
- `recent_job_text`: its description alone (the title is `current_title` already for most resumes).

`attach` writes a copy of a relevance run's index with both fields, from the documents' own
`work_experience`, after the run's reindex (every document written anew: partial updates would leave the old
copies counted in the term statistics), and moves the run's alias to it; the `s41_recent_*` variants
(`benchmarks.relevance.variants`) search them. No label, evaluation query or category is read to make them.
In the product the two fields would be filled by the indexer (`indexer.documents.build_document`), as
`job_titles` is.
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.search import queries
from indexer.mapping import load_definition

FIELDS = ("recent_job", "recent_job_text")
MAPPING = {"properties": {field: {"type": "text", "analyzer": "prose"} for field in FIELDS}}
BULK_CHUNK = 500


def most_recent(jobs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The jobs that count as the latest: those marked current; else those with the latest end date; else
    (no end dates) those with the latest start date; else the first one listed (resumes list the latest
    first). Empty when there are no jobs."""
    if not jobs:
        return []
    current = [job for job in jobs if job.get("is_current")]
    if current:
        return current
    for key in ("end_date", "start_date"):
        dated = [job for job in jobs if job.get(key)]
        if dated:
            latest = max(str(job[key]) for job in dated)
            return [job for job in dated if str(job[key]) == latest]
    return [jobs[0]]


def recent_fields(jobs: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """The two fields of one document from its `work_experience`."""
    latest = most_recent(jobs)
    titles = [job.get("title") or "" for job in latest]
    texts = [job.get("description") or "" for job in latest]
    whole = "\n".join(part for pair in zip(titles, texts, strict=True) for part in pair if part.strip())
    text = "\n".join(part for part in texts if part.strip())
    return {"recent_job": whole or None, "recent_job_text": text or None}


async def read_documents(client: Any, alias: str) -> tuple[str, list[dict[str, Any]]]:
    """The index behind `alias` and every one of its documents (the relevance corpus: a few thousand)."""
    (index,) = (await client.indices.get_alias(name=alias)).keys()
    found = await client.search(
        index=index, body={"size": 10_000, "query": {"match_all": {}}}, request_timeout=300
    )
    return index, found["hits"]["hits"]


async def write_copy(
    client: Any,
    alias: str,
    index: str,
    suffix: str,
    properties: dict[str, Any],
    documents: Sequence[tuple[str, dict[str, Any]]],
) -> None:
    """A copy of `index` (`<index>-<suffix>`: the shipped definition with `properties` added) holding
    `documents` (id, source), every one written anew, so no deleted copy counts in the term statistics as it
    would after partial updates; merged into one segment, the alias moved to it and `index` deleted."""
    body = copy.deepcopy(load_definition().body)
    body["mappings"]["properties"].update(properties)
    copied = f"{index}-{suffix}"
    await client.indices.delete(index=copied, ignore_unavailable=True)
    await client.indices.create(index=copied, body=body)
    lines: list[str] = []
    for key, source in documents:
        lines.append(json.dumps({"index": {"_index": copied, "_id": key}}))
        lines.append(json.dumps(source))
    for start in range(0, len(lines), 2 * BULK_CHUNK):
        chunk = lines[start : start + 2 * BULK_CHUNK]
        answer = await client.bulk(body="\n".join(chunk) + "\n", request_timeout=300)
        if answer.get("errors"):
            raise SystemExit(f"{suffix}: bulk indexing failed: {json.dumps(answer)[:500]}")
    await client.indices.refresh(index=copied)
    await client.indices.forcemerge(index=copied, max_num_segments=1, request_timeout=600)
    await client.indices.refresh(index=copied)
    actions = [{"remove": {"index": index, "alias": alias}}, {"add": {"index": copied, "alias": alias}}]
    await client.indices.update_aliases(body={"actions": actions})
    await client.indices.delete(index=index)


async def attach(client: Any, alias: str) -> dict[str, int]:
    """A copy of the index behind `alias` with the two fields (`<index>-recent`, `write_copy`). Counts of
    what was filled."""
    index, hits = await read_documents(client, alias)
    filled = {"documents": len(hits), "recent_job": 0, "recent_job_text": 0}
    documents = []
    for hit in hits:
        source = hit["_source"]
        fields = recent_fields(source.get("work_experience") or [])
        for field in FIELDS:
            filled[field] += fields[field] is not None
        documents.append((hit["_id"], {**source, **{k: v for k, v in fields.items() if v is not None}}))
    await write_copy(client, alias, index, "recent", MAPPING["properties"], documents)
    return filled


@dataclass(frozen=True)
class Config:
    """How the recent job ranks: the query's words on `field` at `weight` x their specificity weight (as
    the text's own word clauses are weighed), over the first pass's window only (`body` False: the second
    pass, which reads the window's ids) or in the whole body (`body` True: the first pass too, so its
    title feedback can change); the clauses are named `<name>:<n>`."""

    field: str
    weight: float
    body: bool = False
    name: str = "recent"


CONFIGS: dict[str, Config] = {
    "s41_recent_text_1": Config("recent_job_text", 1.0),
    "s41_recent_text_2": Config("recent_job_text", 2.0),
    "s41_recent_text_4": Config("recent_job_text", 4.0),
    "s41_recent_job_1": Config("recent_job", 1.0),
    "s41_recent_job_2": Config("recent_job", 2.0),
    "s41_recent_job_4": Config("recent_job", 4.0),
    "s41_recent_text_body_2": Config("recent_job_text", 2.0, body=True),
}


def recent_clauses(query: str | None, config: Config) -> list[dict[str, Any]]:
    """One clause per query word on the config's field, named `<config.name>:<n>`."""
    words = (query or "").split()
    if not words or len(words) > queries.PER_WORD_MAX_WORDS:
        return []
    clauses = []
    for n, word in enumerate(words):
        match = {
            "query": word,
            "boost": config.weight * queries.word_weight(word),
            "_name": f"{config.name}:{n}",
        }
        clauses.append({"match": {config.field: match}})
    return clauses


# --- the report ---------------------------------------------------------------------------------------


def categories_under(per_query: dict[str, dict[str, Any]], system: str, gap: float = 0.1) -> dict[str, float]:
    """The categories where `system` is more than `gap` under bm25 (means over the category's queries, a
    query counted in each of its relevant categories), worst first."""
    by_category: dict[str, list[tuple[float, float]]] = {}
    for query in per_query.values():
        for category in query["relevant"]:
            by_category.setdefault(category, []).append((query[system], query["bm25"]))
    under = {
        category: round(sum(a for a, _ in pairs) / len(pairs) - sum(b for _, b in pairs) / len(pairs), 3)
        for category, pairs in by_category.items()
    }
    return dict(sorted(((c, d) for c, d in under.items() if d < -gap), key=lambda item: item[1]))


def out_of_fold(per_query: dict[str, dict[str, Any]], systems: Sequence[str], folds: int = 5) -> float:
    """nDCG@10 when each fold's queries (position mod `folds`) take the system that scores best on the other
    folds (ties: the first of `systems`)."""
    names = list(per_query)
    total = 0.0
    for fold in range(folds):
        train = [q for n, q in enumerate(names) if n % folds != fold]
        best = max(systems, key=lambda s: (sum(per_query[q][s] for q in train), -systems.index(s)))
        total += sum(per_query[q][best] for n, q in enumerate(names) if n % folds == fold)
    return round(total / len(names), 4)


def report(run: dict[str, Any], configs: Collection[str] = CONFIGS.keys()) -> str:
    """Each variant of a dev run against ours: nDCG@10, the queries it moves by 0.005 or more, the categories
    more than 0.10 under bm25; then the grid (ours and the variants named in `configs`) chosen inside 5
    folds."""
    per_query = run["per_query"]
    ours = run["ours"]["ndcg@10"]
    lines = [
        "| system | dev nDCG@10 | - ours | queries moved by 0.005 or more | categories > 0.10 under bm25 |",
        "|---|---:|---:|---|---|",
    ]
    for system in ["ours", *run["variants"]]:
        score = ours if system == "ours" else run["variants"][system]["ndcg@10"]
        moves = sorted(
            ((q, per_query[q][system] - per_query[q]["ours"]) for q in per_query),
            key=lambda item: -abs(item[1]),
        )
        moved = ", ".join(f"{q} {d:+.3f}" for q, d in moves if abs(d) >= 0.005)
        under = ", ".join(f"{c} {d:+.2f}" for c, d in categories_under(per_query, system).items())
        delta = "" if system == "ours" else f"{score - ours:+.4f}"
        lines.append(f"| {system} | {score:.4f} | {delta} | {moved} | {under} |")
    grid = ["ours", *(name for name in run["variants"] if name in configs)]
    lines.append("")
    lines.append(f"Chosen inside 5 folds by query among {', '.join(grid)}: {out_of_fold(per_query, grid)}")
    return "\n".join(lines)


def report_main(argv: Sequence[str] | None, doc: str | None, configs: Collection[str]) -> None:
    """The command line of an experiment's report (`<module> report RUN.json`): `report` of the run over
    the experiment's grid `configs`; `doc` is the module's docstring, whose first line describes it."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("command", choices=["report"])
    parser.add_argument("run", type=Path, help="a dev run's JSON (`python -m benchmarks.relevance --out`)")
    args = parser.parse_args(argv)
    print(report(json.loads(args.run.read_text()), configs))


def main(argv: Sequence[str] | None = None) -> None:
    report_main(argv, __doc__, CONFIGS.keys())


if __name__ == "__main__":
    main()
