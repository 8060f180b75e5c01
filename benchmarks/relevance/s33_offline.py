"""Session 33: offline reorderings of the windows `s33_windows` dumps (dev only decides).

    python -m benchmarks.relevance.s33_offline COMMAND WIN.json

COMMAND: `table` (per-query ours / bm25), `oracle` (the best reordering of the first N hits), `blame` (clause
groups of the hits ours wrongly lifts or drops against BM25), `scan` (each clause group x 0 to 3), `coverage`
(idf-weighted query-word coverage as a rescore of the window), `linear` (coordinate ascent on nDCG@10 with a
penalty on moving the weights), `pairs` (pairwise logistic fit with L2 towards ours), `career` (title feedback
by career share), `qcareer` (the query words' career share), `header` (words in the resume's first line),
`both`, `aggregate` (means only: the one held-out reading).

Every reordering keeps the first pass's feedback words and window (the API's `reorder_window` stage), so a
window rescore scored here equals the engine's; a change that alters the first pass is only approximated.
Folds are by query position mod 5, as every earlier session's. Nothing reads a category as a feature.
"""

from __future__ import annotations

import json
import math
import re
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
    with open(path, encoding="utf-8") as handle:
        queries = json.load(handle)
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
    print(
        f"| all | | {statistics.fmean(r[2] for r in rows):.4f} | {statistics.fmean(r[3] for r in rows):.4f} |"
    )


def folds_of(queries: list[dict[str, Any]]) -> list[list[int]]:
    return [[i for i in range(len(queries)) if i % FOLDS == f] for f in range(FOLDS)]


def mean_ndcg(queries: list[dict[str, Any]], idx: Sequence[int], config: Any, scorer) -> float:
    return statistics.fmean(
        ndcg(reorder(queries[i], lambda h: scorer(queries[i], h, config)), queries[i]["total"])  # noqa: B023
        for i in idx
    )


def per_query(queries, config, scorer) -> list[float]:
    return [ndcg(reorder(q, lambda h: scorer(q, h, config)), q["total"]) for q in queries]  # noqa: B023 (called at once)


def cross_validate(queries, configs, scorer, label=str) -> tuple[float, list[str]]:
    """Each fold reordered by the config best on the other four; the out-of-fold mean and the choices."""
    scores = [0.0] * len(queries)
    notes = []
    for fold in folds_of(queries):
        train = [i for i in range(len(queries)) if i not in fold]
        best = max(configs, key=lambda c: mean_ndcg(queries, train, c, scorer))
        for i in fold:
            q = queries[i]
            scores[i] = ndcg(reorder(q, lambda h: scorer(q, h, best)), q["total"])  # noqa: B023 (called at once)
        base = statistics.fmean(ndcg(queries[i]["hits"], queries[i]["total"]) for i in fold)
        notes.append(
            f"{','.join(queries[i]['id'] for i in fold)}: {base:.3f} -> "
            f"{statistics.fmean(scores[i] for i in fold):.3f} ({label(best)})"
        )
    return statistics.fmean(scores), notes


# --- direction 3: idf-weighted coverage as a rescore of the window ---------------------------------


def coverage_score(query, hit, config) -> float:
    kind, alpha, power = config
    best = query["hits"][0]["score"] if query["hits"] else 1.0
    cov = hit["cov_idf"] if kind == "idf" else hit["cov_n"]
    if kind == "mult":
        return hit["score"] * (hit["cov_idf"] ** power) if alpha else hit["score"]
    return hit["score"] + alpha * best * (cov**power)


COVERAGE_CONFIGS = (
    [("idf", 0.0, 1.0)]
    + [
        (kind, alpha, power)
        for kind in ("idf", "count")
        for alpha in (0.05, 0.1, 0.2, 0.3, 0.5)
        for power in (1.0, 2.0)
    ]
    + [("mult", 1.0, p) for p in (0.25, 0.5, 1.0)]
)


def run_grid(queries, configs, scorer, name) -> None:
    base = per_query(queries, configs[0], scorer)
    print(f"## {name}: ours {statistics.fmean(base):.4f}")
    for config in configs:
        scores = per_query(queries, config, scorer)
        moved = [
            f"{q['id']} {s - b:+.2f}"
            for q, s, b in zip(queries, scores, base, strict=True)
            if abs(s - b) >= 0.005
        ]
        print(f"{config}: {statistics.fmean(scores):.4f}  {' '.join(moved)}")
    oof, notes = cross_validate(queries, configs, scorer)
    print(f"out of fold: {oof:.4f}")
    for note in notes:
        print("  ", note)


