"""A job's client beside its employer: `work_experience.client`.

Consultants write the client they were placed at beside the firm that employed them ("Client: Fabrikam
Bank" under "Developer at Contoso Ltd"). The parsers now keep the two apart (the employer in `company`,
whose key the colleague search uses; the client here), so a consultant is not counted as the client's
employee and the client's name is not lost.

Rows written before this migration have no client: their resumes were parsed when the client, where a
resume named one, was read as the employer. Uploading such a resume again parses it anew.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, no default: adding it rewrites no row and fires no trigger.
    op.add_column("work_experience", sa.Column("client", sa.String(200), nullable=True))


def downgrade() -> None:
    op.drop_column("work_experience", "client")
