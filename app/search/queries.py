"""Query builders: pure functions from a validated request to an OpenSearch query body.

User text only ever goes into match / multi_match / term queries, never query_string, so no search
syntax can be injected.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from app.candidates.profile import profile_terms
from app.candidates.tenure import job_months, month_term, year_term
from app.parsing.dates import shift_months
from app.parsing.skills import canonical_skill, find_request_skills
from app.resources import SKILL_SYNONYMS_FILE, parse_synonyms
from app.search import seniority, specificity
from app.search.equivalents import equivalents as word_equivalents
from app.search.equivalents import with_equivalents
from app.search.places import city_names, region_names
from app.search.places import key as place_key
from app.search.schemas import EducationLevel, SearchRequest, SearchType, SortOrder

# Ranking weights, tuned on labelled real resumes (`python -m benchmarks.relevance --variants`, see
# benchmarks/README.md). Skills are what recruiters search by, so one matched skill outweighs a word of
# free text; the title says what someone does now. The resume text is the whole resume, so it carries
# most of the evidence for free text; a parsed summary is short and often boilerplate, so it counts less.
SKILL_BOOST = 3.0
TITLE_BOOST = 3.0
SUMMARY_BOOST = 0.5
EXPERIENCE_DESCRIPTION_BOOST = 1.0
RESUME_TEXT_BOOST = 4.0
# The jobs' flat fields the free text is matched in (their descriptions are in resume_text already).
JOB_FIELDS: tuple[str, ...] = ("job_titles^2",)
# The fields the free text is matched in, each at its weight above. The summary and the jobs' text are
# parts of resume_text, so matching them again mostly cost engine time: without them, 4 of 8 postings per
# word fewer, dev nDCG@10 0.762 -> 0.760 and held-out 0.779 -> 0.782 (benchmarks/README.md, issue 15).
TEXT_FIELDS: tuple[str, ...] = ("current_title", "resume_text", "resume_text.skills", "skills")
# Fields whose search analyzer (`prose`: standard tokenizer, stop words, stemming) reads each word on its own,
# so matching the text word by word scores exactly as matching it whole.
PROSE_FIELDS = frozenset({"current_title", "summary", "resume_text", "job_titles"})
# Fields searched with `skill_search`: its tokens never cross a space, but its synonym graph has multi-word
# entries ("oracle business intelligence suite"), so these fields go word by word only when the text holds
# none of them (`splits_into_words`).
SKILL_SEARCH_FIELDS = frozenset({"skills", "resume_text.skills", "summary.skills"})
# The text is matched word by word (`per_word`): each word of each field is then its own clause of the
# scoring disjunction, so the engine can skip the documents that only have a common word ("manager":
# 210,337 resume texts at 1M) once the page is full, which it cannot while that word shares a clause with a
# rarer one. At 1M experience_match p95 79 -> 59 ms with the same 200 pages (prose fields), skills_match's
# first pass 53 -> 41 ms with 249 of 250 (benchmarks/README.md, issue 15 session 12); nDCG@10 unchanged.
# Longer texts (a pasted job posting) go word by word at full weight (`long_text_clauses`, LONG_TEXT_BY_WORD).
PER_WORD_MAX_WORDS = 16
# Texts of more than PER_WORD_MAX_WORDS words go word by word too, scoring as the whole text did: each
# distinct word once with its count as the boost (Lucene sums a repeated term's clauses so), no specificity
# weight, and the skill fields in runs of words no multi-word synonym crosses (`skill_segments`). Whole, a
# field's 50 to 80 words were one clause, so the engine scored every resume with one of them ("and" is in
# every resume_text.skills); word by word it skips the words that cannot lift a resume onto the page. At
# 1M, 215 texts of 17 to 82 words (up to 500 characters) from job postings and O*NET (skills_match, first
# pass and feedback pass): engine p50 / p95 261 / 551 -> 66 / 148 ms, API 263 / 552 -> 74 / 160 ms, the same
# top 20 in the same order for 213 texts (the other two swap resumes whose scores tie to the 7th digit;
# benchmarks/README.md, issue 15 session 28). False: the whole-text clauses of before (the benchmark's
# baseline).
LONG_TEXT_BY_WORD = True
# The skill tokenizer's pattern (app/mappings/candidates.json) with \p{L}\p{N} as [^\W_].
_SKILL_TOKEN = re.compile(r"(?<![^\W_])\.?[^\W_][\w+#]*(?:[./&'-][^\W_][\w+#]*)*")
# The query words' equivalents from O*NET's short titles ("automotive" -> "auto", "automobile"; `equivalents`)
# join the text at a query word's weight; the phrases stay the words as asked. A resume's words for a trade
# are not always the query's: "auto" and "automobile" where the query says "automotive". Dev nDCG@10 +0.005,
# held-out +0.015 in session 13's variant; as shipped, benchmarks/README.md issue 17 session 14.
EQUIVALENTS = True
# How: a query word that has equivalents is read by a search analyzer that adds them at its own position
# (EQUIVALENTS_ANALYZERS: the field's analyzer with the `title_equivalents` synonym filter, whose rules the
# index definition generates from the same table), so the engine scores the word and its equivalents as one
# term (a SynonymQuery: one idf, of the commonest of them) instead of each with its own idf, where a rare
# "ops" outweighed a common "operations" (at 1M "operations specialist" answered ten "Facilities Ops
# Specialist"s before any "Operations Specialist"; benchmarks/README.md, session 32). False: the
# equivalents appended to the text as words of their own, as before.
EQUIVALENTS_AS_ONE_TERM = True
EQUIVALENTS_ANALYZERS = {
    "current_title": "prose_equivalents",
    "resume_text": "prose_equivalents",
    "job_titles": "prose_equivalents",
    "summary": "prose_equivalents",
    "skills": "skill_equivalents",
    "resume_text.skills": "skill_equivalents",
    "summary.skills": "skill_equivalents",
}
# A query word matched on its own (`per_word`) weighs by how specific it is to a trade (`specificity`): a
# word more than 10 of O*NET's 1,016 occupations use keeps (log(N / its occupations) / log(N / 10)) ** 0.5
# of its weight, at least SPECIFICITY_FLOOR ("service", in 332: 0.49; "production", 136: 0.66; "loan", 16:
# 0.95; "agronomy", 5: 1). BM25's idf says how rare a word is among the resumes; this says whether it names a
# trade, so "crop production" no longer ranks chefs for "production". Chosen on the dev queries from powers
# 0.5 / 1 and full weight at 10 / 50 occupations: dev nDCG@10 0.759 -> 0.773 (0.767 out of fold), held-out
# 0.780 -> 0.793 (benchmarks/README.md, issue 17 session 14). 0 turns it off. A text over PER_WORD_MAX_WORDS
# words, or the skill fields when a multi-word synonym is in a shorter one, is not weighed.
SPECIFICITY_POWER = 0.5
SPECIFICITY_FLOOR = 0.1
# The share of its field's weight a seniority word of a short text keeps ("senior" in "senior data
# engineer", `seniority.positions`): it says the rank, not the trade, so it orders the people of the role
# and never outranks the role's own words. Trades rarely write it in O*NET's titles (6 occupations' alternate
# titles have "senior"), so neither its spread nor its rarity in a corpus says how little it tells.
SENIORITY_WEIGHT = 0.25
# A current title that is the query text itself ("data engineer", "Truck Driver"; case and accents folded)
# lifts its holder: a recruiter who types a role wants the people who hold it first, before its narrower
# kinds ("Big Data Engineer", "Armored Truck Driver"), which the text's words and the title feedback
# otherwise favour where they outnumber it. Texts of more words than any title are left out.
# The lift is the text's words matched in the holder's title once more, EXACT_TITLE_SCALE times TITLE_BOOST:
# it grows with what the words are worth (their idf), as the scores it must outweigh do. A constant 10
# (EXACT_TITLE_BOOST, session 31) was outweighed by the text's words in a longer title and a richer resume
# (at 100k, "truck driver" answered 2 of the 5 "Truck Driver"s in its first 10, then "Armored Truck
# Driver"s up to 25 points ahead); over 64 texts that are titles 3+ candidates hold, the holders' share of
# the first 10 0.941 -> 1.000 (0.973 at a scale of 1, 0.995 at 2), dev nDCG@10 unchanged, engine time too
# (benchmarks/README.md, session 32 s32-title).
# 0: the constant EXACT_TITLE_BOOST, as before (both 0: no exact-title clause).
EXACT_TITLE_SCALE = 4.0
EXACT_TITLE_BOOST = 10.0
EXACT_TITLE_MAX_WORDS = 8
# Adjacent words of the query found next to each other in the resume ("general ledger", "help desk").
PHRASE_BOOST = 3.0
PHRASE_SLOP = 1
MAX_PHRASES = 8
# Title feedback (skills_match with query text): the words most of the first pass's best hits have in their
# current titles say what role the query is about ("accounts payable reconciliation general ledger" ->
# "accountant"), so a second pass lifts candidates whose current or past titles have them.
# Taken from the collection itself, so it needs no vocabulary and follows the titles people really write.
# Worth +0.05 nDCG@10 on the labelled resumes and +0.03 on the held-out queries (benchmarks/README.md).
# The first pass is the search itself without the feedback, over FEEDBACK_WINDOW hits; the second pass
# reorders only those (an ids filter), so it costs the engine next to nothing. 0 turns it off.
TITLE_FEEDBACK_BOOST = 10.0
# The first pass's best hits the feedback pass reorders. A relevance page inside the window is answered
# from it; a page past it, or another order, is the whole search with the feedback (one more full pass).
# Larger windows let the feedback lift candidates from further down, at a lower pruning threshold in the
# first pass (1M: first pass p50 24 ms at 50 hits, 47 at 200; benchmarks/README.md).
FEEDBACK_WINDOW = 50
# The best hits whose titles are read: enough for a majority to show, few enough to stay on topic.
TITLE_FEEDBACK_HITS = 20
# The most shared title words used, each only when at least two of those titles have it.
TITLE_FEEDBACK_WORDS = 5
TITLE_FEEDBACK_MIN_TITLES = 2
# Of those hits, only the ones scoring at least this share of the best vote; a word's share is still counted
# over all the titles read, so a text few resumes match well gets less feedback, never more. Where only a
# handful of resumes have the text's rarer words, the rest of the 20 came in far below on one word in another
# sense ("crop production farm irrigation agronomy": one hit at 235, every other under 0.4 x it, among them
# farm-to-table chefs whose "chef" lifted three chefs over the agriculture advisors). Dev nDCG@10 0.7625 ->
# 0.7656 (d15 +0.069, d24 +0.015, no query down; AGRICULTURE from 0.13 to 0.06 under BM25), held-out 0.7986
# unchanged; 0.3 and 0.5 read the same (benchmarks/README.md, session 38). 0: every hit read votes.
TITLE_FEEDBACK_MIN_SCORE = 0.4
# Where one of those titles is the role the text names ("Truck Driver" for "truck driver"), the feedback
# keeps only the words the text has (and their equivalents): the others the titles share name a narrower
# kind of the role ("armored" for "truck driver" lifted nine "Armored Truck Driver"s over the plain ones at
# 1M) or a neighbour ("clerk" for "packaging specialist"), not what was asked. Where none is, the feedback
# adds the role a description implies ("accountant" for "accounts payable reconciliation general ledger"), as
# before. Over 48 recruiter queries at 1M, the share of the first 10 whose title is the text 0.840 -> 0.942;
# no dev query names a held role: dev nDCG@10 unchanged (benchmarks/README.md, session 31). False: as before.
FEEDBACK_ROLE = True
# Resumes that are mostly lists ranked down: BM25 rewards a query word found in a short text, and a resume
# that is mostly lists (a skills table, comma-separated tools) holds many query words in few words, none said
# of a job done. Each hit of the window scores times (1 - its `list_share`) ** this weight, the share of its
# text's words on list-like lines (`app.search.list_share`, indexed since definition v7; a hit without one
# keeps its score). Over the window only, as the feedback pass: no clause in the pruned first pass. Dev
# nDCG@10 0.7656 -> 0.7821, held-out 0.7982 -> 0.816; weights 1 and 3 read 0.7772 and 0.7756
# (benchmarks/README.md, "Session 42 (s42-rel): resumes that are mostly lists ranked down"). 0 turns it off.
LIST_SHARE_WEIGHT = 2.0
LIST_SHARE_FIELD = "list_share"
# The same factor in the engine, for the pages a whole body answers over the window (explanations,
# highlights); reads doc values, so an index from before v7 (no such field) scores every hit times 1.
LIST_SHARE_SCRIPT = (
    "doc.containsKey(params.field) && doc[params.field].size() > 0"
    " ? Math.pow(1.0 - doc[params.field].value, params.weight) : 1.0"
)
# The factor's name in an explanation (`shaping.explanation_clauses`).
LIST_SHARE_NAME = "resume mostly lists"
# Words that say nothing about a role.
TITLE_FEEDBACK_STOPWORDS = frozenset("a an and as at be by for from in is of on or the to with".split())
_TITLE_WORD = re.compile(r"[^\W\d_]{2,}")
# experience_match: fit to the asked range decides the order, so it weighs far above a skill match.
EXPERIENCE_FIT_WEIGHT = 10.0
# The fit as steps of a gaussian that halves 2 years outside the range: (years outside, share of the fit).
EXPERIENCE_FIT_STEPS = ((0.0, 1.0), (1.0, 0.84), (2.0, 0.5), (3.0, 0.21), (4.0, 0.06))
# Candidates further outside the asked range than this are not in an experience_match at all.
EXPERIENCE_WINDOW_YEARS = 4.0
# similar_candidates: experience within 1 year of the source counts fully, within 3 years half.
SIMILAR_EXPERIENCE_STEPS = ((1.0, 1.0), (3.0, 0.5))
SIMILAR_EXPERIENCE_WEIGHT = 2.0
# The source profile's terms compared: a profile rarely has more that matter.
SIMILAR_MAX_QUERY_TERMS = 20
# The best hits by profile terms that the experience steps reorder (a rescore) on a relevance page from an
# offset. As clauses of the query the steps, ranges that match most candidates, kept the engine from
# skipping: at 1M similar_candidates took 28-30 engine CPU-ms per search with them, 20-22 with a rescore of
# the best 100 and 13 with no steps at all; the first pages were the same set in 97 % and the same order in
# 88 of 100 requests (a window of 200: 99.4 %, 96 of 100, 24-26 ms; benchmarks/README.md, issue 15 session
# 9). Pages on a cursor (a point in time, sorted) cannot rescore and run the steps in the query.
SIMILAR_RESCORE_WINDOW = 100
# The engine's limit on a rescore window (`index.max_rescore_window`, as its result window).
MAX_RESCORE_WINDOW = 10_000
# Skills as exact terms: the catalogue name, case-folded by the field's normalizer.
SKILL_KEYWORD = "skills.keyword"
# Asked skills rank as exact terms of the keyword field (True) or as the skills field's tokens (False: a skill
# of k words a conjunction of k postings lists). The tokens also lift a skills entry holding the skill inside
# a longer name ("General Ledger Accounting"): dev nDCG@10 0.7656 -> 0.7708-0.7731, held-out 0.7982 ->
# 0.7985 (session 39), but skills_match +4.8 ms a request at 1M [+2.7, +6.6] (results/
# search_ab_session39_skill_tokens.md) and issue 15 asks for the keyword terms: kept True.
SKILL_TERMS = True
ACTIVE = {"term": {"is_active": True}}

# Only with `highlight: true`. Not resume_text: re-analysing each hit's whole resume was most of what
# highlighting cost the engine (skills_match at 10k candidates: +3.5 of +4.3 ms at p50), while the title or
# the summary already gave a snippet for nine highlighted hits in ten. The summary is marked twice: as
# prose (stemmed words: "engineers" marks "engineer") and as skills (`summary.skills`, whose search analyzer
# knows the skill synonyms: "k8s" marks "Kubernetes", "cpp" marks "C++"); the API merges the two into one
# `summary` (`shaping.merge_highlights`).
SUMMARY_FRAGMENTS = 2
HIGHLIGHT = {
    "pre_tags": ["<em>"],
    "post_tags": ["</em>"],
    "fields": {
        "current_title": {"number_of_fragments": 0},
        "summary": {"fragment_size": 150, "number_of_fragments": SUMMARY_FRAGMENTS},
        "summary.skills": {"fragment_size": 150, "number_of_fragments": SUMMARY_FRAGMENTS},
    },
}


# The fields the text's words are marked in; its skills are marked in `summary.skills`.
HIGHLIGHT_TEXT_FIELDS = ["current_title", "summary"]


def highlight(text: str | None, skills: Sequence[str] = ()) -> dict[str, Any]:
    """HIGHLIGHT marking what the request typed alone: the words of its text, and the skills it asks or its
    text names, as phrases of the summary's skills with their synonyms (only skills: the skill analyzer
    keeps every word, so the text itself would mark its "with" and "and" there). The search's own clauses
    would not do: no clause reads `summary` (resume_text holds it), so it was never marked, and the title
    feedback's implied role ("engineer" for "kubernetes") was marked in titles though nobody typed it."""
    clauses: list[dict[str, Any]] = []
    named: list[str] = [skill for skill in skills if skill.strip()]
    if text and text.strip():
        clauses.append({"multi_match": {"query": text, "fields": HIGHLIGHT_TEXT_FIELDS}})
        named += find_request_skills(text)
    clauses.extend(
        {"match_phrase": {"summary.skills": skill}}
        for skill in dict.fromkeys(skill.casefold() for skill in named)
    )
    if not clauses:
        words: dict[str, Any] = {"match_none": {}}
    elif len(clauses) == 1:
        words = clauses[0]
    else:
        words = {"bool": {"should": clauses}}
    return {**HIGHLIGHT, "highlight_query": words}


