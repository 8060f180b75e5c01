"""Company keys recomputed: a trailing city and more legal forms ("GmbH & Co. KG", "SE") now fold away.

Only rows whose key changes are updated; the work_experience touch triggers bump each affected
candidate's version and write its outbox row, so the indexer re-sends those documents with the new
keys (colleague search filters on ``work_experience.company_key``).

The key function is the application's own (``app.candidates.companies.company_key``), imported at
run time: the point of this migration is that stored keys equal what new ingests compute.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The application's own key function, imported at run time: stored keys must equal new ingests'.
    from app.candidates.companies import recompute_stored_keys

    recompute_stored_keys(op.get_bind())


def downgrade() -> None:
    # The old key function is gone and the new keys only fold more spellings together; they stay.
    pass
