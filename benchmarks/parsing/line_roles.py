"""Issue 16, round 12: a learned role (title, employer or neither) for each part of a job header.

Every job header the parser reads in the development resumes (the completed gold's dev split, dev-2,
dev-3, dev-4 and the layout suite; never the held-out split) is cut into its parts as the parser cuts it
(``rule_based._parts``), and each part is labelled from that resume's gold: the employer when it names
one of the gold employers (``company_key``, word-set Jaccard >= 0.5), the title when it names a gold
title, else neither. A multinomial logistic regression (numpy, L2, Adam) over named binary features
(``part_features``: title vocabulary, legal forms, gazetteer, capitals, size, position, the parts beside
it, which role the rules gave it) is fitted on those parts. Its use in the parser: after the rules have
chosen a header's title and employer, the part the model finds more probable by ``margin`` replaces
the rules' pick, and a pick the model gives less than ``floor`` is dropped.

The model is not part of the parser (it did not help, benchmarks/README.md "Round 12"): this module
grafts the call into a copy of ``rule_based._job`` while it measures, so it also runs on an older
parser (a ``git archive`` copy) to score a batch that parser's rules were not tuned on.

    python -m benchmarks.parsing.line_roles                    # five folds by resume, out of fold
    python -m benchmarks.parsing.line_roles --train dev dev_2 layouts --test dev_3 dev_4   # a fresh batch
    python -m benchmarks.parsing.line_roles --oracle           # the ceiling: roles taken from the gold
    python -m benchmarks.parsing.line_roles --held-out         # held-out aggregates, rules and model
"""

from __future__ import annotations
import __future__

import argparse
import inspect
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.parsing import header_words, rule_based
from app.parsing.extract import extract_text
from app.parsing.shared_data import shared_data_dir
from benchmarks.parsing import accuracy
from tests import parsing_layouts as layouts

ROLES = ("title", "company", "other")
FOLDS = 5
MIN_COUNT = 2  # a feature seen fewer times in the training parts gets no weight
SPLITS = ("dev", "dev_2", "dev_3", "dev_4", "layouts")
# The line of ``rule_based._job`` after which the rules have chosen the header's title and employer.
GRAFT_AFTER = "        title = max(rest, key=lambda part: _is_named(part.text)).text if rest else None\n"

Part = tuple[list[str], str, str]  # a header part's features, its gold role, the role the rules gave it
Roles = Callable[[list[Any], list[str], int, str | None, str | None], tuple[str | None, str | None]]


@dataclass(frozen=True)
class RoleModel:
    """Weights per feature and role; how much surer than the rules the model must be to overrule them."""

    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    margin: float = 0.2  # the model's pick replaces the rules' when more probable by this much
    floor: float = 0.0  # the rules' pick is dropped when the model gives its role less than this

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """Role -> probability of one part, from its feature names (plain Python, as a parser would)."""
        scores = list(self.bias)
        for name in features:
            weights = self.weights.get(name)
            if weights is not None:
                scores = [score + weight for score, weight in zip(scores, weights, strict=True)]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        return {role: value / sum(exps) for role, value in zip(ROLES, exps, strict=True)}

    def with_thresholds(self, margin: float, floor: float) -> RoleModel:
        return RoleModel(self.weights, self.bias, margin, floor)


def _shape(text: str) -> str:
    """ "upper", "lower", "capitalised" or "mixed": how a part's words are written."""
    words = [word for word in text.split() if word[:1].isalpha()]
    if not words:
        return "none"
    if all(word.isupper() for word in words if len(word) > 1):
        return "upper"
    if all(word.islower() for word in words):
        return "lower"
    if all(word[0].isupper() or word in header_words._LOWER_IN_NAMES for word in words):
        return "capitalised"
    return "mixed"


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    return sum(value >= edge for edge in edges)


