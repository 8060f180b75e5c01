"""Session 33: offline reorderings of the windows `s33_windows` dumps (dev only decides).

    python -m benchmarks.relevance.s33_offline table WIN.json          # per-query ours / bm25, groups
    python -m benchmarks.relevance.s33_offline coverage WIN.json       # idf-weighted coverage rescore grid
    python -m benchmarks.relevance.s33_offline linear WIN.json         # regularised coordinate ascent, CV

Folds are by query position mod 5, as every earlier session's. Nothing reads a category as a feature.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.relevance.metrics import ndcg_at

K = 10
FOLDS = 5

GROUPS = (
    "title",
    "summary",
    "resume_text",
    "text_skills",
    "skills_field",
    "experience_text",
    "phrases",
    "asked_skills",
    "feedback_title",
    "feedback_past",
    "exact_title",
)
FIELD_GROUP = {
    "current_title": "title",
    "summary": "summary",
    "summary.skills": "summary",
    "resume_text": "resume_text",
    "resume_text.skills": "text_skills",
    "skills": "skills_field",
}


def groups(named: dict[str, float]) -> dict[str, float]:
    """A hit's named clause scores summed by group (their total is the engine score)."""
    out = dict.fromkeys(GROUPS, 0.0)
    for name, value in named.items():
        kind, _, rest = name.partition(":")
        if kind == "f":
            out[FIELD_GROUP.get(rest.partition(":")[0], "resume_text")] += value
        elif kind == "experience_text":
            out["experience_text"] += value
        elif kind == "phrase":
            out["phrases"] += value
        elif kind == "skill":
            out["asked_skills"] += value
        elif kind == "fb_title":
            out["feedback_title"] += value
        elif kind == "fb_past":
            out["feedback_past"] += value
        elif name == "exact_title":
            out["exact_title"] += value
    return out


def covered_words(named: dict[str, float]) -> set[int]:
    """The query word positions a hit matches in any field (`f:<field>:<n>`, `experience_text:<n>`)."""
    words = set()
    for name in named:
        parts = name.split(":")
        if parts[0] == "f" and len(parts) == 3 and parts[2].isdigit():
            words.add(int(parts[2]))
        elif parts[0] == "experience_text" and len(parts) == 2 and parts[1].isdigit():
            words.add(int(parts[1]))
    return words


def idf(df: int, docs: int) -> float:
    return math.log(1 + (docs - df + 0.5) / (df + 0.5))


def ndcg(order: Sequence[dict[str, Any]], total: int) -> float:
    return ndcg_at([bool(hit["label"]) for hit in order], total, K)


def reorder(query: dict[str, Any], key: Callable[[dict[str, Any]], float]) -> list[dict[str, Any]]:
    """The window sorted by `key`, ties in the engine's order."""
    return [hit for _, hit in sorted(enumerate(query["hits"]), key=lambda p: (-key(p[1]), p[0]))]


def load(path: str) -> list[dict[str, Any]]:
    queries = json.load(open(path))
    for query in queries:
        docs = query["docs"]
        weights = {int(n): idf(d["any"], docs) for n, d in query["df"].items()}
        query["idf"] = weights
        for hit in query["hits"]:
            hit["groups"] = groups(hit["named"])
            cov = covered_words(hit["named"])
            hit["cov_idf"] = sum(weights[n] for n in cov if n in weights) / (sum(weights.values()) or 1)
            hit["cov_n"] = len(cov) / max(len(weights), 1)
    return queries


def table(queries: list[dict[str, Any]]) -> None:
    rows = []
    for q in queries:
        ours = ndcg(q["hits"], q["total"])
        bm = ndcg(q["bm25"], q["total"])
        rows.append((q["id"], q["text"], ours, bm))
        print(f"| {q['id']} | {q['text']} | {ours:.3f} | {bm:.3f} | {ours - bm:+.3f} |")
    print(f"| all | | {statistics.fmean(r[2] for r in rows):.4f} | {statistics.fmean(r[3] for r in rows):.4f} |")


def folds_of(queries: list[dict[str, Any]]) -> list[list[int]]:
    return [[i for i in range(len(queries)) if i % FOLDS == f] for f in range(FOLDS)]


def mean_ndcg(queries: list[dict[str, Any]], idx: Sequence[int], config: Any, scorer) -> float:
    return statistics.fmean(ndcg(reorder(queries[i], lambda h: scorer(queries[i], h, config)), queries[i]["total"]) for i in idx)


def per_query(queries, config, scorer) -> list[float]:
    return [ndcg(reorder(q, lambda h: scorer(q, h, config)), q["total"]) for q in queries]


