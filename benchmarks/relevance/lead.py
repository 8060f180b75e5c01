"""Issue 17, session 22, second direction: the query's words in the opening of the resume (a lead field).

A LiveCareer resume opens with the person's name, the role it sells them as and a summary of what they do;
a word there says what the person is about, the same word in the fourth job's description says much less.
Ours matches the whole resume text as one field (x4), so where a word stands does not count. Here the
resume text's first N tokens are a sub-field of `resume_text` (`resume_text.lead<N>`: the `prose` analyzer
with a `limit` token filter at the end, so the first N tokens after stop words; at index time, no parser or
stored data change), matched word by word as one more clause per query word at `boost` x the word's O*NET
specificity weight (`queries.word_weight`), named `text:lead<N>:<n>`, in the probe (the title feedback's
first pass) as in the search. Not measured before: session 11 reordered the window by the cosine of word
vectors with the first 50 words (semantic, not a field of the body); sessions 12-15 encoded "headlines"
(titles, first lines) for the sentence encoder; the lexical body never looked at a word's position.

Dev analysis behind it (the reference run's windows of 50, dev labels; words compared by their first 5
letters, stop words out): the relevant hits of the window have more of the query's words among their first 25
tokens than the other hits by 0.1 or more in 19 of the 27 dev queries (d09 banking 1.17 against 0.44, d08
2.22 / 0.40, d10 2.10 / 0.65, d23 2.07 / 1.14), fewer by 0.1 or more in 4 (d03 -0.31, d25 -0.30, d17 -0.15,
d26 -0.11), within 0.1 in 4 (d14, d05, d15, d27).

`attach` copies a relevance run's index after its reindex into one with the lead analyzers and sub-fields
(the shipped definition plus them, `_reindex`, one segment) and moves the run's alias to it, so the index
holds no deleted copy that would count in the term statistics (an in-place update by query leaves every
document's old copy there: soft deletes are kept through merges). No evaluation query, label or category
is read.

The configs (fixed before their dev run, benchmarks/README.md "Issue 17, session 22"):

  lead_25_3, lead_50_3, lead_100_3   the first 25 / 50 / 100 tokens at boost 3 (the current title's)
  lead_25_1.5, lead_25_6             the first 25 tokens at boost 1.5 / 6

    python -m benchmarks.relevance.lead RUN.json   # a dev run's configs, folds (5, position mod 5)
"""

from __future__ import annotations

import contextlib
import copy
import json
from dataclasses import dataclass
from typing import Any

from app.search import queries
from benchmarks.relevance import specificity_placement
from indexer.mapping import load_definition

LEADS = (25, 50, 100)
PROSE_FILTERS = [
    "english_possessive",
    "lowercase",
    "asciifolding",
    "english_stop",
    "product_names",
    "english_stemmer",
]


def field(tokens: int) -> str:
    return f"resume_text.lead{tokens}"


def analysis() -> dict[str, Any]:
    """The lead analyzers: `prose` (app/mappings/candidates.json) and a limit at the end."""
    return {
        "analysis": {
            "filter": {f"lead_limit_{n}": {"type": "limit", "max_token_count": n} for n in LEADS},
            "analyzer": {
                f"prose_lead_{n}": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [*PROSE_FILTERS, f"lead_limit_{n}"],
                }
                for n in LEADS
            },
        }
    }


def mapping() -> dict[str, Any]:
    leads = {
        f"lead{n}": {"type": "text", "analyzer": f"prose_lead_{n}", "search_analyzer": "prose"} for n in LEADS
    }
    return {"properties": {"resume_text": {"type": "text", "analyzer": "prose", "fields": leads}}}


async def attach(client: Any, alias: str) -> int:
    """A copy of the index behind `alias` with the lead sub-fields (`<index>-lead`: the shipped definition,
    the lead analyzers and sub-fields, every document copied by `_reindex`, so no deleted copy counts in
    the term statistics); the alias moved to it. The documents copied."""
    (index,) = (await client.indices.get_alias(name=alias)).keys()
    body = copy.deepcopy(load_definition().body)
    body["settings"]["analysis"]["filter"].update(analysis()["analysis"]["filter"])
    body["settings"]["analysis"]["analyzer"].update(analysis()["analysis"]["analyzer"])
    body["mappings"]["properties"]["resume_text"]["fields"].update(
        mapping()["properties"]["resume_text"]["fields"]
    )
    copied = f"{index}-lead"
    await client.indices.delete(index=copied, ignore_unavailable=True)
    await client.indices.create(index=copied, body=body)
    answer = await client.reindex(
        body={"source": {"index": index}, "dest": {"index": copied}},
        refresh=True,
        wait_for_completion=True,
        request_timeout=600,
    )
    if answer.get("failures"):
        raise SystemExit(f"lead: reindex failed: {json.dumps(answer)[:500]}")
    await client.indices.forcemerge(index=copied, max_num_segments=1, request_timeout=600)
    await client.indices.refresh(index=copied)
    actions = [{"remove": {"index": index, "alias": alias}}, {"add": {"index": copied, "alias": alias}}]
    await client.indices.update_aliases(body={"actions": actions})
    return int(answer.get("created", 0))


@dataclass(frozen=True)
class Config:
    tokens: int
    boost: float


CONFIGS: dict[str, Config] = {
    "lead_25_3": Config(25, 3.0),
    "lead_50_3": Config(50, 3.0),
    "lead_100_3": Config(100, 3.0),
    "lead_25_1.5": Config(25, 1.5),
    "lead_25_6": Config(25, 6.0),
}


def lead_clauses(query: str | None, config: Config) -> list[dict[str, Any]]:
    """One clause per query word on the lead sub-field (word by word texts only, as `text_clauses`)."""
    words = (query or "").split()
    if not words or len(words) > queries.PER_WORD_MAX_WORDS:
        return []
    return [
        {
            "match": {
                field(config.tokens): {
                    "query": word,
                    "boost": config.boost * queries.word_weight(word),
                    "_name": f"text:lead{config.tokens}:{n}",
                }
            }
        }
        for n, word in enumerate(words)
    ]


def configured(config: Config) -> contextlib.AbstractContextManager[None]:
    """While a body is built (the probe included): the text clauses and the lead's word clauses."""

    def edit(clauses: list[dict[str, Any]], query: str | None, per_word: bool) -> list[dict[str, Any]]:
        return clauses + lead_clauses(query, config) if per_word and clauses else clauses

    return specificity_placement.text_clauses_edited(edit)


def main() -> None:
    specificity_placement.report_cli("benchmarks.relevance.lead", __doc__, CONFIGS)


if __name__ == "__main__":
    main()
