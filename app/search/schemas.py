"""What the search routes accept and return."""

from __future__ import annotations

import enum
import unicodedata
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from app.candidates.schemas import shows_something
from app.errors import FieldProblem

# Caps that keep one request from turning into an expensive query.
MAX_QUERY_CHARS = 500
MAX_LIST_ITEMS = 20
MAX_SKILLS = 30
MAX_OFFSET = 10_000
# Years of experience a search may ask for: a working life.
MAX_EXPERIENCE_YEARS = 80
# Longest skill, company, place or title a request may name.
MAX_TERM_CHARS = 100


def _one_form(value: Any) -> Any:
    """Text in Unicode's compatibility-composed form (NFKC): "Ｐｙｔｈｏｎ" is "Python" and "São" typed as "a"
    and a combining tilde is "São". The index folds only the composed letters, and the smart search's rules
    read ASCII: a decomposed "São Paulo" matched nobody and was read as the place "Sa", a full-width "5＋
    years" as no range."""
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


# Search text in the one form the index and the rules read (`_one_form`), before its length is checked. It
# goes after a string's own constraints, which it then wraps: placed before them, pydantic checked the
# lengths as a collection's ("Value should have at most 100 items after validation, not 101").
SearchText = BeforeValidator(_one_form)


Term = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TERM_CHARS),
    SearchText,
    # A term of invisible characters only is refused as a blank one is: it was searched as a skill or a place
    # that no one has, so the search answered nobody, without a word.
    AfterValidator(shows_something),
]
# A structured search's free text.
QueryText = Annotated[str, Field(max_length=MAX_QUERY_CHARS), SearchText]


def _has_words(text: str) -> str:
    if not any(char.isalnum() for char in text):
        raise ValueError("has no words to look for: name a skill, a role, a place or an employer")
    return text


# A smart search's sentence is the whole request: without words it would list everyone, so a blank one
# (spaces, or punctuation and emoji alone: "?!", "🚀") is refused as an empty one is (a structured search
# without text browses by its filters instead).
SmartQuery = Annotated[
    str, Field(min_length=1, max_length=MAX_QUERY_CHARS), SearchText, AfterValidator(_has_words)
]


class SearchType(enum.StrEnum):
    SKILLS_MATCH = "skills_match"
    EXPERIENCE_MATCH = "experience_match"
    SIMILAR_CANDIDATES = "similar_candidates"
    WORKED_WITH = "worked_with"
    COLLEAGUES = "colleagues"  # an alias of worked_with (SEARCH_TYPE_ALIASES)
    SAME_DEPARTMENT = "same_department"

    @property
    def canonical(self) -> SearchType:
        """The search type this one names: an alias's target, else itself."""
        return SEARCH_TYPE_ALIASES.get(self, self)


# Search types that are other names of another: searched, cached, counted and recorded as their target.
SEARCH_TYPE_ALIASES = {SearchType.COLLEAGUES: SearchType.WORKED_WITH}


# The search types that are relative to one candidate and need candidate_id.
CANDIDATE_RELATIVE = {
    SearchType.SIMILAR_CANDIDATES,
    SearchType.WORKED_WITH,
    SearchType.COLLEAGUES,
    SearchType.SAME_DEPARTMENT,
}


class EducationLevel(enum.StrEnum):
    HIGH_SCHOOL = "high_school"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class SortOrder(enum.StrEnum):
    RELEVANCE = "relevance"
    EXPERIENCE_DESC = "experience_desc"
    EXPERIENCE_ASC = "experience_asc"
    UPDATED_DESC = "updated_desc"


