"""`hr-api migrate`: apply the migrations shipped inside the package (no alembic.ini or checkout needed)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from app.resources import MIGRATIONS_DIR


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at the packaged migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Read by app/migrations/env.py before the settings, so the URL given here is the one migrated.
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrade the database to `revision`; Alembic logs each step it applies."""
    command.upgrade(alembic_config(database_url), revision)
