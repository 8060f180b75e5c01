"""What a model reads when a tool fails on the database (app/mcp/errors.py)."""

from __future__ import annotations

from typing import cast

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import ProgrammingError

from app.auth.principal import Principal
from app.composition import Services
from app.errors import Unprocessable
from app.mcp.errors import describe_failure
from app.mcp.schemas import SameDepartmentArguments, SearchCandidatesArguments, SuggestArguments
from app.mcp.tools import search_same_department


class _PostgresError(Exception):
    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode


def test_a_tool_on_an_unmigrated_database_says_to_migrate() -> None:
    # A table this version needs is missing (42P01): before, "failed with an internal error".
    error = ProgrammingError("SELECT id FROM candidates", {}, _PostgresError("42P01"))
    assert describe_failure("search_candidates", error) == (
        "search_candidates cannot run: the database is not migrated to this version: "
        "run `hr-api migrate` first"
    )


def test_another_statement_error_stays_internal() -> None:
    error = ProgrammingError("SELECT 1/0", {}, _PostgresError("22012"))
    assert "internal error" in describe_failure("search_candidates", error)


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ({"company": "Acme Corp"}, "department: missing: the company needs it"),
        ({"department": "Platform"}, "company: missing: the department needs it"),
        ({}, "candidate_id: missing (or give company and department)"),
    ],
)
async def test_search_same_department_names_the_half_of_the_pair_left_out(
    arguments: dict[str, str], said: str
) -> None:
    # With a company alone it said "candidate_id: missing", so a model sent a candidate it did not have
    # instead of the department it had left out.
    with pytest.raises(Unprocessable) as raised:
        await search_same_department(
            cast(Services, None), cast(Principal, None), SameDepartmentArguments.model_validate(arguments)
        )
    assert describe_failure("search_same_department", raised.value) == (
        f"give candidate_id, or both company and department ({said})"
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ({"limit": 10**30}, "limit: Input should be less than or equal to 50"),
        ({"min_experience_years": float("nan")}, "min_experience_years: Input should be a finite number"),
        ({"max_experience_years": float("inf")}, "max_experience_years: Input should be a finite number"),
    ],
)
def test_a_number_json_cannot_hold_in_64_bits_or_at_all_is_an_argument_error(
    arguments: dict[str, float], said: str
) -> None:
    # An integer past 64 bits was "search_candidates failed with an internal error" (orjson's TypeError,
    # logged as a traceback); NaN, which a client's parser may let through, became null: no filter at all.
    with pytest.raises(ValidationError) as raised:
        SearchCandidatesArguments.read(arguments)
    assert describe_failure("search_candidates", raised.value) == (
        f"invalid arguments for search_candidates: {said}"
    )


@pytest.mark.parametrize("prefix", [" ", "\t \n"])
def test_suggest_refuses_a_blank_prefix_as_the_http_api_does(prefix: str) -> None:
    # The HTTP API's /suggest refuses a blank prefix as an empty one (a 422 naming prefix); the tool took it
    # and answered no suggestions, so a model went on as if no value started with it.
    with pytest.raises(ValidationError) as raised:
        SuggestArguments.read({"field": "skill", "prefix": prefix})
    assert (
        describe_failure("suggest", raised.value)
        == "invalid arguments for suggest: prefix: must not be blank"
    )
