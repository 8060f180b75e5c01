"""The tools: each a name, a description written for a model, an argument model, a permission and a handler.

Handlers call the same service layer as the HTTP API (no second search) and answer compact views.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from mcp_types import Tool, ToolAnnotations

from app.auth.principal import Permission, Principal
from app.candidates import service as candidates
from app.composition import Services
from app.errors import ApiError, PayloadTooLarge, Unprocessable, field_problem
from app.mcp.compact import buckets_view, candidate_view, resume_view, search_view
from app.mcp.schemas import (
    CandidateArguments,
    ColleaguesArguments,
    FiltersArguments,
    ResumeStatusArguments,
    SameDepartmentArguments,
    SearchCandidatesArguments,
    SimilarArguments,
    SmartSearchArguments,
    SuggestArguments,
    ToolArguments,
    UploadResumeArguments,
    tool_schema,
)
from app.resumes import service as resumes
from app.resumes.schemas import ResumeOut
from app.search import interpret, use_case
from app.search.schemas import FiltersResponse, SearchRequest, SearchType

# Facet values a filters answer lists per facet: enough to pick filters from, not the whole catalogue.
FILTER_VALUES = 30
PAGING = (
    " Answers at most `limit` results (default 10, at most 50); when `next_cursor` is not null, call again "
    "with the same arguments plus `cursor` set to it for the next page."
)

Handler = Callable[[Services, Principal, Any], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    arguments: type[ToolArguments]
    handler: Handler
    permission: Permission = Permission.READ

    def definition(self) -> Tool:
        reads = self.permission == Permission.READ
        return Tool(
            name=self.name,
            title=self.title,
            description=self.description,
            input_schema=tool_schema(self.arguments),
            annotations=ToolAnnotations(
                title=self.title,
                read_only_hint=reads,
                destructive_hint=False,
                idempotent_hint=True,
                open_world_hint=False,
            ),
        )


async def run_search(
    services: Services,
    principal: Principal,
    request: SearchRequest,
    *,
    interface: str = use_case.MCP,
    query_text: str | None = None,
    started: float | None = None,
) -> dict[str, Any]:
    """The API's search use case (search, history, analytics event), answered as a compact view."""
    answer = await use_case.search_and_record(
        services, principal, request, interface=interface, query_text=query_text, started=started
    )
    return search_view(answer.response(), skills_asked=bool(request.skills))


async def search_candidates(
    services: Services, principal: Principal, args: SearchCandidatesArguments
) -> dict[str, Any]:
    request = args.search_request()
    return await run_search(services, principal, request, query_text=request.query)


async def smart_search(
    services: Services, principal: Principal, args: SmartSearchArguments
) -> dict[str, Any]:
    started = time.perf_counter()
    interpreted, interpreter = await interpret.interpret(
        args.query, args.limit, services.settings, services.anthropic, services.redis
    )
    view = await run_search(
        services, principal, interpreted, interface=use_case.MCP_SMART, query_text=args.query, started=started
    )
    # Said as search_candidates arguments, so the model can refine the search or page through it.
    arguments = interpreted.model_dump(mode="json", exclude_defaults=True)
    arguments = {k: v for k, v in arguments.items() if k in SearchCandidatesArguments.model_fields}
    answer: dict[str, Any] = {
        "interpreted_as": arguments | {"limit": interpreted.limit},
        "interpreter": interpreter,
    }
    if interpreted.not_searched:
        # What the search cannot do ("without Java"), so the model tells the user rather than assuming it.
        answer["not_searched"] = list(interpreted.not_searched)
    if interpreted.warnings:
        # Lists the sentence named past a request's caps, so the model says what was left out.
        answer["warnings"] = [warning.model_dump() for warning in interpreted.warnings]
    return answer | view


async def find_similar_candidates(
    services: Services, principal: Principal, args: SimilarArguments
) -> dict[str, Any]:
    request = SearchRequest(
        search_type=SearchType.SIMILAR_CANDIDATES,
        candidate_id=args.candidate_id,
        limit=args.limit,
        cursor=args.cursor,
    )
    return await run_search(services, principal, request)


async def find_colleagues(
    services: Services, principal: Principal, args: ColleaguesArguments
) -> dict[str, Any]:
    request = SearchRequest(
        search_type=SearchType.WORKED_WITH,
        candidate_id=args.candidate_id,
        min_overlap_months=args.min_overlap_months,
        same_department=args.same_department,
        limit=args.limit,
        cursor=args.cursor,
    )
    return await run_search(services, principal, request)


