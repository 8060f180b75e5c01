"""How far two golds of the same resumes agree, and the parser's score against each (issue 16).

``dev_second_gold.json`` annotates 16 dev resumes of the completed gold a second time, blind, the way
dev-3 and dev-4 were annotated (from the text only); ``heldout_second_gold.json`` does the same for 30
held-out resumes (the held-out audit, s16-audit), and ``heldout_adjudicated_gold.json`` settles each of
their disagreements by guideline version 1. This compares the golds on those resumes with the
benchmark's own matching (``accuracy.score_completed``'s: distinct employers by company key and titles per
resume, one-to-one fuzzy matches): each gold scored against the other, job counts, and the parser scored
against each. Only the chosen split's resumes are read; a key of the other split stops the run.

Run: ``python -m benchmarks.parsing.gold_agreement [--split held_out] [--values] [--no-parser]``
(``--values`` prints the values one gold has and the other lacks, resume by resume; ``--no-parser`` stops
before the parser runs). ``--bootstrap`` prints instead how far the parser's F1 on a sample of
109 resumes (the held-out split's size) moves when the resumes of dev, dev-3 and dev-4 are drawn again with
replacement: the sampling noise a split of that size carries, from development resumes only. ``--sample``
prints the held-out audit's draw (s16-audit): the held-out keys to annotate a second time, in order.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from app.parsing.rule_based import RuleBasedResumeParser
from app.parsing.shared_data import shared_data_dir
from benchmarks.parsing.accuracy import (
    COMPLETE_LABEL_FIELDS,
    COMPLETED_GOLD,
    DEV3_GOLD,
    DEV4_GOLD,
    Accuracy,
    Score,
    _employer_key,
    completed_jobs,
    completed_jobs_of,
    load_completed_gold,
    load_dataturks,
    load_dev3,
    matched_values,
    normalise,
    resume_key,
    score_completed,
    split_of,
)

SECOND_GOLD = Path(__file__).with_name("dev_second_gold.json")
# The held-out audit (s16-audit): 30 held-out resumes annotated a second time, and the two golds adjudicated
# against guideline version 1, each disagreement settled for the annotation the guideline supports.
HELD_OUT_SECOND_GOLD = Path(__file__).with_name("heldout_second_gold.json")
HELD_OUT_ADJUDICATED_GOLD = Path(__file__).with_name("heldout_adjudicated_gold.json")
# The held-out audit's draw (s16-audit), fixed before any held-out text was read: 30 of the held-out keys,
# sorted, drawn with random.Random(16).sample; annotated in the draw's order, so fewer means its first ones.
HELD_OUT_SAMPLE_SEED = 16
HELD_OUT_SAMPLE_SIZE = 30


Golds = dict[str, list[dict[str, Any]]]  # resume key -> every job of that resume, offsets into its text


def field_values(field_name: str, texts: list[str]) -> set[str]:
    """A resume's distinct values of one field as the benchmark compares them (company key, normalised)."""
    key = _employer_key if field_name == "companies" else normalise
    return {key(text) for text in texts} - {""}


def agreement(reference: set[str], other: set[str]) -> Score:
    """One resume's ``other`` values scored against ``reference`` (precision over ``other``, recall over
    ``reference``) with the benchmark's one-to-one fuzzy matching; swapping the two swaps P and R."""
    return Score(
        true_positives=len(matched_values(other, reference)),
        predicted=len(other),
        gold=len(reference),
        resumes=1,
    )