def _evidence(part: Any) -> list[str]:
    """What one part says about itself, as feature names."""
    text = part.text
    words = [word.lower().strip(".,()") for word in text.split()]
    features = [
        f"ts{_bucket(rule_based._title_score(text), (1, 5, 9, 13))}",
        f"cs{_bucket(rule_based._company_score(text), (1, 3, 5))}",
        f"words{min(len(words), 6)}",
        f"shape:{_shape(text)}",
    ]
    flags = {
        "legal": rule_based._has_legal_form(text),
        "place": part.place,
        "at": part.after_at,
        f"label:{part.label}": bool(part.label),
        "digit": any(character.isdigit() for character in text),
        "amp": "&" in text,
        "ends_title_word": rule_based._ends_on_title_word(text),
        "all_title_words": bool(words) and all(word in header_words._glue_vocabulary() for word in words),
        "named": rule_based._is_named(text),
    }
    return features + [name for name, on in flags.items() if on]


def part_features(
    parts: list[Any], index: int, header: list[str], anchor_line: int, title: str | None, company: str | None
) -> list[str]:
    """Feature names of ``parts[index]``: its own evidence, its place in the header, its neighbours'
    evidence, and which role the rules gave it."""
    part = parts[index]
    on_line = [other for other in parts if other.line == part.line]
    line = header[part.line].strip() if part.line < len(header) else ""
    words = [word.lower().strip(".,()") for word in part.text.split()]
    features = ["bias", *_evidence(part)]
    features += [f"line{max(-2, min(2, part.line - anchor_line))}", f"parts{min(len(parts), 5)}"]
    features += [f"on_line{min(len(on_line), 3)}", f"first_on_line:{on_line[0] is part}"]
    features += [f"last_on_line:{on_line[-1] is part}", f"index{min(index, 3)}"]
    features += [f"from_end{min(len(parts) - 1 - index, 3)}"]
    if rule_based._TRAILING_DASH.search(line):
        features.append("dash_line")  # Indeed's employer line
    if any(text.strip() in ("-", "–") for text in header):
        features.append("empty_employer_line")
    if words:
        features += [f"last:{words[-1]}", f"first:{words[0]}"]
    for side, neighbour in (
        ("prev", parts[index - 1] if index else None),
        ("next", parts[index + 1] if index + 1 < len(parts) else None),
    ):
        if neighbour is None:
            features.append(f"{side}:none")
        else:
            features += [f"{side}:{name}" for name in _evidence(neighbour)[:4]]
            features.append(f"{side}:{'same' if neighbour.line == part.line else 'other'}_line")
    features.append(
        f"rule:{'title' if part.text == title else 'company' if part.text == company else 'none'}"
    )
    others = [other for other in parts if other is not part]
    features.append(f"other_title:{any(rule_based._title_score(o.text) for o in others if not o.place)}")
    features.append(f"other_legal:{any(rule_based._has_legal_form(o.text) for o in others)}")
    return features


def revised_roles(
    model: RoleModel,
    parts: list[Any],
    header: list[str],
    anchor_line: int,
    title: str | None,
    company: str | None,
) -> tuple[str | None, str | None]:
    """The rules' title and employer, each replaced by the part the model finds more probable by its
    margin, or dropped when the model gives it less than its floor."""
    if not parts:
        return title, company
    chances = [
        model.probabilities(part_features(parts, index, header, anchor_line, title, company))
        for index in range(len(parts))
    ]
    chosen = {"title": title, "company": company}
    for role, other in (("company", "title"), ("title", "company")):
        picked = [
            chance[role] for part, chance in zip(parts, chances, strict=True) if part.text == chosen[role]
        ]
        current = max(picked, default=0.0)
        best, best_chance = max(zip(parts, chances, strict=True), key=lambda pair: pair[1][role])
        if best.text not in (chosen[role], chosen[other]) and best_chance[role] >= current + model.margin:
            chosen[role] = best.text
        elif picked and current < model.floor:
            chosen[role] = None
    return chosen["title"], chosen["company"]


