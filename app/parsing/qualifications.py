"""Education, skills, certifications, languages and the summary of a resume, from their sections.

Part of the offline parser (`app.parsing.rule_based`).
"""

from __future__ import annotations

import re
from datetime import date

from app.parsing import sections as sec
from app.parsing.dates import find_ranges
from app.parsing.header_parts import (
    _YEARS,
    _clean,
)
from app.parsing.header_words import (
    _tidy,
)
from app.parsing.models import Education
from app.parsing.skills import find_skill_mentions

_DEGREE = re.compile(
    r"(?<![\w.])(?:"
    r"bachelor(?:'?s)?(?:\s+of\s+[A-Za-z]+(?:\s+(?!in\b|from\b|at\b|with\b|and\b)[A-Za-z]+){0,2}?)?"
    r"|master(?:'?s)?(?:\s+of\s+[A-Za-z]+(?:\s+(?!in\b|from\b|at\b|with\b|and\b)[A-Za-z]+){0,2}?)?"
    r"|associate(?:'?s)?\s+(?:of|in|degree)(?:\s+\w+){0,2}|doctor(?:ate)?\s+of(?:\s+\w+){1,2}"
    r"|ph\.?\s?d\.?|m\.?\s?b\.?\s?a\.?|b\.?\s?tech\.?|m\.?\s?tech\.?|b\.?\s?e\.?(?=\s|$|\()|m\.?\s?e\.?(?=\s|$|\()"
    r"|b\.?\s?sc\.?|m\.?\s?sc\.?|b\.?\s?com\.?|m\.?\s?com\.?|b\.?\s?c\.?\s?a\.?|m\.?\s?c\.?\s?a\.?"
    r"|b\.?\s?b\.?\s?a\.?|b\.?\s?a\.?(?=\s|$|\(|,)|m\.?\s?a\.?(?=\s|$|\(|,)|b\.?\s?s\.?(?=\s|$|\(|,)|m\.?\s?s\.?(?=\s|$|\(|,)"
    r"|pgdm|pgdba|pgdca|llb|ll\.b|llm|mbbs|b\.?\s?pharm|m\.?\s?pharm|b\.?\s?ed|m\.?\s?ed|diploma|high\s+school(?:\s+diploma)?"
    r"|ged|hsc|ssc|s\.s\.c|h\.s\.c|intermediate|secondary\s+school|senior\s+secondary|higher\s+secondary"
    r"|class\s+(?:x|xii|10|12)(?:th)?|(?:10|12)th|a\s?levels?|o\s?levels?|certificate\s+(?:in|of)"
    r")(?![\w])",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    # "Universität", "Università", "Université", "Universidad" and "Hochschule" as "University".
    r"\b(?:university|universit\w+|universidad|hochschule|college|institute|institution|school|academy|polytechnic|iit|nit|iim"
    r"|vidyalaya|vidyapeeth|vidyapith|vidyapitha|bidyapitha|bidyapith|mahavidyalaya|board"
    # School boards by their initials: "C.H.S.E", "CBSE", "ICSE", "H.S.C", "S.S.C".
    r"|c\.?b\.?s\.?e|i\.?c\.?s\.?e|c\.?h\.?s\.?e|h\.?s\.?c|s\.?s\.?c)\b",
    re.IGNORECASE,
)
# Institution lines split on dashes, bars and column gaps only: "University of Texas at Austin" stays whole.
_INSTITUTION_SPLIT = re.compile(r"\s+[-–—|•·]+\s*|\s*[|•·]\s*|\s{2,}|\s*\t\s*")
_SKILL_LABEL = re.compile(
    r"^(?:technical\s+skills?|skills?|languages?|programming\s+languages?|tools?|technologies|frameworks?"
    r"|databases?|operating\s+systems?|os|software|web\s+technologies|ide'?s?|platforms?|libraries"
    r"|scripting(?:\s+languages?)?|cloud|devops|methodologies|testing\s+tools|version\s+control|servers?"
    r"|big\s+data|packages|environment|expertise|proficient\s+in|familiar\s+with|knowledge\s+of"
    r"|technical\s+proficiency|core\s+competencies|skill\s+set|key\s+skills)\s*[:\-–]",
    re.IGNORECASE,
)
_HUMAN_LANGUAGES = set(
    """
    english hindi spanish french german italian portuguese russian chinese mandarin cantonese japanese
    korean arabic bengali bangla urdu punjabi marathi tamil telugu kannada malayalam gujarati odia oriya
    assamese nepali sinhala sanskrit konkani tulu persian farsi turkish dutch swedish norwegian danish
    finnish polish czech slovak hungarian romanian bulgarian greek hebrew thai vietnamese indonesian
    malay tagalog filipino swahili amharic yoruba igbo hausa zulu afrikaans ukrainian serbian croatian
    bosnian slovenian albanian lithuanian latvian estonian icelandic irish welsh catalan basque galician
    haitian creole latin khmer lao burmese mongolian kazakh uzbek pashto dari kurdish somali
    """.split()
)


# --- education ------------------------------------------------------------------------------------


def _degree_lines(lines: list[str]) -> list[str]:
    """Without an education heading: only lines that name a degree outright."""
    return [
        line
        for line in lines
        if _DEGREE.search(line)
        and len(line) < 150
        and re.search(r"bachelor|master|b\.?tech|mba|ph\.?d|m\.?tech|diploma", line, re.I)
    ]