async def search_same_department(
    services: Services, principal: Principal, args: SameDepartmentArguments
) -> dict[str, Any]:
    if args.candidate_id is None and not (args.company and args.department):
        # Given half of the pair, name the other half: the model then adds what it left out.
        if args.company or args.department:
            field, given = ("department", "company") if args.company else ("company", "department")
            problem = f"missing: the {given} needs it"
        else:
            field, problem = "candidate_id", "missing (or give company and department)"
        raise Unprocessable(
            "give candidate_id, or both company and department",
            details=[{"field": field, "problem": problem}],
        )
    if args.candidate_id is not None and (args.company or args.department):
        # Both were taken before, the company and department dropped without a word.
        field = "company" if args.company else "department"
        raise Unprocessable(
            "give candidate_id, or company and department, not both",
            details=[{"field": field, "problem": "not with candidate_id"}],
        )
    by_name = args.candidate_id is None
    request = SearchRequest(
        search_type=SearchType.SAME_DEPARTMENT,
        candidate_id=args.candidate_id,
        companies=[args.company] if by_name and args.company else [],
        departments=[args.department] if by_name and args.department else [],
        limit=args.limit,
        cursor=args.cursor,
    )
    return await run_search(services, principal, request)


async def get_candidate(services: Services, principal: Principal, args: CandidateArguments) -> dict[str, Any]:
    return candidate_view(await candidates.get_candidate(services.sessions, args.candidate_id))


async def get_resume_status(
    services: Services, principal: Principal, args: ResumeStatusArguments
) -> dict[str, Any]:
    resume = await resumes.get_resume(services.sessions, args.resume_id)
    return resume_view(ResumeOut.model_validate(resume))


# `data:text/plain;base64,` or `data:application/pdf;name=cv.pdf;base64,` before the base64 text.
DATA_URL_PREFIX = re.compile(r"data:[\w.+/-]*(?:;[\w.+-]+=[^;,]*)*;base64,", re.IGNORECASE)