def compare(
    texts: dict[str, str], first: dict[str, list[dict[str, Any]]], second: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Per field, ``second`` scored against ``first`` over the keys of ``second``; job counts of both."""
    scores = {name: Score() for name in COMPLETE_LABEL_FIELDS}
    counts = ("first", "second", "resumes with equal job counts", "second's jobs with the same spans")
    jobs = dict.fromkeys(counts, 0)
    for key, jobs_second in second.items():
        jobs_first = first[key]
        jobs["first"] += len(jobs_first)
        jobs["second"] += len(jobs_second)
        jobs["resumes with equal job counts"] += len(jobs_first) == len(jobs_second)
        spans_first = [(job.get("company"), job.get("title")) for job in jobs_first]
        for job in jobs_second:
            pair = (job.get("company"), job.get("title"))
            if pair in spans_first:
                spans_first.remove(pair)
                jobs["second's jobs with the same spans"] += 1
        values_first = completed_jobs(texts[key], jobs_first)
        values_second = completed_jobs(texts[key], jobs_second)
        for index, name in enumerate(COMPLETE_LABEL_FIELDS):
            scores[name].add(
                agreement(field_values(name, values_first[index]), field_values(name, values_second[index]))
            )
    return {"scores": scores, "jobs": jobs}


def bootstrap_f1(resumes: list[Score], size: int, draws: int, seed: int = 16) -> list[float]:
    """F1 of ``draws`` samples of ``size`` resumes drawn with replacement from one field's per-resume counts,
    sorted: resumes are resampled whole, as a split's resumes come whole."""
    rng = random.Random(seed)
    values = []
    for _ in range(draws):
        total = Score()
        for resume in rng.choices(resumes, k=size):
            total.add(resume)
        values.append(total.f1)
    return sorted(values)


def print_bootstrap(root: Path, size: int = 109, draws: int = 2000) -> None:
    """The parser's F1 per development split and the 2.5-97.5 % range of ``bootstrap_f1`` at ``size``."""
    rule_based = RuleBasedResumeParser()
    completed = load_completed_gold(COMPLETED_GOLD)
    golds: dict[str, list[tuple[str, tuple[list[str], list[str]]]]] = {"dev": [], "dev_3": [], "dev_4": []}
    seen: set[str] = set()
    for row in load_dataturks(root):
        key = resume_key(row["content"])
        if key in completed and key not in seen and split_of(row["content"]) == "dev":
            seen.add(key)
            golds["dev"].append((row["content"], completed_jobs(row["content"], completed[key])))
    for split, path in (("dev_3", DEV3_GOLD), ("dev_4", DEV4_GOLD)):
        golds[split] = [(text, completed_jobs_of(jobs)) for _, text, jobs in load_dev3(path, split=split)]
    per_resume: dict[str, dict[str, list[Score]]] = {}
    for split, resumes in golds.items():
        per_resume[split] = {name: [] for name in COMPLETE_LABEL_FIELDS}
        for text, gold in resumes:
            accuracy = Accuracy()
            score_completed(rule_based.parse(text), gold, accuracy, 0)
            for name in COMPLETE_LABEL_FIELDS:
                per_resume[split][name].append(accuracy.completed_gold[name])
    per_resume["dev_3+dev_4"] = {
        name: per_resume["dev_3"][name] + per_resume["dev_4"][name] for name in COMPLETE_LABEL_FIELDS
    }
    for split, fields in per_resume.items():
        for name, resumes in fields.items():
            whole = Score()
            for resume in resumes:
                whole.add(resume)
            values = bootstrap_f1(resumes, size, draws)
            low, high = values[int(0.025 * draws)], values[int(0.975 * draws) - 1]
            print(
                f"{split} {name}: F1 {whole.f1:.3f} over {len(resumes)} resumes; {draws} samples of {size}: "
                f"2.5-97.5 % {low:.3f}-{high:.3f}, lowest {values[0]:.3f}"
            )


def held_out_sample(
    root: Path, size: int = HELD_OUT_SAMPLE_SIZE, seed: int = HELD_OUT_SAMPLE_SEED
) -> list[str]:
    """The held-out resumes to annotate a second time, in the order drawn: ``size`` of the distinct keys of
    the held-out split's DataTurks rows, sorted, drawn with ``random.Random(seed).sample``. Reads no gold."""
    keys = {
        resume_key(row["content"]) for row in load_dataturks(root) if split_of(row["content"]) == "held_out"
    }
    return random.Random(seed).sample(sorted(keys), size)


def load_second_gold(path: Path = SECOND_GOLD) -> dict[str, list[dict[str, Any]]]:
    """Resume key -> every job of the second annotation (the file's ``meta`` left out)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: jobs for key, jobs in data.items() if key != "meta"}


def split_texts(root: Path, keys: set[str], split: str) -> dict[str, str]:
    """The DataTurks texts of ``keys``; refuses any that is not in ``split``."""
    texts: dict[str, str] = {}
    for row in load_dataturks(root):
        key = resume_key(row["content"])
        if key in keys:
            if split_of(row["content"]) != split:
                raise SystemExit(f"{key} is not a {split} resume; this gold must hold {split} resumes only")
            texts.setdefault(key, row["content"])
    return texts


def dev_texts(root: Path, keys: set[str]) -> dict[str, str]:
    """The DataTurks texts of ``keys``; refuses any that is not in the dev split."""
    return split_texts(root, keys, "dev")


def print_agreement(label: str, texts: dict[str, str], first: Golds, second: Golds, values: bool) -> None:
    """``compare``'s job counts and per-field scores of ``second`` against ``first``; with ``values``, the
    resumes whose job counts differ and the values one gold has and the other lacks."""
    result = compare(texts, first, second)
    print(f"{label}: resumes {len(second)}; jobs: {result['jobs']}")
    for name, score in result["scores"].items():
        print(
            f"{label}, {name}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} "
            f"(distinct values: second {score.predicted}, first {score.gold}, matched {score.true_positives})"
        )
    if not values:
        return
    for key in sorted(second):
        if len(first[key]) != len(second[key]):
            print(f"  {key} jobs: first {len(first[key])}, second {len(second[key])}")
        for position, name in enumerate(COMPLETE_LABEL_FIELDS):
            values_first = field_values(name, completed_jobs(texts[key], first[key])[position])
            values_second = field_values(name, completed_jobs(texts[key], second[key])[position])
            only_second = sorted(values_second - matched_values(values_second, values_first))
            only_first = sorted(values_first - matched_values(values_first, values_second))
            if only_first or only_second:
                print(f"  {key} {name}: first only {only_first}; second only {only_second}")


def score_parser(texts: dict[str, str], golds: dict[str, Golds]) -> dict[str, Accuracy]:
    """The parser's companies and titles against each gold, over the resumes of ``texts``."""
    rule_based = RuleBasedResumeParser()
    by_gold = {label: Accuracy() for label in golds}
    for index, key in enumerate(sorted(texts)):
        parsed = rule_based.parse(texts[key])
        for label, gold in golds.items():
            score_completed(parsed, completed_jobs(texts[key], gold[key]), by_gold[label], index)
    return by_gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=shared_data_dir())
    parser.add_argument("--split", choices=("dev", "held_out"), default="dev", help="whose second gold")
    parser.add_argument("--values", action="store_true", help="print the values the two golds disagree on")
    parser.add_argument("--no-parser", action="store_true", help="compare the golds only; the parser not run")
    parser.add_argument("--bootstrap", action="store_true", help="the sampling noise of a 109-resume split")
    parser.add_argument("--sample", action="store_true", help="print the held-out audit's draw, in order")
    parser.add_argument("--leave-out", nargs="*", default=[], metavar="KEY", help="resume keys to leave out")
    args = parser.parse_args()
    if args.bootstrap:
        print_bootstrap(args.data_dir)
        return
    if args.sample:
        print("\n".join(held_out_sample(args.data_dir)))
        return
    path = SECOND_GOLD if args.split == "dev" else HELD_OUT_SECOND_GOLD
    second = {key: jobs for key, jobs in load_second_gold(path).items() if key not in args.leave_out}
    texts = split_texts(args.data_dir, set(second), args.split)
    completed = load_completed_gold(COMPLETED_GOLD)
    first = {key: completed[key] for key in second}  # the second gold's keys only: nothing else is read
    golds = {"completed gold": first, "second gold": second}
    if args.split == "held_out" and HELD_OUT_ADJUDICATED_GOLD.is_file():
        adjudicated = load_second_gold(HELD_OUT_ADJUDICATED_GOLD)
        golds["adjudicated gold"] = {key: adjudicated[key] for key in second}

    print_agreement("second gold against the completed gold", texts, first, second, args.values)
    for label, gold in golds.items():
        for side in ("company", "title"):
            named = sum(1 for jobs in gold.values() for job in jobs if job.get(side))
            print(f"{label}: jobs naming a {side}: {named}")
    if "adjudicated gold" in golds:
        for label in ("completed gold", "second gold"):
            print_agreement(
                f"{label} against the adjudicated gold", texts, golds["adjudicated gold"], golds[label], False
            )
    if args.no_parser:
        return
    for label, accuracy in score_parser(texts, golds).items():
        for name, score in accuracy.completed_gold.items():
            print(
                f"parser against the {label}, {name}: P {score.precision:.3f} R {score.recall:.3f} "
                f"F1 {score.f1:.3f} (gold {score.gold}, predicted {score.predicted}, "
                f"matched {score.true_positives})"
            )


if __name__ == "__main__":
    main()
