"""Round 44: does a small learned decider pick a job's employer among its header parts better than the rules?

``python -m benchmarks.parsing.employer_decider [--folds 5] [--seed 44] [--out FILE.json]``

Dev-side labelled resumes only: the DataTurks rows of the completed gold that ``split_of`` puts in dev (split
before anything else is read), the sdist golds dev-3 to dev-10 without dev-7 (the blind batch), the CSV golds
(dev-2, 11, 12, 15) and the LiveCareer golds (dev-13, 14, 16). The held-out split is never read.

The offline parser builds each dated job from its header lines (``rule_based._job``), which it cuts into parts
(``header_parts._parts``): title, employer, place, a note. A hook records every header and the rules' choice;
each part gets features that never read the name's own words (where it sits, the separators, its
capitalisation shape, a legal form, the gazetteer, the share of O*NET title words, its length, whether it
recurs in the history, how the resume's other headers place their employer) and a label (it matches a gold
employer of the resume, as the benchmark's completed-gold matching does). A logistic regression (numpy, L2)
and shallow trees (LightGBM) are trained with cross-validation by resume, folds fixed by the seed (dealt out
in turn within each source), and the parse is re-run with the fold's model deciding the employer: either
everywhere, or only where the rules leave the employer empty or took one of two candidates or more (hybrid),
each with and without the word-list guards ``_job`` puts on the employer it chose.
Each is scored against the rules on the same resumes, per source and pooled, with a 95 % interval of the
difference by resume bootstrap; an oracle that picks a matching part shows the ceiling of any such decider.
Two checks on texts the models were not fitted on: dev_renamed (the DataTurks dev resumes with every gold
employer renamed as the benchmark draws it, each decided by its own fold's model) and dev-7 (in aggregate,
the models fitted on every resume above).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.parsing import places, rule_based
from app.parsing.header_parts import _parts
from app.parsing.header_words import (
    _capitalised,
    _company_score,
    _folded_name,
    _glue_vocabulary,
    _has_legal_form,
    _in_title_words,
    _is_named,
    _title_score,
)
from app.parsing.job_fields import (
    _ACHIEVEMENT,
    _NO_EMPLOYER,
    _is_practice,
    _names_a_function,
    _names_a_territory,
)
from app.parsing.job_layouts import _table_columns
from app.parsing.models import ParsedResume, WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser
from app.parsing.shared_data import shared_data_dir
from benchmarks.parsing import accuracy

_ORIGINAL_JOB = rule_based._job
# Indeed's employer line ends on a dash ("Oracle India -  Bangalore, Karnataka -").
_TRAILING_DASH = re.compile(r"\S\s*[-–—]\s*$")
SOURCES = ("dataturks_dev", "sdist", "csv", "livecareer")


@dataclass
class Resume:
    """One dev-side labelled resume: where it comes from, its text and its gold employers."""

    source: str
    split: str
    key: str
    text: str
    gold: tuple[list[str], list[str]]


@dataclass
class Header:
    """One job header the rules read: its parts' features and labels, and the rules' employer."""

    lines: list[str]
    texts: list[str]
    features: list[list[float]]
    labels: list[int]
    rule_company: str | None
    rule_title: str | None
    rule_part: int | None  # which part the rules took, when their employer is one
    candidates: int  # parts neither the title nor a place
    lines_rel: list[int] = field(default_factory=list)
    dash_lines: list[bool] = field(default_factory=list)


def dev_resumes(root: Path) -> list[Resume]:
    """Every dev-side labelled resume, in a fixed order."""
    resumes: list[Resume] = []
    completed = accuracy.load_completed_gold()
    for row in accuracy.load_dataturks(root):
        content = row["content"]
        if accuracy.split_of(content) != "dev":
            continue  # the held-out half is never read
        jobs = completed.get(accuracy.resume_key(content))
        if jobs is not None:
            gold = accuracy.completed_jobs(content, jobs)
            resumes.append(Resume("dataturks_dev", "dev", accuracy.resume_key(content), content, gold))
    for split, path in accuracy.SDIST_GOLDS.items():
        if split == "dev_7":
            continue  # the blind batch: scored by the benchmark in aggregate, never read resume by resume
        for key, text, jobs in accuracy.load_dev3(path, split=split):
            resumes.append(Resume("sdist", split, key, text, accuracy.completed_jobs_of(jobs)))
    for split, path in (
        ("dev_2", accuracy.DEV2_GOLD),
        ("dev_11", accuracy.DEV11_GOLD),
        ("dev_12", accuracy.DEV12_GOLD),
        ("dev_15", accuracy.DEV15_GOLD),
    ):
        for key, text, jobs in accuracy.load_dev2(root, path):
            resumes.append(Resume("csv", split, key, text, accuracy.completed_jobs_of(jobs)))
    for split, path in (
        ("dev_13", accuracy.DEV13_GOLD),
        ("dev_14", accuracy.DEV14_GOLD),
        ("dev_16", accuracy.DEV16_GOLD),
    ):
        for key, text, jobs in accuracy.load_livecareer(root, path):
            resumes.append(Resume("livecareer", split, key, text, accuracy.completed_jobs_of(jobs)))
    return resumes


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'&.-]*", text)


def _shape(text: str) -> tuple[float, float, float]:
    """(all capitals, every word capitalised, opens in lower case) of a fragment."""
    words = _words(text)
    if not words:
        return 0.0, 0.0, 0.0
    upper = all(word.isupper() for word in words if len(word) > 1) and any(len(word) > 1 for word in words)
    capitalised = all(
        word[0].isupper() or word.lower() in ("of", "and", "the", "for", "in", "at", "&") for word in words
    )
    return float(upper), float(capitalised), float(not _is_named(text))


def _recurrence(text: str, history: str) -> int:
    if len(text) < 2:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(text)}(?!\w)", history, re.IGNORECASE))


FEATURES = (
    "above dates line",
    "on dates line",
    "below dates line",
    "lines above dates",
    "line of header (from top)",
    "header lines",
    "first on its line",
    "last on its line",
    "alone on its line",
    "parts on its line",
    "after at",
    "comma after",
    "labelled company",
    "labelled title",
    "place (parts)",
    "place (gazetteer)",
    "line ends on a dash",
    "line has a pipe or tab",
    "line has a spaced dash",
    "line has a comma",
    "all capitals",
    "every word capitalised",
    "opens in lower case",
    "has a digit",
    "has a bracket",
    "legal form",
    "company score",
    "title score",
    "title score > 0",
    "title-word share",
    "all title words",
    "names a function",
    "words",
    "one word",
    "five words or more",
    "recurs in history",
    "recurs 2+",
    "history dash-line share",
    "other headers' employer on this line offset",
    "other headers' employer on a dash line, this one too",
    "other headers with a rule employer",
    "the rules took this part",  # the stacked variant's only: the others leave it out
)


def part_features(
    part: Any, parts: list[Any], header: list[str], before: int, history: str, dash_share: float
) -> list[float]:
    """The features of one header part, none of which reads the name's own identity."""
    line = header[part.line] if part.line < len(header) else ""
    on_line = [other for other in parts if other.line == part.line]
    position = on_line.index(part)
    words = _words(part.text)
    vocabulary = _glue_vocabulary()
    share = sum(word.lower().strip(".") in vocabulary for word in words) / len(words) if words else 0.0
    upper, capitalised, lower = _shape(part.text)
    recurs = _recurrence(part.text, history)
    title = _title_score(part.text)
    return [
        float(part.line < before),
        float(part.line == before),
        float(part.line > before),
        float(before),
        float(part.line),
        float(len(header)),
        float(position == 0),
        float(position == len(on_line) - 1),
        float(len(on_line) == 1),
        float(len(on_line)),
        float(part.after_at),
        float(part.comma_after),
        float(part.label == "company"),
        float(part.label == "title"),
        float(part.place),
        float(places.is_place(part.text)),
        float(bool(_TRAILING_DASH.search(line.strip()))),
        float("|" in line or "\t" in line),
        float(bool(re.search(r"\s[-–—]\s", line))),
        float("," in line),
        upper,
        capitalised,
        lower,
        float(bool(re.search(r"\d", part.text))),
        float("(" in part.text or ")" in part.text),
        float(_has_legal_form(part.text)),
        float(min(_company_score(part.text), 6)),
        float(min(title, 8)),
        float(title > 0),
        share,
        float(_in_title_words(part.text)),
        float(_names_a_function(part.text)),
        float(min(len(words), 10)),
        float(len(words) == 1),
        float(len(words) >= 5),
        float(min(recurs, 5)),
        float(recurs >= 2),
        dash_share,
        0.0,  # filled in once the resume's other headers are known (``with_layout_features``)
        0.0,
        0.0,
        0.0,
    ]


