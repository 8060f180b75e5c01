"""Occupations, their job titles and the technology skills that go with them, read from O*NET at run time.

The files stay in ../shared/data/skills/onet (never copied into the repository). Attribution: O*NET 29.2
Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under
the CC BY 4.0 license. Each product name is mapped to the project's skills catalogue
(`app.parsing.skills.canonical_skill`), so generated skills are named the way the parser and the search
analyzer name them; products the catalogue does not know (categories such as "Data entry software") are
left out.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.parsing.shared_data import shared_data_dir
from app.parsing.skills import canonical_skill

ATTRIBUTION = (
    "O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA). Used under the CC BY 4.0 license."
)
# An occupation needs this many catalogue skills to give candidates a believable skill set.
MIN_SKILLS = 6
# Job titles longer than this read like O*NET descriptions, not like a line on a resume.
MAX_TITLE_CHARS = 40
# Weight of a product O*NET flags as a hot technology, or as in demand, against a plain one.
HOT_WEIGHT = 3.0
IN_DEMAND_WEIGHT = 2.0

# The department a job of each SOC major group sits in (first two digits of the O*NET-SOC code).
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "11": ("Management", "Operations"),
    "13": ("Finance", "Accounting", "Human Resources", "Procurement"),
    "15": ("Engineering", "Information Technology", "Data"),
    "17": ("Engineering", "Research and Development"),
    "19": ("Research and Development", "Laboratory"),
    "21": ("Community Services",),
    "23": ("Legal",),
    "25": ("Education", "Training"),
    "27": ("Marketing", "Design", "Communications"),
    "29": ("Clinical Services", "Nursing"),
    "31": ("Patient Care",),
    "33": ("Security",),
    "35": ("Food Services",),
    "37": ("Facilities",),
    "39": ("Customer Service",),
    "41": ("Sales",),
    "43": ("Administration", "Customer Support"),
    "45": ("Agriculture",),
    "47": ("Construction",),
    "49": ("Maintenance",),
    "51": ("Production", "Manufacturing"),
    "53": ("Logistics",),
}
# How often people of each major group appear in a recruiter's database, relative to the rest: the
# system is used most for office, technical and sales roles.
GROUP_WEIGHTS = {"15": 4.0, "13": 2.0, "11": 2.0, "41": 2.0, "43": 2.0, "17": 1.5, "27": 1.5, "29": 1.5}


@dataclass
class Occupation:
    """One O*NET occupation with the titles and catalogue skills a candidate of it may have."""

    code: str
    title: str
    description: str
    titles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    skill_weights: list[float] = field(default_factory=list)

    @property
    def group(self) -> str:
        """SOC major group, e.g. "15" for computer and mathematical occupations."""
        return self.code[:2]

    @property
    def minor_group(self) -> str:
        """SOC minor group, e.g. "15-12": neighbouring occupations a career may pass through."""
        return self.code[:5]


def onet_dir() -> Path:
    return shared_data_dir() / "skills" / "onet"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def skill_name(example: str) -> str | None:
    """The catalogue name of an O*NET product, trying it as written and without a trailing "software"."""
    bare = re.sub(r"\s*\([^)]*\)", "", example).strip()
    words = re.sub(r"\s+software$", "", bare).split()
    # A trailing acronym is the name people write: where the catalogue's name for the product still ends
    # with it, the acronym's own skill wins.
    acronym = words[-1] if len(words) > 1 and words[-1].isupper() and len(words[-1]) >= 2 else None
    short = canonical_skill(acronym) if acronym else None
    for candidate in (example, bare, re.sub(r"\s+software$", "", bare)):
        found = canonical_skill(candidate)
        if found:
            return short if short and acronym and found.endswith(" " + acronym) else found
    return short


def singular(title: str) -> str:
    """ "Software Developers" -> "Software Developer"; "Nurse Practitioners" -> "Nurse Practitioner"."""
    words = title.split()
    if words and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _clean_title(title: str) -> str | None:
    title = re.sub(r"\s*\([^)]*\)", "", title).strip()
    # "CTP", "AUD": acronyms people search by their long form, not a title a resume leads with.
    if not title or len(title) > MAX_TITLE_CHARS or "," in title or title.isupper():
        return None
    return title


def load_occupations(directory: Path | None = None) -> list[Occupation]:
    """Occupations with at least MIN_SKILLS catalogue skills, in code order."""
    directory = directory or onet_dir()
    if not (directory / "occupation_data.tsv").exists():
        raise SystemExit(f"O*NET files not found under {directory} (set SHARED_DATA_DIR)")
    occupations = {
        row["O*NET-SOC Code"]: Occupation(row["O*NET-SOC Code"], row["Title"], row["Description"])
        for row in _rows(directory / "occupation_data.tsv")
    }
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    names: dict[str, str | None] = {}
    for row in _rows(directory / "technology_skills.tsv"):
        example = row["Example"]
        if example not in names:
            names[example] = skill_name(example)
        name = names[example]
        if name is None or row["O*NET-SOC Code"] not in occupations:
            continue
        weight = 1.0
        if row["Hot Technology"] == "Y":
            weight = HOT_WEIGHT
        if row["In Demand"] == "Y":
            weight = max(weight, IN_DEMAND_WEIGHT) if weight == 1.0 else weight + 1.0
        found = weights[row["O*NET-SOC Code"]]
        found[name] = max(found.get(name, 0.0), weight)
    for row in _rows(directory / "alternate_titles.tsv"):
        occupation = occupations.get(row["O*NET-SOC Code"])
        short = row["Short Title"] if row["Short Title"] != "n/a" else ""
        title = _clean_title(short or row["Alternate Title"])
        if occupation is not None and title and title not in occupation.titles:
            occupation.titles.append(title)
    chosen = []
    for code in sorted(occupations):
        occupation = occupations[code]
        skills = weights.get(code, {})
        if len(skills) < MIN_SKILLS or occupation.group not in DEPARTMENTS:
            continue
        ordered = sorted(skills)
        occupation.skills = ordered
        occupation.skill_weights = [skills[name] for name in ordered]
        # The occupation's own name, in the singular, comes first: generated careers use it most.
        plain = "," not in occupation.title and " and " not in occupation.title
        base = _clean_title(singular(occupation.title)) if plain else None
        if base:
            occupation.titles = [base, *(t for t in occupation.titles if t != base)]
        if occupation.titles:
            chosen.append(occupation)
    return chosen