def _education(lines: list[str]) -> list[Education]:
    lines = [_clean(line) for line in lines if line.strip()]
    starts = [index for index, line in enumerate(lines) if _DEGREE.search(line) and len(line) < 200]
    entries: list[Education] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else min(len(lines), start + 4)
        block = lines[start:end]
        previous_end = starts[number - 1] + 1 if number else 0
        if start - 1 >= previous_end + (1 if number else 0):
            # "Saraswati College of Engineering" above its degree, when that line is nobody else's.
            block = [lines[start - 1], *block]
        line = lines[start]
        match = _DEGREE.search(line)
        if match is None:
            continue
        ranges = [found for text in block for found in find_ranges(text)]
        years = [int(year) for text in block for year in _YEARS.findall(text)]
        start_date = ranges[0].start if ranges else None
        end_date = ranges[0].end if ranges else None
        graduation = end_date.year if end_date else (max(years) if years else None)
        if graduation and not 1950 <= graduation <= date.today().year + 7:
            graduation = None
        entries.append(
            Education(
                institution=_institution(block, line),
                degree=_tidy(match.group().strip()),
                field=_field_of_study(line[match.end() :]),
                start_date=start_date,
                end_date=end_date,
                graduation_year=graduation,
            )
        )
    return entries[:20]


def _field_of_study(rest: str) -> str | None:
    rest = re.split(r"\s{2,}|\s+[-–|]\s+|,\s|\s+from\s+|\s+at\s+|\(\d|\d{4}", rest)[0]
    rest = re.sub(r"^\s*(?:\(|:|-|–|in\b|of\b|degree\b)+\s*", "", rest, flags=re.IGNORECASE).strip(" .,:;()")
    if not rest or len(rest) > 80 or _INSTITUTION.search(rest):
        return None
    return rest


def _institution(block: list[str], degree_line: str) -> str | None:
    """The first institution named near the degree; a comma parts it only when nothing else does, so
    "University of Texas, Austin" stays whole and "B.Sc. Informatics, University of Hamburg, 2015" still
    names its university."""
    for by_comma in (False, True):
        for line in [degree_line, *block]:
            for part in _INSTITUTION_SPLIT.split(line):
                for fragment in _comma_parts(part) if by_comma else [part]:
                    fragment = re.sub(r"[\s,]+(?:19|20)\d\d.*$", "", fragment).strip(" ,;:-–")
                    if _INSTITUTION.search(fragment) and not _DEGREE.match(fragment) and len(fragment) < 120:
                        return _tidy(fragment)
    return None


def _comma_parts(text: str) -> list[str]:
    """A line's comma-separated parts that could name an institution: a graduation year before the name
    ("1985 The University of Alabama") dropped, and a part that starts in lower case (a sentence of
    duties that mentions a college) left out."""
    parts = (re.sub(r"^(?:(?:19|20)\d\d\s+)+", "", part.strip()) for part in re.split(r",\s+", text))
    return [part for part in parts if part[:1].isupper()]


# --- skills, certifications, languages, summary ---------------------------------------------------


# Indeed's note of how long a skill was used ("Java (Less than 1 year)", "SQL (10+ years)"): no skill in it
# ("Less" is the CSS language).
_USED_FOR = re.compile(r"\(\s*(?:less\s+than\s+)?\d+\+?\s*years?\s*\)", re.IGNORECASE)


def _skills(text: str, sections: list[sec.Section]) -> list[str]:
    """Skills-section mentions first (everyday-word skills count there), then well-attested prose mentions."""
    listed: list[str] = []
    listed_text: list[str] = []
    for section in sections:
        if section.kind in (sec.SKILLS, sec.LANGUAGES):
            listed_text.append(section.text)
        else:
            # "Tools: Jira, Git" inside any section is a skills list too.
            listed_text.extend(line for line in section.lines if _SKILL_LABEL.match(_clean(line)))
    listed_text = [_USED_FOR.sub(" ", chunk) for chunk in listed_text]
    listed = [name for name, _ in find_skill_mentions("\n".join(listed_text), skills_section=True)]
    prose = find_skill_mentions(_USED_FOR.sub(" ", text))
    # With a skills list, prose mentions only add skills the resume keeps coming back to (3+ times):
    # passing mentions stay searchable in the job descriptions but do not make the skills field
    # noisy (measured: F1 0.72 at 2 mentions, 0.77 at 3 on DataTurks). Without a list, prose is all
    # there is.
    threshold = 3 if listed else 1
    extra = [name for name, count in prose if count >= threshold and name not in listed]
    return (listed + extra)[:150]


def _certifications(lines: list[str]) -> list[str]:
    found: list[str] = []
    for line in lines:
        for part in re.split(r"\s{2,}|\s*[•|;]\s*", _clean(line)):
            part = part.strip(" ,.-–")
            if 3 <= len(part) <= 150 and re.search(r"[A-Za-z]{2}", part) and part not in found:
                found.append(part)
    return found[:30]


def _languages(lines: list[str], text: str) -> list[str]:
    """Spoken languages from a languages section, or from "fluent in"/"bilingual" phrases anywhere."""
    candidates = " ".join(lines)
    for match in re.finditer(
        r"(?:fluent|bilingual|proficient|native|speak|languages?\s*(?:known|spoken)?\s*:)[^.\n]{0,80}",
        text,
        re.I,
    ):
        candidates += " " + match.group()
    found: list[str] = []
    for word in re.findall(r"[A-Za-z]+", candidates):
        if word.lower() in _HUMAN_LANGUAGES and word.title() not in found:
            found.append(word.title())
    return found[:15]


def _summary(by_kind: dict[str, list[sec.Section]], header: list[str]) -> str | None:
    parts = [
        _clean(line) for section in by_kind.get(sec.SUMMARY, []) for line in section.lines if line.strip()
    ]
    if not parts:
        # An untitled paragraph under the contact block is a summary too.
        parts = [_clean(line) for line in header[2:] if len(line.split()) >= 12]
    summary = " ".join(parts).strip()
    return summary[:3000] or None
