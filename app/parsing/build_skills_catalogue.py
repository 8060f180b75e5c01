"""Build ``app/parsing/data/skills.json`` from the shared skill sources (``python -m`` this module).

Sources (see ``data/ATTRIBUTION.md``):

* Stack Overflow tags (popularity) and tag synonyms (aliases). Many synonyms are narrow -> broad
  ("jquery-ajax" -> "jquery", "jdk" -> "java"); only pairs that pass ``is_true_synonym`` are kept:
  spelling variants, versions, numeronyms (k8s), acronyms (aws) and abbreviations (js, postgres).
* O*NET technology examples (product names with display forms: "Microsoft Excel", "Apache Kafka").
* GitHub Linguist language names and aliases, filtered the same way (its "node" and "cake" are not).
* The skill-extractor vocabulary, as a filter ("is this tag a skill?") and for multi-word skills that
  job postings and resumes actually use.
* A hand-reviewed layer, ``data/skills_hand.toml`` (display names, extra aliases, words that need their
  exact case, everyday words that only count in a skills section, and skills the sources spell
  differently). Every skill it adds cites an O*NET record, a Stack Overflow tag or the number of job
  postings using it, and the build checks each citation; nothing comes from the evaluation queries.

Job postings and the resume CSV are read only for statistics (which spelling is usual, which words are
ordinary English, how many postings use a cited skill); no text from them is written out.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy

from app.parsing.shared_data import shared_data_dir
from app.parsing.skills import tokenize

OUTPUT = Path(__file__).resolve().parent / "data" / "skills.json"

# Popularity floors: a Stack Overflow tag with fewer questions is too niche for resume search.
MIN_TAG_QUESTIONS = 1_000
# An O*NET product used by fewer occupations is kept only when it is also a known skill word.
MIN_ONET_OCCUPATIONS = 3
# A multi-word vocabulary skill must appear in this many postings/resumes of the reference corpus.
MIN_PHRASE_DOCUMENTS = 3

# --- Hand-reviewed layer ---------------------------------------------------------------------------
# Data, not code: data/skills_hand.toml (each added skill cites its source; see the file's header).
HAND_LAYER = Path(__file__).resolve().parent / "data" / "skills_hand.toml"
# A skill cited by job postings alone must appear in at least this many of them.
MIN_CITING_POSTINGS = 3


def _load_hand_layer(path: Path = HAND_LAYER) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


_HAND = _load_hand_layer()
_WORDS: dict[str, list[str]] = _HAND["words"]
# Canonical skills the sources lack or spell differently, each with its citation.
EXTRA_SKILLS: dict[str, str] = _HAND["skills"]
DISPLAY: dict[str, str] = _HAND["display"]
EXTRA_ALIASES: dict[str, list[str]] = _HAND["aliases"]
EXACT_ALIASES: dict[str, list[str]] = _HAND["exact_aliases"]
EXACT_CASE: set[str] = set(_WORDS["exact_case"])
SECTION_ONLY: set[str] = set(_WORDS["section_only"])
DROP_TAGS: set[str] = set(_WORDS["drop_tags"])
BAD_ALIASES: set[str] = set(_WORDS["bad_aliases"])
SKILL_HEADS: set[str] = set(_WORDS["skill_heads"])
VENDORS: set[str] = set(_WORDS["vendors"])
MULTIWORD_VENDORS: tuple[str, ...] = tuple(_WORDS["multiword_vendors"])
NEVER_BARE: set[str] = set(_WORDS["never_bare"])
WORDLIKE_ACRONYMS: set[str] = set(_WORDS["wordlike_acronyms"])
ONET_SKIP: set[str] = set(_WORDS["onet_skip"])
CATEGORY_ACRONYMS: set[str] = set(_WORDS["category_acronyms"])
# Flags alone, set once every name is settled: where a term counts, never what a skill is called.
MATCH_EXACT: set[str] = set(_HAND["match_flags"]["exact"])
MATCH_SECTION_ONLY: set[str] = set(_HAND["match_flags"]["section_only"])

_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z0-9])[A-Z][A-Za-z0-9]{1,7}$")
_VERSION_SUFFIX = re.compile(r"[-.]?v?\d+(?:\.\d+)*(?:\.x)?$")
_SMALL_WORDS = {"and", "of", "for", "in", "on", "the", "to", "with", "a", "an", "or", "as", "at", "by"}


def key(term: str) -> str:
    """Identity of a term for merging: lower case, hyphens and underscores as spaces, tokenised."""
    return " ".join(token.lower() for token in tokenize(re.sub(r"(?<=\w)[-_](?=\w)", " ", term)))


def squash(term: str) -> str:
    """Letters and digits only, with # and ++ spelt out: "C-Sharp" == "c#", "cpp" == "c++"."""
    term = term.lower().replace("#", "sharp").replace("++", "pp")
    return re.sub(r"[^a-z0-9]", "", term)