def _matches_gold(text: str, golds: set[str]) -> bool:
    key = accuracy._employer_key(text)
    return bool(key) and any(accuracy.fuzzy_match(key, gold) for gold in golds)


def _same(one: str | None, other: str | None) -> bool:
    return bool(one and other) and accuracy.normalise(one or "") == accuracy.normalise(other or "")


@dataclass
class Hook:
    """Stands in for ``rule_based._job`` during a parse: records each header, may decide its employer."""

    golds: set[str] = field(default_factory=set)
    headers: list[Header] = field(default_factory=list)
    decide: Callable[[int, Header, WorkExperience], WorkExperience] | None = None

    def __call__(self, entry: Any, history: str = "") -> WorkExperience | None:
        typed = [*entry.before, entry.anchor, *entry.after]
        if any(_capitalised(line) != line for line in typed):
            return _ORIGINAL_JOB(entry, history)  # the capitalised copy comes back through this hook
        job = _ORIGINAL_JOB(entry, history)
        header = typed
        parts = _parts(header)
        lines = history.split("\n")
        dash_share = sum(bool(_TRAILING_DASH.search(line.strip())) for line in lines) / max(1, len(lines))
        before = len(entry.before)
        texts = [part.text for part in parts]
        company = job.company if job else None
        title = job.title if job else None
        rule_part = next((n for n, text in enumerate(texts) if _same(text, company)), None)
        record = Header(
            lines=header,
            texts=texts,
            features=[part_features(part, parts, header, before, history, dash_share) for part in parts],
            labels=[int(_matches_gold(text, self.golds)) for text in texts],
            rule_company=company,
            rule_title=title,
            rule_part=rule_part,
            candidates=sum(1 for part in parts if not part.place and not _same(part.text, title)),
            lines_rel=[part.line - before for part in parts],
            dash_lines=[bool(_TRAILING_DASH.search(header[part.line].strip())) for part in parts],
        )
        index = len(self.headers)
        self.headers.append(record)
        if self.decide is not None and job is not None:
            job = self.decide(index, record, job)
        return job


