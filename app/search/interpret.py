"""Natural-language searches turned into structured ones: by Claude when a key is set, by rules otherwise."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time
import weakref
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.errors import Unprocessable, field_problem
from app.metrics import SEARCH_CACHE_OPERATIONS
from app.parsing import places
from app.parsing.model_output import ITEM_BREAK, ITEM_BREAK_OR_COMMA, cleaned, decoded, names
from app.parsing.skills import canonical_skill, find_request_skills, find_skills, tokenize
from app.parsing.vocabulary import role_words, title_heads, title_words
from app.search import seniority
from app.search.emails import split_emails
from app.search.places import city_names
from app.search.schemas import (
    MAX_EXPERIENCE_YEARS,
    MAX_LIST_ITEMS,
    MAX_QUERY_CHARS,
    MAX_SKILLS,
    MAX_TERM_CHARS,
    EducationLevel,
    SearchRequest,
    SearchType,
    SearchWarning,
)
from app.search.seniority import SENIORITY_YEARS
from app.search.specificity import fold
from app.settings import Settings

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic

log = logging.getLogger(__name__)

# A number of years as written: a whole number or a decimal ("2.5 years"), never the tail of a longer one.
_NUMBER = r"(?<![\d.])(\d+(?:\.\d+)?)"
# "5 years", "3-years' experience", "5 yrs", "5 YOE" (years of experience), "5y".
_UNIT = r"(?:(?:\s*|-)(?:years?|yrs?|yoe)|y)\b"
# "5+ years", "5 plus years", "5 years+", "15 years plus", "5 or more years", "5 years or more".
_YEARS_PLUS = re.compile(
    _NUMBER + rf"(?:\s*\+|\s+plus|\s+or\s+more){_UNIT}|{_NUMBER}{_UNIT}(?:\s*\+|\s+plus\b|\s+or\s+more\b)",
    re.I,
)
_YEARS_RANGE = re.compile(r"(?:\bbetween\s+)?" + _NUMBER + r"\s*(?:-|–|to|and)\s*" + _NUMBER + _UNIT, re.I)
# Not after "no" or "not": "no more than 5 years" is at most five.
_YEARS_AT_LEAST = re.compile(
    r"(?<!no )(?<!not )(?:at least|min(?:imum)?|over|more than)\s*" + _NUMBER + _UNIT, re.I
)
_YEARS_AT_MOST = re.compile(
    r"(?:(?:at most|max(?:imum)?|under|(?:less|fewer) than|up to|no more than|not more than)\s*"
    + _NUMBER
    + _UNIT
    + rf"|{_NUMBER}\s+or\s+(?:less|fewer){_UNIT}|{_NUMBER}{_UNIT}\s+or\s+(?:less|fewer)\b)",
    re.I,
)
_YEARS_PLAIN = re.compile(_NUMBER + _UNIT, re.I)
# Longest phrases first, so none is cut into a shorter one's match and a leftover.
_YEARS_PATTERNS = (_YEARS_RANGE, _YEARS_PLUS, _YEARS_AT_LEAST, _YEARS_AT_MOST, _YEARS_PLAIN)
# Numbers of years spelled out, as postings write them ("at least five years", "five (5) years"): read as
# digits.
_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_SPELLED = "|".join(_NUMBER_WORDS)
_SPELLED_YEARS = re.compile(
    rf"\b({_SPELLED})(?:\s*\(\d+\))?"
    # "three" of "between three and five years" too.
    rf"(?=(?:\s*(?:-|–|to|and)\s*(?:\d+|{_SPELLED})(?:\s*\(\d+\))?)?"
    r"(?:\s*\+|\s+plus|\s+or\s+(?:more|less|fewer))?" + _UNIT + r"|\s+(?:months?|mos)\b)",
    re.I,
)
# Months, as years ("6 months" -> 0.5, "3-6 months"): the unit, then each number before it.
_MONTHS = re.compile(r"(?<=\d)(\s*\+?\s*)(?:months?|mos)\b", re.I)
_MONTHS_NUMBER = re.compile(
    _NUMBER + r"(?=(?:\s*(?:-|–|to|and)\s*\d+(?:\.\d+)?)?\s*\+?\s*(?:months?|mos)\b)", re.I
)
# "at Siemens", "@ Zalando", "at Google or Amazon", "at Booz Allen Hamilton Inc.", "at The Buffalo Group",
# "at iRobot": employers, each up to six words that start with a capital or are written in camel case,
# joined by "&", "of", "the" or "for", with a legal form after a comma kept ("Metronome, LLC").
_NAME_WORD = r"(?:[A-Z][\w&.'’-]*|[a-z]+[A-Z][\w.'’-]*)"
_FORMS = r"(?:Inc|LLC|L\.L\.C|Ltd|GmbH|Corp|Co|PLC|LLP|AG|SE|S\.A|N\.V|B\.V)\.?(?!\w)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:&|of|the|for)\s+)?{_NAME_WORD}){{0,5}}(?:,?\s+{_FORMS})?"
# Also "from Google", "worked for Oracle", "ex-Google", "ex Google", "formerly with SAP" (`_employers`).
_COMPANIES = re.compile(
    # The lead in any case ("Worked At Google", "DATA SCIENTIST AT GOOGLE"), the name capitalised.
    r"(?:\b(?P<lead>(?i:at|from|work(?:s|ed|ing)?\s+for|formerly\s+(?:of|with)|ex))(?:\s+|(?<=[eE][xX])-)|@\s*)"
    # "at the Boston Consulting Group": the article is not the name's.
    r"(?:the\s+(?=[A-Z]))?"
    rf"(?P<names>{_NAME}(?:\s*(?:,|/|\bor\b|\band\b)\s*{_NAME})*)"
)
# Leads that name an employer whatever follows ("worked at google", "ex-microsoft engineer", "formerly with
# sap"), where an employer typed in lower case is read too (`_lower_employers`); a bare "at" or "from" is
# as often "good at excel", "data at rest" or "from scratch", and "work for", "works for" as often "work for
# stakeholders" (a posting's duties), so only "worked for" of those.
_EMPLOYER_LEAD = re.compile(
    r"\b(?:(?:work(?:s|ed|ing)\s+at|worked\s+for|formerly\s+(?:at|of|with)|previously\s+(?:at|with))\s+"
    r"|ex(?:-|\s+))",
    re.I,
)
_LOWER_NAME = re.compile(r"[a-z][a-z0-9&'’]*(?:-[a-z0-9]+)*(?![\w&])")
# Not a comma: "worked at google, python developer" goes on with the request.
_LOWER_JOINER = re.compile(r"\s*(?:/|\bor\b|\band\b)\s*")
# Words after such a lead that name no employer ("worked at startups", "worked for big banks").
_NOT_EMPLOYERS = frozenset(
    """
    startups startup banks hospitals clinics companies firms agencies consultancies enterprises schools
    universities big fortune faang various several multiple different leading major global local top
    pharma weekends nights client clients customer customers maang mamaa
    """.split()
) | {"big four", "big three", "big tech"}
# "coming from Java" is a career's path, not an employer.
_MOVED = re.compile(r"\b(?:coming|moving|switching|transitioning|migrating|converting)\s*$", re.I)
_COMPANY_SEPARATOR = re.compile(rf"\s*(?:,(?!\s*{_FORMS})|/|\b(?i:or|and)\b)\s*")
# "in Berlin", "based in New York", "located in San Francisco, CA"; not after a hyphen ("Drawer-in Helper"
# and "Backing-in Machine Tender" are O*NET titles). Not after "from" (a place the gazetteer knows is read
# there before): "consultant from Deloitte", "developers from Europe" filtered on a place nobody's location
# names and answered nobody; the name stays a word of the query, which ranks whoever's resume says it.
_LOCATION = re.compile(
    r"(?<![\w-])(?:in|based in|located in|near)\s+(?:the\s+)?([A-Z][\w.'-]*(?:[ ,]+[A-Z][\w.'-]*){0,3})"
)
# The same words before a place written in lower case ("in san francisco", "in the US"), read against the
# gazetteer.
_PLACE_LEAD = re.compile(r"(?<![\w-])(?:in|from|based in|located in|near)\s+(?:the\s+)?", re.I)
_LIST_WORD = re.compile(r"\b(?:or|and)\b", re.I)
# Between two places of a request ("Berlin or Munich", "Berlin/Munich", "in Germany or in Austria").
_PLACE_JOINER = re.compile(r"\s*(?:,\s*)?(?:\bor\b|\band\b|/|,)\s*(?:(?:in|near)\s+)?", re.I)
# A place the recruiter does not want ("not in Berlin", "outside London"): no filter, and not searched for.
_NEGATED_PLACE = re.compile(
    r"\b(?:not\s+(?:in|from|based\s+in)|outside(?:\s+of)?|excluding|except(?:\s+in)?)\s+", re.I
)
# What the recruiter does not want ("without Java", "no PhD", "not a manager", "but not java or c#"): the
# search cannot exclude, so the words are not searched for (nor read as a skill or a degree) either. Up to
# four words, through "or", to the next comma or word that starts another part of the request ("and",
# "in", "with"); not a bound of the years ("no more than 5 years") nor a place ("not in Berlin").
_NEGATION = re.compile(
    r"\b(?:but\s+)?(?P<negation>without|not|no|except|excluding)\s+"
    r"(?!(?:more|less|fewer|in|from|based|only|just)\b)"
    r"(?P<words>(?:(?!(?:and|in|at|with|from|who|based|located|near)\b)[\w+#./-]*[\w+#]\s*){1,4})",
    re.I,
)
# Also where the name before it was cut as a place or an employer ("in Boston’s hospitals").
_POSSESSIVE_S = re.compile(r"(?:(?<=[^\W\d_])|(?<!\S))['’]s\b")
# A name's possessive after it, typographic ("Amazon’s"; a straight one is a word's: "Amazon's").
_POSSESSIVE = re.compile(r"’s\b")
# The countries recruiters name by two letters ("in the us").
_COUNTRY_CODES = frozenset({"us", "uk"})
_PLACE_WORD = re.compile(r"[^\W\d_][\w.'-]*")
_NEXT_WORD = re.compile(r" *([^\W\d_][\w.'-]*)")
# City names that are words of a request too ("experience in care homes", "java developer perm").
_PLACE_STOPWORDS = frozenset(
    {"care", "home", "office", "field", "general", "industry", "training", "aurora", "perm"}
)
# Degrees as recruiters write them, highest first; an ambiguous word alone ("master" of a scrum master,
# "associate" of a sales associate, "diploma", "MS" of Microsoft or Mississippi) is not one: "MS", "BA" only
# before "in" or "degree" ("MS in statistics", "B.A. degree"). The apostrophe straight or typographic, as
# phones and word processors type it ("master’s").
_DEGREES = (
    (EducationLevel.DOCTORATE, re.compile(r"\b(?:ph\.?\s?d\.?|doctorate|doctoral degree)(?!\w)", re.I)),
    (
        EducationLevel.MASTER,
        re.compile(
            r"\b(?:master['’]?s(?:\s+degree)?|master\s+(?:degree|of)|m\.?sc|mba|m\.?tech"
            r"|m\.?[sa]\.?(?:\s+degree\b|(?=\s+in\b)))(?!\w)",
            re.I,
        ),
    ),
    (
        EducationLevel.BACHELOR,
        re.compile(
            r"\b(?:bachelor['’]?s?(?:\s+degree)?|b\.?sc|b\.?tech|undergraduate degree"
            r"|b\.?[sa]\.?(?:\s+degree\b|(?=\s+in\b)))(?!\w)",
            re.I,
        ),
    ),
    (EducationLevel.ASSOCIATE, re.compile(r"\bassociate['’]?s?\s+degree(?!\w)", re.I)),
    # "High school" names the degree only with a word that says so: "high school teacher" asks for teachers
    # (with a degree of their own), not for people whose degree is a high-school diploma.
    (
        EducationLevel.HIGH_SCHOOL,
        re.compile(r"\b(?:high\s+school\s+(?:diploma|graduate|degree|education)|ged)(?!\w)", re.I),
    ),
)
_ABBREVIATED = {"m": EducationLevel.MASTER, "b": EducationLevel.BACHELOR}
_ABBREVIATION = r"(?P<letters>[bm]\.?[sa]\.?)(?!\w)"
_ABBREVIATION_AFTER = re.compile(r"\s*(?:/|,|\bor\b|\band\b)\s*" + _ABBREVIATION, re.I)
_ABBREVIATION_BEFORE = re.compile(r"(?<!\w)" + _ABBREVIATION + r"\s*(?:/|,|\bor\b|\band\b)\s*$", re.I)
# Words of a request that only frame it ("find me someone with ... for our team", "urgently need a ...
# asap"): not searched for. Each let in, and ranked first, whoever's resume happens to hold it. Not "hiring"
# ("human resources generalist policies hiring" asks for it), nor "urgent" or "salary" (words of titles).
_FILLER = frozenset(
    """
    a an the and or with without who has have having knows know knowing in at from for of on to by as
    based located near experience experienced exp years year yrs yr plus more than least most over under
    minimum maximum min max up between since until during find me us our we need needs want wanted looking
    candidate candidates
    someone somebody people person profiles profile resumes resume cvs cv any some good strong skills
    skill level can able please show list like similar call contact email phone worked working works
    currently previously formerly but urgently asap immediately immediate vacancy vacancies openings
    """.split()
)
# In a request typed in capitals an employer's name runs on into the next words ("AT GOOGLE IN BERLIN"): it
# ends at the first framing word or role ("of" and "the" may be a name's: "BANK OF AMERICA").
_CAPITALS_NAME_END = _FILLER - {"of", "the", "and", "or"}
_NAME_WORDS = re.compile(r"[A-Z][\w&.'’-]*")
# Framing words as typed in lower case ("someone who can do ML", "show me all java developers", "w/ Python");
# in capitals they may name something ("DO" an osteopath, "IS" information systems, "ALL" a leukaemia).
_LOWER_FILLER = frozenset("w do does is are be also all i".split())
# The recruiter speaking first ("I need ...", "I'm looking for ..."), not a level as in "Data Analyst I".
_SPEAKER = re.compile(r"^\s*(?:I|I['’]m|I['’]d|We['’]re)\s+(?=[a-z])")
# Contact details are never search text (and must not reach the search log as such); a period of years
# ("2018-2020") is no phone number.
_CONTACT = re.compile(
    r"\S+@\S+|(?:https?://|www\.)\S+|(?!"
    + r"(?:19|20)\d\d\s*[-–]?\s*(?:19|20)\d\d(?!\s*[\d(.-])"
    + r")(?<!\d)\+?\d[\d\s().-]{6,}\d"
)
# A year of the calendar ("between 2018 and 2020", "since 2019"): no filter (the search has no dates),
# so the year stays a word of the query, shown as such, rather than vanishing without a word.
_CALENDAR_YEAR = re.compile(r"(?:19[5-9]\d|20[0-4]\d)")
_WORD = re.compile(r"[\w+#./-]+")


def interpret_rules(text: str, limit: int) -> SearchRequest:
    """Employers, skills from the catalogue, years and seniority, a location, and the rest as free text."""
    text = _SPELLED_YEARS.sub(lambda m: str(_NUMBER_WORDS[m.group(1).lower()]), text)
    text = _MONTHS_NUMBER.sub(lambda m: f"{float(m.group(1)) / 12:.2f}".rstrip("0").rstrip("."), text)
    text = _MONTHS.sub(r"\1 years", text)
    # What the search cannot do is left out, and said beside the request rather than dropped unseen.
    text, not_searched = _unwanted_employers(text)
    # "at Google or Amazon" names employers (any job's), not skills, nor words to search for.
    companies, text = _employers(text)

    def unwanted(m: re.Match[str]) -> str:
        kept = _unwanted(m)
        if kept != m.group():
            not_searched.append(_said(m.group()))
        return kept

    text = _NEGATION.sub(unwanted, text)
    # Places not wanted go first, then the place wanted, so no word of either is read as a skill ("SAN").
    while m := _NEGATED_PLACE.search(text):
        end = _place_end(text, m.end())
        if end is not None:
            not_searched.append(_said(text[m.start() : end]))
        end = end or m.end()
        text = text[: m.start()] + " " + text[end:]
    locations, text = _location(text)
    education, text = _degree(text)
    low, high = _years(text)
    # The years' words are no skill ("2 years or less" names no LESS).
    for pattern in _YEARS_PATTERNS:
        text = pattern.sub(" ", text)
    # Every word of a request is meant, unlike resume prose: single words by any alias ("excel", "go") too.
    # The skills' words stay in the query as well (`_unmapped_text`), so the skills rank and filter no one.
    skills = find_request_skills(text)
    # "sql developer" is a role with a skill, not the product SQL Developer.
    skills = list(dict.fromkeys(_role_skill(skill) or skill for skill in skills))
    # A skill's name as a word of a job title ("Ice Cream Shop Associate", "Spring Repairer", "Flask
    # Fitter", "Tax Manager") names the job, not the skill: only a word of the query, no skill of the request.
    in_titles = _skills_named_in_titles(text)
    skills = [skill for skill in skills if skill not in in_titles]
    # A skill named like a role ("Chef", "Illustrator", "Director") is the role when the request names no
    # other ("pastry chef" asks for chefs, not for the Chef tool); beside another role ("devops engineer
    # with chef") it is the skill. As the role it is only a word of the query.
    roles = title_heads()
    asked_roles = {word.lower() for word in _WORD.findall(text)} & roles - _RANKS
    skills = [skill for skill in skills if not (skill.lower() in roles and asked_roles <= {skill.lower()})]
    mentions = seniority.mentions(text)
    if low is None and high is None and mentions:
        # Several ranks ("junior to mid-level", "mid-senior", "senior or staff"): any of them.
        lows, highs = zip(*(SENIORITY_YEARS[word] for _, _, word in mentions), strict=True)
        low = None if None in lows else min(low for low in lows if low is not None)
        high = None if None in highs else max(high for high in highs if high is not None)
    # Seniority has its fields; a word that ranks nothing ("data entry clerk") stays search text.
    for start, end, _ in reversed(mentions):
        text = text[:start] + " " + text[end:]
    if low is not None and high is not None and low > high:
        low, high = high, low
    # A place or employer read longer than a request may name (a pasted sentence after "at" or "in") was a
    # 422 naming `locations.0`, a field the caller never sent: it stays words of the query instead.
    too_long = [name for name in (*companies, *locations) if len(name.strip()) > MAX_TERM_CHARS]
    companies = [name for name in companies if name not in too_long]
    locations = [name for name in locations if name not in too_long]
    text = " ".join([text, *too_long])
    # A request takes MAX_LIST_ITEMS places and employers and MAX_SKILLS skills: those past them were dropped
    # without a word ("in Berlin or ... or Tokyo" searched neither Sydney nor Tokyo), later said among what a
    # search cannot exclude. Each cap is said by its field; the skills stay words of the text.
    warnings = past_caps({"locations": locations, "companies": companies, "skills": skills}, set(skills))
    for years in (low, high):
        if years is not None and years > MAX_EXPERIENCE_YEARS:
            problem = f"asks for {years:,.15g} years of experience; at most {MAX_EXPERIENCE_YEARS}"
            raise Unprocessable(f"the query {problem}", details=field_problem("query", problem))
    return (
        SearchRequest(
            query=_unmapped_text(text) or None,
            skills=skills[:MAX_SKILLS],
            skills_mode="any",
            min_experience_years=low,
            max_experience_years=high,
            locations=locations[:MAX_LIST_ITEMS],
            companies=companies[:MAX_LIST_ITEMS],
            education_level=education,
            search_type=SearchType.SKILLS_MATCH,
            limit=limit,
        )
        .leaving_out(not_searched)
        .warning(warnings)
    )


# A request's lists with a cap, what their items are called, and the cap.
_CAPPED_LISTS = (
    ("locations", "places", MAX_LIST_ITEMS),
    ("companies", "employers", MAX_LIST_ITEMS),
    ("titles", "titles", MAX_LIST_ITEMS),
    ("skills", "skills", MAX_SKILLS),
)


def past_caps(lists: dict[str, list[str]], words: set[str]) -> list[SearchWarning]:
    """A warning for each list the sentence was read as that names more than a request takes, saying what was
    left out: the skills past the cap that are among `words` (words of the query) are searched as such."""
    warnings = []
    for field, noun, cap in _CAPPED_LISTS:
        named = lists.get(field, [])
        if len(named) <= cap:
            continue
        as_words = [name for name in named[cap:] if field == "skills" and name in words]
        left = [name for name in named[cap:] if name not in as_words]
        said = [f"{', '.join(as_words)} searched as words only, not as skills"] if as_words else []
        said += [f"{', '.join(left)} not searched"] if left else []
        problem = f"the sentence names {len(named)} {noun}; a search takes {cap}: {'; '.join(said)}"
        warnings.append(SearchWarning(field=field, problem=problem))
    return warnings


def _said(phrase: str) -> str:
    """A part of the request as the recruiter typed it, for saying it was left out ("but not java," ->
    "not java")."""
    return re.sub(r"^but\s+", "", " ".join(phrase.split()), flags=re.I).strip(" ,.;:")


def _degree(text: str) -> tuple[EducationLevel | None, str]:
    """The degree asked and the text without every degree it names: of several ("MS or PhD", "bachelor's or
    master's"), the lowest, which the request accepts (the filter asks for one level)."""
    named = {m.span(): level for level, pattern in _DEGREES for m in pattern.finditer(text)}
    # "MS or PhD", "BS/MS": two letters listed beside a degree are one too ("MS" alone may be Microsoft's).
    spans = list(named)
    for start, end in spans:
        beside = [_ABBREVIATION_AFTER.match(text, end), _ABBREVIATION_BEFORE.search(text, 0, start)]
        for m in filter(None, beside):
            if m.span("letters") not in named:
                named[m.span("letters")] = _ABBREVIATED[m["letters"][0].lower()]
                spans.append(m.span("letters"))
    for start, end in sorted(named, reverse=True):
        text = text[:start] + " " + text[end:]
    rank = [level for level, _ in _DEGREES]
    return max(named.values(), key=rank.index, default=None), text


# Before an employer's lead, the recruiter not wanting it: "not at Google", "never worked for Oracle", "but
# not from SAP", "not ex-Meta".
_NOT_BEFORE_EMPLOYER = re.compile(
    r"\b(?:but\s+)?(?:not|never|no\s+longer|excluding|except)\s+(?:(?:have|has|having)\s+)?(?:been\s+)?"
    r"(?:work(?:s|ed|ing)?\s+(?=at\b))?",
    re.I,
)


def _unwanted_employers(text: str) -> tuple[str, list[str]]:
    """The text without the employers it does not want, and those parts as typed. Their lead was read
    alone ("at Google"): "engineer not at Google" filtered on Google, the one employer not wanted."""
    phrases: list[str] = []
    at = 0
    while m := _NOT_BEFORE_EMPLOYER.search(text, at):
        company = _COMPANIES.match(text, m.end())
        lead = (company["lead"] or "").lower() if company else ""
        # After "from", a name only as `_employers` reads one there ("not from Europe" is a place's).
        if company is None or (lead == "from" and not _employer_after_from(company["names"])):
            at = m.end()
            continue
        phrases.append(_said(text[m.start() : company.end()]))
        text = text[: m.start()] + " " + text[company.end() :]
        at = m.start()
    return text, phrases


def _employer_after_from(names: str) -> bool:
    """Whether the names after "from" are employers: each a product's name ("Oracle") or with a legal form."""
    return all(
        canonical_skill(name) or re.search(_FORMS + "$", name)
        for name in _COMPANY_SEPARATOR.split(names)
        if name
    )


def _employers(text: str) -> tuple[list[str], str]:
    """The employers the request names and the text without them: after "at", "@", "worked for", "ex-",
    "formerly with", and after "from" when named like a product ("from Google", "from Oracle", read as
    skills before) or with a legal form ("from Globex GmbH"): other capitalised words after "from" are as
    often a region the gazetteer does not list ("from Europe", "from Bavaria", "from the Midwest")."""
    # Every word capitalised ("DATA SCIENTIST AT GOOGLE", "Engineer At Google With Python"): a name does
    # not end where the capitals do.
    capitals = all(word[:1].isupper() for word in _PLACE_WORD.findall(text))
    for m in _COMPANIES.finditer(text):
        names, end = m["names"], m.end()
        if capitals:
            for word in _NAME_WORDS.finditer(names):
                if word.group().lower() in _CAPITALS_NAME_END or word.group().lower() in title_heads():
                    names = names[: word.start()].rstrip(" ,/")
                    end = m.start("names") + len(names)
                    break
        named = [name for name in _COMPANY_SEPARATOR.split(names) if name]
        if not named:
            continue
        # "Attorney At Law", "Stay At Home Parent": after a lead typed capitalised, a word of job titles is
        # the title's ("at Home Depot" as typed names the employer).
        lead = m["lead"] or ""  # none for "@"
        # A capitalised lead only where every word is: in a sentence "At Mist, we built ..." is a pasted
        # posting's employer, not one asked for.
        if lead and not lead.islower() and not capitals:
            continue
        if lead and not lead.islower() and any(" " not in name and _job_word(name) for name in named):
            continue
        # "at Least 5 years" names no employer ("at The Buffalo Group" does), nor "at FAANG", "at Big 4",
        # "at Fortune 500 companies" one of that name (each filtered on an employer nobody worked for).
        if any(
            (" " not in name and name.lower() in _FILLER)
            or name.lower().removeprefix("the ") in _NOT_EMPLOYERS
            for name in named
        ):
            continue
        if lead.lower() == "from" and (not _employer_after_from(names) or _MOVED.search(text[: m.start()])):
            continue
        return list(dict.fromkeys(named)), text[: m.start()] + " " + text[end:]
    return _lower_employers(text)


def _lower_employers(text: str) -> tuple[list[str], str]:
    """Employers typed in lower case after a lead that names one ("worked at google", "ex-microsoft
    engineer", "worked for amazon or meta"), and the text without them: one word each, and followed by
    nothing, a sign, a framing word or a role ("worked at big tech" is left as words). Before, only
    capitalised names were read, and "worked at acme" searched the word, which no employer field holds."""
    for lead in _EMPLOYER_LEAD.finditer(text):
        names: list[str] = []
        end = lead.end()
        while (word := _LOWER_NAME.match(text, end)) and _employer_word(word.group()):
            names.append(word.group())
            end = word.end()
            joined = _LOWER_JOINER.match(text, end)
            if joined is None or not (following := _LOWER_NAME.match(text, joined.end())):
                break
            if not _employer_word(following.group()):
                break
            end = joined.end()
        after = _NEXT_WORD.match(text, end)
        if names and (
            after is None
            or after.group(1).lower() in _FILLER
            or after.group(1).lower() in title_heads()
            or text[end : after.start(1)].strip() != ""
        ):
            return list(dict.fromkeys(names)), text[: lead.start()] + " " + text[end:]
    return [], text


def _employer_word(word: str) -> bool:
    """Whether a word typed in lower case after an employer's lead may be the employer's name: not a
    framing word, a word of job titles, a country or a large city, nor a kind of employer ("startups")."""
    return not (
        len(word) < 2
        or word in _FILLER
        or word in _LOWER_FILLER
        or word in _NOT_EMPLOYERS
        or _job_word(word)
        or places.is_country(word)
        or places.is_large_city(word)
    )


def _unwanted(m: re.Match[str]) -> str:
    """Nothing for what the request does not want; as it stands a request that starts with "No" (O*NET's
    "No Bake Molder", its one title that does) or "No SQL" (NoSQL written apart). A request that starts
    with "without", "not", "except" or "excluding" asks for nothing first: "without java" searched Java."""
    leading_no = m["negation"].lower() == "no" and not m.string[: m.start()].strip()
    if leading_no or canonical_skill(m["negation"] + m["words"].split()[0]):
        return m.group()
    return " "


def _years(text: str) -> tuple[float | None, float | None]:
    """The least and most years of experience the text asks for: a range, "N+" or "at least N", "under N"
    or "N or less", else "N years" as the least."""
    if m := _YEARS_RANGE.search(text):
        return float(m.group(1)), float(m.group(2))
    if m := (_YEARS_PLUS.search(text) or _YEARS_AT_LEAST.search(text)):
        return _first_number(m), None
    if m := _YEARS_AT_MOST.search(text):
        return None, _first_number(m)
    if m := _YEARS_PLAIN.search(text):
        return _first_number(m), None
    return None, None


def _first_number(m: re.Match[str]) -> float:
    """The number a years pattern matched, whichever of its alternatives did."""
    return float(next(group for group in m.groups() if group is not None))


# Words that rank a role rather than name one ("executive chef", "assistant director").
_RANKS = frozenset(SENIORITY_YEARS) | {
    "executive",
    "chief",
    "assistant",
    "associate",
    "head",
    "deputy",
    "sous",
}
# The last word of a product's name that is also a role a recruiter asks for ("SQL Developer").
_ROLE_SUFFIXES = frozenset({"developer", "engineer", "administrator", "analyst", "consultant", "architect"})


def _role_skill(skill: str) -> str | None:
    """The skill of a catalogue name that reads as a role with a skill ("SQL Developer" -> "SQL"), else
    None: "Rational Application Developer" stays the product, its first words naming no skill."""
    *rest, last = skill.split()
    if not rest or last.lower() not in _ROLE_SUFFIXES:
        return None
    return canonical_skill(" ".join(rest))


def _is_place(name: str) -> bool:
    """A place as a recruiter types it: the gazetteer's, in any case, but not a skill ("Spring", "Rust") nor
    a word of a request ("care")."""
    name = name.strip(" ,")
    if not name or canonical_skill(name) is not None or places.fold(name) in _PLACE_STOPWORDS:
        return False
    # After a comma a region or a country ("Austin, TX", "Berlin, Germany"), not the next place of a list
    # ("Berlin, Munich or Hamburg"), which the gazetteer would take for a region.
    if any(
        _LIST_WORD.search(part)
        or (places.is_city(part) and not (places.is_region(part) or places.is_country(part)))
        for part in (part.strip() for part in name.split(",")[1:])
    ):
        return False
    if places.is_place(name):
        return True
    first, *rest = (part.strip() for part in name.split(","))
    # A large city written in another script ("Мюнхен", "東京"): the gazetteer reads Latin letters only.
    other_script = not first.isascii() and not places.fold(first) and bool(city_names(first))
    if not (
        places.is_city(first)
        or places.is_country(first)
        or (len(first) > 2 and places.is_region(first))
        or other_script
    ):
        return False
    # "boston, ma": a state's two letters in any case once a city came first.
    return all(places.is_region(part.upper() if len(part) == 2 else part) for part in rest)


def _place_end(text: str, start: int, accept: Callable[[str], bool] | None = None) -> int | None:
    """Where the longest place written from `start` ends (one to four words, a comma before a region as
    in "Austin, TX"), or None; `accept`: what else the name must be."""
    words: list[re.Match[str]] = []
    for word in _PLACE_WORD.finditer(text, start):
        gap = text[words[-1].end() if words else start : word.start()]
        if gap.strip(" ,") or len(words) == 4:
            break
        words.append(word)
    for last in reversed(words):
        name = text[start : last.end()]
        if _is_place(name) and (accept is None or accept(name)):
            return last.end()
    return None


def _big_city_or_country(name: str) -> bool:
    """A big city, alone or with its state or country after a comma ("Munich, Germany", "London, UK"), or a
    country: what a place's name alone in a request means. Not by a name that is a word of job titles too:
    GeoNames' alternate names include "Pet", "Deli", "Tub" and "Vine" ("Pet Groomer", "Deli Team Member")."""
    city, *regions = (part.strip() for part in name.split(","))
    if _job_word(city):
        return False
    if places.is_country(name):
        return True
    return places.is_metropolis(city) and all(
        places.is_region(part.upper() if len(part) == 2 else part) or places.is_country(part)
        for part in regions
    )


def _location(text: str) -> tuple[list[str], str]:
    """The places the search is about and the text without them: the first (`_first_place`) and those
    joined to it ("Berlin or Munich", "Berlin/Munich"), any of which a candidate may live in."""
    first = _first_place(text)
    if first is None:
        return [], text
    cut, start, end = first
    names = [text[start:end].strip(" ,")]
    while (
        (joined := _PLACE_JOINER.match(text, end))
        and (after := _place_end(text, joined.end())) is not None
        and _place_as_typed(text[joined.end() : after])
    ):
        names.append(text[joined.end() : after].strip(" ,"))
        end = after
    return list(dict.fromkeys(names)), text[:cut] + " " + text[end:]


def _place_as_typed(name: str) -> bool:
    """Whether a place's name after "in" or "from" reads as the place as typed: written capitalised, any
    place of the gazetteer; in lower case, only one whose name says nothing else (`_unambiguous_place`: a
    large city, a state or country, a name of two words) or a country: GeoNames' small towns and alternate
    names include hundreds of words ("experience in one or more of ...", "in police", "in drama", "in
    yoga") that a recruiter types in lower case far more often than the town."""
    name = name.strip(" ,")
    return not name.islower() or _unambiguous_place(name) or places.is_country(name)


def _first_place(text: str) -> tuple[int, int, int] | None:
    """Where the place the search is about is cut from, starts and ends: after "in", "from", "based in" or
    "near" (a gazetteer place in any case, else capitalised words as written), else a large city or a
    country named alone ("java developer munich"), else one first or last in the request."""
    for lead in _PLACE_LEAD.finditer(text):
        the = lead.group().lower().rstrip().endswith("the")
        end = _place_end(text, lead.end())
        # "in the us", "in the uk": after "the", the country's two letters in lower case too ("us" is also a
        # framing word, so the place vanished).
        word = _PLACE_WORD.match(text, lead.end())
        code = the and word is not None and word.group() in _COUNTRY_CODES
        if end is None and code and word is not None:
            end = word.end()
        if end is None:
            continue
        # A place's name as the start of a longer one: "the Bay Area" is not Bay, Arkansas, nor "Big Data"
        # the town of Big. After "the", a country or a region ("the US", "the netherlands") or a name
        # written capitalised: "in the area" names no town called Area.
        after = _NEXT_WORD.match(text, end)
        name = text[lead.end() : end].strip(" ,")
        if (
            (after and canonical_skill(text[lead.end() : after.end()]))
            or (
                the
                and (
                    (after and after.group(1)[:1].isupper())
                    or not (name[:1].isupper() or places.is_country(name) or places.is_region(name) or code)
                )
            )
            or not (code or _place_as_typed(name))
        ):
            continue
        return lead.start(), lead.end(), end
    # Capitalised words are a place unless they start like a job title's words do and name no city
    # (O*NET's "Pharmacist in Charge", "Director of in Service Education"; "in Reading" is Reading), or
    # name a skill or a field ("experience in Big Data", "in Statistics, Biostatistics", "bachelor in CS").
    written = _LOCATION.search(text)
    if (
        written
        and canonical_skill(place := written.group(1).strip(" ,")) is None
        and (places.names_a_city(place) or not _job_word(place.split()[0].strip(",.")))
        and not find_request_skills(place)
        and not (place.isupper() and len(place) <= 3)
        # A possessive names what is the name's ("in Amazon's fulfillment centers", "in Google’s cloud
        # team"): a place called "Amazon's" or "Amazon" filtered on a location nobody's record names.
        and not (place.endswith("'s") or _POSSESSIVE.match(text, written.end()))
    ):
        return written.start(), written.start(1), written.end()
    # Alone, a big city or a country. A big city with its country after a comma is the city there ("Data
    # Engineer | Munich, Germany"): the country was the filter, every German city let in, "munich" a word.
    for start in (word.start() for word in _PLACE_WORD.finditer(text)):
        end = _place_end(text, start, _big_city_or_country)
        if end is not None:
            return start, start, end
    # First or last in the request (framing words and years aside), a place whose name says only that:
    # "accountant CPA new york", "boston nurse", "developer austin, tx".
    for start, end in _edge_places(text):
        if _unambiguous_place(text[start:end].strip(" ,")):
            return start, start, end
    return None


def _edge_places(text: str) -> list[tuple[int, int]]:
    """The spans of the places the request starts and ends with, if any, the longest first; years
    ("5+ years") and framing words ("with", "experience") do not count as the ends."""
    masked = text
    for pattern in _YEARS_PATTERNS:
        masked = pattern.sub(lambda m: " " * len(m.group()), masked)
    words = [w for w in _PLACE_WORD.finditer(masked) if w.group().lower() not in _FILLER]
    if not words:
        return []
    spans = []
    if (end := _place_end(text, words[0].start())) is not None:
        spans.append((words[0].start(), end))
    for word in words[-4:]:
        if _place_end(text, word.start()) == words[-1].end():
            spans.append((word.start(), words[-1].end()))
            break
    return spans


def _unambiguous_place(name: str) -> bool:
    """A place that no word of a request is named like: a city with its region ("austin, tx"), a name of two
    words or more ("new york", "san francisco"), a state or country spelled out, or a large city's own name;
    never a skill, words of job titles only, a work mode ("home office"), a state's two letters ("PA", "MD",
    "U.S.") or a town named like a word ("Reading", "Mobile", "Phoenix": the gazetteer leaves them out)."""
    city, *regions = (part.strip() for part in name.split(","))
    if not _is_place(name) or places.is_work_mode(name) or len(places.fold(name).replace(" ", "")) < 3:
        return False
    # Each word a word of job titles: a title ("Ship Harbor Pilot"); one is enough in "new york".
    if all(_job_word(word) for word in places.fold(city).split()):
        return False
    if regions:
        # "Officer, Aviation" reads as a city and its region to the gazetteer, which takes any capitalised
        # words after a city: here the region must be one.
        return all(places.is_region(part.upper() if len(part) == 2 else part) for part in regions)
    return len(name.split()) > 1 or places.is_large_city(name) or places.is_region(name)


@lru_cache(maxsize=1)
def _title_pairs() -> frozenset[str]:
    """Adjacent words of O*NET titles where one is a skill's name that the title's occupations do not use
    ("ice cream", "yarn tester"), folded (``data/skill_words_in_titles.json``)."""
    data = json.loads(resources.files("app.search").joinpath("data/skill_words_in_titles.json").read_bytes())
    return frozenset(data["pairs"])


def _skills_named_in_titles(text: str) -> frozenset[str]:
    """The skills whose every mention in `text` is one word of a title pair ("Spring" in "spring repairer",
    but not beside "spring boot" or alone)."""
    words = tokenize(text)
    folded = [fold(word) for word in words]
    pairs = _title_pairs()
    in_titles: set[str] = set()
    elsewhere: set[str] = set()
    for at, word in enumerate(words):
        skill = canonical_skill(word) if len(word) > 1 else None
        if skill is None:
            continue
        paired = (at > 0 and f"{folded[at - 1]} {folded[at]}" in pairs) or (
            at + 1 < len(words) and f"{folded[at]} {folded[at + 1]}" in pairs
        )
        (in_titles if paired else elsewhere).add(skill)
    return frozenset(in_titles - elsewhere)


def _job_word(text: str) -> bool:
    """Whether `text` is a word O*NET's job titles are made of ("charge", "pet", "doula")."""
    word = text.lower()
    return word in title_words() or word in title_heads() or word in role_words()


def load_vocabularies() -> None:
    """Load what the rules and the place filter read (the skills catalogue, O*NET's titles, the place
    gazetteer, the large cities' other names: about 1 s) now, for a long-running server, rather than in its
    first smart search or its first search with a place."""
    interpret_rules("java developer in Berlin", limit=1)
    city_names("Berlin")


def _unmapped_text(text: str) -> str:
    """The words to search for: the request without what took a field of its own (contact details and
    years here; employers, places, the degree and seniority are cut before) and without framing words:
    "senior platform engineer with k8s" -> "platform engineer k8s".

    Skills stay words: a skill the text names ranks but filters no one out (`queries.skill_filters`), so a
    candidate whose parsed skills miss it is still found by the words of their resume; and what is left
    beside them (role words and their qualifiers) keeps "platform engineer" from being reduced to "engineer".
    """
    for pattern in (_CONTACT, _SPEAKER, *_YEARS_PATTERNS):
        text = pattern.sub(" ", text)
    # A possessive's "s" is no word ("Boston’s hospitals" searched "s", a letter in countless resumes); the
    # index's analyzers drop it from "Boston's" too.
    text = _POSSESSIVE_S.sub("", text)
    # The words of the catalogue's phrases stay, framing words among them ("call" of "call center").
    phrased = {word.lower() for phrase in find_skills(text) for word in _WORD.findall(phrase)}
    kept = []
    for word in _WORD.findall(text):
        bare = word.strip(".,/-")
        # A name that starts with its dot keeps it (".NET"): as "net" the text named no skill, so the skill,
        # which only ranks when the text names it, filtered (".NET developer" found no developer without it).
        if word.lstrip(",/-").startswith(".") and canonical_skill(f".{bare}") is not None:
            bare = f".{bare}"
        lowered = bare.lower()
        # Nor a sign alone ("React + Node").
        if not any(c.isalnum() for c in bare) or bare in _LOWER_FILLER:
            continue
        if lowered in _FILLER and lowered not in phrased:
            continue
        # Numbers are years or contact details, names with digits skills ("k8s", "html5", "ec2").
        if any(c.isdigit() for c in bare) and canonical_skill(bare) is None:
            kept += [year for year in re.split(r"[-–]", bare) if _CALENDAR_YEAR.fullmatch(year)]
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
            "query": {
                "type": "string",
                "description": "free text to search for: the role words and the skills as the recruiter "
                "wrote them, not the place, years, employers or degree (a skill the text names ranks "
                "candidates without filtering out those whose parsed skills miss it)",
            },
            "skills": {
                "type": "array",
                "items": {"type": "string"},
                "description": "skills, canonical names; one left out of query is required",
            },
            "skills_mode": {
                "type": "string",
                "enum": ["all", "any"],
                "description": "'all' only when the recruiter says every skill is a must",
            },
            "min_experience_years": {"type": "number"},
            "max_experience_years": {"type": "number"},
            "locations": {"type": "array", "items": {"type": "string"}},
            "titles": {"type": "array", "items": {"type": "string"}},
            "companies": {"type": "array", "items": {"type": "string"}},
            "education_level": {
                "type": "string",
                "enum": [level.value for level in EducationLevel],
                "description": "a degree the candidate must hold, only when the request names one",
            },
        },
    },
}


