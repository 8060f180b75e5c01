"""What the candidate routes accept and return."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.errors import FieldProblem

# The candidate's own fields a resume's parse sets; a recruiter may set each of them too (PATCH), and then
# parsing leaves it (`edited_fields`) until the recruiter unlocks it.
ParsedField = Literal[
    "full_name",
    "email",
    "phone",
    "location",
    "current_title",
    "current_company",
    "total_experience_years",
    "summary",
]


class WorkExperienceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    company: str | None
    company_key: str | None
    department: str | None
    # The client the job served, when the resume names one; the employer is `company`.
    client: str | None
    title: str | None
    location: str | None
    start_date: date | None
    end_date: date | None
    is_current: bool
    description: str | None


class EducationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    institution: str | None
    degree: str | None
    field_of_study: str | None
    start_date: date | None
    end_date: date | None
    graduation_year: int | None


class CandidateSkillOut(BaseModel):
    name: str
    years: float | None
    last_used: date | None


class CandidateOut(BaseModel):
    """A candidate with everything under it."""

    id: uuid.UUID
    full_name: str | None
    email: str | None
    phone: str | None
    location: str | None
    current_title: str | None
    current_company: str | None
    total_experience_years: float | None
    summary: str | None
    is_active: bool
    edited_fields: list[str] = Field(
        description="fields a recruiter set; parsing the resume again, or a newer one, leaves them as set"
    )
    version: int
    created_at: datetime
    updated_at: datetime
    skills: list[CandidateSkillOut]
    work_experience: list[WorkExperienceOut]
    education: list[EducationOut]
    resume_ids: list[uuid.UUID]


# A phone number as a person writes one: digits with "+", brackets, dashes, dots, slashes and spaces, and an
# extension ("ext. 12", "x12"); E.164 allows 15 digits, and fewer than 6 is no number anyone can call.
_PHONE = re.compile(r"\+?[\d\s().\-/]+?(?:\s*(?:ext\.?|extension|x)\s*(\d{1,6}))?", re.IGNORECASE)
PHONE_DIGITS = (6, 15)


def _phone(value: str) -> str:
    found = _PHONE.fullmatch(value)
    number = value[: found.start(1)] if found is not None and found.group(1) else value
    digits = sum(char.isdigit() for char in number)
    if found is None or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValueError(
            "is not a phone number: 6 to 15 digits, with '+', brackets, dashes, dots, slashes or spaces, "
            "and an extension if any ('ext. 12')"
        )
    return value


# Characters that show nothing: spaces, line and paragraph separators, controls and format characters such as
# the zero-width space and the byte-order mark.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def visible(text: str) -> bool:
    """Whether the text shows any character at all."""
    return any(unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in text)


def shows_something(text: str) -> str:
    """The text, or a ValueError when it is of invisible characters only (a zero-width space, a byte-order
    mark, a control character): refused as a blank value is (a search term, an API key's name)."""
    if not visible(text):
        raise ValueError("has no visible character (only spaces, zero-width or control characters)")
    return text


class CandidatePatch(BaseModel):
    """The fields a recruiter may edit; anything else is refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=50)
    location: str | None = Field(default=None, max_length=200)
    current_title: str | None = Field(default=None, max_length=200)
    current_company: str | None = Field(default=None, max_length=200)
    total_experience_years: float | None = Field(default=None, ge=0, le=80)
    summary: str | None = Field(default=None, max_length=20_000)
    # Absent is "leave it"; null is no state at all (refused below), so the schema offers true or false only.
    is_active: bool | SkipJsonSchema[None] = None
    unlock: list[ParsedField] = Field(
        default_factory=list,
        max_length=8,
        description="edited fields to hand back to the parser: they leave edited_fields, keep their value, "
        "and the next parse of the candidate's resume (POST /api/v1/resumes/{id}/reprocess, or a newer "
        "resume) sets them again",
    )

    @field_validator(
        "full_name", "phone", "location", "current_title", "current_company", "summary", mode="before"
    )
    @classmethod
    def _composed(cls, value: object) -> object:
        # Stored composed (NFC), as parsed text is: "München" sent as "u" and a combining diaeresis was kept
        # so, and the index, which folds composed letters only, found it under no spelling of the city.
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    @field_validator("phone", "location", "current_title", "current_company", "summary")
    @classmethod
    def _blank_is_cleared(cls, value: str | None) -> str | None:
        # A field emptied in a form ("") was stored as "", a blank value the filters and facets offered; so
        # was one of invisible characters only (a zero-width space, which whitespace stripping keeps).
        return value if value and visible(value) else None

    @field_validator("full_name")
    @classmethod
    def _a_name(cls, value: str | None) -> str | None:
        if value is not None and not visible(value):
            raise ValueError("has no visible character: a name is refused blank")
        return value

    @field_validator("phone")
    @classmethod
    def _a_phone_number(cls, value: str | None) -> str | None:
        # "abc" or "n/a" was stored as the candidate's phone number, for the next caller to dial.
        return value if value is None else _phone(value)

    @field_validator("is_active", mode="before")
    @classmethod
    def _a_state(cls, value: object) -> object:
        # null reached the NOT NULL column: a 500, its logged traceback holding the values sent (an email).
        if value is None:
            raise ValueError("must be true or false, not null")
        return value

    @model_validator(mode="after")
    def _set_or_unlocked(self) -> CandidatePatch:
        both = sorted(set(self.unlock) & self.model_fields_set)
        if both:
            raise FieldProblem("unlock", f"names a field this request also sets: {', '.join(both)}")
        return self