def with_layout_features(headers: list[Header]) -> None:
    """Fill in how the resume's other headers place the employer the rules took (offset, dash line)."""
    chosen = [
        (h.lines_rel[h.rule_part], h.dash_lines[h.rule_part]) if h.rule_part is not None else None
        for h in headers
    ]
    for number, header in enumerate(headers):
        others = [choice for other, choice in enumerate(chosen) if other != number and choice is not None]
        for index, features in enumerate(header.features):
            same_offset = sum(offset == header.lines_rel[index] for offset, _ in others)
            same_dash = sum(dash and header.dash_lines[index] for _, dash in others)
            features[-4] = same_offset / len(others) if others else 0.0
            features[-3] = same_dash / len(others) if others else 0.0
            features[-2] = min(len(others), 10) / 10
            features[-1] = float(index == header.rule_part)


def parse(resume: Resume, hook: Hook) -> ParsedResume:
    """``resume`` parsed by the offline parser with ``hook`` in place of ``rule_based._job``."""
    hook.golds = {accuracy._employer_key(text) for text in resume.gold[0]} - {""}
    hook.headers = []
    rule_based._job = hook  # type: ignore[assignment]
    try:
        return RuleBasedResumeParser().parse(resume.text)
    finally:
        rule_based._job = _ORIGINAL_JOB


def score(parsed: ParsedResume, resume: Resume) -> tuple[int, int, int]:
    """(matched, parsed, gold) companies of one resume, as the benchmark's completed-gold table counts."""
    result = accuracy.Accuracy()
    accuracy.score_completed(parsed, resume.gold, result, 0)
    counts = result.completed_gold["companies"]
    return counts.true_positives, counts.predicted, counts.gold


