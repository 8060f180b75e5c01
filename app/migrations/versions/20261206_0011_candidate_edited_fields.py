"""The fields a recruiter set on a candidate: `candidates.edited_fields`.

A PATCH of a candidate's name, contact, title, company, years or summary records the field here; parsing
the resume again (reprocess) or a newer resume of the same person then leaves it as the recruiter set it.
Before, the next parse overwrote recruiters' edits, and a field the resume did not state was cleared.

Edits made before this migration are read back from the audit log (`candidate.update` entries name the
fields they set).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 19:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A constant default: adding it rewrites no row and fires no trigger.
    op.add_column(
        "candidates",
        sa.Column(
            "edited_fields", postgresql.ARRAY(sa.String(50)), nullable=False, server_default=sa.text("'{}'")
        ),
    )
    # The edits made before, from the audit log: the parsed fields each candidate.update set.
    op.execute(
        """
        UPDATE candidates SET edited_fields = edits.fields
        FROM (
            SELECT log.entity_id, array_agg(DISTINCT field ORDER BY field) AS fields
            FROM audit_log AS log, jsonb_array_elements_text(log.details -> 'fields') AS field
            WHERE log.action = 'candidate.update' AND field IN (
                'full_name', 'email', 'phone', 'location', 'current_title', 'current_company',
                'total_experience_years', 'summary'
            )
            GROUP BY log.entity_id
        ) AS edits
        WHERE candidates.id::text = edits.entity_id
        """
    )


def downgrade() -> None:
    op.drop_column("candidates", "edited_fields")