# --- direction 2: a strongly regularised linear combination, coordinate ascent ---------------------

SIGNALS = (
    "title",
    "resume_text",
    "text_skills",
    "skills_field",
    "experience_text",
    "phrases",
    "feedback",
    "bm25",
    "cov",
)
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
    grid = {
        "body": (0.5, 0.75, 1.0, 1.5, 2.0),
        "extra": (0.0, 0.1, 0.25, 0.5, 1.0),
        "career": (0.0, 1.0, 2.0, 3.0, 4.0),
    }
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
                    scores[i] = ndcg(reorder(q, lambda h: linear_score(q, h, w)), q["total"])  # noqa: B023 (called at once)
                fb = statistics.fmean(ndcg(queries[i]["hits"], queries[i]["total"]) for i in fold)
                notes.append(f"{fb:.3f}->{statistics.fmean(scores[i] for i in fold):.3f} {short(w)}")
            print(
                f"signals {len(signals)} penalty {penalty}: in sample {insample:.4f} {short(full)}; "
                f"out of fold {statistics.fmean(scores):.4f}"
            )
            for n in notes:
                print("   ", n)


def short(w: dict[str, float]) -> str:
    return " ".join(f"{k}={v:g}" for k, v in w.items() if v != (0.0 if k in EXTRA else 1.0)) or "ours"


def main() -> None:
    command, path = sys.argv[1], sys.argv[2]
    # A grid command: what it adds to the windows first, its configs, its scorer and its name.
    grids: dict[str, tuple[tuple[Callable[[list[dict[str, Any]]], None], ...], Any, Any, str]] = {
        "coverage": ((), COVERAGE_CONFIGS, coverage_score, "idf coverage"),
        "qcareer": (
            (prepare_query_career,),
            QCAREER_CONFIGS,
            query_career_score,
            "query words' career share",
        ),
        "both": (
            (prepare_career, prepare_query_career),
            BOTH_CONFIGS,
            both_score,
            "feedback career share + query words' career share",
        ),
        "header": (
            (prepare_career, prepare_header),
            HEADER_CONFIGS,
            header_score,
            "feedback and query words in the resume's first line",
        ),
        "career": ((prepare_career,), CAREER_CONFIGS, career_score, "career-share feedback"),
    }
    reports: dict[str, Callable[[list[dict[str, Any]]], None]] = {
        "table": table,
        "linear": linear,
        "pairs": pairs,
        "aggregate": aggregate_only,
        "oracle": oracle,
        "blame": blame,
        "scan": scan,
    }
    if command not in grids and command not in reports:
        raise SystemExit(f"unknown command {command!r}; one of: {', '.join([*reports, *grids])}")
    queries = load(path)
    if command in reports:
        reports[command](queries)
        return
    prepares, configs, scorer, name = grids[command]
    for prepare in prepares:
        prepare(queries)
    run_grid(queries, configs, scorer, name)


# --- title feedback by career share: how much of a hit's working time its titles held each word -----

_WORDS = re.compile(r"[^\W\d_]{2,}")


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
            jobs = [
                (title_set(t), (m or 0) if (m or 0) > 0 else 1, cur) for t, m, cur in h.get("jobs") or [] if t
            ]
            total_all = sum(m for _, m, _ in jobs)
            total_past = sum(m for _, m, cur in jobs if not cur)
            share_all, share_past = {}, {}
            for word in words:
                w = _fold(word)
                share_all[word] = sum(m for t, m, _ in jobs if w in t) / total_all if total_all else 0.0
                share_past[word] = (
                    sum(m for t, m, cur in jobs if w in t and not cur) / total_past if total_past else 0.0
                )
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
    (kind, lam)
    for kind in ("past", "all", "add", "addpast", "adduni")
    for lam in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
]


def prepare_query_career(queries) -> None:
    """Career share of the query's own words: months in jobs whose title has the word, over all months,
    each word scaled by the best current-title score it gets in the window (`f:current_title:<n>`)."""
    for q in queries:
        words = q["text"].split()
        for h in q["hits"]:
            jobs = [(title_set(t), (m or 0) if (m or 0) > 0 else 1) for t, m, _ in h.get("jobs") or [] if t]
            total = sum(m for _, m in jobs)
            value = 0.0
            for n, word in enumerate(words):
                scale = max(x["named"].get(f"f:current_title:{n}", 0.0) for x in q["hits"])
                if scale <= 0 or not total:
                    continue
                w = _fold(word)
                value += scale * sum(m for t, m in jobs if w in t) / total
            h["qcareer"] = value