@contextmanager
def grafted(roles: Roles | None) -> Iterator[None]:
    """The parser with ``roles(parts, header, anchor line, title, company)`` called where its rules have
    chosen a header's title and employer (None: the rules alone, the parser unchanged)."""
    if roles is None:
        yield
        return
    original = rule_based._job
    source = inspect.getsource(original)
    if source.count(GRAFT_AFTER) != 1:
        raise RuntimeError("rule_based._job no longer has the line the role model is grafted after")
    source = source.replace(
        GRAFT_AFTER,
        GRAFT_AFTER
        + "    title, company = _GRAFTED_ROLES(parts, header, len(entry.before), title, company)\n"
        + "    if location_part is not None and location_part.text in (title, company):\n"
        + "        location_part = None\n",
    )
    namespace = vars(rule_based)
    namespace["_GRAFTED_ROLES"] = roles
    flags = __future__.annotations.compiler_flag
    exec(compile(source, rule_based.__file__, "exec", flags=flags, dont_inherit=True), namespace)
    try:
        yield
    finally:
        namespace["_job"] = original
        del namespace["_GRAFTED_ROLES"]


def with_model(model: RoleModel | None) -> Roles | None:
    if model is None:
        return None
    return lambda parts, header, anchor_line, title, company: revised_roles(
        model, parts, header, anchor_line, title, company
    )


@dataclass
class Resume:
    """One development resume, its gold employers and titles, and the header parts the parser read."""

    split: str
    text: str
    companies: list[str]
    titles: list[str]
    layout: layouts.Layout | None = None
    parts: list[Part] = field(default_factory=list)


def development_resumes(root: Path) -> list[Resume]:
    """Every development resume with a gold of every job; a held-out DataTurks resume is skipped unread."""
    resumes: list[Resume] = []
    completed = accuracy.load_completed_gold()
    for row in accuracy.load_dataturks(root):
        jobs = completed.get(accuracy.resume_key(row["content"]))
        if jobs is not None and accuracy.split_of(row["content"]) == "dev":
            resumes.append(Resume("dev", row["content"], *accuracy.completed_jobs(row["content"], jobs)))
    for _, text, jobs in accuracy.load_dev2(root):
        resumes.append(Resume("dev_2", text, *accuracy.completed_jobs_of(jobs)))
    for split, path in (("dev_3", accuracy.DEV3_GOLD), ("dev_4", accuracy.DEV4_GOLD)):
        for _, text, jobs in accuracy.load_dev3(path, split=split):
            resumes.append(Resume(split, text, *accuracy.completed_jobs_of(jobs)))
    for layout in layouts.LAYOUTS:
        text = extract_text(layouts.render(layout)).text
        resumes.append(
            Resume("layouts", text, [j.company for j in layout.jobs], [j.title for j in layout.jobs], layout)
        )
    return resumes


def _similarity(value: str, gold: str) -> float:
    """1.0 for the same normalised text, else the word-set Jaccard (stop words left out)."""
    if accuracy.normalise(value) == accuracy.normalise(gold):
        return 1.0
    words = set(accuracy.normalise(value).split()) - accuracy._STOPWORDS
    gold_words = set(accuracy.normalise(gold).split()) - accuracy._STOPWORDS
    return len(words & gold_words) / len(words | gold_words) if words and gold_words else 0.0


def gold_role(text: str, companies: list[str], titles: list[str]) -> str:
    """The role a resume's gold gives a header part: the employer or title it names best (Jaccard >= 0.5)."""
    key = accuracy._employer_key(text)
    company = max((_similarity(key, accuracy._employer_key(gold)) for gold in companies), default=0.0)
    title = max((_similarity(text, gold) for gold in titles), default=0.0)
    if max(company, title) < 0.5:
        return "other"
    return "company" if company >= title else "title"


def collect_parts(resumes: list[Resume]) -> None:
    """Each resume's header parts as the rules read them: features, gold role, the rules' role."""
    current: list[Resume] = []

    def record(
        parts: list[Any], header: list[str], anchor_line: int, title: str | None, company: str | None
    ) -> tuple[str | None, str | None]:
        resume = current[0]
        for index, part in enumerate(parts):
            features = part_features(parts, index, header, anchor_line, title, company)
            rules = "title" if part.text == title else "company" if part.text == company else "other"
            resume.parts.append((features, gold_role(part.text, resume.companies, resume.titles), rules))
        return title, company

    parser = rule_based.RuleBasedResumeParser()
    with grafted(record):
        for resume in resumes:
            current[:] = [resume]
            parser.parse(resume.text)