def f1(counts: np.ndarray) -> float:
    tp, predicted, gold = counts.sum(axis=0)
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    return float(2 * precision * recall / (precision + recall)) if precision + recall else 0.0


class Logistic:
    """L2-regularised logistic regression by Newton's method on standardised features."""

    def __init__(self, strength: float = 1.0) -> None:
        self.strength = strength

    def fit(self, x: np.ndarray, y: np.ndarray) -> Logistic:
        self.mean = x.mean(axis=0)
        self.scale = x.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        z = np.hstack([np.ones((len(x), 1)), (x - self.mean) / self.scale])
        w = np.zeros(z.shape[1])
        penalty = np.full(z.shape[1], self.strength)
        penalty[0] = 0.0
        for _ in range(50):
            p = 1 / (1 + np.exp(-z @ w))
            gradient = z.T @ (p - y) + penalty * w
            hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
            step = np.linalg.solve(hessian, gradient)
            w -= step
            if np.abs(step).max() < 1e-8:
                break
        self.weights = w
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = np.hstack([np.ones((len(x), 1)), (x - self.mean) / self.scale])
        return 1 / (1 + np.exp(-z @ self.weights))


class Trees:
    """Shallow boosted trees (LightGBM, the reranker's library): the interactions a regression lacks."""

    def fit(self, x: np.ndarray, y: np.ndarray) -> Trees:
        import lightgbm

        parameters = {
            "objective": "binary",
            "num_leaves": 4,
            "max_depth": 2,
            "learning_rate": 0.05,
            "min_data_in_leaf": 20,
            "deterministic": True,
            "num_threads": 1,
            "seed": 44,
            "verbose": -1,
        }
        self.booster = lightgbm.train(parameters, lightgbm.Dataset(x, y), num_boost_round=200)
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.booster.predict(x))


def folds_of(resumes: list[Resume], folds: int, seed: int) -> list[int]:
    """Each resume's fold: shuffled by ``seed`` within its source, then dealt out in turn."""
    fold = [0] * len(resumes)
    draw = random.Random(seed)
    for source in SOURCES:
        members = [n for n, resume in enumerate(resumes) if resume.source == source]
        draw.shuffle(members)
        for turn, member in enumerate(members):
            fold[member] = turn % folds
    return fold


# A decider: a header's parts' probabilities, the header, the rules' job -> the job with its employer chosen.
Decision = Callable[[list[float], Header, WorkExperience], WorkExperience]


def passes_the_rules_guards(text: str, title: str | None) -> bool:
    """Whether a part survives the word-list guards ``_job`` puts on the employer it chose: no one employed
    ("SELF EMPLOYED"), a practice ("SAP ABAP"), a territory ("Ghatkopar to Badlapur"), an achievement
    ("Topped in Mumbai"), a table's column ("Sr.No"), a function under a title ("Retail Sales")."""
    return not (
        _folded_name(text) in _NO_EMPLOYER
        or _is_practice(text)
        or _names_a_territory(text)
        or (_ACHIEVEMENT.search(text) and not _has_legal_form(text))
        or _table_columns(f"{text} Company Designation") == ["number", "company", "title"]
        or (title and _names_a_function(text))
    )


def _most_likely(probabilities: list[float], header: Header, guards: bool) -> int | None:
    """The most probable part that is not the rules' title (and passes the rules' guards, with ``guards``)."""
    allowed = [
        n
        for n, text in enumerate(header.texts)
        if not _same(text, header.rule_title)
        and (not guards or passes_the_rules_guards(text, header.rule_title))
    ]
    return max(allowed, key=lambda n: probabilities[n], default=None)


def learned(threshold: float, guards: bool = False) -> Decision:
    """The decider everywhere: the most likely part that is not the rules' title, or no employer."""

    def decide(probabilities: list[float], header: Header, job: WorkExperience) -> WorkExperience:
        best = _most_likely(probabilities, header, guards)
        job.company = header.texts[best] if best is not None and probabilities[best] >= threshold else None
        return job

    return decide


