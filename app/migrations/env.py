"""Alembic environment: runs migrations over the async engine of the application settings."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.migrate import MIGRATION_LOCK_KEY
from app.models import Base
from app.settings import engine_url, load_settings

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def database_url() -> str:
    """The URL `hr-api migrate` passed, or the one given with -x url=... (tests), else DATABASE_URL."""
    return (
        config.attributes.get("database_url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or load_settings().database_url
    )


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    # What `hr-api migrate` reports afterwards: the revision it found and each one it applied.
    applied: list[str] = config.attributes.setdefault("applied", [])
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        on_version_apply=lambda *, step, **_: applied.append(step.up_revision_id),
    )
    with context.begin_transaction():
        # One run at a time (two `hr-api migrate` at once: a Job and a hand, two pods' init containers): the
        # second waits for the first's commit, then finds the database migrated, where it failed on the
        # first's half-made tables ("database unavailable (IntegrityError: duplicate key value ...)").
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["found"] = context.get_context().get_current_revision()
        context.run_migrations()


async def run_migrations_online() -> None:
    engine = create_async_engine(engine_url(database_url()))
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
