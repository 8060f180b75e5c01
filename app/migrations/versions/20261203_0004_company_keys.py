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

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000


def upgrade() -> None:
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
