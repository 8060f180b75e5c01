"""Company keys recomputed again: a country after a name now folds away ("Oracle India Ltd" ->
"oracle", "IBM India Pvt. Ltd." -> "ibm"), unless the name before it is one ordinary word that the
country makes a name of ("Air India", "Star India").

As in 0004 and 0005, only rows whose key changes are updated; the work_experience touch triggers bump
each affected candidate's version and write its outbox row, so the indexer re-sends those documents and
the colleague search (``work_experience.company_key``) meets the new keys.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The application's own key function, imported at run time: stored keys must equal new ingests'.
    from app.candidates.companies import recompute_stored_keys

    recompute_stored_keys(op.get_bind())


def downgrade() -> None:
    # The old key function is gone and the new keys only fold more spellings together; they stay.
    pass