def query_career_score(query, hit, lam) -> float:
    return hit["score"] + lam * hit["qcareer"]


def both_score(query, hit, config) -> float:
    lam, mu = config
    return hit["score"] + lam * hit["career_all"] + mu * hit["qcareer"]


QCAREER_CONFIGS = [0.0, 0.5, 1.0, 2.0, 3.0]
BOTH_CONFIGS = [(0.0, 0.0)] + [(lam, mu) for lam in (2.0, 3.0, 4.0) for mu in (0.5, 1.0, 2.0)]


def prepare_header(queries) -> None:
    """The resume's first line (a LiveCareer resume opens with the role it is written for; `head` in the
    window dump, from the stored text): the feedback words and the query words it holds, each at its window
    scale."""
    for q in queries:
        words = q["text"].split()
        qscale = [
            max(x["named"].get(f"f:current_title:{n}", 0.0) for x in q["hits"]) for n in range(len(words))
        ]
        for h in q["hits"]:
            head = title_set(h.get("head"))
            h["head_fb"] = sum(q["fb_scale"][w] for w, _ in q["feedback"] if _fold(w) in head)
            h["head_q"] = sum(s for word, s in zip(words, qscale, strict=True) if _fold(word) in head)


def header_score(query, hit, config) -> float:
    lam, mu = config
    return hit["score"] + lam * hit["head_fb"] + mu * hit["head_q"]


HEADER_CONFIGS = (
    [(0.0, 0.0)]
    + [(lam, 0.0) for lam in (0.5, 1.0, 2.0, 3.0)]
    + [(0.0, mu) for mu in (0.5, 1.0, 2.0, 3.0)]
    + [(lam, lam) for lam in (0.5, 1.0, 2.0)]
)


# --- a pairwise logistic (RankNet-style) fit of the signal weights, L2 towards ours's weights ---------

PAIR_SIGNALS = (*SIGNALS, "career")


def _matrix(query) -> tuple[Any, Any]:
    import numpy as np

    best = query["hits"][0]["score"] or 1.0
    x = np.array([[h["signals"][name] / best for name in PAIR_SIGNALS] for h in query["hits"]])
    y = np.array([h["label"] for h in query["hits"]])
    return x, y


def fit_pairs(queries, idx, l2: float, depth: int = 30, signals: Sequence[str] = PAIR_SIGNALS):
    """Weights w = w0 + d minimising the mean pairwise logistic loss over (relevant, not relevant) pairs of
    each training query's first `depth` hits plus l2 x |d|^2; w0 is ours (body signals 1, extras 0)."""
    import numpy as np
    from scipy.optimize import minimize

    use = np.array([name in signals for name in PAIR_SIGNALS], dtype=float)
    w0 = np.array([0.0 if name in EXTRA else 1.0 for name in PAIR_SIGNALS])
    diffs = []
    for i in idx:
        x, y = _matrix(queries[i])
        x, y = x[:depth], y[:depth]
        pos, neg = x[y == 1], x[y == 0]
        if len(pos) and len(neg):
            d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, x.shape[1])
            diffs.append((d, 1.0 / len(d)))

    def loss(delta):
        delta = delta * use
        w = w0 + delta
        total, grad = 0.0, np.zeros_like(w)
        for d, weight in diffs:
            margin = d @ w * 10.0
            total += weight * np.logaddexp(0, -margin).sum()
            s = -1.0 / (1.0 + np.exp(margin))
            grad += weight * 10.0 * (s[:, None] * d).sum(axis=0)
        n = max(len(diffs), 1)
        return total / n + l2 * (delta**2).sum(), (grad / n + 2 * l2 * delta) * use

    result = minimize(loss, np.zeros(len(PAIR_SIGNALS)), jac=True, method="L-BFGS-B")
    return dict(zip(PAIR_SIGNALS, w0 + result.x * use, strict=True))


def pair_score(query, hit, weights) -> float:
    return sum(weights[name] * hit["signals"][name] for name in PAIR_SIGNALS)


