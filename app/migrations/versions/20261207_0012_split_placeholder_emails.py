"""Candidates merged under an email that is no address are split again.

The same email is the same candidate (`app.candidates.ingest`). Before Claude's email was checked against the
resume's text, its "N/A" or "not given" for resumes without an address made all their people one candidate:
one card, the newest resume's record, the others' resumes listed under it. An email without an "@" only came
from there (the offline parser reads addresses, an edit must be one).

Each such candidate loses the placeholder and keeps its newest parsed resume, whose record it shows; its other
parsed resumes are queued to be parsed again from their stored files, each then becoming the candidate it
describes. The candidates trigger re-sends the changed candidates to the index; workers pick the queued
resumes up as any upload.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 11:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Candidates whose email is no address.
_MERGED = "SELECT id FROM candidates WHERE email IS NOT NULL AND position('@' IN email) = 0"


def upgrade() -> None:
    # Every parsed resume of such a candidate but its newest (the one its record is from) is queued again;
    # first, while the placeholder still says which candidates these are.
    op.execute(
        f"""
        UPDATE resumes SET
            candidate_id = NULL, parsing_status = 'queued', attempts = 0, error = NULL,
            next_attempt_at = now(), locked_until = NULL, updated_at = now()
        WHERE id IN (
            SELECT id FROM (
                SELECT id, row_number() OVER (PARTITION BY candidate_id ORDER BY created_at DESC, id) AS place
                FROM resumes
                WHERE parsing_status = 'completed' AND candidate_id IN ({_MERGED})
            ) AS ranked
            WHERE place > 1
        )
        """
    )
    op.execute(f"UPDATE candidates SET email = NULL WHERE id IN ({_MERGED})")
    op.execute("SELECT pg_notify('resume_queue', '')")


def downgrade() -> None:
    # A placeholder named nobody; the resumes queued again are parsed into the candidates they describe.
    pass
