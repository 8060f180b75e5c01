"""Long pasted texts as skills_match's `query` at a kept corpus: what each way of matching them costs the
engine, and how much of the current body's ranking it keeps.

The texts come from sources, never from the evaluation sets: windows of 200 to 500 characters of the
Glassdoor postings' descriptions, each posting's title with its description's first sentences (up to
MAX_QUERY_CHARS), and O*NET occupations outside the computer trades (SOC 15-) as title and description; only
texts of more than PER_WORD_MAX_WORDS words (what the body treats as long). Shuffled once with SEED and split
into a tuning half (where a way is chosen) and a judging half (where it is reported).

Per text, every way ("arm") runs in a rotating order the engine calls the API makes for a first page: the
title feedback's first pass over its window, then the feedback pass (`queries.window_page`). Per arm: the
engine's `took` of the two added, p50 / p95, and the top 10 and top 20 against the `before` arm's (the body of
issue 15 session 27): the mean share in common and the mean over the worst tenth of the texts.

    python -m benchmarks.search.longtext --size 1000000 --half tuning \\
        --out benchmarks/results/search_longtext_tuning
    python -m benchmarks.search.longtext --size 1000000 --half judging \\
        --out benchmarks/results/search_longtext_judging
    python -m benchmarks.search.longtext --size 1000000 --half judging --smart \\
        --out benchmarks/results/search_longtext_judging_smart

`--smart` runs the smart search's offline interpretation of each text (`interpret.interpret_rules`) instead:
what /search/smart sends for a pasted posting (its leftover words as text, the skills it names). The API's
own time on these texts: `python -m benchmarks.search.ab --long-texts judging` (and `--smart`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import random
import re
import statistics
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app.parsing.shared_data import shared_data_dir
from app.search import queries, specificity
from app.search.interpret import interpret_rules
from app.search.schemas import MAX_QUERY_CHARS, SearchRequest, SearchType
from app.search_engine import close_opensearch, create_opensearch
from benchmarks.common import percentile, report
from benchmarks.relevance.variants import constants
from benchmarks.search.fixed_cost import kept_settings

SEED = 28
# Texts per source before the split; each half gets about half of each.
WINDOWS = 200
LEADS = 80
OCCUPATIONS = 160
WINDOW_CHARS = (200, MAX_QUERY_CHARS)
WARMUP = 5
# The engine's prose stop words (`_english_`), which the skill analyzer keeps.
STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there "
    "these they this to was will with".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W_][\w+#.&'/-]*[\w+#]|[^\W_]")


def clipped(text: str, limit: int) -> str:
    """`text` with its whitespace collapsed, cut at the last space within `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    return head[: head.rfind(" ")] if " " in head else text[:limit]


def source_texts(seed: int = SEED) -> list[tuple[str, str]]:
    """(source, text) of every kind, in a seeded order: posting windows, posting leads, occupations."""
    rng = random.Random(seed)
    data = shared_data_dir()
    with (data / "jobs" / "glassdoor_data_science_jobs.csv").open(encoding="utf-8", newline="") as handle:
        postings = list(csv.DictReader(handle))
    windows, leads, seen = [], [], set()
    for row in postings:
        description = " ".join(row["Job Description"].split())
        if description in seen or len(description) < 2 * WINDOW_CHARS[1]:
            continue
        seen.add(description)
        words = description.split(" ")
        start = rng.randrange(0, len(words) // 2)
        windows.append(("posting window", clipped(" ".join(words[start:]), rng.randint(*WINDOW_CHARS))))
        sentences = _SENTENCE_END.split(description)
        title = " ".join(row["Job Title"].split())
        leads.append(("posting lead", clipped(f"{title}. {' '.join(sentences[:4])}", MAX_QUERY_CHARS)))
    occupations = []
    with (data / "skills" / "onet" / "occupation_data.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if not row["O*NET-SOC Code"].startswith("15-"):
                text = f"{row['Title']}. {row['Description']}"
                occupations.append(("occupation", clipped(text, MAX_QUERY_CHARS)))
    out = []
    for texts, count in ((windows, WINDOWS), (leads, LEADS), (occupations, OCCUPATIONS)):
        long = [t for t in texts if len(t[1].split()) > queries.PER_WORD_MAX_WORDS]
        out += rng.sample(long, min(count, len(long)))
    return out


def halves(seed: int = SEED) -> dict[str, list[tuple[str, str]]]:
    """The texts shuffled once and split: {"tuning": ..., "judging": ...}."""
    texts = source_texts(seed)
    random.Random(seed).shuffle(texts)
    return {"tuning": texts[0::2], "judging": texts[1::2]}


def long_text_requests(half: str, smart: bool = False) -> list[SearchRequest]:
    """The half's texts as skills_match requests (limit 20), or as the smart search interprets them."""
    texts = [text for _, text in halves()[half]]
    if smart:
        return [interpret_rules(text, 20) for text in texts]
    return [SearchRequest(search_type=SearchType.SKILLS_MATCH, query=text, limit=20) for text in texts]


# --- the ways tried -------------------------------------------------------------------------------------


def _words_of(run: str) -> str:
    found = _WORD.search(run)
    return found.group(0).casefold() if found else ""


@contextlib.contextmanager
def patched(name: str, wrap: Callable[[Any], Any]) -> Iterator[None]:
    """`queries.<name>` replaced by `wrap(original)` while a body is built."""
    original = getattr(queries, name)
    setattr(queries, name, wrap(original))
    try:
        yield
    finally:
        setattr(queries, name, original)


def _long(query: str | None) -> bool:
    return query is not None and len(query.split()) > queries.PER_WORD_MAX_WORDS


def specific_words(text: str, count: int) -> str:
    """The `count` distinct words of `text` fewest O*NET occupations use (stop words out), in text order."""
    best: dict[str, tuple[float, int, str]] = {}
    for position, word in enumerate(text.split()):
        key = _words_of(word)
        if key and key not in STOP_WORDS and key not in best:
            weight = specificity.weight(key, queries.SPECIFICITY_POWER, queries.SPECIFICITY_FLOOR)
            best[key] = (-weight, position, word)
    kept = sorted(sorted(best.values())[:count], key=lambda entry: entry[1])
    return " ".join(word for _, _, word in kept)


def _only_specific(count: int) -> contextlib.AbstractContextManager[None]:
    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        def text_clauses(query: str | None, job_fields: Any = None, per_word: bool = False) -> Any:
            if per_word and _long(query):
                query = specific_words(query or "", count)
            return original(query, job_fields, per_word)

        return text_clauses

    return patched("text_clauses", wrap)


def _clause_edit(edit: Callable[[dict[str, Any]], None]) -> contextlib.AbstractContextManager[None]:
    """Every dict of a long text's text clauses edited in place."""

    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        def text_clauses(query: str | None, job_fields: Any = None, per_word: bool = False) -> Any:
            clauses = original(query, job_fields, per_word)
            if per_word and _long(query):
                for node in queries.walk(clauses):
                    edit(node)
            return clauses

        return text_clauses

    return patched("text_clauses", wrap)


@contextlib.contextmanager
def _stacked(*managers: contextlib.AbstractContextManager[Any]) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for manager in managers:
            stack.enter_context(manager)
        yield


def _minimum_should_match(share: str) -> Callable[[dict[str, Any]], None]:
    def edit(node: dict[str, Any]) -> None:
        if "multi_match" in node:
            node["multi_match"]["minimum_should_match"] = share

    return edit


def _without_synonyms(node: dict[str, Any]) -> None:
    for field, spec in node.get("match", {}).items():
        if field in queries.SKILL_SEARCH_FIELDS:
            spec["analyzer"] = "skill"


def _skill_runs_without_stop_words() -> contextlib.AbstractContextManager[None]:
    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        return lambda words: [run for run in original(words) if _words_of(run) not in STOP_WORDS]

    return patched("skill_segments", wrap)


ARMS: dict[str, Callable[[], contextlib.AbstractContextManager[Any]]] = {
    # The body of issue 15 session 27: one clause per field for the whole text.
    "before": lambda: constants(LONG_TEXT_BY_WORD=False),
    # Shipped: word by word, each distinct word once, full weight, skill fields in synonym-safe runs.
    "by word": contextlib.nullcontext,
    # The short texts' shape for long ones: word by word with specificity weights, skill fields whole when
    # a multi-word synonym is in the text.
    "short texts' shape": lambda: constants(LONG_TEXT_BY_WORD=False, PER_WORD_MAX_WORDS=10**6),
    "no skill fields": lambda: constants(
        LONG_TEXT_BY_WORD=False, TEXT_FIELDS=("current_title", "resume_text")
    ),
    "by word - stop words in skill fields": _skill_runs_without_stop_words,
    "by word - synonyms in skill fields": lambda: _clause_edit(_without_synonyms),
    "16 most specific words": lambda: _only_specific(16),
    "24 most specific words": lambda: _only_specific(24),
    # The whole-text clauses of before, each field's words needing a fifth of them to match.
    "minimum_should_match 20 %": lambda: _stacked(
        constants(LONG_TEXT_BY_WORD=False), _clause_edit(_minimum_should_match("20%"))
    ),
}
BASELINE = "before"


# --- measuring ------------------------------------------------------------------------------------------


async def first_page(request: SearchRequest, today: date, search: queries.Engine) -> tuple[int, list[str]]:
    """A first page's engine milliseconds and hit ids, with the engine calls the API makes."""
    page = queries.Page(offset=request.offset)
    first = await queries.run_first_pass(request, today, page, search)
    if first is not None and queries.reorders_window(request, first):
        answer, lift = await queries.window_page(request, page, first, search)
        return first.took + lift, [hit["_id"] for hit in answer["hits"]["hits"]]
    feedback = first.feedback if first is not None else []
    window = first.window if first is not None else None
    answer = await search(queries.build_search(request, None, today, page, feedback, window=window))
    took = int(answer["took"]) + (first.took if first is not None else 0)
    return took, [hit["_id"] for hit in answer["hits"]["hits"]]


def overlap(hits: list[str], baseline: list[str], depth: int) -> float:
    """The share of the baseline's first `depth` hits among `hits`' first `depth` (1 when neither has any)."""
    expected = baseline[:depth]
    return len(set(hits[:depth]) & set(expected)) / len(expected) if expected else 1.0


def summary(values: list[float]) -> dict[str, float]:
    """Mean, and mean of the worst tenth."""
    worst = sorted(values)[: max(1, len(values) // 10)]
    return {"mean": round(statistics.fmean(values), 3), "worst_decile": round(statistics.fmean(worst), 3)}


async def measure(size: int, half: str, arms: list[str], smart: bool, count: int | None) -> dict[str, Any]:
    settings = kept_settings(size)
    client = create_opensearch(settings)
    today = date.today()
    requests = long_text_requests(half, smart)[: (count + WARMUP) if count else None]
    took: dict[str, list[float]] = {arm: [] for arm in arms}
    top: dict[str, list[list[str]]] = {arm: [] for arm in arms}

    async def search(body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await client.search(
            index=settings.index_alias, body=body, request_cache=False
        )
        return answer

    try:
        for turn, request in enumerate(requests):
            k = turn % len(arms)
            for arm in arms[k:] + arms[:k]:
                with ARMS[arm]():
                    ms, ids = await first_page(request, today, search)
                if turn >= WARMUP:
                    took[arm].append(ms)
                    top[arm].append(ids)
            if turn % 25 == 0:
                print(f"{turn} of {len(requests)}", file=sys.stderr)
    finally:
        await close_opensearch(client)
    words = [len((r.query or "").split()) for r in requests[WARMUP:]]
    results: dict[str, Any] = {
        "size": size,
        "half": half,
        "smart": smart,
        "texts": len(requests) - WARMUP,
        "words_p50": percentile(words, 0.5),
        "long_texts": sum(w > queries.PER_WORD_MAX_WORDS for w in words),
        "arms": {},
    }
    for arm in arms:
        row: dict[str, Any] = {
            "p50_ms": percentile(took[arm], 0.50),
            "p95_ms": percentile(took[arm], 0.95),
        }
        if BASELINE in top:
            pairs = list(zip(top[arm], top[BASELINE], strict=True))
            row["top10"] = summary([overlap(hits, base, 10) for hits, base in pairs])
            row["top20"] = summary([overlap(hits, base, 20) for hits, base in pairs])
            row["same_top20_order"] = sum(hits == base for hits, base in pairs)
        results["arms"][arm] = row
    return results


def markdown(results: dict[str, Any], command: str) -> str:
    what = "the smart search's interpretation of" if results["smart"] else "skills_match with"
    lines = [
        "# Long pasted texts: engine time and the ranking kept",
        "",
        f"Command: `{command}`, finished {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"{results['size']:,} candidates; {results['texts']} texts of the {results['half']} half "
        f"({what} each; text words p50 {results['words_p50']:.0f}, {results['long_texts']} of them over "
        f"{queries.PER_WORD_MAX_WORDS} words), every arm run for each text in a rotating order after "
        f"{WARMUP} warm-up texts. Engine `took` of a first page (first pass and feedback pass added), ms; "
        f"top 10 / top 20: the share of `{BASELINE}`'s hits an arm finds, mean and mean of the worst tenth.",
        "",
        "| arm | p50 ms | p95 ms | top 10 mean | top 10 worst tenth | top 20 mean | top 20 worst tenth "
        "| same top 20 in order |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for arm, row in results["arms"].items():
        if "top10" in row:
            ranking = (
                f"{row['top10']['mean']:.3f} | {row['top10']['worst_decile']:.3f} | "
                f"{row['top20']['mean']:.3f} | {row['top20']['worst_decile']:.3f} | "
                f"{row['same_top20_order']} of {results['texts']}"
            )
        else:
            ranking = " | | | | "
        lines.append(f"| {arm} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {ranking} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size (bench_search_<size>)")
    parser.add_argument("--half", choices=("tuning", "judging"), default="tuning")
    parser.add_argument("--arms", default=",".join(ARMS), help=f"comma-separated, of: {', '.join(ARMS)}")
    parser.add_argument("--smart", action="store_true", help="the smart search's interpretation of each text")
    parser.add_argument("--texts", type=int, help="at most this many timed texts (default: the whole half)")
    parser.add_argument("--out", type=Path, help="results path without suffix (.md and .json written)")
    args = parser.parse_args()
    arms = [arm.strip() for arm in args.arms.split(",") if arm.strip()]
    unknown = [arm for arm in arms if arm not in ARMS]
    if unknown or not arms:
        parser.error(f"--arms: unknown {unknown}; known: {', '.join(ARMS)}")
    command = "python -m benchmarks.search.longtext " + " ".join(sys.argv[1:])
    results = asyncio.run(measure(args.size, args.half, arms, args.smart, args.texts))
    report(args.out, results | {"command": command}, markdown(results, command))


if __name__ == "__main__":
    main()