class SearchRequest(BaseModel):
    """A structured candidate search."""

    model_config = ConfigDict(extra="forbid")

    query: QueryText | None = Field(default=None, description="free text")
    skills: list[Term] = Field(default_factory=list, max_length=MAX_SKILLS)
    skills_mode: Literal["all", "any"] = Field(
        default="any",
        description="'all': every skill must match. 'any': at least one of the skills the query text "
        "does not itself name must match; skills the text names (and all of them when every one is "
        "named) only rank, since the text must match already",
    )
    required_skills: list[Term] = Field(
        default_factory=list,
        max_length=MAX_SKILLS,
        description="skills every match must have, whatever skills_mode says of `skills` (a skill facet "
        "ticked on the page, beside the skills a smart search's text named, which only rank); they rank and "
        "are listed in matched_skills / missing_skills as `skills` are",
    )
    min_experience_years: float | None = Field(default=None, ge=0, le=MAX_EXPERIENCE_YEARS)
    max_experience_years: float | None = Field(default=None, ge=0, le=MAX_EXPERIENCE_YEARS)
    companies: list[Term] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    departments: list[Term] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    titles: list[Term] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    locations: list[Term] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    education_level: EducationLevel | None = None
    search_type: SearchType = SearchType.SKILLS_MATCH
    candidate_id: uuid.UUID | None = Field(
        default=None, description="for the candidate-relative search types"
    )
    min_overlap_months: int = Field(
        default=1,
        ge=1,
        le=600,
        description="worked_with: months together at least, summed over the companies shared",
    )
    same_department: bool = Field(default=False, description="worked_with: only the same department")
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    cursor: str | None = Field(default=None, max_length=1000, description="next_cursor of the previous page")
    sort: SortOrder = SortOrder.RELEVANCE
    include_details: bool = False
    facets: bool = Field(
        default=False,
        description="answer the facet counts too (skills, companies, locations, titles, experience): over "
        "the best 500 matches when more match, over every match with exact_total (`facets_sample` says); "
        "a company counts the candidates who worked there, now or before; `asked_locations` and "
        "`asked_companies` count what each place and company asked lets in, as its filter reads it; an "
        "employer's bucket (`companies`, `asked_companies`) carries its company `key`: the rows of one "
        "key are one employer, as the company filter matches it",
    )
    exact_total: bool = Field(
        default=False,
        description="count every match exactly; by default counting stops at 1,000 (SEARCH_TOTAL_HITS_CAP; "
        "total_relation 'gte'), which lets the engine skip documents that cannot reach the page, unless the "
        "skill, place, employer, title or department filters let in few candidates "
        "(SEARCH_EXACT_COUNT_BELOW), which are then all counted, facets too",
    )
    explain: bool = Field(
        default=False,
        description="fill each hit's explanation: the engine's clauses that added to its score, highest "
        "first (filters and clauses that added nothing left out)",
    )
    highlight: bool = Field(
        default=False,
        description="fill each hit's highlights with the query text's matches in current_title and summary, "
        "and the asked skills' and the text's skills' in summary by any of their names (\"k8s\" marks "
        "Kubernetes); costs engine time, so off unless asked",
    )

    # Email addresses the caller named beside the request (a smart search's sentence, whose interpreted
    # query leaves contact details out), and the ids of the candidates Postgres found with those and the
    # ones of `query` (app/search/emails.py; None until looked up). Set by the search only, never by a
    # client; only the ids are dumped (`normalize`), never an address.
    _emails: tuple[str, ...] = PrivateAttr(default=())
    _email_matches: list[str] | None = PrivateAttr(default=None)
    # What a smart search's sentence asked that the search cannot do, as typed ("without Java", "not in
    # Berlin"): left out of the request, and said beside it (`SmartSearchResponse.not_searched`).
    _not_searched: tuple[str, ...] = PrivateAttr(default=())
    # What a smart search's sentence named past a request's caps (the 21st place, the 31st skill), said beside
    # it (`SmartSearchResponse.warnings`).
    _warnings: tuple[SearchWarning, ...] = PrivateAttr(default=())

    @property
    def not_searched(self) -> tuple[str, ...]:
        """The parts of the sentence this request was read from that it leaves out (`leaving_out`)."""
        return self._not_searched

    @property
    def warnings(self) -> tuple[SearchWarning, ...]:
        """The caps the sentence this request was read from went past (`warning`)."""
        return self._warnings

    def leaving_out(self, phrases: list[str]) -> SearchRequest:
        """This request, noting the parts of its sentence it leaves out."""
        noted = self.model_copy()
        noted._not_searched = tuple(dict.fromkeys(phrases))
        return noted

    def warning(self, warnings: list[SearchWarning]) -> SearchRequest:
        """This request, noting the caps its sentence went past."""
        noted = self.model_copy()
        noted._warnings = (*self._warnings, *warnings)
        return noted

    @property
    def emails(self) -> tuple[str, ...]:
        """Addresses named beside the request (`naming_emails`); the ones in `query` are not among them."""
        return self._emails

    @property
    def email_matches(self) -> list[str] | None:
        """The ids of the candidates with the addresses named (empty: nobody has them), or None."""
        return self._email_matches

    def naming_emails(self, emails: tuple[str, ...]) -> SearchRequest:
        """This request, for the candidates with these addresses too (the sentence it was read from named
        them)."""
        named = self.model_copy()
        named._emails = tuple(dict.fromkeys(self._emails + emails))
        return named

    def with_email_matches(self, candidate_ids: list[str], rest: str | None) -> SearchRequest:
        """This search of the candidates with the addresses named: those only, ranked by the rest of the
        text, counted exactly (they are few)."""
        found = self.model_copy(update={"query": rest, "exact_total": True})
        found._emails = ()
        found._email_matches = candidate_ids
        return found

    @model_validator(mode="after")
    def _consistent(self) -> SearchRequest:
        if (
            self.min_experience_years is not None
            and self.max_experience_years is not None
            and self.min_experience_years > self.max_experience_years
        ):
            raise FieldProblem(
                "min_experience_years", "min_experience_years must not be above max_experience_years"
            )
        if (
            self.search_type == SearchType.EXPERIENCE_MATCH
            and self.min_experience_years is None
            and self.max_experience_years is None
        ):
            # Without a range there is nothing to fit: it ranked as if 0 years had been asked.
            raise FieldProblem(
                "min_experience_years",
                "experience_match needs min_experience_years or max_experience_years (or both)",
            )
        if self.search_type in CANDIDATE_RELATIVE and self.candidate_id is None:
            if not (self.search_type == SearchType.SAME_DEPARTMENT and self.companies and self.departments):
                raise FieldProblem(
                    "candidate_id", f"candidate_id is required for search_type {self.search_type.value}"
                )
        if self.candidate_id is not None and self.search_type not in CANDIDATE_RELATIVE:
            # It was dropped without a word: a skills search "around" a candidate answered everyone.
            raise FieldProblem(
                "candidate_id",
                f"search_type {self.search_type.value} is about no candidate: candidate_id goes with "
                "similar_candidates, worked_with or same_department",
            )
        if self.cursor is not None and self.offset:
            raise FieldProblem("cursor", "use either cursor or offset, not both")
        if self.offset + self.limit > MAX_OFFSET:
            # Not "offset + limit must ...": the details drop the field's name from the front ("+ limit").
            problem = (
                f"at most {MAX_OFFSET - self.limit} with limit {self.limit} (offset + limit must not exceed "
                f"{MAX_OFFSET}); page further with cursor"
            )
            raise FieldProblem("offset", problem)
        return self


