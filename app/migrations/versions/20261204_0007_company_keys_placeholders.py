"""Company keys recomputed again: a placeholder where an employer's name would be ("Company Name", as
LiveCareer anonymises employers, "Confidential", "Self-employed") now has no key, so the people who wrote
it are no longer each other's colleagues.

As in 0004 to 0006, only rows whose key changes are updated; the work_experience touch triggers bump
each affected candidate's version and write its outbox row, so the indexer re-sends those documents and
the colleague search (``work_experience.company_key``) no longer meets the placeholder.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 05:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The application's own key function, imported at run time: stored keys must equal new ingests'.
    from app.candidates.companies import recompute_stored_keys

    recompute_stored_keys(op.get_bind())


def downgrade() -> None:
    # The old key function is gone; a placeholder's key named no employer, so nothing is lost.
    pass