def fit(parts: list[Part], l2: float = 1.0, steps: int = 400) -> RoleModel:
    """Multinomial logistic regression on binary features: full-batch Adam, L2 on the weights."""
    counts = Counter(name for features, _, _ in parts for name in set(features))
    names = sorted(name for name, count in counts.items() if count >= MIN_COUNT)
    column = {name: number for number, name in enumerate(names)}
    x = np.zeros((len(parts), len(names)))
    for row, (features, _, _) in enumerate(parts):
        x[row, [column[name] for name in features if name in column]] = 1.0
    y = np.zeros((len(parts), len(ROLES)))
    y[np.arange(len(parts)), [ROLES.index(role) for _, role, _ in parts]] = 1.0
    weights = np.zeros((len(names), len(ROLES)))
    bias = np.zeros(len(ROLES))
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, steps + 1):
        scores = x @ weights + bias
        chances = np.exp(scores - scores.max(axis=1, keepdims=True))
        chances /= chances.sum(axis=1, keepdims=True)
        error = (chances - y) / len(parts)
        gradient = x.T @ error + l2 * weights / len(parts)
        bias -= 0.1 * error.sum(axis=0)
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        weights -= 0.1 * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return RoleModel(
        {name: tuple(float(value) for value in weights[number]) for name, number in column.items()},
        tuple(float(value) for value in bias),
    )


def folds(resumes: list[Resume]) -> list[list[Resume]]:
    """Five folds of whole resumes, every split shuffled together with ``random.Random(16)``."""
    order = list(resumes)
    random.Random(16).shuffle(order)
    return [order[number::FOLDS] for number in range(FOLDS)]


@dataclass
class EndToEnd:
    """Companies and titles per split against the completed golds, and the layout suite's checks."""

    scores: dict[str, accuracy.Accuracy] = field(
        default_factory=lambda: {s: accuracy.Accuracy() for s in SPLITS}
    )
    layout_checks: list[int] = field(default_factory=lambda: [0, 0, 0])  # passed, checks, layouts fully right

    def add(self, resumes: list[Resume]) -> None:
        parser = rule_based.RuleBasedResumeParser()
        for index, resume in enumerate(resumes):
            parsed = parser.parse(resume.text)
            if resume.layout is not None:
                result = layouts.check(resume.layout, parsed)
                self.layout_checks = [
                    self.layout_checks[0] + result.passed,
                    self.layout_checks[1] + result.checks,
                    self.layout_checks[2] + result.ok,
                ]
            accuracy.score_completed(
                parsed, (resume.companies, resume.titles), self.scores[resume.split], index
            )

    def total(self, field_name: str, splits: Iterable[str] = SPLITS) -> accuracy.Score:
        total = accuracy.Score()
        for split in splits:
            total.add(self.scores[split].completed_gold[field_name])
        return total

    def line(self, name: str, splits: Iterable[str] = SPLITS) -> str:
        splits = [split for split in splits if any(self.total(f, [split]).resumes for f in ("companies",))]
        cells = []
        for field_name in ("companies", "titles"):
            per_split = " ".join(f"{self.total(field_name, [split]).f1:.3f}" for split in splits)
            cells.append(f"{field_name} {per_split} (pooled {self.total(field_name, splits).f1:.3f})")
        layout = f"  layouts {self.layout_checks[0]}/{self.layout_checks[1]}, {self.layout_checks[2]} right"
        return f"{name:14} " + "  ".join(cells) + (layout if self.layout_checks[1] else "")


def measure(resumes: list[Resume], model: RoleModel | None) -> EndToEnd:
    scores = EndToEnd()
    with grafted(with_model(model)):
        scores.add(resumes)
    return scores