def hybrid(threshold: float, guards: bool = False) -> Decision:
    """The decider where the rules leave the employer empty, or took one of two candidates or more."""

    def decide(probabilities: list[float], header: Header, job: WorkExperience) -> WorkExperience:
        best = _most_likely(probabilities, header, guards)
        if best is None or probabilities[best] < threshold:
            return job
        if header.rule_company is None:
            job.company = header.texts[best]
        elif (
            header.rule_part is not None
            and header.candidates >= 2
            and probabilities[header.rule_part] < threshold
        ):
            job.company = header.texts[best]
        return job

    return decide


def oracle(everywhere: bool) -> Decision:
    """The ceiling of a part picker: a part matching a gold employer wherever there is one (everywhere), or
    only where the rules' employer is empty or wrong (the hybrid's ceiling)."""

    def decide(_: list[float], header: Header, job: WorkExperience) -> WorkExperience:
        if not everywhere and header.rule_part is not None and header.labels[header.rule_part]:
            return job
        if not everywhere and header.rule_company is not None and header.rule_part is None:
            return job  # an employer the rules read from outside the header's parts
        positive = [n for n, label in enumerate(header.labels) if label]
        job.company = header.texts[positive[0]] if positive else None
        return job

    return decide


def outcomes(
    headers: list[list[Header]], pick: Callable[[Header, int, int], int | str | None]
) -> dict[str, int]:
    """How one decider's choices fall, header by header, against the parts' labels."""
    counts = dict.fromkeys(
        (
            "a matching part",
            "a part matching no gold",
            "outside the parts",
            "none, a part matched",
            "none, none did",
        ),
        0,
    )
    for n, hs in enumerate(headers):
        for m, header in enumerate(hs):
            choice = pick(header, n, m)
            if choice == "outside":
                counts["outside the parts"] += 1
            elif isinstance(choice, int):
                counts["a matching part" if header.labels[choice] else "a part matching no gold"] += 1
            else:
                counts["none, a part matched" if any(header.labels) else "none, none did"] += 1
    return counts


# name -> (model, whether it sees the rules' pick)
MODELS: dict[str, tuple[Callable[[], Any], bool]] = {
    "logistic": (lambda: Logistic(), False),
    "logistic, stacked on the rules": (lambda: Logistic(), True),
    "trees": (lambda: Trees(), False),
}


def out_of_fold(
    headers: list[list[Header]],
    fold: list[int],
    folds: int,
    model: Callable[[], Any],
    stacked: bool,
    targets: list[list[Header]] | None = None,
) -> list[list[list[float]]]:
    """Every header part's probability from a model trained on the other folds' resumes (of ``targets``, the
    same resumes' headers in another form, when given)."""
    columns = slice(None) if stacked else slice(0, len(FEATURES) - 1)
    targets = headers if targets is None else targets
    probabilities: list[list[list[float]]] = [[[] for _ in hs] for hs in targets]
    for k in range(folds):
        x = np.array([f for n, hs in enumerate(headers) if fold[n] != k for h in hs for f in h.features])
        y = np.array(
            [v for n, hs in enumerate(headers) if fold[n] != k for h in hs for v in h.labels], dtype=float
        )
        fitted = model().fit(x[:, columns], y)
        for n, hs in enumerate(targets):
            if fold[n] == k:
                for m, h in enumerate(hs):
                    if h.features:
                        probabilities[n][m] = fitted.predict(np.array(h.features)[:, columns]).tolist()
    return probabilities


def variants(threshold: float) -> list[tuple[str, Decision]]:
    """Each way the decider is tried: everywhere or hybrid, without and with the rules' guards."""
    return [
        ("everywhere", learned(threshold)),
        ("hybrid", hybrid(threshold)),
        ("everywhere, the rules' guards", learned(threshold, True)),
        ("hybrid, the rules' guards", hybrid(threshold, True)),
    ]


