"""`hr-api migrate`: apply the migrations shipped inside the package (no alembic.ini or checkout needed)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.resources import MIGRATIONS_DIR

if TYPE_CHECKING:
    from alembic.config import Config


# The Postgres advisory lock a migration run holds until it commits ("hrmigrat" in ASCII; the outbox
# consumer's is "hroutbox"): two runs at once take turns (app/migrations/env.py).
MIGRATION_LOCK_KEY = 0x68726D6967726174


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at the packaged migrations and the given database."""
    # Imported here: the API and the worker import this module for the schema check, which needs Alembic
    # only when it reads the shipped revisions, once.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Read by app/migrations/env.py before the settings, so the URL given here is the one migrated.
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> str:
    """Upgrade the database to `revision` (Alembic logs each step it applies); what was done, in one line."""
    from alembic import command

    config = alembic_config(database_url)
    command.upgrade(config, revision)
    found, applied = config.attributes.get("found"), config.attributes.get("applied", [])
    if not applied and revision != found and revision in shipped_revisions()[1]:
        # `--revision 0009` on a database at 0011 read "already at migration 0011", as if 0009 were 0011.
        return (
            f"the database is at migration {found}, past {revision}: `hr-api migrate` only upgrades "
            "(a downgrade is `alembic downgrade`); nothing to apply"
        )
    if not applied:
        return f"the database is already at migration {found}; nothing to apply"
    origin = f"migration {found}" if found else "an empty database"
    return f"migrated the database from {origin} to {applied[-1]} ({len(applied)} applied)"


def unknown_revision(revision: str) -> str | None:
    """Why `hr-api migrate --revision` cannot be `revision`, naming the ones it can, or None when it can.
    Alembic's answer was a "CommandError: Can't locate revision" and exit 1, as for a database down."""
    head, shipped = shipped_revisions()
    if revision in shipped or revision in ("head", "heads"):
        return None
    return f"no migration {revision!r}: this version ships {', '.join(sorted(shipped))} (head: {head})"


# Asked by every process that needs the tables before its work (the indexer's commands, the worker,
# `hr-api create-admin`) and by /ready: an unmigrated database otherwise ended `hr-indexer` in an asyncpg
# traceback, kept the worker logging "database unavailable" every 5 s although it answered, and left the
# API "ready" while it answered every request with a 500.
APPLIED_REVISION_SQL = "SELECT version_num FROM alembic_version LIMIT 1"
HAS_REVISIONS_SQL = "SELECT to_regclass('alembic_version') IS NOT NULL"


async def database_schema_problem(connection: AsyncConnection | AsyncSession) -> str | None:
    """schema_problem of the database this connection or session is on."""
    migrated = (await connection.execute(text(HAS_REVISIONS_SQL))).scalar()
    applied = (await connection.execute(text(APPLIED_REVISION_SQL))).scalar() if migrated else None
    return schema_problem(applied)


def schema_problem(applied: str | None) -> str | None:
    """Why a database at migration `applied` (None: never migrated) cannot serve this version, or None.

    A revision this package does not know is newer than its code (a rolling upgrade migrated first): the
    older code still runs on it, as the migrations are written to allow."""
    if applied is None:
        return "has no tables yet: run `hr-api migrate` first"
    head, shipped = shipped_revisions()
    if applied == head or applied not in shipped:
        return None
    return f"is at migration {applied}, this version needs {head}: run `hr-api migrate` first"


@functools.cache
def shipped_revisions() -> tuple[str, frozenset[str]]:
    """The newest migration this package ships and every one it ships (read once: /ready asks often)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(""))
    head = scripts.get_current_head()
    assert head is not None, "the package ships migrations"
    return head, frozenset(script.revision for script in scripts.walk_revisions())
