"""Candidate records: read, edit, erase. No aiohttp types here."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from app.candidates.ingest import PARSED_FIELDS
from app.candidates.schemas import (
    CandidateOut,
    CandidatePatch,
    CandidateSkillOut,
    EducationOut,
    WorkExperienceOut,
)
from app.errors import Conflict, NotFound, PreconditionFailed, field_problem
from app.models import AuditLog, Candidate, CandidateSkill, Resume, SearchHistory
from app.resumes.service import remove_stored_files
from app.settings import Settings


async def load_candidate(session: AsyncSession, candidate_id: uuid.UUID, *, lock: bool = False) -> Candidate:
    """The candidate with its experience, education, skills and resumes, or a 404."""
    query = (
        select(Candidate)
        .where(Candidate.id == candidate_id)
        .options(
            selectinload(Candidate.work_experience),
            selectinload(Candidate.education),
            selectinload(Candidate.skills).joinedload(CandidateSkill.skill),
            selectinload(Candidate.resumes),
        )
        .execution_options(populate_existing=True)
    )
    if lock:
        query = query.with_for_update(of=Candidate)
    candidate = await session.scalar(query)
    if candidate is None:
        raise NotFound(f"no candidate with id {candidate_id}")
    return candidate


def candidate_out(candidate: Candidate) -> CandidateOut:
    """The API view of a loaded candidate."""
    return CandidateOut(
        id=candidate.id,
        full_name=candidate.full_name,
        email=candidate.email,
        phone=candidate.phone,
        location=candidate.location,
        current_title=candidate.current_title,
        current_company=candidate.current_company,
        total_experience_years=(
            float(candidate.total_experience_years) if candidate.total_experience_years is not None else None
        ),
        summary=candidate.summary,
        is_active=candidate.is_active,
        edited_fields=list(candidate.edited_fields),
        version=candidate.version,
        created_at=candidate.created_at,
        updated_at=candidate.updated_at,
        skills=sorted(
            (
                CandidateSkillOut(
                    name=link.skill.name,
                    years=float(link.years) if link.years is not None else None,
                    last_used=link.last_used,
                )
                for link in candidate.skills
            ),
            key=lambda s: s.name.lower(),
        ),
        work_experience=[WorkExperienceOut.model_validate(w) for w in candidate.work_experience],
        education=[EducationOut.model_validate(e) for e in candidate.education],
        resume_ids=[r.id for r in candidate.resumes],
    )


async def get_candidate(sessions: async_sessionmaker[AsyncSession], candidate_id: uuid.UUID) -> CandidateOut:
    async with sessions() as session:
        return candidate_out(await load_candidate(session, candidate_id))


async def patch_candidate(
    sessions: async_sessionmaker[AsyncSession],
    candidate_id: uuid.UUID,
    patch: CandidatePatch,
    actor: str | None,
    if_match: frozenset[int] | None = None,
    if_none_match: frozenset[int] | Literal["*"] | None = None,
) -> CandidateOut:
    """Apply the given fields; the version bump and the outbox row come from the database triggers.

    With `if_match` (the versions an If-Match header names) the edit applies only to a candidate still at one
    of them, else a 412: an HR tool writing back what it read earlier cannot overwrite a newer change. With
    `if_none_match` (If-None-Match: `*`, or versions) it applies only to a candidate at none of them: `*` is
    always a 412 here, as RFC 9110 has it for a record that exists (it was ignored, and the edit written)."""
    changes: dict[str, Any] = patch.model_dump(exclude_unset=True, exclude={"unlock"})
    unlocked = set(patch.unlock)
    if not changes and not unlocked:
        # Nothing asked: the candidate as it is, and no audit entry saying it was edited ({"fields": []}).
        current = await get_candidate(sessions, candidate_id)
        check_version(current.version, if_match, if_none_match)
        return current
    try:
        async with sessions.begin() as session:
            candidate = await load_candidate(session, candidate_id, lock=True)
            check_version(candidate.version, if_match, if_none_match)
            for field, value in changes.items():
                if field == "total_experience_years" and value is not None:
                    value = Decimal(str(round(value, 1)))
                setattr(candidate, field, value)
            # What the recruiter set outlives the next parse (`ingest.apply_parsed_resume`).
            # An unlocked field is the parser's again from the next parse on.
            edited = (set(candidate.edited_fields) | (set(changes) & PARSED_FIELDS)) - unlocked
            if edited != set(candidate.edited_fields):
                candidate.edited_fields = sorted(edited)
            details: dict[str, Any] = {"fields": sorted(changes)}
            if unlocked:
                details["unlocked"] = sorted(unlocked)
            session.add(
                AuditLog(
                    actor=actor,
                    action="candidate.update",
                    entity_type="candidate",
                    entity_id=str(candidate_id),
                    details=details,
                )
            )
    except IntegrityError as error:
        if "uq_candidates_email_lower" in str(error.orig):
            raise Conflict(
                "another candidate already has this email", details=field_problem("email", "already taken")
            ) from None
        raise
    return await get_candidate(sessions, candidate_id)


def check_version(
    version: int, if_match: frozenset[int] | None, if_none_match: frozenset[int] | Literal["*"] | None = None
) -> None:
    """A 412 when the candidate is no longer at a version the caller's If-Match names, or is at one its
    If-None-Match names (`*`: any, so always: the candidate exists)."""
    if if_none_match == "*" or (if_none_match is not None and version in if_none_match):
        problem = "the candidate exists" if if_none_match == "*" else "names the candidate's current version"
        raise PreconditionFailed(
            f"If-None-Match: the candidate is at version {version}, which the header excludes; nothing was "
            "written (If-None-Match: * asks for a record that does not exist yet; to edit only the version "
            "you read, send its ETag as If-Match)",
            details=field_problem("If-None-Match", problem, current_version=version),
        )
    if if_match is not None and version not in if_match:
        raise PreconditionFailed(
            f"the candidate changed since you read it: it is at version {version} now; read it again and "
            "send your change with its new ETag",
            details=field_problem("If-Match", "not the candidate's current version", current_version=version),
        )


async def erase_candidate(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, candidate_id: uuid.UUID, actor: str | None
) -> None:
    """Right to be forgotten: the candidate, its resumes and their files, and the search-history entries that
    name the candidate; the outbox carries the delete on."""
    async with sessions.begin() as session:
        candidate = await load_candidate(session, candidate_id, lock=True)
        files = [r.storage_path for r in candidate.resumes]
        await session.execute(delete(SearchHistory).where(_mentions(candidate)))
        await session.execute(delete(Resume).where(Resume.candidate_id == candidate_id))
        await session.execute(delete(Candidate).where(Candidate.id == candidate_id))
        session.add(
            AuditLog(
                actor=actor, action="candidate.erase", entity_type="candidate", entity_id=str(candidate_id)
            )
        )
        await remove_stored_files(settings, files)


def _mentions(candidate: Candidate) -> ColumnElement[bool]:
    """Search-history entries that name the candidate: a search around them (their id), or one whose text
    holds their email address (kept as typed, in lower case)."""
    request = SearchHistory.request
    named = [request["candidate_id"].astext == str(candidate.id)]
    if candidate.email:
        named.append(func.strpos(request["query"].astext, candidate.email.lower()) > 0)
    return or_(*named)
