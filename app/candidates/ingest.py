"""A parsed resume becomes a candidate record: one transaction, together with the resume's own update."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, get_args

from sqlalchemy import delete, exists, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.candidates.companies import company_key, hides_the_employer
from app.candidates.schemas import ParsedField
from app.models import Candidate, CandidateSkill, Education, ParsingStatus, Resume, Skill, WorkExperience
from app.parsing.dates import months_between
from app.parsing.models import ParsedResume
from app.parsing.skills import find_skills


def _cut(value: str | None, size: int) -> str | None:
    value = (value or "").strip()
    return value[:size] or None


def skill_usage(parsed: ParsedResume, today: date) -> dict[str, tuple[Decimal | None, date | None]]:
    """Years of use and last use of each skill, from the jobs whose title or description names it."""
    months: dict[str, int] = {}
    last: dict[str, date] = {}
    for job in parsed.work_experience:
        # A job not begun yet used no skill (a job of 2040-2045 counted five years of it, last used in 2045).
        if job.start_date is None or job.start_date > today:
            continue
        end = today if job.is_current or job.end_date is None else min(job.end_date, today)
        named = find_skills(f"{job.title or ''}\n{job.description or ''}")
        for skill in named:
            months[skill] = months.get(skill, 0) + months_between(job.start_date, end)
            last[skill] = max(last.get(skill, end), end)
    return {
        skill: (
            Decimal(round(months[skill] / 12, 1)) if skill in months else None,
            last.get(skill),
        )
        for skill in parsed.skills
    }


async def _find_or_create(session: AsyncSession, resume: Resume, parsed: ParsedResume) -> Candidate:
    """Same email -> same candidate; a reprocessed resume keeps its candidate; else a new one."""
    email = _cut(parsed.email, 320)
    if resume.candidate_id is not None:
        found = await session.get(Candidate, resume.candidate_id, with_for_update=True)
        if found is not None and (email is None or (found.email or "").lower() in ("", email.lower())):
            return found
    if email:
        # Insert-or-nothing on the unique lower(email) index: two workers parsing two resumes of the same
        # person at once end with one candidate.
        await session.execute(
            insert(Candidate)
            .values(email=email)
            .on_conflict_do_nothing(index_elements=[text("lower(email)")])
        )
        found = await session.scalar(
            select(Candidate).where(func.lower(Candidate.email) == email.lower()).with_for_update()
        )
        if found is not None:
            return found
    candidate = Candidate(email=email)
    session.add(candidate)
    await session.flush()
    return candidate


async def _skill_ids(session: AsyncSession, names: list[str]) -> dict[str, int]:
    """Catalogue ids of the skill names, adding the ones the catalogue does not have yet."""
    if not names:
        return {}
    await session.execute(
        insert(Skill)
        .values([{"name": name[:100]} for name in names])
        .on_conflict_do_nothing(index_elements=[text("lower(name)")])
    )
    rows = await session.execute(
        select(Skill.id, Skill.name).where(func.lower(Skill.name).in_([n[:100].lower() for n in names]))
    )
    by_lower = {name.lower(): skill_id for skill_id, name in rows}
    return {name: by_lower[name[:100].lower()] for name in names if name[:100].lower() in by_lower}


# The candidate's own fields a resume's parse sets (`ParsedField`): a recruiter's edit pins one
# (`Candidate.edited_fields`) until they unlock it.
PARSED_FIELDS = frozenset(get_args(ParsedField))
# Who the person is and how to reach them: a resume that does not state them keeps what is known. (A
# newer resume without a current job does clear the current title and company.)
KEPT_WHEN_NOT_FOUND = frozenset({"full_name", "email", "phone", "location"})


async def apply_parsed_resume(
    session: AsyncSession, resume: Resume, parsed: ParsedResume, today: date | None = None
) -> uuid.UUID:
    """Upsert the candidate the resume describes; the newest resume of a candidate decides its record."""
    today = today or date.today()
    candidate = await _find_or_create(session, resume, parsed)
    resume.candidate_id = candidate.id
    newer_exists = await session.scalar(
        select(
            exists().where(
                Resume.candidate_id == candidate.id,
                Resume.id != resume.id,
                Resume.parsing_status == ParsingStatus.COMPLETED,
                Resume.created_at > resume.created_at,
            )
        )
    )
    if newer_exists:
        return candidate.id

    # "Company Name", "Confidential": no employer to show, filter on or count (the jobs keep what the
    # resume says).
    company = None if hides_the_employer(parsed.current_company) else parsed.current_company
    years = parsed.total_experience_years
    parsed_values: dict[str, Any] = {
        "full_name": _cut(parsed.name, 200),
        "email": _cut(parsed.email, 320),
        "phone": _cut(parsed.phone, 50),
        "location": _cut(parsed.location, 200),
        "current_title": _cut(parsed.current_title, 200),
        "current_company": _cut(company, 200),
        "total_experience_years": Decimal(str(round(min(years, 99.9), 1))) if years is not None else None,
        "summary": _cut(parsed.summary, 20_000),
    }
    for field, value in parsed_values.items():
        if field in candidate.edited_fields:
            continue  # a recruiter set it (PATCH): theirs stands
        if value is None and field in KEPT_WHEN_NOT_FOUND:
            continue  # a resume that does not state it says nothing about it
        setattr(candidate, field, value)
    await session.flush()

    cid = candidate.id
    for table in (WorkExperience, Education, CandidateSkill):
        await session.execute(delete(table).where(table.candidate_id == cid))
    jobs = []
    for position, job in enumerate(parsed.work_experience):
        start, end = job.start_date, job.end_date
        if start and end and start > end:
            start, end = end, start
        jobs.append(
            {
                "candidate_id": cid,
                "position": position,
                "company": _cut(job.company, 200),
                "company_key": company_key(job.company),
                "department": _cut(job.department, 200),
                "client": _cut(job.client, 200),
                "title": _cut(job.title, 200),
                "location": _cut(job.location, 200),
                "start_date": start,
                "end_date": end,
                "is_current": bool(job.is_current),
                "description": _cut(job.description, 20_000),
            }
        )
    if jobs:
        await session.execute(insert(WorkExperience), jobs)
    schools = [
        {
            "candidate_id": cid,
            "position": position,
            "institution": _cut(school.institution, 300),
            "degree": _cut(school.degree, 200),
            "field_of_study": _cut(school.field, 200),
            "start_date": school.start_date,
            "end_date": school.end_date,
            "graduation_year": school.graduation_year,
        }
        for position, school in enumerate(parsed.education)
    ]
    if schools:
        await session.execute(insert(Education), schools)
    names = list(dict.fromkeys(s for s in parsed.skills if s and s.strip()))
    ids = await _skill_ids(session, names)
    usage = skill_usage(parsed, today)
    links = [
        {
            "candidate_id": cid,
            "skill_id": ids[name],
            "years": usage.get(name, (None, None))[0],
            "last_used": usage.get(name, (None, None))[1],
        }
        for name in names
        if name in ids
    ]
    if links:
        await session.execute(insert(CandidateSkill).on_conflict_do_nothing(), links)
    return cid