class ClauseScore(BaseModel):
    clause: str
    score: float


class EmployerJob(BaseModel):
    """A job of a hit's at an employer the search filters by."""

    company: str
    title: str | None
    start_date: str | None = Field(description="YYYY-MM-DD")
    end_date: str | None = Field(description="YYYY-MM-DD; null while current or not known")
    is_current: bool


class SearchHit(BaseModel):
    candidate_id: uuid.UUID
    full_name: str | None
    current_title: str | None
    current_company: str | None
    location: str | None
    total_experience_years: float | None
    match_score: float = Field(ge=0, le=1)
    matched_skills: list[str]
    missing_skills: list[str]
    match_reasons: list[str]
    highlights: dict[str, list[str]] = Field(
        default_factory=dict, description="with highlight: the query's matches by field, in <em> tags"
    )
    overlap_months: int | None = Field(
        default=None,
        description="worked_with: months this candidate's jobs ran alongside the source candidate's at the "
        "same companies (summed over the shared jobs)",
    )
    overlap_companies: list[str] | None = Field(
        default=None,
        description="worked_with: where the two worked at the same time, as this candidate's jobs name the "
        "companies, longest time together first",
    )
    employer_jobs: list[EmployerJob] | None = Field(
        default=None,
        description="with `companies`: this candidate's jobs at those employers, as the filter matches them, "
        "newest first (where and when someone worked whose current employer is another)",
    )
    details: dict[str, Any] | None = None
    explanation: list[ClauseScore] | None = None