def cross_validate(queries, configs, scorer, label=str) -> tuple[float, list[str]]:
    """Each fold reordered by the config best on the other four; the out-of-fold mean and the choices."""
    scores = [0.0] * len(queries)
    notes = []
    for fold in folds_of(queries):
        train = [i for i in range(len(queries)) if i not in fold]
        best = max(configs, key=lambda c: mean_ndcg(queries, train, c, scorer))
        for i in fold:
            q = queries[i]
            scores[i] = ndcg(reorder(q, lambda h: scorer(q, h, best)), q["total"])
        base = statistics.fmean(ndcg(queries[i]["hits"], queries[i]["total"]) for i in fold)
        notes.append(f"{','.join(queries[i]['id'] for i in fold)}: {base:.3f} -> {statistics.fmean(scores[i] for i in fold):.3f} ({label(best)})")
    return statistics.fmean(scores), notes


# --- direction 3: idf-weighted coverage as a rescore of the window ---------------------------------


def coverage_score(query, hit, config) -> float:
    kind, alpha, power = config
    best = query["hits"][0]["score"] if query["hits"] else 1.0
    cov = hit["cov_idf"] if kind == "idf" else hit["cov_n"]
    if kind == "mult":
        return hit["score"] * (hit["cov_idf"] ** power) if alpha else hit["score"]
    return hit["score"] + alpha * best * (cov**power)


COVERAGE_CONFIGS = [("idf", 0.0, 1.0)] + [
    (kind, alpha, power) for kind in ("idf", "count") for alpha in (0.05, 0.1, 0.2, 0.3, 0.5) for power in (1.0, 2.0)
] + [("mult", 1.0, p) for p in (0.25, 0.5, 1.0)]


def run_grid(queries, configs, scorer, name) -> None:
    base = per_query(queries, configs[0], scorer)
    print(f"## {name}: ours {statistics.fmean(base):.4f}")
    for config in configs:
        scores = per_query(queries, config, scorer)
        moved = [
            f"{q['id']} {s - b:+.2f}" for q, s, b in zip(queries, scores, base, strict=True) if abs(s - b) >= 0.005
        ]
        print(f"{config}: {statistics.fmean(scores):.4f}  {' '.join(moved)}")
    oof, notes = cross_validate(queries, configs, scorer)
    print(f"out of fold: {oof:.4f}")
    for note in notes:
        print("  ", note)


# --- direction 2: a strongly regularised linear combination, coordinate ascent ---------------------

SIGNALS = ("title", "resume_text", "text_skills", "skills_field", "experience_text", "phrases", "feedback", "bm25", "cov")
EXTRA = ("bm25", "cov", "career")


def signal_values(query, hit) -> dict[str, float]:
    g = hit["groups"]
    best = query["hits"][0]["score"] or 1.0
    return {
        "title": g["title"] + g["exact_title"],
        "resume_text": g["resume_text"] + g["summary"],
        "text_skills": g["text_skills"],
        "skills_field": g["skills_field"] + g["asked_skills"],
        "experience_text": g["experience_text"],
        "phrases": g["phrases"],
        "feedback": g["feedback_title"] + g["feedback_past"],
        "bm25": hit.get("bm25", 0.0) * 4.0,  # plain BM25 on the resume text at the body's text weight
        "cov": hit["cov_idf"] * best,
        "career": hit.get("career_all", 0.0),
    }


def prepare_linear(queries) -> None:
    for q in queries:
        for hit in q["hits"]:
            hit["signals"] = signal_values(q, hit)


def linear_score(query, hit, weights) -> float:
    s = hit["signals"]
    return sum(weights.get(name, 0.0 if name in EXTRA else 1.0) * s[name] for name in (*SIGNALS, "career"))


def ascent(queries, idx, grid, penalty, signals, rounds=4) -> dict[str, float]:
    """Coordinate ascent from ours (every body weight 1, the extra signals 0) over `grid`, maximising the
    training mean nDCG minus `penalty` x sum |log2 w / 1| (extra signals: penalty x w)."""
    weights = {name: (0.0 if name in EXTRA else 1.0) for name in signals}

    def objective(w):
        cost = 0.0
        for name, value in w.items():
            if name in EXTRA:
                cost += penalty * value / (3.0 if name == "career" else 1.0)
            else:
                cost += penalty * abs(math.log2(value)) if value > 0 else penalty * 4
        return mean_ndcg(queries, idx, w, linear_score) - cost

    current = objective(weights)
    for _ in range(rounds):
        changed = False
        for name in signals:
            options = grid["career"] if name == "career" else grid["extra"] if name in EXTRA else grid["body"]
            best_value, best = weights[name], current
            for value in options:
                trial = {**weights, name: value}
                score = objective(trial)
                if score > best + 1e-6:
                    best_value, best = value, score
            if best_value != weights[name]:
                weights[name] = best_value
                current = best
                changed = True
        if not changed:
            break
    return weights