def is_true_synonym(source: str, target: str) -> bool:
    """Whether a Stack Overflow-style pair names the same thing rather than a narrower one."""
    source, target = source.lower(), target.lower()
    s, t = squash(source), squash(target)
    if not s or not t or s == t:
        return bool(s) and s == t
    if re.fullmatch(re.escape(target) + _VERSION_SUFFIX.pattern, source):
        return True  # html5 -> html, python-3 -> python: the version is not a different skill
    if s in (t + "lang", t + "language", t + "js"):
        return True  # golang, r-language, reactjs
    numeronym = re.fullmatch(r"([a-z])(\d+)([a-z])", source)
    if numeronym and len(t) == int(numeronym.group(2)) + 2:
        return t[0] == numeronym.group(1) and t[-1] == numeronym.group(3)  # k8s, i18n
    words = [w for w in re.split(r"[-\s.]+", target) if w]
    if len(words) > 1 and len(source) >= 2 and source.isalnum():
        initials = "".join(w[0] for w in words)
        content = "".join(w[0] for w in words if w not in _SMALL_WORDS)
        if source in (initials, content):
            return True  # aws, gcp, ror
    single_word = target.isalnum()
    if (
        single_word
        and source.isalpha()
        and len(s) < len(t)
        and source[0] == t[0]
        and (len(s) >= 3 or s in {"js", "py"})
    ):
        remaining = iter(t)
        return all(char in remaining for char in s)  # js, postgres, py: letters in order
    return False


@dataclass
class Entry:
    """A canonical skill while the catalogue is assembled."""

    name: str
    aliases: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    section_only: set[str] = field(default_factory=set)
    priority: int = 0
    sources: set[str] = field(default_factory=set)


