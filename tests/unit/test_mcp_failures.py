"""What a model reads when a tool fails on the database (app/mcp/errors.py)."""

from __future__ import annotations

from sqlalchemy.exc import ProgrammingError

from app.mcp.errors import describe_failure


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
