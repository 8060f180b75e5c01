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

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000


def upgrade() -> None:
    # The application's own key function, imported at run time: stored keys must equal new ingests'.
    from app.candidates.companies import company_key

    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, company, company_key FROM work_experience WHERE company IS NOT NULL ORDER BY id")
    ).all()
    changed = [
        {"id": row.id, "key": key} for row in rows if (key := company_key(row.company)) != row.company_key
    ]
    for start in range(0, len(changed), _BATCH):
        connection.execute(
            sa.text("UPDATE work_experience SET company_key = :key WHERE id = :id"),
            changed[start : start + _BATCH],
        )


def downgrade() -> None:
    # The old key function is gone and the new keys only fold more spellings together; they stay.
    pass