def base64_chars(size: int) -> int:
    """Characters of the base64 text of size bytes (with padding)."""
    return 4 * ((size + 2) // 3)


async def upload_resume(
    services: Services, principal: Principal, args: UploadResumeArguments
) -> dict[str, Any]:
    settings = services.settings
    text = "".join(args.content_base64.split())  # line breaks are common in base64 text
    # Clients hand attachments over as data URLs, and models drop the "=" padding now and then: both are
    # the file all the same (they were "not valid base64" before).
    text = DATA_URL_PREFIX.sub("", text, count=1)
    text += "=" * (-len(text) % 4)
    if len(text) > base64_chars(settings.max_upload_bytes):
        raise PayloadTooLarge(
            f"the file is larger than the {settings.max_upload_bytes} byte limit",
            details=field_problem(
                "content_base64", "larger than the upload limit", limit_bytes=settings.max_upload_bytes
            ),
        )
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Unprocessable(
            "content_base64 is not valid base64",
            details=[{"field": "content_base64", "problem": "not valid base64"}],
        ) from None
    try:
        resume, duplicate = await resumes.accept_upload(
            services.sessions, settings, args.file_name, data, principal.user_id, principal.actor
        )
    except ApiError as error:
        # The upload's checks name the HTTP form's field, `file`; this tool has none of that name.
        if isinstance(error.details, list):
            for detail in error.details:
                if isinstance(detail, dict) and detail.get("field") == "file":
                    detail["field"] = "content_base64"
        raise
    view = resume_view(ResumeOut.model_validate(resume))
    view["duplicate"] = duplicate
    if view["status"] in ("queued", "processing"):
        view["next_step"] = (
            "parsing runs in the background: call get_resume_status with this resume_id until status is "
            "completed (candidate_id is then set) or failed"
        )
    return view


async def get_search_filters(
    services: Services, principal: Principal, args: FiltersArguments
) -> dict[str, Any]:
    data, cached = await services.search.filters()
    filters = FiltersResponse.model_validate({**data, "cached": cached})
    return {
        "skills": buckets_view(filters.skills, FILTER_VALUES),
        "companies": buckets_view(filters.companies, FILTER_VALUES),
        "locations": buckets_view(filters.locations, FILTER_VALUES),
        "titles": buckets_view(filters.titles, FILTER_VALUES),
        "experience_years": {
            k: round(v, 1) if v is not None else None for k, v in filters.experience_years.items()
        },
    }


async def suggest(services: Services, principal: Principal, args: SuggestArguments) -> dict[str, Any]:
    values = await services.search.suggest(args.field, args.prefix, args.limit)
    return {
        "field": args.field,
        "prefix": args.prefix,
        "suggestions": [{"value": v.value, "candidates": v.count} for v in values],
    }


TOOLS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        ToolSpec(
            "search_candidates",
            "Search candidates",
            "Search the candidate database with structured filters: skills (synonyms understood), experience "
            "range, companies, departments, titles, locations, education, free text. Also runs the relative "
            "searches (similar_candidates, worked_with, same_department) when given search_type and "
            "candidate_id. Each result has candidate_id, name, current title and company, location, years "
            "of experience, a match_score from 0 to 1, the matched and missing skills and match_reasons. "
            "Only active candidates are returned. Use get_search_filters or suggest to find exact filter "
            "values, and get_candidate for a full profile." + PAGING,
            SearchCandidatesArguments,
            search_candidates,
        ),
        ToolSpec(
            "smart_search",
            "Natural-language candidate search",
            "Search candidates with a recruiter's request in plain words, e.g. 'senior python engineers with "
            "Kubernetes in Berlin, 5+ years'. The request is turned into a structured search, answered as "
            "`interpreted_as`: place, years, employers and degree filter; skills rank (name a skill in "
            "required_skills to require it; skills_mode 'all' requires every skill); what the request does "
            "not want ('without Java', 'not in Berlin') cannot be excluded, so it is left out and listed in "
            "`not_searched`. Pass it to search_candidates (adding or changing filters, or with `cursor` for "
            "the next page) when the interpretation needs correcting or more results are needed. Answers at "
            "most `limit` results (default 10, at most 50).",
            SmartSearchArguments,
            smart_search,
        ),
        ToolSpec(
            "find_similar_candidates",
            "Find similar candidates",
            "Find candidates whose skills, title and summary resemble one candidate's (never that candidate "
            "itself), best match first. For additional filters use search_candidates with search_type "
            "similar_candidates." + PAGING,
            SimilarArguments,
            find_similar_candidates,
        ),
        ToolSpec(
            "find_colleagues",
            "Find former colleagues",
            "Find people who worked at the same company at the same time as one candidate, longest overlap "
            "first; each result says months_together and together_at (the companies). min_overlap_months "
            "asks for a longer time together, same_department for the same department only. Company "
            "spelling variants count as one company." + PAGING,
            ColleaguesArguments,
            find_colleagues,
        ),
        ToolSpec(
            "search_same_department",
            "Search one department",
            "Find people who worked in the same department of the same company at any time: either in any "
            "department one candidate worked in (candidate_id), or in a named company and department "
            "(company and department)." + PAGING,
            SameDepartmentArguments,
            search_same_department,
        ),
        ToolSpec(
            "get_candidate",
            "Get a candidate profile",
            "A candidate's full profile: contact details, current title and company, years of experience, "
            "summary, skills with years, work history (company, department, title, dates) and education. "
            "Long text is cut and marked '… [truncated]'. The same profile is the resource "
            "candidate://{candidate_id}.",
            CandidateArguments,
            get_candidate,
        ),
        ToolSpec(
            "get_resume_status",
            "Get a resume's parsing status",
            "Where an uploaded resume stands: status queued, processing, completed or failed; once "
            "completed, candidate_id is the candidate it produced (read it with get_candidate); when "
            "failed, error says why.",
            ResumeStatusArguments,
            get_resume_status,
        ),
        ToolSpec(
            "upload_resume",
            "Upload a resume",
            "Add a resume (PDF, DOCX or plain text, up to the server's size limit, 10 MiB by default) to the "
            "database: the file, base64-encoded, and its name. It is parsed in the background into a "
            "candidate; follow it with get_resume_status. Uploading the same file again returns the existing "
            "resume (duplicate: true). Needs write access.",
            UploadResumeArguments,
            upload_resume,
            Permission.WRITE,
        ),
        ToolSpec(
            "get_search_filters",
            "List filter values",
            "The most common skills, companies, locations and titles among active candidates, each with its "
            "number of candidates, and the range of years of experience: the exact values to use as "
            "search_candidates filters.",
            FiltersArguments,
            get_search_filters,
        ),
        ToolSpec(
            "suggest",
            "Complete a skill, company or title",
            "Values of a skill, company or title starting with a prefix (any case), most common first, each "
            "with its number of candidates: to find the exact spelling the database uses.",
            SuggestArguments,
            suggest,
        ),
    )
}