# The request's fields Claude may fill: what its reading says.
_TOOL_FIELDS: set[str] = set(SEARCH_TOOL["input_schema"]["properties"])  # type: ignore[index]


def _readable_arguments(raw: object) -> dict[str, Any]:
    """Claude's arguments with the shapes a model writes on a bad day read as meant: a list as one string or
    as a JSON string, "5+" years, a degree as people write it ("PhD", "Master's"), "ALL", a minimum over the
    maximum, placeholders ("N/A", "None") and empty names. A placeholder was a filter ("locations": ["N/A"]
    found nobody); each other shape failed the reading, paid for, and the next time the same."""
    arguments = cleaned(decoded(raw))
    if not isinstance(arguments, dict):
        return {}
    for field in ("skills", "titles", "locations", "companies"):
        if field in arguments:
            breaks = ITEM_BREAK_OR_COMMA if field == "skills" else ITEM_BREAK
            arguments[field] = [name for name in names(arguments[field], breaks) if name.strip()] or None
    for field in ("min_experience_years", "max_experience_years"):
        if isinstance(value := arguments.get(field), str):
            number = re.search(r"\d+(?:\.\d+)?", value)
            arguments[field] = float(number.group()) if number else None
    low, high = arguments.get("min_experience_years"), arguments.get("max_experience_years")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        arguments["min_experience_years"], arguments["max_experience_years"] = high, low
    if isinstance(level := arguments.get("education_level"), str):
        said = level.strip().lower().replace(" ", "_")
        known = {member.value for member in EducationLevel}
        arguments["education_level"] = (
            said if said in known else next((lvl for lvl, pattern in _DEGREES if pattern.search(level)), None)
        )
    if isinstance(mode := arguments.get("skills_mode"), str):
        arguments["skills_mode"] = mode.strip().lower()
    return arguments