def renamed_check(
    resumes: list[Resume], headers: list[list[Header]], fold: list[int], options: argparse.Namespace
) -> dict[str, float]:
    """Companies F1 on dev_renamed (the DataTurks dev resumes with every gold employer renamed to a real firm,
    as the benchmark draws it), each resume decided by the model of its own fold, fitted on the other folds'
    original texts: a decider blind to the name should lose less to renaming than the rules."""
    names = accuracy.employer_names(shared_data_dir())
    completed = accuracy.load_completed_gold()
    members = [n for n, resume in enumerate(resumes) if resume.source == "dataturks_dev"]
    if not names:
        return {}
    renamed: dict[int, Resume] = {}
    for n in members:
        text, gold = accuracy.renamed_employers(resumes[n].text, completed[resumes[n].key], names)
        renamed[n] = Resume("dataturks_dev", "dev_renamed", resumes[n].key, text, gold)
    hook = Hook()
    rules = np.zeros((len(members), 3))
    targets: list[list[Header]] = [[] for _ in resumes]
    for row, n in enumerate(members):
        rules[row] = score(parse(renamed[n], hook), renamed[n])
        with_layout_features(hook.headers)
        targets[n] = hook.headers
    out = {"rules": round(f1(rules), 4)}
    texts = [renamed[n] for n in members]
    for name, (model, stacked) in MODELS.items():
        probabilities = out_of_fold(headers, fold, options.folds, model, stacked, targets)
        for variant, rule in variants(options.threshold):
            counts = rescored(texts, [targets[n] for n in members], [probabilities[n] for n in members], rule)
            out[f"{name}, {variant}"] = round(f1(counts), 4)
    return out


def rescored(
    resumes: list[Resume], headers: list[list[Header]], probabilities: list[list[list[float]]], rule: Decision
) -> np.ndarray:
    """Each resume parsed again with ``rule`` deciding every header's employer, scored as ``score`` does."""
    counts = np.zeros((len(resumes), 3))
    for number, resume in enumerate(resumes):

        def decide(index: int, header: Header, job: WorkExperience, n: int = number) -> WorkExperience:
            assert header.lines == headers[n][index].lines, "the headers must come in the same order"
            return rule(probabilities[n][index], header, job)

        counts[number] = score(parse(resume, Hook(decide=decide)), resume)
    return counts


def blind_check(headers: list[list[Header]], options: argparse.Namespace) -> dict[str, float]:
    """Companies F1 on dev-7, the batch neither the rules nor the models were fitted on, in aggregate only."""
    resumes = [
        Resume("sdist", "dev_7", key, text, accuracy.completed_jobs_of(jobs))
        for key, text, jobs in accuracy.load_dev3(accuracy.SDIST_GOLDS["dev_7"], split="dev_7")
    ]
    hook = Hook()
    rules = np.zeros((len(resumes), 3))
    blind: list[list[Header]] = []
    for number, resume in enumerate(resumes):
        rules[number] = score(parse(resume, hook), resume)
        with_layout_features(hook.headers)
        blind.append(hook.headers)
    out = {"rules": round(f1(rules), 4)}
    x = np.array([f for hs in headers for h in hs for f in h.features])
    y = np.array([v for hs in headers for h in hs for v in h.labels], dtype=float)
    for name, (model, stacked) in MODELS.items():
        columns = slice(None) if stacked else slice(0, len(FEATURES) - 1)
        fitted = model().fit(x[:, columns], y)
        probabilities = [
            [fitted.predict(np.array(h.features)[:, columns]).tolist() if h.features else [] for h in hs]
            for hs in blind
        ]
        for variant, rule in variants(options.threshold):
            out[f"{name}, {variant}"] = round(f1(rescored(resumes, blind, probabilities, rule)), 4)
    return out