def linear(queries) -> None:
    prepare_career(queries)
    prepare_linear(queries)
    grid = {"body": (0.5, 0.75, 1.0, 1.5, 2.0), "extra": (0.0, 0.1, 0.25, 0.5, 1.0), "career": (0.0, 1.0, 2.0, 3.0, 4.0)}
    base = statistics.fmean(ndcg(q["hits"], q["total"]) for q in queries)
    print(f"ours {base:.4f}")
    for signals in (SIGNALS, ("feedback", "bm25", "cov", "title", "phrases"), (*SIGNALS, "career")):
        for penalty in (0.0, 0.002, 0.005, 0.01):
            full = ascent(queries, range(len(queries)), grid, penalty, signals)
            insample = statistics.fmean(per_query(queries, full, linear_score))
            scores = [0.0] * len(queries)
            notes = []
            for fold in folds_of(queries):
                train = [i for i in range(len(queries)) if i not in fold]
                w = ascent(queries, train, grid, penalty, signals)
                for i in fold:
                    q = queries[i]
                    scores[i] = ndcg(reorder(q, lambda h: linear_score(q, h, w)), q["total"])
                fb = statistics.fmean(ndcg(queries[i]["hits"], queries[i]["total"]) for i in fold)
                notes.append(f"{fb:.3f}->{statistics.fmean(scores[i] for i in fold):.3f} {short(w)}")
            print(f"signals {len(signals)} penalty {penalty}: in sample {insample:.4f} {short(full)}; out of fold {statistics.fmean(scores):.4f}")
            for n in notes:
                print("   ", n)


def short(w: dict[str, float]) -> str:
    return " ".join(f"{k}={v:g}" for k, v in w.items() if v != (0.0 if k in EXTRA else 1.0)) or "ours"


def main() -> None:
    command, path = sys.argv[1], sys.argv[2]
    queries = load(path)
    if command == "table":
        table(queries)
    elif command == "coverage":
        run_grid(queries, COVERAGE_CONFIGS, coverage_score, "idf coverage")
    elif command == "linear":
        linear(queries)
    elif command == "career":
        prepare_career(queries)
        run_grid(queries, CAREER_CONFIGS, career_score, "career-share feedback")



# --- title feedback by career share: how much of a hit's working time its titles held each word -----

_WORDS = __import__("re").compile(r"[^\W\d_]{2,}")


def _fold(word: str) -> str:
    word = word.casefold()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def title_set(title: str | None) -> set[str]:
    return {_fold(w) for w in _WORDS.findall(title or "")}


def prepare_career(queries) -> None:
    for q in queries:
        words = [w for w, _ in q["feedback"]]
        scale = {}
        for k, word in enumerate(words):
            values = [h["named"].get(f"fb_title:{2 * k}", 0.0) for h in q["hits"]]
            scale[word] = max(values) if max(values) > 0 else 4.0 * q["feedback"][k][1]
        q["fb_scale"] = scale
        for h in q["hits"]:
            jobs = [(title_set(t), (m or 0) if (m or 0) > 0 else 1, cur) for t, m, cur in h.get("jobs") or [] if t]
            total_all = sum(m for _, m, _ in jobs)
            total_past = sum(m for _, m, cur in jobs if not cur)
            share_all, share_past = {}, {}
            for word in words:
                w = _fold(word)
                share_all[word] = sum(m for t, m, _ in jobs if w in t) / total_all if total_all else 0.0
                share_past[word] = sum(m for t, m, cur in jobs if w in t and not cur) / total_past if total_past else 0.0
            h["career_all"] = sum(scale[w] * share_all[w] for w in words)
            h["career_past"] = sum(scale[w] * share_past[w] for w in words)
            boosts = dict(q["feedback"])
            h["career_uniform"] = sum(4.0 * boosts[w] * share_all[w] for w in words)


def career_score(query, hit, config) -> float:
    kind, lam = config
    g = hit["groups"]
    if kind == "ours":
        return hit["score"]
    if kind == "past":  # past-title feedback by career share instead of BM25 on the flat copy
        return hit["score"] - g["feedback_past"] + lam * hit["career_past"]
    if kind == "all":  # current and past titles by career share instead of both feedback clauses
        return hit["score"] - g["feedback_past"] - g["feedback_title"] + lam * hit["career_all"]
    if kind == "addpast":  # on top of both, past jobs only
        return hit["score"] + lam * hit["career_past"]
    if kind == "adduni":  # on top of both, every word at 4 x its feedback boost (no per-word scale)
        return hit["score"] + lam * hit["career_uniform"]
    return hit["score"] + lam * hit["career_all"]  # "add": on top of both


CAREER_CONFIGS = [("ours", 0.0)] + [
    (kind, lam) for kind in ("past", "all", "add", "addpast", "adduni") for lam in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
]


if __name__ == "__main__":
    main()