async def interpret_with_claude(
    client: AsyncAnthropic, settings: Settings, text: str, limit: int
) -> SearchRequest:
    """Claude's reading of the sentence; ValueError or ValidationError when it cannot be used as one."""
    message = await client.messages.create(  # type: ignore[call-overload]
        model=settings.anthropic_model,
        max_tokens=1024,
        tools=[SEARCH_TOOL],
        tool_choice={"type": "tool", "name": SEARCH_TOOL["name"]},
        messages=[{"role": "user", "content": f"Recruiter's request: {text}"}],
    )
    content = getattr(message, "content", None)
    if not isinstance(content, list):
        # A body that is no message (a proxy's page answered 200): the SDK hands it over as it came.
        raise ValueError("Claude's answer is no message")
    if getattr(message, "stop_reason", None) in ("max_tokens", "refusal"):
        # Cut off at the output limit, or stopped as a refusal: what it began is no reading.
        raise ValueError(f"Claude's answer stopped early ({message.stop_reason})")
    for block in content:
        if getattr(block, "type", None) == "tool_use" and getattr(block, "name", None) == SEARCH_TOOL["name"]:
            arguments = _readable_arguments(block.input)
            allowed = _TOOL_FIELDS
            if isinstance(query := arguments.get("query"), str):
                # Contact details are no search words, as the rules read them (`_CONTACT`): Claude copies
                # them into its query, and the interpreted request and its history entry kept them.
                arguments["query"] = " ".join(_CONTACT.sub(" ", query).split()) or None
            # A null is a field the request does not name, as Claude writes it.
            named = {k: v for k, v in arguments.items() if k in allowed and v is not None}
            named, warnings = _within_caps(named)
            request = SearchRequest.model_validate(named | {"limit": limit}).warning(warnings)
            if request.model_dump(include=allowed, exclude_defaults=True):
                return request
            # A reading without a field searched for nothing: every candidate, whatever the sentence asked.
            raise ValueError("Claude's reading names nothing to search for")
    raise ValueError("Claude gave no tool call")