class FacetBucket(BaseModel):
    value: str
    count: int
    key: str | None = Field(
        default=None,
        description="an employer's company key (the `companies` facet, `asked_companies`): the rows of one "
        "key are one employer, as the company filter matches it; absent elsewhere",
        exclude_if=lambda key: key is None,
    )


class SearchResponse(BaseModel):
    search_type: SearchType
    total: int
    total_relation: Literal["eq", "gte"] = Field(
        default="eq", description="'gte': at least `total` candidates match (counting stopped at the cap)"
    )
    results: list[SearchHit]
    facets: dict[str, list[FacetBucket]] | None = None
    facets_sample: int | None = Field(
        default=None,
        description="when the facets count only the best matches in the results' order: how many (500); "
        "null when they count every match (with exact_total, for worked_with and same_department, and "
        "whenever fewer match) or without facets",
    )
    took_ms: int
    cached: bool
    next_cursor: str | None = None


class LightweightHit(BaseModel):
    candidate_id: uuid.UUID
    full_name: str | None
    match_score: float


class LightweightResponse(BaseModel):
    total: int
    total_relation: Literal["eq", "gte"] = "eq"
    results: list[LightweightHit]
    took_ms: int
    cached: bool
    next_cursor: str | None = None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# The start of a value to complete: "%20" answered 200 with no suggestions while an empty prefix was a 422,
# so blank is empty (for the API's query string and the MCP tool's argument alike).
SuggestPrefix = Annotated[str, Field(min_length=1, max_length=50), SearchText, AfterValidator(_not_blank)]


class SuggestQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: Literal["skill", "company", "title"]
    prefix: SuggestPrefix
    limit: int = Field(default=10, ge=1, le=50)


class SuggestResponse(BaseModel):
    field: str
    prefix: str
    suggestions: list[FacetBucket]


class FiltersResponse(BaseModel):
    skills: list[FacetBucket]
    companies: list[FacetBucket]
    locations: list[FacetBucket]
    titles: list[FacetBucket]
    experience_years: dict[str, float | None]
    cached: bool


class SmartSearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: SmartQuery
    limit: int = Field(default=20, ge=1, le=100)
    facets: bool = Field(
        default=False, description="answer the facet counts too (filter UIs), over the best 500 matches"
    )
    highlight: bool = Field(default=False, description="fill each hit's highlights (see SearchRequest)")


class SearchWarning(BaseModel):
    """A cap a smart search's sentence went past: the request field and what was left out of it."""

    field: str
    problem: str


class SmartSearchResponse(BaseModel):
    interpreted: SearchRequest
    interpreter: Literal["claude", "rule_based"]
    not_searched: list[str] = Field(
        default_factory=list,
        description="parts of the sentence the search leaves out, as typed: what is not wanted ('without "
        "Java', 'no PhD', 'not in Berlin'), since a search cannot exclude (it searches for the rest)",
    )
    warnings: list[SearchWarning] = Field(
        default_factory=list,
        description="lists the sentence names past what a request takes, each by its field and what was left "
        f"out ({MAX_LIST_ITEMS} places, employers and titles, {MAX_SKILLS} skills; a structured search "
        "answers a 422 naming the field): the places, employers and titles past the cap are not searched, "
        "the skills past it are searched as words only",
    )
    response: SearchResponse


class HistoryEntry(BaseModel):
    search_type: str
    request: dict[str, Any]
    result_count: int
    took_ms: int
    created_at: str


class HistoryQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class HistoryResponse(BaseModel):
    items: list[HistoryEntry]
    total: int
