"""A candidate's current company that only hides the employer ("Company Name", LiveCareer's anonymised
export; "Confidential") is cleared: as a value it led every company facet and filter list and matched
nobody's search. New ingests leave it empty (`app.candidates.ingest`); the jobs keep what the resume says.

Only rows that change are written; the candidates trigger bumps their version and writes their outbox row,
so the indexer re-sends those documents.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 19:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The application's own rule, imported at run time: stored values must equal new ingests'.
    from app.candidates.companies import clear_placeholder_current_companies

    clear_placeholder_current_companies(op.get_bind())


def downgrade() -> None:
    # A placeholder named no employer; the resume's jobs still hold it, and a reprocess would not set it.
    pass