def _within_caps(arguments: dict[str, Any]) -> tuple[dict[str, Any], list[SearchWarning]]:
    """Claude's arguments with each list cut to what a request takes, as the rules' reading is, and the
    warnings that say what was cut: a skill past the cap is a word of the query (added where the query does
    not name it and there is room). Such a reading was refused as a whole and the rules read the sentence
    instead, without a word to the caller."""
    cut = dict(arguments)
    query = arguments.get("query") if isinstance(arguments.get("query"), str) else None
    words = set()
    skills = arguments.get("skills")
    if isinstance(skills, list) and len(skills) > MAX_SKILLS:
        for skill in skills[MAX_SKILLS:]:
            said = {fold(word) for word in _WORD.findall(skill)}
            if said and said <= {fold(word) for word in _WORD.findall(query or "")}:
                words.add(skill)
            elif len(longer := " ".join(filter(None, (query, skill)))) <= MAX_QUERY_CHARS:
                query = longer
                words.add(skill)
        cut["query"] = query
    lists = {field: named for field, _, _ in _CAPPED_LISTS if isinstance(named := arguments.get(field), list)}
    for field, _, cap in _CAPPED_LISTS:
        if field in lists:
            cut[field] = lists[field][:cap]
    return cut, past_caps(lists, words)


