"""Compact views of the service's answers: what a model needs to reason and cite, no more."""

from __future__ import annotations

from typing import Any

from app.candidates.schemas import CandidateOut
from app.resumes.schemas import ResumeOut
from app.search.schemas import FacetBucket, SearchHit, SearchResponse

TRUNCATED = "… [truncated]"
# Characters kept of long free text, and items kept of long lists, in one answer.
SUMMARY_CHARS = 800
DESCRIPTION_CHARS = 300
ERROR_CHARS = 300
MAX_JOBS = 15
MAX_EDUCATION = 10
MAX_SKILLS = 60
MAX_BUCKETS = 15


def truncate(text: str | None, limit: int) -> str | None:
    """The text, cut at limit characters with a visible marker so the model knows there was more."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit].rstrip() + TRUNCATED


def present(view: dict[str, Any]) -> dict[str, Any]:
    """Without empty values: a missing key reads as 'unknown' and costs nothing."""
    return {k: v for k, v in view.items() if v not in (None, [], {})}


def capped(items: list[Any], limit: int, view: dict[str, Any], key: str) -> list[Any]:
    """The first limit items; how many were left out is recorded in view[key + '_omitted']."""
    if len(items) > limit:
        view[f"{key}_omitted"] = len(items) - limit
    return items[:limit]


def hit_view(hit: SearchHit, skills_asked: bool) -> dict[str, Any]:
    view = {
        "candidate_id": str(hit.candidate_id),
        "name": hit.full_name,
        "title": hit.current_title,
        "company": hit.current_company,
        "location": hit.location,
        "experience_years": hit.total_experience_years,
        "match_score": hit.match_score,
        "match_reasons": hit.match_reasons,
        # worked_with: how long and where the two worked side by side.
        "months_together": hit.overlap_months,
        "together_at": hit.overlap_companies,
    }
    if skills_asked:
        view["matched_skills"] = hit.matched_skills
        view["missing_skills"] = hit.missing_skills
    return present(view)


def buckets_view(buckets: list[FacetBucket], limit: int = MAX_BUCKETS) -> dict[str, int]:
    """Value -> number of candidates, most common first."""
    return {b.value: b.count for b in buckets[:limit]}


def search_view(response: SearchResponse, skills_asked: bool) -> dict[str, Any]:
    """One page of results; next_cursor is null on the last page."""
    view: dict[str, Any] = {
        "total": response.total,
        # "gte": at least `total` match (counting stopped at the cap; ask exact_total for the count).
        "total_relation": response.total_relation,
        "returned": len(response.results),
        "results": [hit_view(hit, skills_asked) for hit in response.results],
        "next_cursor": response.next_cursor,
    }
    if response.facets is not None:
        view["facets"] = {name: buckets_view(buckets) for name, buckets in response.facets.items()}
        view["facets_sample"] = response.facets_sample
    return view


def candidate_view(candidate: CandidateOut) -> dict[str, Any]:
    """A profile: contact, current role, skills, work history and education, long text cut."""
    data = candidate.model_dump(mode="json")
    view: dict[str, Any] = {
        "candidate_id": data["id"],
        "name": data["full_name"],
        "email": data["email"],
        "phone": data["phone"],
        "location": data["location"],
        "title": data["current_title"],
        "company": data["current_company"],
        "experience_years": data["total_experience_years"],
        "active": data["is_active"],
        "summary": truncate(data["summary"], SUMMARY_CHARS),
        "updated_at": data["updated_at"],
    }
    view["skills"] = [
        present({"name": s["name"], "years": s["years"], "last_used": s["last_used"]})
        for s in capped(data["skills"], MAX_SKILLS, view, "skills")
    ]
    view["work_experience"] = [
        present(
            {
                "company": job["company"],
                "department": job["department"],
                # A consultant's client, beside the employer (`company`).
                "client": job["client"],
                "title": job["title"],
                "location": job["location"],
                "start": job["start_date"],
                "end": job["end_date"] or ("present" if job["is_current"] else None),
                "description": truncate(job["description"], DESCRIPTION_CHARS),
            }
        )
        for job in capped(data["work_experience"], MAX_JOBS, view, "work_experience")
    ]
    view["education"] = [
        present(
            {
                "institution": school["institution"],
                "degree": school["degree"],
                "field": school["field_of_study"],
                "graduation_year": school["graduation_year"],
            }
        )
        for school in capped(data["education"], MAX_EDUCATION, view, "education")
    ]
    view["resume_ids"] = data["resume_ids"]
    return present(view)


def resume_view(resume: ResumeOut) -> dict[str, Any]:
    """Where a resume's parsing stands, and the candidate it produced once parsed."""
    data = resume.model_dump(mode="json")
    return present(
        {
            "resume_id": data["id"],
            "status": data["parsing_status"],
            "candidate_id": data["candidate_id"],
            "file_name": data["original_filename"],
            "content_type": data["content_type"],
            "size_bytes": data["size_bytes"],
            "error": truncate(data["error"], ERROR_CHARS),
            "attempts": data["attempts"],
            "uploaded_at": data["created_at"],
            "processed_at": data["processed_at"],
            # What a resume not parsed yet waits for: a stopped worker's lease, or the next attempt's time.
            "lease_expires_at": data["lease_expires_at"],
            "retry_at": data["retry_at"],
        }
    )