def part_accuracy(parts: list[Part], model: RoleModel) -> tuple[int, int, int]:
    """(parts, how many the rules gave their gold role, how many the model's most probable role is)."""
    learned = 0
    for features, gold, _ in parts:
        chances = model.probabilities(features)
        learned += max(chances, key=chances.__getitem__) == gold
    return len(parts), sum(rule == gold for _, gold, rule in parts), learned


def out_of_fold(resumes: list[Resume], thresholds: list[tuple[float, float]], l2: float) -> None:
    groups = folds(resumes)
    rules = measure(resumes, None)
    learned = {pair: EndToEnd() for pair in thresholds}
    print(
        "| fold | resumes | parts | rules' role right | model's role right "
        "| rules F1 co / ti | model F1 co / ti |"
    )
    print("|---|---|---|---|---|---|---|")
    for number, test in enumerate(groups):
        train = [part for group in groups if group is not test for resume in group for part in resume.parts]
        model = fit(train, l2)
        total, by_rules, by_model = part_accuracy([part for resume in test for part in resume.parts], model)
        fold_rules = measure(test, None)
        fold_model = measure(test, model.with_thresholds(*thresholds[0]))
        for pair, scores in learned.items():
            with grafted(with_model(model.with_thresholds(*pair))):
                scores.add(test)
        print(
            f"| {number + 1} | {len(test)} | {total} | {by_rules / total:.3f} | {by_model / total:.3f} | "
            f"{fold_rules.total('companies').f1:.3f} / {fold_rules.total('titles').f1:.3f} | "
            f"{fold_model.total('companies').f1:.3f} / {fold_model.total('titles').f1:.3f} |"
        )
    print(f"\nout of fold, F1 per split ({', '.join(SPLITS)}); the folds' model F1 above at {thresholds[0]}")
    print(rules.line("rules"))
    for (margin, floor), scores in learned.items():
        print(scores.line(f"m {margin} f {floor}"))


def fresh_batch(
    resumes: list[Resume], train: list[str], test: list[str], thresholds: list[tuple[float, float]], l2: float
) -> None:
    """Fit on the ``train`` splits, score on the ``test`` splits, against the rules alone."""
    model = fit([part for resume in resumes if resume.split in train for part in resume.parts], l2)
    tested = [resume for resume in resumes if resume.split in test]
    total, by_rules, by_model = part_accuracy([part for resume in tested for part in resume.parts], model)
    print(
        f"fit on {train}, scored on {test}: {total} parts, "
        f"rules' role right {by_rules / total:.3f}, model's {by_model / total:.3f}"
    )
    print(measure(tested, None).line("rules", test))
    for pair in thresholds:
        print(measure(tested, model.with_thresholds(*pair)).line(f"m {pair[0]} f {pair[1]}", test))


def oracle(resumes: list[Resume], drop: bool) -> EndToEnd:
    """The parser with each header's roles taken from the gold where a part names a gold employer or
    title, and with ``drop`` the rules' pick dropped where it names neither: the most any choice among
    these parts can give. An upper bound read from the gold, never a model."""
    current: list[Resume] = []

    def from_gold(
        parts: list[Any], header: list[str], anchor_line: int, title: str | None, company: str | None
    ) -> tuple[str | None, str | None]:
        roles = [gold_role(part.text, current[0].companies, current[0].titles) for part in parts]
        chosen = {"title": title, "company": company}
        for role in ("title", "company"):
            named = [part.text for part, gold in zip(parts, roles, strict=True) if gold == role]
            wrong = [part.text for part, gold in zip(parts, roles, strict=True) if gold == "other"]
            if named:
                chosen[role] = named[0]
            elif drop and chosen[role] in wrong:
                chosen[role] = None
        return chosen["title"], chosen["company"]

    scores = EndToEnd()
    with grafted(from_gold):
        for resume in resumes:
            current[:] = [resume]
            scores.add([resume])
    return scores


