"""Company keys recomputed again: "M/s" (Messrs), which Indian business writing puts before a firm's name
("M/s Contoso Traders Pvt. Ltd."), is no longer part of the key, so the firm written with and without it
is one employer and the people who worked there are each other's colleagues.

As in 0004 to 0007, only rows whose key changes are updated; the work_experience touch triggers bump
each affected candidate's version and write its outbox row, so the indexer re-sends those documents.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 07:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The application's own key function, imported at run time: stored keys must equal new ingests'.
    from app.candidates.companies import recompute_stored_keys

    recompute_stored_keys(op.get_bind())


def downgrade() -> None:
    # The old key function is gone; "m s contoso" named the same firm as "contoso", so nothing is lost.
    pass
