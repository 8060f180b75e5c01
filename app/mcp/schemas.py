"""The arguments each MCP tool accepts, as pydantic models: one source for the JSON schema and the checks."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from app.errors import Unprocessable, field_problem, nul_field
from app.search.schemas import (
    MAX_LIST_ITEMS,
    MAX_SKILLS,
    EducationLevel,
    QueryText,
    SearchRequest,
    SearchType,
    SmartQuery,
    SortOrder,
    SuggestPrefix,
    Term,
)

# A model's context is small: a page holds 10 results unless asked, 50 at most.
DEFAULT_RESULTS = 10
MAX_RESULTS = 50

Limit = Annotated[
    int, Field(ge=1, le=MAX_RESULTS, description=f"results per page, 1-{MAX_RESULTS} (default 10)")
]
Cursor = Annotated[
    str | None,
    Field(
        max_length=1000,
        description="next_cursor of the previous page, to get the next page of the same search "
        "(repeat every other argument unchanged)",
    ),
]
CandidateId = Annotated[
    uuid.UUID, Field(description="a candidate's id (UUID), as the search results give it")
]
Terms = Annotated[list[Term], Field(max_length=MAX_LIST_ITEMS)]


class ToolArguments(BaseModel):
    """Arguments of one tool call; unknown names are refused, so a misspelt filter is never dropped."""

    # NaN and Infinity, which a client's JSON parser may let through, are no number of years.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @classmethod
    def read(cls, arguments: dict[str, Any]) -> Self:
        """The arguments read as the HTTP API reads a body: strictly, as JSON, so `"limit": true` is no limit
        of 1, `"limit": "10"` no number and `"same_department": "yes"` no boolean (each was taken before),
        while ids, enums and dates are strings as JSON has them.

        Written back by the standard library's json, which keeps what orjson would not: an integer past 64
        bits (orjson's TypeError was an internal error) and NaN (orjson's null dropped the filter)."""
        if (field := nul_field(arguments)) is not None:
            # As the HTTP API refuses it in a body (`parse_body`): "py\x00thon" was searched as sent.
            problem = field_problem(field, "NUL character")
            raise Unprocessable(f"{field} contains a NUL character", details=problem)
        return cls.model_validate_json(json.dumps(arguments), strict=True)


class SearchCandidatesArguments(ToolArguments):
    query: QueryText | None = Field(
        default=None,
        description="free text matched against titles, summaries and work descriptions, e.g. 'payments api'",
    )
    skills: list[Term] = Field(
        default_factory=list,
        max_length=MAX_SKILLS,
        description="skills to look for; synonyms and spellings are understood "
        "('k8s' is Kubernetes, 'postgres' is PostgreSQL, 'js' is JavaScript)",
    )
    skills_mode: Literal["any", "all"] = Field(
        default="any",
        description="'any': candidates with some of the skills, ranked by how many they have (a skill the "
        "query text names too only ranks: nobody is left out for lacking it); 'all': only candidates with "
        "every skill",
    )
    required_skills: list[Term] = Field(
        default_factory=list,
        max_length=MAX_SKILLS,
        description="skills every candidate must have, each of them, whatever skills_mode says of `skills` "
        "(the skills a smart search's text named keep ranking without leaving anyone out)",
    )
    min_experience_years: float | None = Field(
        default=None, ge=0, le=80, description="total years of experience at least"
    )
    max_experience_years: float | None = Field(
        default=None, ge=0, le=80, description="total years of experience at most"
    )
    companies: Terms = Field(
        default_factory=list,
        description="worked at any of these, past or current (spelling variants such as 'Acme Inc.' match)",
    )
    departments: Terms = Field(
        default_factory=list, description="worked in any of these departments, e.g. 'Platform'"
    )
    titles: Terms = Field(
        default_factory=list, description="current or past job title, any of these, e.g. 'Backend Engineer'"
    )
    locations: Terms = Field(default_factory=list, description="lives in any of these places, e.g. 'Berlin'")
    education_level: EducationLevel | None = Field(default=None, description="has a degree of this level")
    search_type: SearchType = Field(
        default=SearchType.SKILLS_MATCH,
        description="skills_match: rank by skills and text (default); experience_match: rank by closeness to "
        "the experience range; similar_candidates, worked_with (alias colleagues), same_department: relative "
        "to candidate_id",
    )
    candidate_id: uuid.UUID | None = Field(
        default=None,
        description="the candidate the relative search types are about (refused with another search_type)",
    )
    min_overlap_months: int = Field(
        default=1,
        ge=1,
        le=600,
        description=(
            "worked_with: months at the same company at the same time, at least "
            "(summed over the companies shared)"
        ),
    )
    same_department: bool = Field(
        default=False, description="worked_with: only people of the same department"
    )
    sort: SortOrder = Field(default=SortOrder.RELEVANCE, description="order of the results")
    facets: bool = Field(
        default=False,
        description="also count the best 500 matches (every match with exact_total) by skill, company, "
        "location, title and experience band",
    )
    exact_total: bool = Field(
        default=False,
        description="count every match exactly (slower); otherwise counting stops at 1,000 "
        "(SEARCH_TOTAL_HITS_CAP) and total_relation says 'gte', unless the filters let in few "
        "candidates, which are then all counted",
    )
    limit: Limit = DEFAULT_RESULTS
    cursor: Cursor = None

    def search_request(self) -> SearchRequest:
        """The service's own request, validated by the service's own rules."""
        return SearchRequest.model_validate(self.model_dump())


class SmartSearchArguments(ToolArguments):
    query: SmartQuery = Field(
        description="the recruiter's request in plain words, e.g. 'senior python engineers in Berlin'",
    )
    limit: Limit = DEFAULT_RESULTS


class SimilarArguments(ToolArguments):
    candidate_id: CandidateId
    limit: Limit = DEFAULT_RESULTS
    cursor: Cursor = None


class ColleaguesArguments(ToolArguments):
    candidate_id: CandidateId
    min_overlap_months: int = Field(
        default=1,
        ge=1,
        le=600,
        description=(
            "months they worked at the same company at the same time, at least "
            "(summed over the companies shared)"
        ),
    )
    same_department: bool = Field(default=False, description="only colleagues of the same department")
    limit: Limit = DEFAULT_RESULTS
    cursor: Cursor = None


class SameDepartmentArguments(ToolArguments):
    candidate_id: uuid.UUID | None = Field(
        default=None, description="find people from any department this candidate worked in"
    )
    company: Term | None = Field(default=None, description="without candidate_id: the company")
    department: Term | None = Field(default=None, description="without candidate_id: the department")
    limit: Limit = DEFAULT_RESULTS
    cursor: Cursor = None


class CandidateArguments(ToolArguments):
    candidate_id: CandidateId


class ResumeStatusArguments(ToolArguments):
    resume_id: uuid.UUID = Field(description="the resume id upload_resume returned")


class UploadResumeArguments(ToolArguments):
    file_name: str = Field(
        min_length=1, max_length=255, description="the file's name with its extension, e.g. 'jane-doe.pdf'"
    )
    content_base64: str = Field(
        min_length=1, description="the whole file, base64-encoded (a data: URL of it is fine too)"
    )


class FiltersArguments(ToolArguments):
    pass


class SuggestArguments(ToolArguments):
    field: Literal["skill", "company", "title"] = Field(description="what to complete")
    prefix: SuggestPrefix = Field(description="the start of the value, any case")
    limit: Limit = DEFAULT_RESULTS


def tool_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with every $ref inlined and titles dropped: flat, as tool schemas read best."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target = definitions[node["$ref"].rsplit("/", 1)[1]]
                return inline({**target, **{k: v for k, v in node.items() if k != "$ref"}})
            return {k: inline(v) for k, v in node.items() if not (k == "title" and isinstance(v, str))}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    result: dict[str, Any] = inline(schema)
    result.pop("description", None)  # the model's docstring is for developers; the tool has its own
    return result