def print_oracle(resumes: list[Resume]) -> None:
    for name, scores in (
        ("rules", measure(resumes, None)),
        ("oracle", oracle(resumes, drop=False)),
        ("oracle + drop", oracle(resumes, drop=True)),
    ):
        print(scores.line(name))
        for field_name in ("companies", "titles"):
            for splits in (("dev", "dev_2"), ("dev_3", "dev_4")):
                t = scores.total(field_name, splits)
                print(
                    f"    {field_name} {' + '.join(splits)}: "
                    f"P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f} "
                    f"(gold {t.gold}, parsed {t.predicted}, right {t.true_positives})"
                )


def held_out(root: Path, resumes: list[Resume], thresholds: tuple[float, float], l2: float) -> None:
    """Held-out aggregates only (companies and titles against the completed gold, start month against the
    labels), for the rules and for the model fitted on every development resume. Prints no resume."""
    model = fit([part for resume in resumes for part in resume.parts], l2).with_thresholds(*thresholds)
    for name, variant in (("rules (main)", None), (f"model m {thresholds[0]} f {thresholds[1]}", model)):
        with grafted(with_model(variant)):
            split = accuracy.run(root)["held_out"]
        cells = [
            f"{field_name} P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}"
            for field_name, score in split.completed_gold.items()
        ]
        start = split.scores["start_dates"]
        print(f"{name:18} held-out " + "; ".join(cells) + f"; start month R {start.recall:.3f}")


def parse_cost(resumes: list[Resume], model: RoleModel, passes: int = 3) -> None:
    """CPU per development text, best of ``passes``, the rules alone and with the model."""
    parser = rule_based.RuleBasedResumeParser()
    for name, variant in (("rules", None), ("model", model), ("rules", None), ("model", model)):
        best = math.inf
        with grafted(with_model(variant)):
            for _ in range(passes):
                started = time.process_time()
                for resume in resumes:
                    parser.parse(resume.text)
                best = min(best, time.process_time() - started)
        print(f"parse CPU, {name}: {1000 * best / len(resumes):.2f} ms a resume ({len(resumes)} texts)")


def main() -> None:
    arguments = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    arguments.add_argument("--margins", type=float, nargs="*", default=[0.2, 0.4, 1.1])
    arguments.add_argument("--floors", type=float, nargs="*", default=[0.0, 0.05, 0.1, 0.2])
    arguments.add_argument("--l2", type=float, default=1.0)
    arguments.add_argument("--without-rules", action="store_true", help="no feature for the rules' choice")
    arguments.add_argument("--train", nargs="*", choices=SPLITS, help="fit on these splits only, then ...")
    arguments.add_argument("--test", nargs="*", choices=SPLITS, help="... score these (a batch not tuned on)")
    arguments.add_argument(
        "--oracle", action="store_true", help="the ceiling: roles from the gold (no model)"
    )
    arguments.add_argument("--held-out", action="store_true", help="held-out aggregates, rules and model")
    arguments.add_argument("--cost", action="store_true", help="parse CPU with and without the model")
    args = arguments.parse_args()
    root = shared_data_dir()
    resumes = development_resumes(root)
    collect_parts(resumes)
    if args.without_rules:
        for resume in resumes:
            resume.parts = [
                ([f for f in feats if not f.startswith("rule:")], gold, rule)
                for feats, gold, rule in resume.parts
            ]
    print(
        f"{len(resumes)} development resumes ("
        + ", ".join(f"{split} {sum(r.split == split for r in resumes)}" for split in SPLITS)
        + f"), {sum(len(r.parts) for r in resumes)} header parts: "
        + ", ".join(
            f"{role} {count}" for role, count in Counter(p[1] for r in resumes for p in r.parts).items()
        )
    )
    thresholds = [(margin, floor) for margin in args.margins for floor in args.floors]
    if args.oracle:
        print_oracle(resumes)
    elif args.held_out:
        held_out(root, resumes, thresholds[0], args.l2)
    elif args.cost:
        parse_cost(
            resumes, fit([p for r in resumes for p in r.parts], args.l2).with_thresholds(*thresholds[0])
        )
    elif args.train and args.test:
        fresh_batch(resumes, args.train, args.test, thresholds, args.l2)
    else:
        out_of_fold(resumes, thresholds, args.l2)


if __name__ == "__main__":
    main()
