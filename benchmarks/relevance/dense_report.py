"""Experiment (issue 17, session 9): one table of the encoder variants, from the runs' files in WORK.

    python -m benchmarks.relevance.dense_report --work /tmp/s9rel --out benchmarks/results/relevance_issue17s9

Reads `rel_{dev,holdout}.json` (the relevance runs), `window_{dev,holdout}.json` (dense_window),
`rerank_{dev,holdout}.json` (rerank_dense) and `cache/timings.json` (dense_encode), and writes OUT.json
(everything, per query too) and OUT.md (dev, held-out where it was run, categories more than 0.10 below bm25).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

TARGET = 1.15


def gaps(found: dict[str, float] | None) -> str:
    if found is None:
        return ""
    return ", ".join(f"{c} {v:+.2f}" for c, v in sorted(found.items(), key=lambda i: i[1])) or "none"


def learned_gaps(scores: dict[str, float], run: dict[str, Any]) -> dict[str, float]:
    """Categories where the out-of-fold scores are more than 0.10 below bm25 (mean over their queries)."""
    groups: dict[str, list[str]] = {}
    for qid, row in run.items():
        for category in row["relevant"]:
            groups.setdefault(category, []).append(qid)
    out = {}
    for category, ids in groups.items():
        gap = sum(scores[i] - run[i]["bm25"] for i in ids) / len(ids)
        if gap < -0.10:
            out[category] = round(gap, 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.dense_report", description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/s9rel"))
    parser.add_argument("--out", type=Path, required=True, help="path without extension")
    args = parser.parse_args()

    def read(name: str) -> dict[str, Any]:
        return json.loads((args.work / name).read_text())

    runs = {split: read(f"rel_{split}.json") for split in ("dev", "holdout")}
    window = {split: read(f"window_{split}.json") for split in ("dev", "holdout")}
    rerank = {split: read(f"rerank_{split}.json") for split in ("dev", "holdout")}
    timings = read("cache/timings.json")
    bm25 = {split: runs[split]["bm25"]["ndcg@10"] for split in runs}
    rows: list[tuple[str, float, str, float | None, str]] = []
    for name, value in sorted(window["dev"]["ndcg@10"].items(), key=lambda i: -i[1]):
        if name == "bm25" or name.startswith("c128first"):  # c128first is text128 (same tokens)
            continue
        held = window["holdout"]["ndcg@10"].get(name)
        rows.append(
            (
                f"window: {name}" if name != "ours" else "ours (engine order, title feedback)",
                value,
                gaps(window["dev"]["below_bm25"][name]),
                held,
                gaps(window["holdout"]["below_bm25"].get(name)) if held is not None else "",
            )
        )
    for name, value in sorted(rerank["dev"]["out_of_fold"].items(), key=lambda i: -i[1]):
        held_row = rerank["holdout"].get(name)
        rows.append(
            (
                f"learned: {name}",
                value,
                gaps(learned_gaps(rerank["dev"]["details"][name]["per_query"], runs["dev"]["per_query"])),
                held_row["holdout"] if held_row else None,
                gaps(held_row["below_bm25"]) if held_row else "",
            )
        )
    lines = [
        "# Relevance, issue 17 session 9: MiniLM (onnxruntime) over our window, and in the reranker",
        "",
        f"Dev: {runs['dev']['queries']} queries, held-out: {runs['holdout']['queries']}; "
        f"bm25 {bm25['dev']:.3f} / {bm25['holdout']:.3f}, +15 % needs {bm25['dev'] * TARGET:.3f} / "
        f"{bm25['holdout'] * TARGET:.3f}. Postgres FTS {runs['dev']['postgres_fts']['ndcg@10']:.3f} / "
        f"{runs['holdout']['postgres_fts']['ndcg@10']:.3f}. Held-out is scored only for the configs "
        "named after the dev grid (blank: not run). Learned rows: dev out-of-fold (5 folds by query "
        "position mod 5), held-out by the model trained on all dev.",
        "",
        "| variant | dev nDCG@10 | dev categories < -0.10 vs bm25 "
        "| held-out nDCG@10 | held-out categories < -0.10 |",
        "|---|---:|---|---:|---|",
    ]
    for name, dev, dev_gaps, held, held_gaps in rows:
        lines.append(
            f"| {name} | {dev:.4f} | {dev_gaps} | {'' if held is None else f'{held:.4f}'} | {held_gaps} |"
        )
    lines += ["", "Encoding (onnxruntime 1 thread, nice 19, shared 2-core machine):", ""]
    lines += [f"- {k}: {v}" for k, v in timings.items()]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    args.out.with_suffix(".json").write_text(
        json.dumps({"runs": runs, "window": window, "rerank": rerank, "timings": timings}, indent=1) + "\n"
    )
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
