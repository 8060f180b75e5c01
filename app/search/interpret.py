"""Natural-language searches turned into structured ones: by Claude when a key is set, by rules otherwise."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from app.errors import Unprocessable
from app.parsing.skills import canonical_skill, find_skills, tokenize
from app.parsing.vocabulary import title_heads
from app.search.schemas import MAX_EXPERIENCE_YEARS, MAX_LIST_ITEMS, SearchRequest, SearchType
from app.settings import Settings

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic

log = logging.getLogger(__name__)

# Seniority words and the experience range they mean to a recruiter.
SENIORITY_YEARS: dict[str, tuple[float | None, float | None]] = {
    "intern": (None, 1),
    "junior": (None, 3),
    "entry": (None, 2),
    "mid": (3, 7),
    "senior": (5, None),
    "lead": (7, None),
    "staff": (8, None),
    "principal": (10, None),
}
# A number of years as written: a whole number or a decimal ("2.5 years"), never the tail of a longer one.
_NUMBER = r"(?<![\d.])(\d+(?:\.\d+)?)"
_UNIT = r"\s*(?:years?|yrs?)\b"
_YEARS_PLUS = re.compile(_NUMBER + r"\s*\+" + _UNIT, re.I)
_YEARS_RANGE = re.compile(r"(?:\bbetween\s+)?" + _NUMBER + r"\s*(?:-|–|to|and)\s*" + _NUMBER + _UNIT, re.I)
_YEARS_AT_LEAST = re.compile(r"(?:at least|min(?:imum)?|over|more than)\s*" + _NUMBER + _UNIT, re.I)
_YEARS_AT_MOST = re.compile(r"(?:at most|max(?:imum)?|under|less than|up to)\s*" + _NUMBER + _UNIT, re.I)
_YEARS_PLAIN = re.compile(_NUMBER + _UNIT, re.I)
# "at Siemens", "@ Zalando", "at Google or Amazon": employers, each a capitalised name of up to three words.
_NAME = r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2}"
_COMPANIES = re.compile(rf"(?:\bat|@)\s*({_NAME}(?:\s*(?:,|/|\bor\b|\band\b)\s*{_NAME})*)")
_COMPANY_SEPARATOR = re.compile(r"\s*(?:,|/|\bor\b|\band\b)\s*")
# "in Berlin", "based in New York", "located in San Francisco, CA"
_LOCATION = re.compile(r"\b(?:in|from|based in|located in|near)\s+([A-Z][\w.'-]*(?:[ ,]+[A-Z][\w.'-]*){0,3})")
# Words of a request that only frame it ("find me someone with ... for our team"): not searched for.
_FILLER = frozenset(
    """
    a an the and or with without who has have having knows know knowing in at from for of on to by as
    based located near experience experienced exp years year yrs yr plus more than least most over under
    minimum maximum min max up find me us our we need needs want wanted looking candidate candidates
    someone somebody people person profiles profile resumes resume cvs cv any some good strong skills
    skill level can able please show list like similar call contact email phone
    """.split()
)
# Contact details are never search text (and must not reach the search log as such).
_CONTACT = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\+?\d[\d\s().-]{6,}\d")
_WORD = re.compile(r"[\w+#./-]+")


def interpret_rules(text: str, limit: int) -> SearchRequest:
    """Employers, skills from the catalogue, years and seniority, a location, and the rest as free text."""
    # "at Google or Amazon" names employers (any job's), not skills, nor words to search for.
    companies: list[str] = []
    if m := _COMPANIES.search(text):
        companies = list(dict.fromkeys(filter(None, _COMPANY_SEPARATOR.split(m.group(1)))))
        text = text[: m.start()] + " " + text[m.end() :]
    # Phrases the catalogue knows, then single words it knows by any alias ("excel", "go"): in a
    # recruiter's request every word is meant, unlike in resume prose.
    skills = list(dict.fromkeys([*find_skills(text), *filter(None, map(canonical_skill, tokenize(text)))]))
    low: float | None = None
    high: float | None = None
    if m := _YEARS_RANGE.search(text):
        low, high = float(m.group(1)), float(m.group(2))
    elif m := (_YEARS_PLUS.search(text) or _YEARS_AT_LEAST.search(text)):
        low = float(m.group(1))
    elif m := _YEARS_AT_MOST.search(text):
        high = float(m.group(1))
    elif m := _YEARS_PLAIN.search(text):
        low = float(m.group(1))
    if low is None and high is None:
        for word, (lo, hi) in SENIORITY_YEARS.items():
            if re.search(rf"\b{word}\b", text, re.I):
                low, high = lo, hi
                break
    if low is not None and high is not None and low > high:
        low, high = high, low
    for years in (low, high):
        if years is not None and years > MAX_EXPERIENCE_YEARS:
            problem = f"asks for {years:,.15g} years of experience; at most {MAX_EXPERIENCE_YEARS}"
            raise Unprocessable(f"the query {problem}", details=[{"field": "query", "problem": problem}])
    locations = []
    rest = text
    if m := _LOCATION.search(text):
        place = m.group(1).strip(" ,")
        if place.lower() not in {s.lower() for s in skills}:
            locations.append(place)
            rest = text[: m.start()] + " " + text[m.end() :]
    return SearchRequest(
        query=_unmapped_text(rest, skills) or None,
        skills=skills[:30],
        skills_mode="any",
        min_experience_years=low,
        max_experience_years=high,
        locations=locations,
        companies=companies[:MAX_LIST_ITEMS],
        search_type=SearchType.SKILLS_MATCH,
        limit=limit,
    )


def _unmapped_text(text: str, skills: list[str]) -> str:
    """The words no structured field took: "senior platform engineer with k8s" -> "platform engineer".

    Skills, the place, seniority and years have fields of their own; framing words are dropped. What
    is left (role words and their qualifiers) is searched as text, so "platform engineer" is not
    reduced to "engineer".
    """
    for pattern in (_CONTACT, _YEARS_RANGE, _YEARS_PLUS, _YEARS_AT_LEAST, _YEARS_AT_MOST, _YEARS_PLAIN):
        text = pattern.sub(" ", text)
    # A role that is also a skill's name ("Chef") stays text: it is what the recruiter asked for.
    roles = title_heads()
    skill_phrases = {s.lower() for s in skills}
    # Remove the catalogue's own phrases first ("machine learning"), then words it knows alone.
    for phrase in sorted(find_skills(text), key=len, reverse=True):
        if phrase.lower() in roles:
            continue
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", text, flags=re.IGNORECASE)
    kept = []
    for word in _WORD.findall(text):
        bare = word.strip(".,/-")
        lowered = bare.lower()
        if (
            not bare
            or lowered in _FILLER
            or lowered in SENIORITY_YEARS
            or (lowered in skill_phrases and lowered not in roles)
        ):
            continue
        if (canonical_skill(bare) is not None and lowered not in roles) or any(c.isdigit() for c in bare):
            continue
        kept.append(lowered)
    return " ".join(dict.fromkeys(kept))


# The structured search as a tool, so Claude answers with arguments we validate, not prose.
SEARCH_TOOL = {
    "name": "structured_candidate_search",
    "description": "Run a structured candidate search built from the recruiter's request.",
    "input_schema": {
        "type": "object",
        "properties": {
            "query": {"type": "string", "description": "free text: role words not covered by other fields"},
            "skills": {
                "type": "array",
                "items": {"type": "string"},
                "description": "skills, canonical names",
            },
            "skills_mode": {"type": "string", "enum": ["all", "any"]},
            "min_experience_years": {"type": "number"},
            "max_experience_years": {"type": "number"},
            "locations": {"type": "array", "items": {"type": "string"}},
            "titles": {"type": "array", "items": {"type": "string"}},
            "companies": {"type": "array", "items": {"type": "string"}},
        },
    },
}


async def interpret_with_claude(
    client: AsyncAnthropic, settings: Settings, text: str, limit: int
) -> SearchRequest:
    message = await client.messages.create(  # type: ignore[call-overload]
        model=settings.anthropic_model,
        max_tokens=1024,
        tools=[SEARCH_TOOL],
        tool_choice={"type": "tool", "name": SEARCH_TOOL["name"]},
        messages=[{"role": "user", "content": f"Recruiter's request: {text}"}],
    )
    for block in message.content:
        if block.type == "tool_use":
            arguments: dict[str, Any] = dict(block.input) if isinstance(block.input, dict) else {}
            allowed = set(SEARCH_TOOL["input_schema"]["properties"])  # type: ignore[index]
            return SearchRequest.model_validate(
                {k: v for k, v in arguments.items() if k in allowed} | {"limit": limit}
            )
    raise ValueError("Claude gave no tool call")


async def interpret(
    text: str, limit: int, settings: Settings, client: AsyncAnthropic | None
) -> tuple[SearchRequest, Literal["claude", "rule_based"]]:
    """Claude's reading when available and valid, else the rules' (a Claude failure is not the user's)."""
    if client is not None:
        # A client exists only when a key is set, so the SDK is imported then and not before.
        from anthropic import APIError

        try:
            return await interpret_with_claude(client, settings, text, limit), "claude"
        except (APIError, ValidationError, ValueError) as error:
            log.warning("smart search fell back to rules: %s", type(error).__name__)
    return interpret_rules(text, limit), "rule_based"
