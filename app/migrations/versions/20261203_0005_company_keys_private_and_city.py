"""Company keys recomputed again: "Private" ("... Private Limited") and a large city written without a
separator ("Infosys Hyderabad", "Cisco Bangalore") now fold away.

As in 0004, only rows whose key changes are updated; the work_experience touch triggers bump each
affected candidate's version and write its outbox row, so the indexer re-sends those documents and the
colleague search (``work_experience.company_key``) meets the new keys.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 19:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The application's own key function, imported at run time: stored keys must equal new ingests'.
    from app.candidates.companies import recompute_stored_keys

    recompute_stored_keys(op.get_bind())


def downgrade() -> None:
    # The old key function is gone and the new keys only fold more spellings together; they stay.
    pass
