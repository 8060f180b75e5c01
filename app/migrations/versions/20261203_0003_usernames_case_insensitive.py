"""Usernames unique whatever their case: "Bob" and "bob" are one login name.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    clashes = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM (SELECT 1 FROM users GROUP BY lower(username) HAVING count(*) > 1) AS c"
        )
    )
    if clashes:
        # Which account keeps the name is a person's decision; the names themselves stay out of the log.
        raise RuntimeError(
            f"{clashes} usernames differ only in case; rename all but one of each "
            "(SELECT lower(username) FROM users GROUP BY 1 HAVING count(*) > 1) and migrate again"
        )
    op.create_index("uq_users_username_lower", "users", [sa.literal_column("lower(username)")], unique=True)
    op.drop_constraint("users_username_key", "users", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("users_username_key", "users", ["username"])
    op.drop_index("uq_users_username_lower", table_name="users")
