"""Session 33: dump each query's window with every named clause's score, for offline reorderings.

    python -m benchmarks.relevance.s33_windows --queries FILE --database s32rel --alias s33rel-an \
        --out /tmp/s33rel/win_dev.json [--reindex]

For each query: ours's window (the API's body, first pass and title feedback, every scoring clause named,
`include_named_queries_score`), the hits' engine scores, named clause scores, current title and label; plain
BM25's top 100 with scores; and each query word's document frequency in the fields ours searches (for an
idf). Labels are read only to score; nothing here is fitted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg

from app.search import rerank as reranker
from app.search.queries import walk
from app.search_engine import create_opensearch
from app.settings import Settings
from benchmarks.common import REDIS_URL
from benchmarks.corpus.database import plain_url
from benchmarks.relevance import variants
from benchmarks.relevance.__main__ import reindex
from benchmarks.relevance.build import read_labels

WINDOW = 100


async def dump(args: argparse.Namespace) -> None:
    base = Settings()
    url = f"{base.database_url.rsplit('/', 1)[0]}/{args.database}"
    if args.reindex:
        reindex(url, args.alias, REDIS_URL)
    connection = await asyncpg.connect(plain_url(url))
    client = create_opensearch(Settings(database_url=url))
    labels = await read_labels(connection)
    # Each resume's first line (`s33_offline header`): a LiveCareer resume opens with the role it is for.
    heads = {
        str(row["candidate_id"]): row["head"]
        for row in await connection.fetch(
            "SELECT DISTINCT ON (candidate_id) candidate_id,"
            " left(split_part(extracted_text, E'\\n', 1), 300) AS head"
            " FROM resumes WHERE parsing_status = 'completed' ORDER BY candidate_id, created_at DESC"
        )
    }
    await connection.close()
    today = date.today()

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = await client.search(index=args.alias, body=body)
        return found

    out = []
    try:
        count = await client.count(index=args.alias)
        for query in json.loads(args.queries.read_text())["queries"]:
            wanted = set(query["relevant_categories"])
            total = sum(1 for cats in labels.values() if cats & wanted)
            body = await variants.ours(query["text"], today, search)
            feedback = [
                (spec["query"], spec["boost"])
                for node in walk(body["query"])
                for spec in [node.get("match", {}).get("current_title")]
                if isinstance(spec, dict) and "_name" not in spec and "boost" in spec
            ]
            reranker.name_signals(body["query"])
            body.update(
                size=WINDOW,
                _source=[
                    "candidate_id",
                    "current_title",
                    "work_experience.title",
                    "work_experience.months",
                    "work_experience.is_current",
                    "total_experience_years",
                ],
            )
            found = await client.search(index=args.alias, body=body, include_named_queries_score=True)
            hits = [
                {
                    "id": (cid := hit["_source"]["candidate_id"]),
                    "score": hit["_score"],
                    "named": hit.get("matched_queries") or {},
                    "title": hit["_source"].get("current_title"),
                    "jobs": [
                        [job.get("title"), job.get("months"), job.get("is_current")]
                        for job in hit["_source"].get("work_experience") or []
                    ],
                    "years": hit["_source"].get("total_experience_years"),
                    "head": heads.get(cid, ""),
                    "label": int(bool(labels.get(cid, set()) & wanted)),
                }
                for hit in found["hits"]["hits"]
            ]
            plain = await client.search(
                index=args.alias,
                body={**variants.bm25(query["text"]), "size": WINDOW, "_source": ["candidate_id"]},
            )
            bm25 = [
                {
                    "id": (cid := hit["_source"]["candidate_id"]),
                    "score": hit["_score"],
                    "label": int(bool(labels.get(cid, set()) & wanted)),
                }
                for hit in plain["hits"]["hits"]
            ]
            inside = await client.search(
                index=args.alias,
                body={
                    "query": {
                        "bool": {
                            "must": [variants.bm25(query["text"])["query"]],
                            "filter": [{"ids": {"values": [hit["_id"] for hit in found["hits"]["hits"]]}}],
                        }
                    },
                    "size": WINDOW,
                    "_source": ["candidate_id"],
                },
            )
            bm25_of = {hit["_source"]["candidate_id"]: hit["_score"] for hit in inside["hits"]["hits"]}
            for hit in hits:
                hit["bm25"] = bm25_of.get(hit["id"], 0.0)
            df = {}
            for n, word in enumerate(query["text"].split()):
                fields = ["current_title", "resume_text", "resume_text.skills", "skills", "job_titles"]
                answer = await client.count(
                    index=args.alias,
                    body={"query": {"multi_match": {"query": word, "fields": fields}}},
                )
                text_only = await client.count(
                    index=args.alias, body={"query": {"match": {"resume_text": word}}}
                )
                df[str(n)] = {"word": word, "any": answer["count"], "resume_text": text_only["count"]}
            out.append(
                {
                    "id": query["id"],
                    "text": query["text"],
                    "total": total,
                    "docs": count["count"],
                    "hits": hits,
                    "bm25": bm25,
                    "df": df,
                    "feedback": feedback,
                }
            )
            print(query["id"], file=sys.stderr)
    finally:
        await client.close()
    args.out.write_text(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--database", default="s32rel")
    parser.add_argument("--alias", default="s33rel-an")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reindex", action="store_true")
    asyncio.run(dump(parser.parse_args()))


if __name__ == "__main__":
    main()