# What a degree text says, per education level (matched as words in education.degree).
EDUCATION_TERMS: dict[EducationLevel, list[str]] = {
    EducationLevel.HIGH_SCHOOL: ["high school", "diploma", "ged"],
    EducationLevel.ASSOCIATE: ["associate", "a.a", "a.s", "aas"],
    EducationLevel.BACHELOR: [
        "bachelor",
        "b.sc",
        "bsc",
        "b.s",
        "b.a",
        "ba",
        "bs",
        "b.e",
        "b.tech",
        "btech",
        "be",
    ],
    EducationLevel.MASTER: ["master", "m.sc", "msc", "m.s", "m.a", "mba", "m.e", "m.tech", "mtech", "ms"],
    EducationLevel.DOCTORATE: ["phd", "ph.d", "doctorate", "doctor"],
}

SOURCE_FIELDS = [
    "candidate_id",
    "full_name",
    "current_title",
    "current_company",
    "location",
    "total_experience_years",
    "skills",
    "updated_at",
]
DETAIL_FIELDS = ["skills_detail", "work_experience", "education", "summary"]
# What a relative search reads of the candidate it is about (the rest, the resume text above all, is not
# worth sending and decoding on every such search).
RELATIVE_SOURCE_FIELDS = ["current_title", "skills", "profile", "total_experience_years", "work_experience"]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a query body, depth first (safe while the caller edits the dict it was given)."""
    if isinstance(node, dict):
        yield node
        for value in list(node.values()):
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def _nested(path: str, query: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"nested": {"path": path, "query": query, **extra}}


_WORD = re.compile(r"\w+")


_NAME_WORD = re.compile(r"[^\W_]+")


def name_words(name: str) -> frozenset[str]:
    """The words of a company name as the index's `name` analyzer reads them: lower case, accents folded."""
    return frozenset(_NAME_WORD.findall(fold(name)))