def main(argv: list[str] | None = None) -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--folds", type=int, default=5)
    arguments.add_argument("--seed", type=int, default=44)
    arguments.add_argument("--threshold", type=float, default=0.5)
    arguments.add_argument("--bootstrap", type=int, default=2000)
    arguments.add_argument("--out", type=Path)
    options = arguments.parse_args(argv)
    started = time.perf_counter()
    resumes = dev_resumes(shared_data_dir())
    fold = folds_of(resumes, options.folds, options.seed)
    hook = Hook()
    systems: dict[str, np.ndarray] = {"rules": np.zeros((len(resumes), 3))}
    headers: list[list[Header]] = []
    for number, resume in enumerate(resumes):
        systems["rules"][number] = score(parse(resume, hook), resume)
        with_layout_features(hook.headers)
        headers.append(hook.headers)
    runs: list[tuple[str, list[list[list[float]]], Decision]] = []
    results: dict[str, Any] = {"resumes": {s: sum(r.source == s for r in resumes) for s in SOURCES}}

    def by_rules(header: Header, n: int, m: int) -> int | str | None:
        if header.rule_company is None:
            return None
        return header.rule_part if header.rule_part is not None else "outside"

    results["headers, the rules' employer"] = outcomes(headers, by_rules)
    for name, (model, stacked) in MODELS.items():
        probabilities = out_of_fold(headers, fold, options.folds, model, stacked)

        def by_model(
            header: Header, n: int, m: int, p: list[list[list[float]]] = probabilities
        ) -> int | str | None:
            allowed = [k for k, text in enumerate(header.texts) if not _same(text, header.rule_title)]
            best = max(allowed, key=lambda k: p[n][m][k], default=None)
            return best if best is not None and p[n][m][best] >= options.threshold else None

        results[f"headers, {name} everywhere"] = outcomes(headers, by_model)
        runs += [(f"{name}, {variant}", probabilities, rule) for variant, rule in variants(options.threshold)]
    blank = [[[0.0] * len(h.texts) for h in hs] for hs in headers]
    runs.append(("oracle, everywhere", blank, oracle(True)))
    runs.append(("oracle, hybrid", blank, oracle(False)))
    for name, probabilities, rule in runs:
        systems[name] = rescored(resumes, headers, probabilities, rule)
    results["dev_7, blind (aggregate only; models trained on every resume above)"] = blind_check(
        headers, options
    )
    results["dev_renamed (out of fold; employers renamed as the benchmark draws them)"] = renamed_check(
        resumes, headers, fold, options
    )
    results["folds"] = {"folds": options.folds, "seed": options.seed, "threshold": options.threshold}
    results["fold sizes"] = {str(k): fold.count(k) for k in range(options.folds)}
    table: dict[str, dict[str, float]] = {}
    for name, counts in systems.items():
        table[name] = {s: round(f1(counts[[r.source == s for r in resumes]]), 4) for s in SOURCES}
        table[name]["pooled"] = round(f1(counts), 4)
    results["companies F1"] = table
    results["companies F1 per fold"] = {
        str(k): {
            name: round(f1(counts[[f == k for f in fold]]), 4)
            for name, counts in systems.items()
            if not name.startswith("logistic, stacked")
        }
        for k in range(options.folds)
    }
    draw = np.random.default_rng(options.seed)
    samples = [draw.integers(0, len(resumes), len(resumes)) for _ in range(options.bootstrap)]
    results["pooled difference from the rules (95 % by resume bootstrap)"] = {
        name: [
            round(f1(counts) - f1(systems["rules"]), 4),
            [
                round(float(v), 4)
                for v in np.percentile(
                    [f1(counts[s]) - f1(systems["rules"][s]) for s in samples], [2.5, 97.5]
                )
            ],
        ]
        for name, counts in systems.items()
        if name != "rules"
    }
    for source in SOURCES:
        members = np.array([n for n, r in enumerate(resumes) if r.source == source])
        rules = systems["rules"][members]
        picks = [members[draw.integers(0, len(members), len(members))] for _ in range(options.bootstrap)]
        results[f"difference from the rules, {source} (95 % by resume bootstrap)"] = {
            name: [
                round(f1(counts[members]) - f1(rules), 4),
                [
                    round(float(v), 4)
                    for v in np.percentile(
                        [f1(counts[s]) - f1(systems["rules"][s]) for s in picks], [2.5, 97.5]
                    )
                ],
            ]
            for name, counts in systems.items()
            if name != "rules"
        }
    x = np.array([f for hs in headers for h in hs for f in h.features])
    y = np.array([v for hs in headers for h in hs for v in h.labels], dtype=float)
    full = Logistic().fit(x[:, :-1], y)
    results["logistic weights (all resumes)"] = dict(
        zip(("bias", *FEATURES[:-1]), (round(float(w), 3) for w in full.weights), strict=True)
    )
    results["header parts"] = {"parts": len(y), "matching a gold employer": int(y.sum())}
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(results, indent=1))
    if options.out:
        options.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