async def interpret(
    text: str,
    limit: int,
    settings: Settings,
    client: AsyncAnthropic | None,
    redis: Redis | None = None,
) -> tuple[SearchRequest, Literal["claude", "rule_based"]]:
    """Claude's reading when available and valid, else the rules' (a Claude failure is not the user's).
    Claude's readings are kept in `redis` (`ANTHROPIC_SEARCH_READING_TTL_SECONDS`): a sentence asked again
    is not sent to Claude again.

    Email addresses in the sentence are never search words (`_CONTACT`); the request names them beside
    its fields instead, so the search keeps the candidates with them (app/search/emails.py)."""
    emails = tuple(split_emails(text)[0])
    # Claude reads the sentence without its contact details: the address is looked up in Postgres and no
    # phone number is searched, so neither has to leave for Anthropic.
    words = " ".join(_CONTACT.sub(" ", text).split())
    rules = interpret_rules(words, limit)
    if client is not None and any(char.isalnum() for char in words):
        # A client exists only when a key is set, so the SDK is imported then and not before.
        from anthropic import APIError

        readings = _Readings(redis, settings)
        reading = await readings.get(words, limit)
        if reading is None and time.monotonic() >= _resting.get(client, 0.0):
            try:
                # The SDK waits out each 429's retry-after, however long, and retries: bounded as a whole.
                async with asyncio.timeout(settings.anthropic_search_timeout_seconds):
                    reading = await interpret_with_claude(client, settings, words, limit)
            except (APIError, ValidationError, ValueError, TimeoutError) as error:
                log.warning("smart search fell back to rules: %s", type(error).__name__)
                if _unavailable(error):
                    _resting[client] = time.monotonic() + CLAUDE_REST_SECONDS
                    log.warning(
                        "the rules read smart searches for %.0f s: Claude did not answer", CLAUDE_REST_SECONDS
                    )
            else:
                await readings.put(words, reading)
        wanted = None if reading is None else _without_unwanted(reading, rules.not_searched)
        if wanted is not None:
            return wanted.naming_emails(emails), "claude"
    if (
        not emails
        and _CONTACT.search(text)
        and not rules.model_dump(include=_TOOL_FIELDS, exclude_defaults=True)
    ):
        # A phone number or a web address alone (pasted to find its candidate) listed every candidate as if
        # they matched it: contact details other than an email address are not searched.
        problem = (
            "names only a phone number or a web address, which a search does not look up; search by the "
            "email address, or name a skill, a role, a place or an employer"
        )
        raise Unprocessable("the query names nothing to search for", details=field_problem("query", problem))
    return rules.naming_emails(emails), "rule_based"