class Builder:
    """Canonical entries keyed by ``key(name)``, with every alias key pointing at its owner."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.owner: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []

    def find(self, term: str) -> str | None:
        """The canonical key that ``term`` (a name or an alias) belongs to."""
        k = key(term)
        return k if k in self.entries else self.owner.get(k)

    def add(self, name: str, aliases: Iterable[str] = (), *, source: str, priority: int = 0) -> str:
        """Add a skill, or merge it into the entry one of its forms already belongs to."""
        forms = [name, *aliases]
        target = next((found for found in map(self.find, forms) if found is not None), None)
        if target is None:
            target = key(name)
            self.entries[target] = Entry(name=name, priority=priority)
            self.owner[target] = target
        entry = self.entries[target]
        entry.sources.add(source)
        if priority > entry.priority:
            # A better-sourced display name: keep the old one as an alias.
            entry.aliases.add(entry.name)
            entry.name, entry.priority = name, priority
        for form in forms:
            self.add_alias(target, form)
        return target

    def add_alias(self, target: str, alias: str, *, reviewed: bool = False) -> None:
        """Attach an alias unless it is unsafe or names another skill (a reviewed alias merges that one)."""
        k = key(alias)
        if not k or k in BAD_ALIASES:
            return
        owner = self.owner.get(k)
        if owner is not None and owner != target:
            if reviewed:
                self.merge(owner, into=target)
            else:
                self.conflicts.append((alias, owner, target))
            return
        self.owner[k] = target
        if k != key(self.entries[target].name):
            self.entries[target].aliases.add(alias)

    def merge(self, other: str, *, into: str) -> None:
        """Fold entry ``other`` into entry ``into``: its name becomes an alias, its aliases move."""
        merged = self.entries.pop(other)
        entry = self.entries[into]
        entry.sources |= merged.sources
        entry.exact |= merged.exact
        entry.aliases |= {merged.name, *merged.aliases}
        for alias_key, owner in self.owner.items():
            if owner == other:
                self.owner[alias_key] = into


@dataclass
class Sources:
    """Everything read from the shared data directory."""

    tags: dict[str, int]
    synonyms: list[tuple[str, str]]
    vocabulary: set[str]
    linguist: list[dict[str, object]]
    onet: Counter[str]
    onet_hot: set[str]
    # Plain professional English (O*NET occupation descriptions): the yardstick for "everyday word".
    prose: list[str]
    # Job postings and resumes: which skills and spellings are in use.
    corpus: list[str]
    postings: list[str]
    # What a hand-layer citation may point at (see data/skills_hand.toml).
    citable: Citable


@dataclass
class Citable:
    """The records a hand-reviewed skill may cite, as keys (see ``key``)."""

    tags: set[str]
    tag_synonyms: set[str]
    onet_examples: dict[str, str]
    onet_commodities: dict[str, str]
    occupations: dict[str, str]
    alternate_titles: dict[str, set[str]]
    # Each job posting's title and description, as one padded key.
    postings: list[str]


def read_sources(root: Path) -> Sources:
    """Load the shared skill files and the reference corpus (postings, resume CSV, O*NET prose)."""
    skills = root / "skills"
    with (skills / "stackoverflow_tags.csv").open(encoding="utf-8") as handle:
        tags = {row["TagName"]: int(row["Count"] or 0) for row in csv.DictReader(handle)}
    with (skills / "stackoverflow_tag_synonyms.csv").open(encoding="utf-8") as handle:
        synonyms = [(row["SourceTagName"], row["TargetTagName"]) for row in csv.DictReader(handle)]
    vocabulary = set(json.loads((skills / "skill_vocabulary.json").read_text(encoding="utf-8")))
    linguist = json.loads((skills / "linguist_language_aliases.json").read_text(encoding="utf-8"))
    onet: Counter[str] = Counter()
    onet_hot: set[str] = set()
    with (skills / "onet" / "technology_skills.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            onet[row["Example"]] += 1
            if row["Hot Technology"] == "Y" or row["In Demand"] == "Y":
                onet_hot.add(row["Example"])
    with (skills / "onet" / "occupation_data.tsv").open(encoding="utf-8") as handle:
        occupations = list(csv.DictReader(handle, delimiter="\t"))
    prose = [row["Description"] for row in occupations]
    csv.field_size_limit(sys.maxsize)
    with (root / "jobs" / "glassdoor_data_science_jobs.csv").open(encoding="utf-8") as handle:
        posting_rows = list(csv.DictReader(handle))
    postings = [row["Job Description"] for row in posting_rows]
    with (root / "resumes" / "updated_resume_dataset.csv").open(encoding="utf-8") as handle:
        resumes = sorted({ftfy.fix_text(row["Resume"]) for row in csv.DictReader(handle)})
    return Sources(
        tags=tags,
        synonyms=synonyms,
        vocabulary=vocabulary,
        linguist=linguist,
        onet=onet,
        onet_hot=onet_hot,
        prose=prose,
        corpus=postings + resumes,
        postings=postings,
        citable=_read_citable(skills, tags, synonyms, occupations, posting_rows),
    )


def _read_citable(
    skills: Path,
    tags: dict[str, int],
    synonyms: list[tuple[str, str]],
    rows: list[dict[str, str]],
    postings: list[dict[str, str]],
) -> Citable:
    examples: dict[str, str] = {}
    commodities: dict[str, str] = {}
    with (skills / "onet" / "technology_skills.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            examples[row["Example"]] = key(row["Example"])
            commodities[row["Commodity Title"]] = key(row["Commodity Title"])
    titles: dict[str, set[str]] = {}
    with (skills / "onet" / "alternate_titles.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            titles.setdefault(row["O*NET-SOC Code"], set()).add(row["Alternate Title"])
    return Citable(
        tags=set(tags),
        tag_synonyms={source for source, _ in synonyms},
        onet_examples=examples,
        onet_commodities=commodities,
        occupations={row["O*NET-SOC Code"]: key(f"{row['Title']}. {row['Description']}") for row in rows},
        alternate_titles=titles,
        postings=[f" {key(row['Job Title'] + ' . ' + row['Job Description'])} " for row in postings],
    )


def _mentions(text: str, term: str) -> bool:
    """Whether ``term`` (a key) occurs in ``text`` (a key) as whole words."""
    return f" {term} " in f" {text} "


def citation_error(name: str, citation: str, citable: Citable) -> str | None:
    """Why a hand-layer citation does not hold for ``name`` (or one of its aliases), or None if it does."""
    kind, _, ref = citation.partition(":")
    terms = [key(term) for term in [name, *EXTRA_ALIASES.get(key(name), [])]]
    held: bool
    if kind == "stackoverflow":
        held = ref in citable.tags and key(ref) in terms
    elif kind == "stackoverflow-synonym":
        held = ref in citable.tag_synonyms and key(ref) in terms
    elif kind == "onet-technology":
        example = citable.onet_examples.get(ref)
        held = example is not None and any(
            example in (term, f"{term} software") or _mentions(example, term) for term in terms
        )
    elif kind == "onet-commodity":
        commodity = citable.onet_commodities.get(ref)
        held = commodity is not None and any(_mentions(commodity, term) for term in terms)
    elif kind == "onet-occupation":
        text = citable.occupations.get(ref)
        held = text is not None and any(_mentions(text, term) for term in terms)
    elif kind == "onet-title":
        code, _, title = ref.partition("/")
        held = title in citable.alternate_titles.get(code, set()) and any(
            _mentions(key(title), term) for term in terms
        )
    elif kind == "postings":
        using = [sum(1 for posting in citable.postings if _mentions(posting, term)) for term in terms]
        if not any(str(count) == ref and count >= MIN_CITING_POSTINGS for count in using):
            needed = f"at least {MIN_CITING_POSTINGS} needed"
            return f"{name!r}: cited by {ref} postings, used by {using} ({needed})"
        held = True
    else:
        return f"{name!r}: unknown citation kind {kind!r}"
    return None if held else f"{name!r}: {citation!r} does not name it"


class _CaseCounts:
    """Mid-sentence lower-case and capitalised occurrences of each token in some prose."""

    def __init__(self, prose: Iterable[str]) -> None:
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        for text in prose:
            text = re.sub(r"\S+://\S+|www\.\S+|\S+@\S+", " ", text)  # addresses are not words
            for sentence in re.split(r"[.!?:;\n•]\s*", text):
                for token in tokenize(sentence)[1:]:
                    if token.islower():
                        self.lower[token] += 1
                    elif token[:1].isupper():
                        self.capital[token.lower()] += 1

    def mostly_lower(self, word: str, minimum: int) -> bool:
        return self.lower[word] >= minimum and self.lower[word] >= self.capital[word]


class Usage:
    """Tells everyday English words from product names by how prose writes them.

    O*NET occupation descriptions are plain professional English: a word written there in lower
    case is ordinary. Job postings are bigger but write tools in lower case too ("pandas", "spark"),
    so they only count for words no skill source knows ("contribute", "cloud").
    """

    def __init__(self, english: Iterable[str], postings: Iterable[str], known: set[str]) -> None:
        self.english = _CaseCounts(english)
        self.postings = _CaseCounts(postings)
        self.known = known

    def is_word(self, term: str) -> bool:
        """Whether a single-word term is an everyday English word (too ambiguous to match in prose)."""
        folded = term.lower()
        if " " in folded:
            return False
        if self.english.mostly_lower(folded, 2):
            return True
        return folded not in self.known and self.postings.mostly_lower(folded, 3)


def surface_forms(corpus: Iterable[str], keys: set[str]) -> dict[str, Counter[str]]:
    """How each catalogue key is written in the corpus ("PostgreSQL" vs "postgresql")."""
    forms: dict[str, Counter[str]] = {}
    for text in corpus:
        tokens = tokenize(text)
        folded = [key(token) for token in tokens]
        for size in range(1, 4):
            for start in range(len(tokens) - size + 1):
                k = " ".join(folded[start : start + size])
                if k in keys:
                    forms.setdefault(k, Counter())[" ".join(tokens[start : start + size])] += 1
    return forms


def title_case(term: str) -> str:
    """A display form for a lower-case source name: "supply chain management" -> "Supply Chain Management"."""
    words = term.replace("-", " ").split()
    shown = []
    for index, word in enumerate(words):
        if index and word in _SMALL_WORDS:
            shown.append(word)
        elif word.isalpha() and (len(word) <= 3 or (len(word) == 4 and not re.search(r"[aeiouy]", word))):
            shown.append(word.upper())  # sql, css, php, xml, adb, dpi: short names are acronyms
        elif word.isalpha():
            shown.append(word[0].upper() + word[1:])
        else:
            shown.append(word)
    return " ".join(shown)


def _abbreviates(acronym: str, long_form: str) -> bool:
    """Whether the letters of ``acronym`` occur in order in ``long_form``, starting at its start."""
    letters = [char for char in acronym.lower() if char.isalpha()]
    text = long_form.lower()
    if not letters or not text or letters[0] != text[0]:
        return False
    remaining = iter(text)
    return all(char in remaining for char in letters)


def is_ordinary(term: str, usage: Usage) -> bool:
    """Whether a term is an everyday word by usage statistics or by the reviewed lists."""
    return usage.is_word(term) or term in EXACT_CASE or term in SECTION_ONLY or term.lower() in NEVER_BARE


def parse_onet(example: str, usage: Usage, hot: bool = False) -> tuple[str, set[str]] | None:
    """Display name and aliases of an O*NET product ("Microsoft Excel" -> "Microsoft Excel", {"Excel"})."""
    if example in ONET_SKIP:
        return None
    text = re.sub(r"\s*\([^)]*\)", "", example).strip()
    generic_suffix = text.endswith(" software")
    text = re.sub(r"\s+software$", "", text)
    words = text.split()
    if not words:
        return None
    vendor: list[str] = []
    for multi in MULTIWORD_VENDORS:
        if text.startswith(multi + " "):
            vendor = multi.split()
    if not vendor and words[0] in VENDORS and len(words) > 1:
        # A vendor is followed by a product name ("Intuit QuickBooks"); "General ledger" is not one.
        if any(word[:1].isupper() or any(char.isdigit() for char in word) for word in words[1:]):
            vendor = words[:1]
    rest = words[len(vendor) :]
    acronym = rest[-1] if len(rest) > 1 and _ACRONYM.match(rest[-1]) else None
    if (
        acronym
        and vendor
        and acronym.isupper()
        and not _abbreviates(acronym, " ".join(rest[:-1]))
        and _abbreviates(acronym, " ".join(words[:-1]))
    ):
        # "Amazon Web Services AWS", "Siemens Power Plant Automation SPPA": the acronym spells the vendor
        # too, so the vendor is part of the long form ("Sage Software Sage50" is a product, not an acronym).
        vendor, rest = [], words
    if acronym and not _abbreviates(acronym, " ".join(rest[:-1])):
        acronym = None  # "Power BI": BI is part of the name, not an acronym of it
    aliases = {text}
    if acronym and (usage.is_word(acronym) or acronym.lower() in WORDLIKE_ACRONYMS):
        # "Electronic Time Clock ETC", "Parameter Estimation PEST": the acronym is an everyday word.
        return " ".join([*vendor, *rest[:-1]]), {text}
    if acronym:
        long_form = " ".join(rest[:-1])
        aliases |= {long_form, acronym}
        if vendor:
            aliases |= {" ".join([*vendor, acronym]), " ".join([*vendor, long_form])}
        # "Amazon S3", "Amazon EC2", but plain "HTML", "J2EE", "SSIS".
        digits_short = len(acronym) <= 3 and re.search(r"\d", acronym)
        short = " ".join([*vendor, acronym]) if digits_short and vendor else acronym
        return short, aliases
    if generic_suffix and len(rest) > 1 and all(word.islower() for word in rest[1:]):
        return None  # "Time and attendance software": a category, not a product
    product = " ".join(rest)
    if (
        generic_suffix
        and not vendor
        and len(rest) == 1
        and not hot
        and not re.search(r"[A-Z0-9]", product[1:])
    ):
        return None  # "Email software", "Budgeting software": a category; "Procore software" is hot
    if not vendor and len(rest) > 1 and rest[0][0].isupper() and all(word.islower() for word in rest[1:]):
        return None  # "Bill of materials": a description
    if vendor == ["Microsoft"]:
        aliases.add("MS " + product)
    # Without its vendor an everyday word ("Word", "Project", "Database") would match everywhere,
    # and a bare category acronym ("SAP ERP" -> "ERP") names the category, not the product.
    if (
        not vendor
        or is_ordinary(product, usage)
        or len(product) <= 2
        or product in CATEGORY_ACRONYMS
        or product[0].isdigit()  # "Sage 100 Contractor" is not "100 Contractor"
    ):
        return text, aliases
    aliases.add(product)
    return product, aliases


def build(root: Path) -> tuple[list[dict[str, object]], dict[str, int], Builder]:
    """The catalogue entries plus statistics for the build log."""
    sources = read_sources(root)
    known = {term.lower() for term in sources.vocabulary} | set(sources.tags)
    known |= {str(language["name"]).lower() for language in sources.linguist}
    usage = Usage(sources.prose, sources.postings, known)
    builder = Builder()
    vocabulary_keys = {key(term) for term in sources.vocabulary}
    linguist_names = {key(str(language["name"])): str(language["name"]) for language in sources.linguist}

    def is_skill_word(term: str) -> bool:
        return key(term) in vocabulary_keys or key(term) in linguist_names

    # 1. Hand-reviewed skills first (each must cite a source): their display names win every later merge.
    errors = [
        error
        for name, citation in EXTRA_SKILLS.items()
        if (error := citation_error(name, citation, sources.citable)) is not None
    ]
    if errors:
        raise SystemExit("citations in data/skills_hand.toml that do not hold:\n  " + "\n  ".join(errors))
    for name in EXTRA_SKILLS:
        builder.add(name, source="manual", priority=3)
    for canonical, display in DISPLAY.items():
        found = builder.find(canonical)
        if found is not None:
            builder.entries[found].name = display
            builder.entries[found].priority = 3

    # 2. Linguist programming languages that Stack Overflow or the vocabulary know.
    for language in sources.linguist:
        name = str(language["name"])
        tag = name.lower().replace(" ", "-")
        # Short names ("J", "Nu", "Red") are only kept when Stack Overflow shows real use.
        popular = sources.tags.get(tag, 0) >= MIN_TAG_QUESTIONS
        if (
            language["type"] not in ("programming", "markup")
            or tag in DROP_TAGS
            or not (popular or (is_skill_word(name) and len(name) >= 4))
        ):
            continue
        raw_aliases = language.get("aliases")
        candidates = [str(alias) for alias in raw_aliases] if isinstance(raw_aliases, list) else []
        builder.add(
            name,
            [alias for alias in candidates if is_true_synonym(alias, name)],
            source="linguist",
            priority=2,
        )

    # 3. O*NET products: hot technologies, products several occupations use, or known skill words.
    for example, occupations in sources.onet.most_common():
        parsed = parse_onet(example, usage, hot=example in sources.onet_hot)
        if parsed is None:
            continue
        display, forms = parsed
        if (
            occupations < MIN_ONET_OCCUPATIONS
            and example not in sources.onet_hot
            and not any(is_skill_word(form) or builder.find(form) for form in (display, *forms))
        ):
            continue
        builder.add(display, sorted(forms), source="onet", priority=1)

    # 4. Popular Stack Overflow tags that the vocabulary (or another source) confirms are skills.
    for tag, questions in sorted(sources.tags.items(), key=lambda item: -item[1]):
        if questions < MIN_TAG_QUESTIONS or tag in DROP_TAGS:
            continue
        base = _VERSION_SUFFIX.sub("", tag)
        if base != tag and base in sources.tags:
            continue  # python-2.7, sql-server-2008: versions become aliases below
        if not (is_skill_word(tag) or builder.find(tag) is not None):
            continue
        builder.add(tag, source="stackoverflow")

    # 5. Stack Overflow synonyms that are true synonyms, plus version tags of kept skills.
    for source_tag, target_tag in sources.synonyms:
        target = builder.find(target_tag)
        if target is not None and is_true_synonym(source_tag, target_tag):
            builder.add_alias(target, source_tag)
    for tag in sources.tags:
        base = _VERSION_SUFFIX.sub("", tag)
        if base != tag and sources.tags[tag] >= MIN_TAG_QUESTIONS:
            target = builder.find(base)
            if target is not None and tag not in DROP_TAGS:
                builder.add_alias(target, tag)

    # 6. Multi-word vocabulary skills that the reference corpus uses and whose head names a skill.
    phrase_documents = _phrase_documents(sources.corpus, sources.vocabulary)
    for phrase, documents in sorted(phrase_documents.items()):
        if documents >= MIN_PHRASE_DOCUMENTS and builder.find(phrase) is None:
            builder.add(phrase, source="vocabulary")

    # 7. Hand-written aliases, then display names from usage, then ambiguity flags.
    for canonical, aliases in EXTRA_ALIASES.items():
        target = builder.find(canonical)
        if target is None:
            print(f"warning: EXTRA_ALIASES names unknown skill {canonical!r}", file=sys.stderr)
            continue
        for alias in aliases:
            builder.add_alias(target, alias, reviewed=True)
    for canonical, aliases in EXACT_ALIASES.items():
        target = builder.find(canonical)
        if target is not None:
            builder.entries[target].exact.update(aliases)
            builder.entries[target].aliases.update(aliases)
    spellings = surface_forms(sources.corpus, set(builder.entries))
    for k, entry in builder.entries.items():
        if entry.priority < 2 and entry.name.islower():
            # The spelling postings and resumes use most, if any is capitalised ("jQuery").
            written = [
                (count, form)
                for form, count in spellings.get(k, Counter()).items()
                if form[:1].isupper() or not form.split()[0].islower()  # "jQuery", not "process Automation"
            ]
            entry.name = max(written)[1] if written else title_case(entry.name)
    for canonical, display in DISPLAY.items():
        target = builder.find(canonical)
        if target is not None and builder.entries[target].name != display:
            entry = builder.entries[target]
            entry.aliases.add(entry.name)
            entry.name = display
    _merge_same_names(builder)
    _flag_ambiguity(builder, usage)
    _flag_product_words(builder)

    entries = sorted(builder.entries.values(), key=lambda entry: entry.name.lower())
    output: list[dict[str, object]] = []
    for entry in entries:
        item: dict[str, object] = {"name": entry.name}
        aliases = _distinct_aliases(entry)
        if aliases:
            item["aliases"] = aliases
        if entry.exact:
            item["exact"] = sorted(entry.exact)
        if entry.section_only:
            item["section_only"] = sorted(entry.section_only)
        output.append(item)
    stats = Counter(source for entry in entries for source in entry.sources)
    stats["skills"] = len(entries)
    stats["with_aliases"] = sum(1 for item in output if item.get("aliases"))
    stats["exact"] = sum(1 for item in output if item.get("exact"))
    stats["section_only"] = sum(1 for item in output if item.get("section_only"))
    return output, dict(stats), builder


def _distinct_aliases(entry: Entry) -> list[str]:
    """Aliases without versions and without case-only duplicates (those match alike anyway)."""
    chosen: dict[str, str] = {}
    for alias in sorted(entry.aliases):
        if alias == entry.name or _is_version_of(alias, entry):
            continue
        folded = alias if alias in entry.exact else alias.lower()
        if folded == entry.name.lower() and alias not in entry.exact:
            continue
        # Prefer the capitalised spelling ("Microsoft .NET Framework") for display in synonym lists.
        if folded not in chosen or (alias != folded and chosen[folded] == folded):
            chosen[folded] = alias
    return sorted(chosen.values(), key=str.lower)


def _merge_same_names(builder: Builder) -> None:
    """Entries that ended up with one display name (via DISPLAY) are one skill."""
    by_name: dict[str, str] = {}
    for k in list(builder.entries):
        name = builder.entries[k].name.lower()
        if name in by_name:
            builder.merge(k, into=by_name[name])
        else:
            by_name[name] = k


def _is_version_of(alias: str, entry: Entry) -> bool:
    """A versioned spelling ("python-3.x", "html5") the matcher already folds into its base skill."""
    base = _VERSION_SUFFIX.sub("", alias.lower())
    return base != alias.lower() and key(base) in {key(entry.name), *(key(a) for a in entry.aliases)}


def _phrase_documents(corpus: Iterable[str], vocabulary: set[str]) -> Counter[str]:
    """Document frequency of multi-word vocabulary skills whose last word is a skill head."""
    phrases = {}
    for term in vocabulary:
        k = key(term)
        words = k.split()
        if 2 <= len(words) <= 4 and words[-1] in SKILL_HEADS and words[0] not in _SMALL_WORDS:
            phrases[tuple(words)] = k
    documents: Counter[str] = Counter()
    for text in corpus:
        folded = key(text).split()
        seen = set()
        for size in range(2, 5):
            for start in range(len(folded) - size + 1):
                found = phrases.get(tuple(folded[start : start + size]))
                if found is not None:
                    seen.add(found)
        documents.update(seen)
    return documents


def _flag_ambiguity(builder: Builder, usage: Usage) -> None:
    """Mark exact-case and skills-section-only terms, by the reviewed lists and by English usage."""
    for entry in builder.entries.values():
        for term in list(entry.aliases):
            if term.lower() == entry.name.lower():
                entry.aliases.discard(term)  # the name matches case-insensitively already
        for term in [entry.name, *entry.aliases]:
            if term in EXACT_CASE or (len(term) <= 2 and term.isalpha()):
                # "Go" and "GO" in a skills list, never "go"; "VB" and "vb" alike are safe.
                entry.exact.update({term, term.upper()})
                entry.aliases.add(term.upper())
            if term in SECTION_ONLY or (" " not in term and usage.is_word(term) and term not in EXACT_CASE):
                entry.section_only.add(term)
        entry.aliases.discard(entry.name)
        entry.section_only.update(term for term in list(entry.section_only) if term.upper() in entry.aliases)
        entry.section_only.update(
            term.upper() for term in list(entry.section_only) if term.upper() in entry.aliases
        )


def _flag_product_words(builder: Builder) -> None:
    """Set the hand layer's [match_flags] on the terms they name; a term no skill has stops the build.

    Unlike ``exact_case`` and ``section_only`` in [words], which also tell ``parse_onet`` to keep a vendor
    in a name ("Cerner ProFile"), these only flag, so names, aliases and the search synonyms stay put.
    """
    flagged: set[str] = set()
    for entry in builder.entries.values():
        for term in (entry.name, *entry.aliases):
            if term in MATCH_EXACT:
                entry.exact.add(term)
                flagged.add(term)
            if term in MATCH_SECTION_ONLY:
                entry.section_only.add(term)
                flagged.add(term)
    unknown = sorted((MATCH_EXACT | MATCH_SECTION_ONLY) - flagged)
    if unknown:
        raise SystemExit(f"[match_flags] in data/skills_hand.toml name no catalogue term: {unknown}")


def main(argv: list[str] | None = None) -> int:
    """Build the catalogue and write it, printing what came from where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=shared_data_dir())
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--show-conflicts", action="store_true")
    args = parser.parse_args(argv)
    entries, stats, builder = build(args.data_dir)
    header = {
        "format": 1,
        "generated_by": "python -m app.parsing.build_skills_catalogue",
        "attribution": "see ATTRIBUTION.md next to this file",
    }
    # One skill per line, so a rebuild reviews as a readable diff.
    lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    body = json.dumps(header, ensure_ascii=False)[:-1] + ', "skills": [\n' + ",\n".join(lines) + "\n]}\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(body, encoding="utf-8")
    print(f"wrote {args.out}: {json.dumps(stats, sort_keys=True)}")
    if args.show_conflicts:
        for alias, owner, wanted in builder.conflicts:
            print(f"conflict: {alias!r} kept for {owner!r}, not {wanted!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