@dataclass(frozen=True)
class AskedEmployer:
    """An employer asked in a filter, as `company_filter` lets a job in: by its company key, or by its words
    (every one in the job's company) when the name has no key. The cards' jobs at a ticked employer
    (`shaping.employer_jobs`) read it the same way, so a card names the job that let its person in."""

    key: str
    words: frozenset[str]

    @classmethod
    def of(cls, company: str) -> AskedEmployer:
        return cls(company_key_of(company), name_words(company))

    def holds(self, job: dict[str, Any]) -> bool:
        if self.key:
            return job.get("company_key") == self.key
        company = job.get("company")
        return bool(self.words and company) and self.words <= name_words(company or "")


def company_filter(company: str) -> dict[str, Any]:
    """The jobs at `company` as asked, by its company key: "Acme", "ACME Inc." and "Acme Corp, Berlin" are one
    employer, as the companies facet counts them (`FACET_AGGS`), so a ticked employer lets in as many people
    as its count says. (Its words matched before: "Acme Corp" let in "Acme Corp" and "Acme Corp Logistics" but
    not "ACME Inc.", which the facet listed as an employer of its own.) A name with no key (a placeholder
    such as "Self-employed") is matched by its words."""
    employer = AskedEmployer.of(company)
    if employer.key:
        return {"term": {"work_experience.company_key": employer.key}}
    return {"match": {"work_experience.company": {"query": company, "operator": "and"}}}


def place_filter(place: str) -> dict[str, Any]:
    """Who lives in ``place`` as asked ("Berlin" takes in "Berlin, Germany"), or in the same large city by
    another of its names (`app.search.places`): "München" takes in "Munich, Germany" and "Cologne" "Köln".
    The names of one word are one clause; a place that names no large city is one clause, as before."""
    asked = {"match": {"location": {"query": place, "operator": "and"}}}
    city, _, rest = place.partition(",")
    names = city_names(city)
    if not names:
        return asked
    words = [name for name in names if len(_WORD.findall(name)) == 1]
    either: list[dict[str, Any]] = [asked]
    if words:
        either.append({"match": {"location": {"query": " ".join(words), "operator": "or"}}})
    either += [
        {"match": {"location": {"query": name, "operator": "and"}}} for name in names if name not in words
    ]
    named = {"bool": {"should": either}}
    if not _WORD.search(rest):  # "Munich" or "Munich," alike
        return named
    # The country or state after the city by any of its names ("Austin, TX" takes in "Austin, United States").
    regions = [rest.strip(), *(n for n in region_names(city, rest) if place_key(n) != place_key(rest))]
    region = [{"match": {"location": {"query": name, "operator": "and"}}} for name in regions]
    return {"bool": {"filter": [named, region[0] if len(region) == 1 else {"bool": {"should": region}}]}}


def filters(request: SearchRequest) -> list[dict[str, Any]]:
    """The hard constraints: they decide who is in, never how high."""
    clauses: list[dict[str, Any]] = [ACTIVE]
    if request.email_matches is not None:
        # The candidates with the addresses the text named (app/search/emails.py), or nobody.
        clauses.append({"ids": {"values": request.email_matches, "_name": "email"}})
    years: dict[str, float] = {}
    if request.min_experience_years is not None:
        years["gte"] = request.min_experience_years
    if request.max_experience_years is not None:
        years["lte"] = request.max_experience_years
    if years and request.search_type != SearchType.EXPERIENCE_MATCH:
        clauses.append({"range": {"total_experience_years": years}})
    if request.locations:
        clauses.append({"bool": {"should": [place_filter(loc) for loc in request.locations]}})
    if request.companies and request.search_type != SearchType.SAME_DEPARTMENT:
        clauses.append(
            _nested(
                "work_experience",
                {"bool": {"should": [company_filter(company) for company in request.companies]}},
            )
        )
    if request.titles:
        title_matches = []
        for title in request.titles:
            title_matches.append({"match": {"current_title": {"query": title, "operator": "and"}}})
            title_matches.append(
                _nested(
                    "work_experience",
                    {"match": {"work_experience.title": {"query": title, "operator": "and"}}},
                )
            )
        clauses.append({"bool": {"should": title_matches}})
    if request.departments and request.search_type != SearchType.SAME_DEPARTMENT:
        clauses.append(
            _nested(
                "work_experience",
                {
                    "bool": {
                        "should": [
                            {"match": {"work_experience.department": {"query": d, "operator": "and"}}}
                            for d in request.departments
                        ]
                    }
                },
            )
        )
    clauses.extend(required_skill_filters(request))
    if request.education_level is not None:
        terms = EDUCATION_TERMS[request.education_level]
        clauses.append(
            _nested(
                "education",
                {"bool": {"should": [{"match_phrase": {"education.degree": term}} for term in terms]}},
            )
        )
    return clauses


def skill_clauses(skills: list[str]) -> list[dict[str, Any]]:
    """Ranking: one named clause per asked skill, its catalogue name (aliases such as k8s resolved before)
    matched as the skills field's own tokens. BM25 on the field keeps a skill worth more to a short skill
    list than to a long one; the index-time analyzer instead of the search one leaves out the synonym graph,
    whose phrase paths were most of what a skill clause cost the engine. With SKILL_TERMS, one exact term
    of the keyword field instead (a single postings list, the same score for every holder)."""
    if SKILL_TERMS:
        return [
            {
                "term": {
                    SKILL_KEYWORD: {
                        "value": canonical(skill),
                        "boost": SKILL_BOOST,
                        "_name": f"skill:{skill}",
                    }
                }
            }
            for skill in skills
        ]
    return [
        {
            "match": {
                "skills": {
                    "query": canonical(skill),
                    "operator": "and",
                    "analyzer": "skill",
                    "boost": SKILL_BOOST,
                    "_name": f"skill:{skill}",
                }
            }
        }
        for skill in skills
    ]


def skill_filters(request: SearchRequest) -> list[dict[str, Any]]:
    """Who is in by skills: the asked skills apart from those the text names (with skills_mode "any"),
    at least one of them, or every one of them with "all"."""
    if not request.skills:
        return []
    named = _named_skills(request.query) if request.skills_mode == "any" else set()
    required = [canonical(skill) for skill in request.skills if canonical(skill).casefold() not in named]
    if not required:
        return []
    if request.skills_mode == "all":
        return [{"term": {SKILL_KEYWORD: skill}} for skill in required]
    return [{"terms": {SKILL_KEYWORD: required}}]


def required_skill_filters(request: SearchRequest) -> list[dict[str, Any]]:
    """Every required skill, each one a filter of its own, whatever the text names or skills_mode says."""
    required = dict.fromkeys(canonical(skill) for skill in request.required_skills)
    return [{"term": {SKILL_KEYWORD: skill}} for skill in required]


def asked_skills(request: SearchRequest) -> list[str]:
    """The skills a search ranks by and lists on its hits: `skills` as asked, then the required skills
    `skills` does not name already."""
    asked = {canonical(skill).casefold() for skill in request.skills}
    more: dict[str, str] = {}
    for skill in request.required_skills:
        folded = canonical(skill).casefold()
        if folded not in asked:
            more.setdefault(folded, skill)
    return [*request.skills, *more.values()]


def text_clauses(
    query: str | None, job_fields: Sequence[str] | None = None, per_word: bool = False
) -> list[dict[str, Any]]:
    """Free text over title, summary, resume text and the jobs' titles and descriptions, weighted by how
    telling each is. The jobs' text is the flat copy of every job (`job_fields`, JOB_FIELDS by default;
    empty: no jobs clause), not nested scoring: a top-level disjunction is what lets the engine skip
    documents that cannot reach the top. `per_word`: word by word (PER_WORD_MAX_WORDS) in the prose fields,
    and in the skill fields when no multi-word synonym is in the text (`splits_into_words`), named
    `text:<field>:<n>` and `experience_text:<n>`; the same scores. A longer text: `long_text_clauses`. A
    word matched on its own is read with its equivalents as one term (`equivalents_analyzer`)."""
    if not query or not query.strip():
        return []
    job_fields = JOB_FIELDS if job_fields is None else job_fields
    weights = {
        "current_title": TITLE_BOOST,
        "summary": SUMMARY_BOOST,
        "summary.skills": SUMMARY_BOOST,
        "resume_text": RESUME_TEXT_BOOST,
        "resume_text.skills": RESUME_TEXT_BOOST,
        "skills": SKILL_BOOST,
    }
    words = query.split()
    if per_word and len(words) > PER_WORD_MAX_WORDS and LONG_TEXT_BY_WORD:
        return long_text_clauses(words, job_fields, weights)
    split = per_word and len(words) <= PER_WORD_MAX_WORDS
    by_word = PROSE_FIELDS | SKILL_SEARCH_FIELDS if split and splits_into_words(query) else PROSE_FIELDS
    whole = [field for field in TEXT_FIELDS if not (split and field in by_word)]
    clauses: list[dict[str, Any]] = []
    ranks = seniority.positions(query) if split else frozenset()
    shares = [word_weight(word) * (SENIORITY_WEIGHT if n in ranks else 1.0) for n, word in enumerate(words)]
    if split:
        clauses += [
            _word(field, word, weights[field] * shares[n], f"text:{field}:{n}")
            for field in TEXT_FIELDS
            if field in by_word
            for n, word in enumerate(words)
        ]
    if whole:
        fields = [f"{field}^{weights[field]}" for field in whole]
        multi = {"query": query, "fields": fields, "type": "most_fields", "_name": "text"}
        clauses.append({"multi_match": multi})
    if not job_fields:
        return clauses
    if split and all(spec.partition("^")[0] in PROSE_FIELDS for spec in job_fields):
        for spec in job_fields:
            field, _, weight = spec.partition("^")
            boost = float(weight or 1) * EXPERIENCE_DESCRIPTION_BOOST
            clauses += [
                _word(field, word, boost * shares[n], f"experience_text:{n}") for n, word in enumerate(words)
            ]
        return clauses
    clauses.append(jobs_clause(query, job_fields))
    return clauses