# Words of a part the request does not want that only say so.
_NEGATION_WORDS = frozenset({"without", "not", "no", "never", "except", "excluding", "outside", "but", "ex"})


def _without_unwanted(reading: SearchRequest, unwanted: tuple[str, ...]) -> SearchRequest | None:
    """Claude's reading without what the sentence does not want ("without Java", "not in Berlin", "not at
    Google", as the rules find it), noting those parts as the rules' reading does; None when nothing is
    left to search for. Claude's reading took them as asked: "not at Google" filtered on Google, and
    "without java" in its query ranked Java's candidates first."""
    if not unwanted:
        return reading
    words = {fold(word) for phrase in unwanted for word in _WORD.findall(phrase)} - _FILLER - _NEGATION_WORDS

    def wanted(value: str) -> bool:
        return not {fold(word) for word in _WORD.findall(value)} <= words

    update: dict[str, Any] = {
        field: [value for value in getattr(reading, field) if wanted(value)]
        for field in ("skills", "required_skills", "companies", "locations", "titles")
    }
    if reading.query is not None:
        kept = [
            word for word in reading.query.split() if fold(word.strip(",.;:")) not in words | _NEGATION_WORDS
        ]
        update["query"] = " ".join(kept) or None
    left = reading.model_copy(update=update)
    if not left.model_dump(include=_TOOL_FIELDS, exclude_defaults=True):
        return None
    return left.leaving_out(list(unwanted))