def pairs(queries) -> None:
    prepare_career(queries)
    prepare_linear(queries)
    base = [ndcg(q["hits"], q["total"]) for q in queries]
    print(f"ours {statistics.fmean(base):.4f}")
    for signals in (PAIR_SIGNALS[:7], PAIR_SIGNALS):
        for l2 in (0.001, 0.01, 0.1, 1.0):
            full = fit_pairs(queries, range(len(queries)), l2, signals=signals)
            insample = statistics.fmean(per_query(queries, full, pair_score))
            scores = [0.0] * len(queries)
            notes = []
            for fold in folds_of(queries):
                train = [i for i in range(len(queries)) if i not in fold]
                w = fit_pairs(queries, train, l2, signals=signals)
                for i in fold:
                    q = queries[i]
                    scores[i] = ndcg(reorder(q, lambda h: pair_score(q, h, w)), q["total"])  # noqa: B023 (called at once)
                notes.append(
                    f"{statistics.fmean(base[i] for i in fold):.3f}->"
                    f"{statistics.fmean(scores[i] for i in fold):.3f}"
                )
            ws = " ".join(f"{k}={v:.2f}" for k, v in full.items() if k in signals)
            print(
                f"signals {len(signals)} l2 {l2}: in sample {insample:.4f}; "
                f"out of fold {statistics.fmean(scores):.4f} [{' '.join(notes)}]  {ws}"
            )


def aggregate_only(queries) -> None:
    """Held-out: the means only (ours, bm25 and the dev-chosen career-share reordering), no per-query row."""
    prepare_career(queries)
    ours = statistics.fmean(ndcg(q["hits"], q["total"]) for q in queries)
    bm25 = statistics.fmean(ndcg(q["bm25"], q["total"]) for q in queries)
    career = statistics.fmean(per_query(queries, ("add", 3.0), career_score))
    print(f"| ours | {ours:.4f} |\n| bm25 | {bm25:.4f} |\n| career_add_3 | {career:.4f} |")


# --- the analysis (session 33, direction 1) ----------------------------------------------------------


def oracle(queries) -> None:
    """The best any reordering of the first `depth` hits could do (relevant ones first)."""
    for depth in (10, 20, 30, 50):
        scores = [
            ndcg(sorted(q["hits"][:depth], key=lambda h: -h["label"]) + q["hits"][depth:], q["total"])
            for q in queries
        ]
        print(depth, f"{statistics.fmean(scores):.4f}")


def blame(queries) -> None:
    """Clause groups (over the window's best score) of the non-relevant hits ours puts in its top 10 and
    BM25 does not, against the relevant hits BM25 has in its top 10 and ours below 10."""
    promoted: dict[str, list[float]] = {g: [] for g in GROUPS}
    demoted: dict[str, list[float]] = {g: [] for g in GROUPS}
    for q in queries:
        plain = {h["id"] for h in q["bm25"][:K]}
        best = q["hits"][0]["score"]
        for h in q["hits"][:K]:
            if not h["label"] and h["id"] not in plain:
                for g in GROUPS:
                    promoted[g].append(h["groups"][g] / best)
        for h in q["hits"][K:]:
            if h["label"] and h["id"] in plain:
                for g in GROUPS:
                    demoted[g].append(h["groups"][g] / best)
    print("hits", len(promoted["title"]), len(demoted["title"]))
    for g in GROUPS:
        a, b = statistics.fmean(promoted[g] or [0]), statistics.fmean(demoted[g] or [0])
        print(f"{g:16s} promoted non-relevant {a:.3f}  demoted relevant {b:.3f}  difference {a - b:+.3f}")


def scan(queries) -> None:
    """Each clause group alone times 0 to 3 (the rest as ours), and both feedback groups together."""
    base = [ndcg(q["hits"], q["total"]) for q in queries]
    print(f"ours {statistics.fmean(base):.4f}")
    both = ("feedback_title", "feedback_past")
    for group in (*GROUPS, "feedback_both"):
        names = both if group == "feedback_both" else (group,)
        for w in (0.0, 0.5, 1.5, 2.0, 3.0):
            scores = [
                ndcg(
                    reorder(q, lambda h: h["score"] + (w - 1) * sum(h["groups"][n] for n in names)),  # noqa: B023 (called at once)
                    q["total"],
                )
                for q in queries
            ]
            moved = " ".join(
                f"{q['id']}{s - b:+.2f}"
                for q, s, b in zip(queries, scores, base, strict=True)
                if abs(s - b) >= 0.005
            )
            print(f"{group:15s} x{w}: {statistics.fmean(scores):.4f} {moved}")


if __name__ == "__main__":
    main()