def jobs_clause(query: str, job_fields: Sequence[str]) -> dict[str, Any]:
    """The text in the jobs' fields as one clause."""
    return {
        "multi_match": {
            "query": query,
            "fields": list(job_fields),
            "type": "most_fields",
            "boost": EXPERIENCE_DESCRIPTION_BOOST,
            "_name": "experience_text",
        }
    }


def long_text_clauses(
    words: Sequence[str], job_fields: Sequence[str], weights: dict[str, float]
) -> list[dict[str, Any]]:
    """`text_clauses` of a text over PER_WORD_MAX_WORDS words (LONG_TEXT_BY_WORD): word by word in the prose
    fields, run by run in the skill fields (`skill_segments`), each distinct one once with its count as the
    boost and no specificity weight, so every resume scores as with the whole text in one clause per field;
    named as the short texts' word clauses. Job fields outside the prose fields keep one clause."""
    prose = Counter(words)
    runs = Counter(skill_segments(words))
    clauses: list[dict[str, Any]] = []
    for field in TEXT_FIELDS:
        units = runs if field in SKILL_SEARCH_FIELDS else prose
        clauses += [
            _word(field, unit, weights[field] * count, f"text:{field}:{n}")
            for n, (unit, count) in enumerate(units.items())
        ]
    if not all(spec.partition("^")[0] in PROSE_FIELDS for spec in job_fields):
        return [*clauses, jobs_clause(" ".join(words), job_fields)]
    for spec in job_fields:
        field, _, weight = spec.partition("^")
        boost = float(weight or 1) * EXPERIENCE_DESCRIPTION_BOOST
        clauses += [
            _word(field, word, boost * count, f"experience_text:{n}")
            for n, (word, count) in enumerate(prose.items())
        ]
    return clauses


def skill_segments(words: Sequence[str]) -> list[str]:
    """The words joined into runs that no multi-word synonym entry crosses ("machine learning" stays one
    run), so the skill analyzer reads each run alone as it reads it inside the whole text."""
    tokens: list[str] = []
    owner: list[int] = []
    for position, word in enumerate(words):
        for token in skill_tokens(word):
            tokens.append(token)
            owner.append(position)
    joined = [False] * len(words)  # joined[i]: word i continues word i - 1's run
    for start, stop in synonym_spans(tuple(tokens)):
        for position in range(owner[start] + 1, owner[stop - 1] + 1):
            joined[position] = True
    runs: list[str] = []
    for word, continues in zip(words, joined, strict=True):
        if continues and runs:
            runs[-1] += " " + word
        else:
            runs.append(word)
    return runs