# Seconds the rules alone read smart searches after Claude did not answer one (down, slow, overloaded, a key
# refused, no such model): every search waited for the same failure again, up to
# ANTHROPIC_SEARCH_TIMEOUT_SECONDS each when Claude hung. A reading Claude gave but that cannot be used is
# the sentence's, not Claude's: the next sentence asks again.
CLAUDE_REST_SECONDS = 30.0
# Until when (time.monotonic) each process's Claude client rests.
_resting: weakref.WeakKeyDictionary[AsyncAnthropic, float] = weakref.WeakKeyDictionary()


def _unavailable(error: Exception) -> bool:
    """Whether the failure is Claude's whatever the sentence: no answer in time, no connection, an error
    status other than a request's own (400, 413, 422)."""
    from anthropic import APIConnectionError, APIStatusError

    if isinstance(error, TimeoutError | APIConnectionError):
        return True
    return isinstance(error, APIStatusError) and error.status_code not in (400, 413, 422)


class _KeptReading(BaseModel):
    """A reading as kept in Redis: the request's fields Claude fills, and what its lists named past caps."""

    request: SearchRequest
    warnings: list[SearchWarning] = []


class _Readings:
    """Claude's readings in Redis by the model, the tool and the sentence it read, case and spacing folded
    ("Python developer  in Berlin" is "python developer in berlin"). Without the key's contact details,
    which Claude never reads, so no address or number is part of an entry. A reading depends on the sentence
    alone, not on the data, so it outlives the search cache's epochs. Redis failing only means Claude is
    asked."""

    KIND = "smart_reading"

    def __init__(self, redis: Redis | None, settings: Settings) -> None:
        self.redis = redis if settings.anthropic_search_reading_ttl_seconds else None
        self.ttl = settings.anthropic_search_reading_ttl_seconds
        self.model = settings.anthropic_model

    def key(self, words: str) -> str:
        folded = " ".join(words.casefold().split())
        # The tool as sent too: a release that asks Claude otherwise does not read the older readings.
        tool = json.dumps(SEARCH_TOOL, sort_keys=True)
        digest = hashlib.sha256(f"{self.model}\n{tool}\n{folded}".encode()).hexdigest()[:40]
        # v2: the reading beside its warnings (v1 kept the reading alone: asked again, it lost them).
        return f"search:{self.KIND}:v2:{digest}"

    async def get(self, words: str, limit: int) -> SearchRequest | None:
        if self.redis is None:
            return None
        try:
            stored = await self.redis.get(self.key(words))
            kept = None if stored is None else _KeptReading.model_validate_json(stored)
        except (RedisError, OSError, ValidationError) as error:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=self.KIND).inc()
            log.warning("smart search reading cache unavailable: %s", type(error).__name__)
            return None
        operation = "miss" if kept is None else "hit"
        SEARCH_CACHE_OPERATIONS.labels(operation=operation, cache_type=self.KIND).inc()
        if kept is None:
            return None
        return kept.request.model_copy(update={"limit": limit}).warning(kept.warnings)

    async def put(self, words: str, request: SearchRequest) -> None:
        if self.redis is None:
            return
        kept = _KeptReading(request=request, warnings=list(request.warnings))
        include: dict[str, set[str] | bool] = {"request": _TOOL_FIELDS, "warnings": True}
        reading = kept.model_dump_json(include=include, exclude_defaults=True)
        try:
            await self.redis.set(self.key(words), reading, ex=self.ttl)
        except (RedisError, OSError) as error:
            SEARCH_CACHE_OPERATIONS.labels(operation="error", cache_type=self.KIND).inc()
            log.warning("smart search reading cache unavailable: %s", type(error).__name__)
            return
        SEARCH_CACHE_OPERATIONS.labels(operation="set", cache_type=self.KIND).inc()