def fold(token: str) -> str:
    """A token as `lowercase` and `asciifolding` leave it (accents dropped)."""
    decomposed = unicodedata.normalize("NFKD", token.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def skill_tokens(text: str) -> tuple[str, ...]:
    """The skill analyzer's tokens of `text`, before synonyms."""
    return tuple(fold(match.group(0)) for match in _SKILL_TOKEN.finditer(text))


@lru_cache(maxsize=1)
def multiword_synonyms() -> frozenset[tuple[str, ...]]:
    """Every synonym entry of more than one token: where the synonym graph reads across words."""
    entries = set()
    for rule in parse_synonyms(SKILL_SYNONYMS_FILE.read_text(encoding="utf-8")):
        for alternative in rule.replace("=>", ",").split(","):
            tokens = skill_tokens(alternative)
            if len(tokens) > 1:
                entries.add(tokens)
    return frozenset(entries)


@lru_cache(maxsize=4096)
def splits_into_words(query: str) -> bool:
    """True when the skill analyzer reads `query` word by word as it reads it whole: no multi-word synonym
    entry appears in it."""
    return not any(synonym_spans(skill_tokens(query)))


def synonym_spans(tokens: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where multi-word synonym entries are in `tokens`: each one's [start, stop)."""
    entries = multiword_synonyms()
    longest = max((len(entry) for entry in entries), default=0)
    for start in range(len(tokens)):
        for length in range(2, min(longest, len(tokens) - start) + 1):
            if tokens[start : start + length] in entries:
                yield start, start + length


def word_weight(word: str) -> float:
    """The share of its field's weight a query word keeps: less the more trades use it (SPECIFICITY_POWER)."""
    return specificity.weight(word, SPECIFICITY_POWER, SPECIFICITY_FLOOR)


def _word(field: str, word: str, boost: float, name: str) -> dict[str, Any]:
    match: dict[str, Any] = {"query": word, "boost": boost, "_name": name}
    analyzer = equivalents_analyzer(field, word)
    if analyzer:
        match["analyzer"] = analyzer
    return {"match": {field: match}}


def equivalents_analyzer(field: str, word: str) -> str | None:
    """The search analyzer that reads `word` in `field` together with its equivalents, as one term
    (EQUIVALENTS_ANALYZERS, with EQUIVALENTS and EQUIVALENTS_AS_ONE_TERM); None for a word without
    equivalents, which the field's own analyzer reads."""
    if not (EQUIVALENTS and EQUIVALENTS_AS_ONE_TERM) or not word_equivalents(word):
        return None
    return EQUIVALENTS_ANALYZERS.get(field)


def phrase_clauses(query: str | None) -> list[dict[str, Any]]:
    """Ranking only: each pair of adjacent query words that the resume text has as a phrase."""
    words = (query or "").split()
    pairs = [f"{first} {second}" for first, second in itertools.pairwise(words)]
    return [
        {"match_phrase": {"resume_text": {"query": pair, "slop": PHRASE_SLOP, "boost": PHRASE_BOOST}}}
        for pair in pairs[:MAX_PHRASES]
    ]


def ranked(
    filter_: list[dict[str, Any]], should: list[dict[str, Any]], *, extra: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The shape the engine can prune: filters decide who is in; one pure disjunction of the should clauses
    is the *only* scoring clause (`must`), so Lucene scores it with block-max WAND (9.12, OpenSearch 2.x)
    or flattens it into filters + should and uses MaxScore (10.x, OpenSearch 3.x), and hands it the score
    a document needs to reach the page. `filter` + `should` + `minimum_should_match` 1 in one bool (9.12),
    a second scoring clause beside the disjunction (both), or `minimum_should_match` 2 (10.x) compile to
    scorers that never receive that score, so every match gets scored (benchmarks/README.md, "The shape
    Lucene prunes"). That is why there is no recency clause: a `distance_feature` lift matches every
    candidate, so it can only be a second scoring clause or a second required match, and either costs
    the pruning (sort by `updated_desc` asks for fresh profiles first).

    `extra` clauses (similar_candidates' experience steps) rank but do not let anyone in: they join the
    scoring disjunction, and the should clauses alone are also a filter (who is in). Beside the disjunction
    they cost the pruning (similar_candidates at 1M: p50 / p95 45 / 73 ms there, 17 / 38 ms inside, the same
    top 20; benchmarks/README.md)."""
    if not should:
        should = [{"match_all": {}}]
    if extra:
        filter_ = [*filter_, {"bool": {"should": list(should)}}]
        return {"bool": {"filter": filter_, "must": [{"bool": {"should": [*should, *extra]}}]}}
    return {"bool": {"filter": filter_, "must": [{"bool": {"should": list(should)}}]}}


@lru_cache(maxsize=8192)
def canonical(skill: str) -> str:
    """The catalogue's name of a skill; remembered, since hits and requests look skills up on every search."""
    return canonical_skill(skill) or skill.strip()


def _named_skills(query: str | None) -> set[str]:
    """The catalogue skills a free-text query names ("payroll benefits" names Payroll), canonical and
    case-folded."""
    return {skill.casefold() for skill in find_request_skills(query)} if query and query.strip() else set()


def _ranking(request: SearchRequest) -> list[dict[str, Any]]:
    """What ranks a search with skills and text: the text word by word, each word with its equivalents as
    one term ("auto" also matches "automotive"; `equivalents_analyzer`, or appended with `with_equivalents`
    when not EQUIVALENTS_AS_ONE_TERM), the adjacent pairs of the words as asked, every asked skill."""
    query = request.query
    if query and EQUIVALENTS and not EQUIVALENTS_AS_ONE_TERM:
        query = with_equivalents(query)
    text = text_clauses(query, per_word=True)
    exact = exact_title_clauses(request.query)
    return text + exact + phrase_clauses(request.query) + skill_clauses(asked_skills(request))


def exact_title_clauses(query: str | None) -> list[dict[str, Any]]:
    """Ranking only: the current title equal to the whole text, or to it with its last word singular ("java
    developers": "Java Developer"), scored as the text's words in that title times EXACT_TITLE_SCALE times
    TITLE_BOOST (the title's analyzer stems, so the plural matches too); with EXACT_TITLE_SCALE 0, a
    constant EXACT_TITLE_BOOST. One clause of the disjunction, its score bounded: the engine still prunes."""
    words = (query or "").split()
    if not words or len(words) > EXACT_TITLE_MAX_WORDS or max(EXACT_TITLE_SCALE, EXACT_TITLE_BOOST) <= 0:
        return []
    text = " ".join(words)
    singular = " ".join([*words[:-1], specificity.fold(words[-1])])
    titles = [text] if singular.casefold() == text.casefold() else [text, singular]
    title = {"terms": {"current_title.keyword": titles}}
    if EXACT_TITLE_SCALE <= 0:
        return [{"constant_score": {"filter": title, "boost": EXACT_TITLE_BOOST, "_name": "exact_title"}}]
    # Named, so no reader takes it for a title feedback word (`rerank` names those it finds unnamed); the
    # name says nothing about a hit (`shaping.reason_for`): only the whole clause's "exact_title" does.
    scored = {"query": text, "boost": EXACT_TITLE_SCALE * TITLE_BOOST, "_name": "exact_title:words"}
    again = {"match": {"current_title": scored}}
    return [{"bool": {"filter": [title], "must": [again], "_name": "exact_title"}}]


def feedback_text(request: SearchRequest) -> str | None:
    """The normalised text of a search that takes title feedback, else None."""
    if request.search_type != SearchType.SKILLS_MATCH or TITLE_FEEDBACK_BOOST <= 0:
        return None
    text = " ".join((request.query or "").split())
    return text.casefold() or None


def title_feedback(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """The words the best hits share in their current titles, most shared first, with their share; words
    shared as widely come in the order the hits name them first (the best hit's title first), so the
    feedback of the same hits is the same in every process (a set's order is not)."""
    counts: Counter[str] = Counter()
    for hit in hits:
        counts.update(title_words((hit.get("_source") or {}).get("current_title") or ""))
    shared = [(word, n) for word, n in counts.most_common() if n >= TITLE_FEEDBACK_MIN_TITLES]
    return [(word, n / len(hits)) for word, n in shared[:TITLE_FEEDBACK_WORDS]]


def voted_feedback(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """The title feedback of the hits scoring at least TITLE_FEEDBACK_MIN_SCORE of the best (all of them when
    they carry no score), each word's share counted over all of `hits`."""
    best = max((hit.get("_score") or 0.0 for hit in hits), default=0.0)
    voting = [hit for hit in hits if (hit.get("_score") or 0.0) >= TITLE_FEEDBACK_MIN_SCORE * best]
    scale = len(voting) / len(hits) if hits else 0.0
    return [(word, share * scale) for word, share in title_feedback(voting)]


def role_feedback(
    feedback: list[tuple[str, float]], hits: list[dict[str, Any]], text: str | None
) -> list[tuple[str, float]]:
    """The title feedback of `hits` for a text: only the words of the text (and their equivalents) when one
    of the hits' titles is the role it names (FEEDBACK_ROLE), else all of it."""
    if not FEEDBACK_ROLE or not text:
        return feedback
    asked = folded_words(with_equivalents(text))
    text_words = len(folded_words(text))
    titles = [folded_words((hit.get("_source") or {}).get("current_title") or "") for hit in hits]
    if not any(names_the_role(title, asked, text_words) for title in titles):
        return feedback
    return [(word, share) for word, share in feedback if specificity.fold(word) in asked]


def title_words(title: str) -> list[str]:
    """The words of a title the feedback counts, each once in the order written: case-folded, no stop words
    or numbers."""
    words = _TITLE_WORD.findall(title.casefold())
    return list(dict.fromkeys(w for w in words if w not in TITLE_FEEDBACK_STOPWORDS))


def folded_words(text: str) -> set[str]:
    """`title_words` with a plural's "s" off, so "drivers" and "Driver" meet."""
    return {specificity.fold(word) for word in title_words(text)}


def names_the_role(title: set[str], asked: set[str], text_words: int) -> bool:
    """Whether a title (its `folded_words`) is the role a text names: every word of it asked (the text's
    words and their equivalents), and at least half as many words as the text has ("Truck Driver" for
    "truck driver", "Coach" for "agile coach"; not "Personal Trainer" for "personal trainer group fitness
    nutrition coaching")."""
    return bool(title) and title <= asked and 2 * len(title) >= text_words


def title_feedback_clauses(feedback: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
    """Ranking only: each feedback word in the current title or in the past job titles, weighed by its
    share. Past titles are matched on their flat copy (`job_titles`), not per job: a nested clause has no
    score bound the engine can use, so one in the disjunction stops all pruning (Lucene's block-join
    scorer reports an infinite maximum score). The price: a long career dilutes the word a little (dev
    nDCG@10 0.752 flat against 0.764 per job, held-out 0.768 against 0.776; benchmarks/README.md). A
    seniority word the titles share ("senior") keeps its whole weight: a quarter (SENIORITY_WEIGHT, as in
    the text) read dev nDCG@10 0.757 against 0.758 and was not kept."""
    clauses: list[dict[str, Any]] = []
    for word, share in feedback:
        boost = TITLE_FEEDBACK_BOOST * share
        clauses.append({"match": {"current_title": {"query": word, "boost": boost}}})
        clauses.append({"match": {"job_titles": {"query": word, "boost": boost}}})
    return clauses


def skills_match(request: SearchRequest, feedback: Sequence[tuple[str, float]] = ()) -> dict[str, Any]:
    """Skills and text: filters and the asked skills decide who is in; text, phrases, skills and title
    feedback rank, in one flat disjunction. The feedback ranks only (`ranked`'s extra clauses): as a clause
    of the disjunction it let in everyone whose title had a feedback word, so a text's sorted pages, its
    relevance pages past the window and a page of more than FEEDBACK_WINDOW held people the text does not
    name at all ("analyst" sorted by experience: 91 matches, 67 of them a Teacher, an HR Manager, ...)."""
    return ranked(
        filters(request) + skill_filters(request), _ranking(request), extra=title_feedback_clauses(feedback)
    )


def experience_bands(
    low: float, high: float, steps: Sequence[tuple[float, float]], weight: float, window: float | None = None
) -> list[tuple[float, float, float]]:
    """A gaussian fit to [low, high] as nested bands of years, (lowest, highest, boost): a candidate within
    `margin` years of the range gets that step's share of `weight`. Steps as wide as a `window` the search
    filters on already are left out: every candidate has them, so they would cost a range without changing
    the order (the narrower steps still add only what they add above them)."""
    bands = []
    previous = 0.0
    for margin, share in sorted(steps, key=lambda step: -step[0]):
        if window is None or margin < window:
            bands.append((max(0.0, low - margin), high + margin, round(weight * (share - previous), 4)))
        previous = share
    return bands


def experience_steps(
    low: float,
    high: float,
    steps: Sequence[tuple[float, float]],
    weight: float,
    name: str,
    window: float | None = None,
) -> list[dict[str, Any]]:
    """`experience_bands` as nested constant-score ranges. Ranges are prunable clauses; a script over every
    candidate (the decay function this replaces) was not."""
    return [
        {
            "constant_score": {
                "filter": {"range": {"total_experience_years": {"gte": lowest, "lte": highest}}},
                "boost": boost,
                "_name": name,
            }
        }
        for lowest, highest, boost in experience_bands(low, high, steps, weight, window)
    ]


def experience_match(request: SearchRequest) -> dict[str, Any]:
    """Experience fit around the asked range first, skills and text next. Candidates further than
    EXPERIENCE_WINDOW_YEARS from the range are out: the fit there is under 7 % of its top."""
    low = request.min_experience_years
    high = request.max_experience_years
    # SearchRequest asks for one end at least: a missing one is 0 or open.
    low = low if low is not None else 0.0
    high = high if high is not None else max(low, 40.0)
    window = {"gte": max(0.0, low - EXPERIENCE_WINDOW_YEARS), "lte": high + EXPERIENCE_WINDOW_YEARS}
    fit = experience_steps(
        low, high, EXPERIENCE_FIT_STEPS, EXPERIENCE_FIT_WEIGHT, "experience_fit", EXPERIENCE_WINDOW_YEARS
    )
    filter_ = [*filters(request), {"range": {"total_experience_years": window}}]
    return ranked(filter_, fit + _ranking(request))


def similar_candidates(
    request: SearchRequest, source: dict[str, Any], rescored: bool = False
) -> dict[str, Any]:
    """Candidates like the source: the profile terms they share (skills and current-title words, each
    weighed by how rare it is), then similar experience. `rescored`: without the experience steps, which
    `similar_rescore` then adds over the best hits."""
    terms = similar_terms(source)
    should = [{"term": {"profile": {"value": term, "_name": "similar_profile"}}} for term in terms]
    if not should:
        should = [{"match_none": {}}]
    extra = [] if rescored else similar_experience(source)
    query = ranked(filters(request) + skill_filters(request), should + _ranking(request), extra=extra)
    return _without(query, request.candidate_id)


def similar_experience(source: dict[str, Any]) -> list[dict[str, Any]]:
    """similar_candidates' experience steps around the source's years (none when it has no years)."""
    years = source.get("total_experience_years")
    if years is None:
        return []
    return experience_steps(
        float(years), float(years), SIMILAR_EXPERIENCE_STEPS, SIMILAR_EXPERIENCE_WEIGHT, "similar"
    )


# similar_candidates' experience steps over the rescore window, as the steps' ranges would match them: the
# years in tenths (the field is a scaled_float of factor 10), each step's [lo, hi] in tenths as the engine
# rounds a range's bounds on that field. Over a window of hits a script costs next to nothing; the same
# steps as range queries make the engine read every candidate's years, window or not.
SIMILAR_STEPS_SCRIPT = """
if (doc['total_experience_years'].size() == 0) { return 0.0; }
long y = Math.round(doc['total_experience_years'].value * 10);
double s = 0.0;
for (int i = 0; i < params.lo.size(); i++) {
  if (y >= ((Number) params.lo.get(i)).longValue() && y <= ((Number) params.hi.get(i)).longValue()) {
    s += ((Number) params.boost.get(i)).doubleValue();
  }
}
return s;
"""


def similar_rescore(source: dict[str, Any], covered: int) -> dict[str, Any] | None:
    """The experience steps as a rescore of the best SIMILAR_RESCORE_WINDOW hits (at least the `covered`
    ones a page reaches): their scores plus the steps, the order the whole query with the steps gives
    inside the window. None when the source has no years."""
    years = source.get("total_experience_years")
    if years is None:
        return None
    bands = experience_bands(float(years), float(years), SIMILAR_EXPERIENCE_STEPS, SIMILAR_EXPERIENCE_WEIGHT)
    params = {
        "lo": [math.ceil(round(lowest * 10, 6)) for lowest, _, _ in bands],
        "hi": [math.floor(round(highest * 10, 6)) for _, highest, _ in bands],
        "boost": [boost for _, _, boost in bands],
    }
    return {
        "window_size": min(max(SIMILAR_RESCORE_WINDOW, covered), MAX_RESCORE_WINDOW),
        "query": {
            "rescore_query": {
                "script_score": {
                    "query": {"match_all": {}},
                    "script": {"source": SIMILAR_STEPS_SCRIPT, "params": params},
                }
            },
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "total",
        },
    }


def similar_terms(source: dict[str, Any]) -> list[str]:
    """The source's profile terms to compare: its skills and title words (SIMILAR_MAX_QUERY_TERMS)."""
    terms = source.get("profile")
    if terms is None:  # indexed before profiles existed
        terms = profile_terms(source.get("skills") or [], source.get("current_title"))
    return list(terms)[:SIMILAR_MAX_QUERY_TERMS]


def _without(query: dict[str, Any], candidate_id: Any) -> dict[str, Any]:
    """The query minus the candidate the search is about."""
    if candidate_id is None:
        return query
    return {"bool": {"must": [query], "must_not": [{"ids": {"values": [str(candidate_id)]}}]}}


# Most months one worked_with query asks for (a bool query allows 1,024 clauses in all; a whole year is one
# clause, a part of one its months' and the year's): 66 years of jobs; a longer history keeps each job's
# most recent months.
MAX_TENURE_MONTHS = 800


def overlap_clauses(company_key: str, first: int, stop: int) -> list[dict[str, Any]]:
    """What a job's months [first, stop) ask for, each scoring the months shared there: a whole year of the
    job, the other's months in that year (their rank feature, linear); a part of a year, the year's term
    weighted by the job's months in it (the other held the whole year) and each of those months' term
    (boolean similarity scores the boost)."""
    clauses: list[dict[str, Any]] = []
    for year, in_year in itertools.groupby(range(first, stop), key=lambda m: m // 12):
        months = list(in_year)
        if len(months) == 12:
            field = f"work_years.{year_term(company_key, year)}"
            clauses.append({"rank_feature": {"field": field, "linear": {}}})
            continue
        clauses.append(
            {"term": {"work_months": {"value": year_term(company_key, year), "boost": len(months)}}}
        )
        clauses.extend({"term": {"work_months": month_term(company_key, m)}} for m in months)
    return clauses


def worked_with(request: SearchRequest, source: dict[str, Any], today: date) -> dict[str, Any]:
    """People who spent at least min_overlap_months at the source's companies at the same time, longest first.

    Each source job asks for its company's time terms (see app.candidates.tenure), and a candidate's score
    is the months spent there side by side, the same count as `overlap_months`, with no nested join or
    script over a large employer's jobs. The clauses form one flat disjunction, the shape the engine prunes
    (`ranked`); a longer minimum is a minimum score. They carry no names (one name on hundreds of clauses
    keeps only the last): the API names the companies from the jobs.
    """
    need = request.min_overlap_months
    budget = MAX_TENURE_MONTHS
    clauses: list[dict[str, Any]] = []
    for job in source.get("work_experience", []):
        key, span = job.get("company_key"), job_months(job, today)
        if not key or span is None or span[1] - span[0] < need or budget <= 0:
            continue
        department = job.get("department")
        if request.same_department and not department:
            # Nobody is known to have shared a department the resume does not name; before, such a job
            # asked for everyone at the company, answered as if they were of the same department.
            continue
        first, stop = max(span[0], span[1] - budget), span[1]
        budget -= stop - first
        terms = overlap_clauses(key, first, stop)
        if request.same_department:
            dept_filter = [_same_department_job(key, department, span, need)]
            clauses.append({"bool": {"should": terms, "minimum_should_match": 1, "filter": dept_filter}})
        else:
            clauses.extend(terms)
    if not clauses:
        # The source has no dated job at a known company (in a named department, when that is asked):
        # nobody can have worked with them.
        return {"match_none": {}}
    # The asked skills filter as in the other searches: they were shown as missing on every colleague.
    query = ranked(filters(request) + skill_filters(request), clauses)
    query["bool"]["must_not"] = [{"ids": {"values": [str(request.candidate_id)]}}]
    if need > 1:
        return {"function_score": {"query": query, "min_score": need}}
    return query


def _same_department_job(key: str, department: str, span: tuple[int, int], need: int) -> dict[str, Any]:
    """A job in the department at that company that can have overlapped the source's job by `need` months."""
    first, stop = (date(m // 12, m % 12 + 1, 1) for m in span)
    return _nested(
        "work_experience",
        {
            "bool": {
                "filter": [
                    {"term": {"work_experience.company_key": key}},
                    {"match": {"work_experience.department": {"query": department, "operator": "and"}}},
                    {
                        "range": {
                            "work_experience.start_date": {"lt": shift_months(stop, 1 - need).isoformat()}
                        }
                    },
                    {
                        "bool": {
                            "should": [
                                {
                                    "range": {
                                        "work_experience.end_date": {
                                            "gte": shift_months(first, need).isoformat()
                                        }
                                    }
                                },
                                {"term": {"work_experience.is_current": True}},
                                {"bool": {"must_not": {"exists": {"field": "work_experience.end_date"}}}},
                            ]
                        }
                    },
                ]
            }
        },
    )


def overlap_months(source: dict[str, Any], other: dict[str, Any], today: date) -> int:
    """Whole months two people's jobs at one company ran side by side, summed over their shared jobs."""
    return sum(overlap_by_company(source, other, today).values())


def overlap_by_company(source: dict[str, Any], other: dict[str, Any], today: date) -> dict[str, int]:
    """Per company key, the whole months two people's jobs there ran side by side (companies with some):
    each job's months as `job_months` counts them, as the index's time terms do."""
    return overlap_by_company_of(job_spans(source, today), other, today)


def job_spans(candidate: dict[str, Any], today: date) -> list[tuple[str, tuple[int, int]]]:
    """The candidate's dated jobs at a known company, in order: (company key, `job_months`)."""
    spans = []
    for job in candidate.get("work_experience") or []:
        key, span = job.get("company_key"), job_months(job, today)
        if key and span is not None:
            spans.append((key, span))
    return spans


def overlap_by_company_of(
    source_jobs: list[tuple[str, tuple[int, int]]], other: dict[str, Any], today: date
) -> dict[str, int]:
    """`overlap_by_company` with the source's jobs as `job_spans` gives them (worked out once per search)."""
    if not source_jobs:
        return {}
    keys = {key for key, _ in source_jobs}
    theirs: dict[str, list[tuple[int, int]]] = {}
    for job in other.get("work_experience") or []:
        key = job.get("company_key")
        if key in keys:
            span = job_months(job, today)
            if span is not None:
                theirs.setdefault(key, []).append(span)
    together: dict[str, int] = {}
    for key, (first, stop) in source_jobs:
        for other_first, other_stop in theirs.get(key, ()):
            months = min(stop, other_stop) - max(first, other_first)
            if months > 0:
                together[key] = together.get(key, 0) + months
    return together


# What a hit's jobs carry for an employer filter: a card whose current employer is another says where and when
# the person worked at the employer asked (`shaping.employer_jobs`), not the jobs' text.
EMPLOYER_JOB_FIELDS = [
    f"work_experience.{name}"
    for name in ("company", "company_key", "title", "start_date", "end_date", "is_current")
]


def source_extra(request: SearchRequest) -> list[str]:
    """Stored fields a hit needs beyond SOURCE_FIELDS: the details when asked, the jobs for worked_with, the
    jobs' employers and dates with an employer filtered."""
    if request.include_details:
        return DETAIL_FIELDS
    if request.search_type in (SearchType.WORKED_WITH, SearchType.COLLEAGUES):
        return ["work_experience"]
    if request.companies and request.search_type != SearchType.SAME_DEPARTMENT:
        return EMPLOYER_JOB_FIELDS
    return []


def same_department(request: SearchRequest, source: dict[str, Any] | None) -> dict[str, Any]:
    """People who worked in the same company and department, at any time."""
    pairs: list[tuple[str, str]] = []
    if source is not None:
        pairs = [
            (job["company_key"], job["department"])
            for job in source.get("work_experience", [])
            if job.get("company_key") and job.get("department")
        ]
    else:
        pairs = [(company_key_of(c), d) for c in request.companies for d in request.departments]
    clauses = [
        _nested(
            "work_experience",
            {
                "bool": {
                    "filter": [
                        {"term": {"work_experience.company_key": key}},
                        {"match": {"work_experience.department": {"query": department, "operator": "and"}}},
                    ]
                }
            },
            score_mode="max",
            _name=f"department:{key}/{department}",
        )
        for key, department in dict.fromkeys(pairs)
        if key
    ] or [{"match_none": {}}]
    query = ranked(
        filters(request) + skill_filters(request), [{"bool": {"should": clauses, "minimum_should_match": 1}}]
    )
    ranking = _ranking(request)
    if ranking:
        query = {"bool": {"must": [query], "should": ranking}}
    return _without(query, request.candidate_id)


def company_key_of(name: str) -> str:
    """The same normalization as the record system's company key."""
    from app.candidates.companies import company_key

    return company_key(name) or ""


# Relevance pages after the first run on a point in time, ordered by score then Lucene's doc order: the
# order the first page (sorted by score alone, so the engine may skip) has too.
PIT_SORT = [{"_score": "desc"}, {"_doc": "asc"}]


def sort_clause(order: SortOrder) -> list[Any] | None:
    """Sort keys; None for relevance, which sorts by score alone: any tie-break key would make the engine
    score every match. Field sorts end in candidate_id so search_after pages are stable."""
    tie = {"candidate_id": "asc"}
    if order == SortOrder.EXPERIENCE_DESC:
        return [{"total_experience_years": {"order": "desc", "missing": "_last"}}, "_score", tie]
    if order == SortOrder.EXPERIENCE_ASC:
        return [{"total_experience_years": {"order": "asc", "missing": "_last"}}, "_score", tie]
    if order == SortOrder.UPDATED_DESC:
        return [{"updated_at": "desc"}, "_score", tie]
    return None


# The companies facet counts the candidates who worked at each company, now or before, as a company filter
# lets them in: counted by current employer, a company ticked let in more than its count ("Acme Corp 1", then
# 2 results: one had worked there before). One row per company key, as the filter matches
# (`company_filter`), named by the spelling most of its jobs use (`names`): counted by spelling, "Acme Corp",
# "ACME Corporation" and "Acme Inc." were three rows of one employer.
def companies_facet(size: int) -> dict[str, Any]:
    """The `size` employers most candidates worked at, by company key, each named by its most used spelling
    (the search's facet, and `GET /api/v1/search/filters`' companies)."""
    return {
        "nested": {"path": "work_experience"},
        "aggs": {
            "jobs": {
                "terms": {
                    "field": "work_experience.company_key",
                    "size": size,
                    "order": [{"candidates": "desc"}, {"_key": "asc"}],
                },
                "aggs": {
                    "candidates": {"reverse_nested": {}},
                    "names": {"terms": {"field": "work_experience.company.raw", "size": 1}},
                },
            }
        },
    }


FACET_AGGS = {
    "skills": {"terms": {"field": "skills.raw", "size": 20}},
    "companies": companies_facet(20),
    "locations": {"terms": {"field": "location.raw", "size": 20}},
    "titles": {"terms": {"field": "current_title.raw", "size": 20}},
    "experience": {
        "range": {
            "field": "total_experience_years",
            "ranges": [
                {"key": "0-2", "to": 2},
                {"key": "2-5", "from": 2, "to": 5},
                {"key": "5-10", "from": 5, "to": 10},
                {"key": "10+", "from": 10},
            ],
        }
    },
}


# Facets of the searches whose matches run into the hundreds of thousands count their best FACET_SAMPLE
# matches unless the request asks for an exact total. Aggregations make the engine collect every match,
# which no top-hits pruning survives. At 1M (`benchmarks.search.facets`, engine ms p50 / p95), every match
# against the best 500 (`facet_sample`, then `facet_counts`): skills_match 37 / 158 against 27 / 46,
# experience_match 127 / 224 against 26 / 47, similar_candidates 170 / 253 against 22 / 26. The colleague
# searches stay exact: one person's colleagues are few, and counting them all costs less (worked_with 7 / 20)
# than a sample would (19 / 29).
FACET_SAMPLE = 500
_SAMPLED_FACET_TYPES = frozenset(
    {SearchType.SKILLS_MATCH, SearchType.EXPERIENCE_MATCH, SearchType.SIMILAR_CANDIDATES}
)


def sampled_facets(request: SearchRequest) -> bool:
    """Whether a request's facets count a sample of its best matches rather than every match."""
    sampled = request.search_type.canonical in _SAMPLED_FACET_TYPES
    return request.facets and not request.exact_total and sampled


def facet_sample(request: SearchRequest, source: dict[str, Any] | None, today: date, size: int) -> dict:
    """The ids of a search's best `size` matches in its own order (without the title feedback, which only
    reorders the first pass's window): its query alone, no fields, nothing counted."""
    body = build_search(request, source, today, Page(), ())
    sample: dict[str, Any] = {
        "query": body["query"],
        "size": size,
        "_source": False,
        "track_total_hits": False,
    }
    if "sort" in body:
        sample["sort"] = body["sort"]
    return sample


def facet_aggs(request: SearchRequest | None = None) -> dict[str, Any]:
    """FACET_AGGS, and how many candidates each place and employer the request asks lets in, as its filter
    reads it (`asked_locations`, `asked_companies`): "Berlin" takes in "Berlin, Germany" and "Berlin, NH",
    which no facet value counts (a candidate who lived in two is one), and "Acme" whoever worked at "Acme
    Corp" or "ACME Inc.", the companies facet's row of that key. A facet ticked in other words than its
    values is shown with that count."""
    aggs = dict(FACET_AGGS)
    if request is None:
        return aggs
    if request.locations:
        places = {loc: place_filter(loc) for loc in request.locations}
        aggs["asked_locations"] = {"filters": {"filters": places}}
    if request.companies and request.search_type != SearchType.SAME_DEPARTMENT:
        employers = {company: company_filter(company) for company in request.companies}
        aggs["asked_companies"] = {
            "nested": {"path": "work_experience"},
            "aggs": {
                "jobs": {"filters": {"filters": employers}, "aggs": {"candidates": {"reverse_nested": {}}}}
            },
        }
    return aggs


def facet_counts(ids: Sequence[str], request: SearchRequest | None = None) -> dict[str, Any]:
    """The facets of the candidates `ids` (a `facet_sample`'s hits), of `request`'s asked places and
    employers too (`facet_aggs`)."""
    return {
        "query": {"ids": {"values": list(ids)}},
        "size": 0,
        "track_total_hits": False,
        "aggs": facet_aggs(request),
    }


# How long a point in time for cursor pages stays open after each page.
PIT_KEEP_ALIVE = "5m"
# Hits counted exactly at most, unless a request asks for an exact total: past the cap the engine stops
# counting and may skip documents that cannot reach the page (the answer then says "gte"). Until the
# cap is reached nothing can be skipped: at 1M candidates a cap of 10,000 cost skills_match a third more
# engine CPU per search than 1,000 (p95 62 against 37 ms; benchmarks/README.md, issue 15 session 9).
TOTAL_HITS_CAP = 1_000


@dataclass(frozen=True)
class Page:
    """Where a page starts: an offset (a first page, or a relevance page's first step onto a point in
    time), or the previous page's last sort values, with the point in time for relevance order. `best`: in
    relevance order, the search's best score (its first page's first hit), which every later page's
    match_score is relative to."""

    offset: int = 0
    pit: str | None = None
    after: list[Any] | None = None
    best: float | None = None


def build_search(
    request: SearchRequest,
    source: dict[str, Any] | None,
    today: date,
    page: Page | None = None,
    feedback: Sequence[tuple[str, float]] = (),
    total_cap: int = TOTAL_HITS_CAP,
    window: Sequence[str] | None = None,
    leave_out: Sequence[str] = (),
) -> dict[str, Any]:
    """The whole search body of a request (source: the candidate a relative search is about; feedback:
    `title_feedback` of the first pass's hits, for skills_match; window: the first pass's hits, the only
    candidates the feedback pass reorders, which counts nothing: totals and facets are the first pass's;
    leave_out: the window's candidates, which a relevance page past the window does not show again)."""
    page = page or Page(offset=request.offset)
    kind = request.search_type.canonical
    rescore = None
    if kind == SearchType.SKILLS_MATCH:
        query = skills_match(request, feedback)
    elif kind == SearchType.EXPERIENCE_MATCH:
        query = experience_match(request)
    elif kind == SearchType.SIMILAR_CANDIDATES:
        # A relevance page from an offset takes the experience steps as a rescore; a sorted one in its query.
        rescored = sort_clause(request.sort) is None and page.pit is None and page.after is None
        query = similar_candidates(request, source or {}, rescored)
        if rescored:
            rescore = similar_rescore(source or {}, page.offset + request.limit)
    elif kind == SearchType.WORKED_WITH:
        query = worked_with(request, source or {}, today)
    else:
        query = same_department(request, source)
    body: dict[str, Any] = {
        "query": query,
        "size": request.limit,
        "track_total_hits": True if request.exact_total else total_cap,
        "_source": SOURCE_FIELDS + source_extra(request),
    }
    sort = sort_clause(request.sort)
    if page.pit is not None:
        body["pit"] = {"id": page.pit, "keep_alive": PIT_KEEP_ALIVE}
        sort = sort or PIT_SORT
    if sort is not None:
        body["sort"] = sort
        body["track_scores"] = True
    if page.after is not None:
        body["search_after"] = page.after
    else:
        body["from"] = page.offset
    if rescore is not None:
        body["rescore"] = rescore
    if request.facets and not sampled_facets(request):
        body["aggs"] = facet_aggs(request)
    if request.explain:
        body["explain"] = True
    if request.highlight:
        body["highlight"] = highlight(request.query, asked_skills(request))
    if window is not None:
        query["bool"]["filter"].append({"ids": {"values": list(window)}})
        body["query"] = list_scaled(query)
        body["track_total_hits"] = False
        body.pop("aggs", None)
    if leave_out:
        # After the aggregations: the facets still count every match; the total counts the window's out.
        body["post_filter"] = {"bool": {"must_not": [{"ids": {"values": list(leave_out)}}]}}
    return body


def list_factor(source: dict[str, Any] | None) -> float:
    """What a window hit's score is multiplied by: (1 - its list share) ** LIST_SHARE_WEIGHT, 1 without
    one (a candidate without a resume text, or indexed before definition v7)."""
    share = (source or {}).get(LIST_SHARE_FIELD)
    return 1.0 if share is None else float((1.0 - share) ** LIST_SHARE_WEIGHT)


def list_scaled(query: dict[str, Any]) -> dict[str, Any]:
    """A window's query with each hit's score times `list_factor` in the engine (LIST_SHARE_SCRIPT): the
    order `reorder_window` gives, for the pages a whole body answers. Only over the window's ids: over every
    match the function would stop the first pass's pruning."""
    if not LIST_SHARE_WEIGHT:
        return query
    script = {"source": LIST_SHARE_SCRIPT, "params": {"field": LIST_SHARE_FIELD, "weight": LIST_SHARE_WEIGHT}}
    return {
        "function_score": {
            "query": query,
            "functions": [{"script_score": {"script": script}, "_name": LIST_SHARE_NAME}],
            "boost_mode": "multiply",
        }
    }


def still_searchable(ids: Sequence[str]) -> dict[str, Any]:
    """Which of these candidates a search finds now (the live alias, active candidates only): the check of a
    page read from a point in time, which still holds candidates erased or deactivated since it opened."""
    return {
        "query": {"bool": {"filter": [{"ids": {"values": list(ids)}}, ACTIVE]}},
        "size": len(ids),
        "_source": False,
        "track_total_hits": False,
    }


def starts_in_window(request: SearchRequest, page: Page) -> bool:
    """Whether a relevance page from an offset (not a point in time) starts inside FEEDBACK_WINDOW (it may
    end past it)."""
    return (
        request.sort == SortOrder.RELEVANCE
        and page.pit is None
        and page.after is None
        and page.offset < FEEDBACK_WINDOW
    )


def in_window(request: SearchRequest, page: Page) -> bool:
    """Whether a page of a search with title feedback is answered from the first pass's window: it starts
    inside FEEDBACK_WINDOW and ends there too."""
    return starts_in_window(request, page) and page.offset + request.limit <= FEEDBACK_WINDOW


def first_pass(
    request: SearchRequest, today: date, windowed: bool, total_cap: int = TOTAL_HITS_CAP, shown: bool = False
) -> dict:
    """The title feedback's first pass: the search itself without the feedback, by relevance. For a page
    inside the window it reads FEEDBACK_WINDOW hits as a page would show them (the feedback pass then only
    scores the feedback words) and counts the total and the facets. Otherwise it counts nothing and reads
    the current titles of the TITLE_FEEDBACK_HITS the feedback needs; for relevance order, those of the
    whole window, whose candidates a page past the window leaves out (`shown`: a page that starts inside the
    window and ends past it, which shows the window's last hits as they are)."""
    body = build_search(request, None, today, Page(), (), total_cap)
    relevance = request.sort == SortOrder.RELEVANCE
    body["size"] = FEEDBACK_WINDOW if windowed or relevance else TITLE_FEEDBACK_HITS
    for key in ("highlight", "explain", "sort", "track_scores"):
        body.pop(key, None)
    body["_source"] = [*body["_source"], LIST_SHARE_FIELD]  # the window's `list_factor`
    if not windowed:
        if not shown:
            body["_source"] = ["current_title"]
        body["track_total_hits"] = False
        body.pop("aggs", None)
    return body


def feedback_pass(window: Sequence[str], feedback: Sequence[tuple[str, float]]) -> dict[str, Any]:
    """What the feedback words add to the score of each candidate of the window: the feedback clauses
    alone over those candidates (the rest of the score is the first pass's, and a bool's should clauses
    add up), so the second pass costs the engine almost nothing."""
    return {
        "query": {
            "bool": {
                "filter": [{"ids": {"values": list(window)}}],
                "should": title_feedback_clauses(feedback),
            }
        },
        "size": len(window),
        "_source": False,
        "track_total_hits": False,
    }


def reorder_window(
    first: dict[str, Any], lift: dict[str, Any] | None, offset: int, limit: int
) -> list[dict[str, Any]]:
    """A page of the window: the first pass's hits by their score plus what the feedback pass gave each
    (none: the feedback matched nobody, or there was none), times the hit's `list_factor` (read from its
    `_source`), ties in the first pass's order. The same order as the whole search with the feedback run
    over the window (`build_search(..., window=...)`, whose `list_scaled` multiplies in the engine)."""
    added = {hit["_id"]: hit.get("_score") or 0.0 for hit in (lift or {}).get("hits", {}).get("hits", [])}
    hits = []
    for hit in first["hits"]["hits"]:
        hit = dict(hit)
        score = (hit.get("_score") or 0.0) + added.get(hit["_id"], 0.0)
        hit["_score"] = score * list_factor(hit.get("_source"))
        hits.append(hit)
    hits.sort(key=lambda hit: -hit["_score"])
    return hits[offset : offset + limit]


@dataclass(frozen=True)
class FirstPass:
    """What a title feedback's first pass gives the second: the feedback words, the window it reorders
    (None past the window), and the first pass's answer (its total and facets count for a windowed page).
    `passed`: for a relevance page not inside the window, the window's candidates, which the pages inside
    it show: such a page shows the rest of the matches, in the whole search's order, after them. (Without
    it, a candidate the feedback moved out of the window was shown twice and one it moved in never: at 150
    matches, three of each.)"""

    feedback: list[tuple[str, float]]
    window: list[str] | None
    answer: dict[str, Any]
    passed: list[str] | None = None

    @property
    def took(self) -> int:
        return int(self.answer.get("took", 0))


async def run_first_pass(
    request: SearchRequest, today: date, page: Page, search: Engine, total_cap: int = TOTAL_HITS_CAP
) -> FirstPass | None:
    """The first pass of a search that takes title feedback (sent through `search`); None for one that
    takes none."""
    if feedback_text(request) is None:
        return None
    windowed = in_window(request, page)
    shown = not windowed and starts_in_window(request, page)
    answer = await search(first_pass(request, today, windowed, total_cap, shown))
    hits = answer["hits"]["hits"]
    ids = [hit["_id"] for hit in hits]
    window = ids if windowed else None
    passed = ids if not windowed and request.sort == SortOrder.RELEVANCE else None
    top = hits[:TITLE_FEEDBACK_HITS]
    return FirstPass(role_feedback(voted_feedback(top), top, request.query), window, answer, passed)


def past_window_page(page: Page, passed: Sequence[str]) -> Page:
    """Where a relevance page past the window starts among the matches the window left: an offset counts
    the window's candidates, which those matches are without."""
    return page if page.after is not None else replace(page, offset=max(0, page.offset - len(passed)))


def reorders_window(request: SearchRequest, first: FirstPass | None) -> bool:
    """Whether a page is the first pass's window reordered by the feedback pass: a windowed page that asks
    for no explanation or highlights (those come from a whole body run over the window)."""
    return first is not None and first.window is not None and not request.explain and not request.highlight


async def window_page(
    request: SearchRequest, page: Page, first: FirstPass, search: Engine
) -> tuple[dict[str, Any], int]:
    """A windowed page as an engine answer (hits, the first pass's total and facets), and the feedback
    pass's engine milliseconds (0 when there was no feedback to score)."""
    lift = None
    if first.feedback and first.window:
        lift = await search(feedback_pass(first.window, first.feedback))
    answer = dict(first.answer)
    answer["hits"] = dict(
        first.answer["hits"], hits=reorder_window(first.answer, lift, page.offset, request.limit)
    )
    return answer, int(lift.get("took", 0)) if lift else 0


# Runs one search body against the index and gives OpenSearch's response.
Engine = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


async def build_with_feedback(
    request: SearchRequest,
    source: dict[str, Any] | None,
    today: date,
    page: Page | None,
    search: Engine,
    total_cap: int = TOTAL_HITS_CAP,
) -> tuple[dict[str, Any], int]:
    """The search body of a request after the title feedback's first pass it may take, and that pass's
    engine milliseconds. The raw OpenSearch peer of the search benchmark and the relevance benchmark build
    their bodies here, the API through the same `run_first_pass` and `build_search`."""
    page = page or Page(offset=request.offset)
    first = await run_first_pass(request, today, page, search, total_cap)
    if first is None:
        return build_search(request, source, today, page, (), total_cap), 0
    if first.passed is not None and not starts_in_window(request, page):
        # Wholly past the window. (A page that starts inside it and ends past it is two bodies, put together
        # by `SearchService.past_window`; its one body here is the whole search's, as before.)
        past = past_window_page(page, first.passed)
        body = build_search(request, source, today, past, first.feedback, total_cap, leave_out=first.passed)
        return body, first.took
    return build_search(request, source, today, page, first.feedback, total_cap, first.window), first.took


_REGEX_SPECIAL = re.compile(r'([.?+*|{}\[\]()"\\#@&<>~])')


def prefix_regex(prefix: str) -> str:
    """A case-insensitive Lucene regex for values starting with prefix (terms include)."""
    out = []
    for ch in prefix:
        if ch.isalpha():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(_REGEX_SPECIAL.sub(r"\\\1", ch))
    return "".join(out) + ".*"
