"""The SQLAlchemy async engine and session factory, one per process."""

from __future__ import annotations

import re
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.metrics import DATABASE_QUERY_DURATION, DATABASE_SLOW_QUERIES
from app.settings import Settings, engine_url

# Queries slower than this count in database_slow_queries_total.
SLOW_QUERY_SECONDS = 1.0
# Table labels are limited to the schema's own tables, so a metric never grows a label per query.
KNOWN_TABLES = frozenset(
    "users api_keys refresh_tokens candidates resumes work_experience education skills candidate_skills"
    " search_history audit_log index_outbox".split()
)
_TABLE = re.compile(r"\b(?:from|into|update|join)\s+\"?([a-z_]+)", re.IGNORECASE)


def statement_labels(statement: str) -> tuple[str, str]:
    """(operation, table) of a SQL statement, for metric labels."""
    words = statement.lstrip().split(None, 1)
    operation = words[0].upper() if words else "OTHER"
    if operation not in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
        operation = "OTHER"
    match = _TABLE.search(statement)
    table = match.group(1).lower() if match and match.group(1).lower() in KNOWN_TABLES else "other"
    return operation, table


def record_query_metrics(engine: AsyncEngine) -> None:
    """Time every statement the engine runs: database_query_duration_seconds and slow queries."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _start(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        conn.info.setdefault("query_started", []).append(time.perf_counter())

    @event.listens_for(engine.sync_engine, "after_cursor_execute")
    def _stop(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        elapsed = time.perf_counter() - conn.info["query_started"].pop()
        operation, table = statement_labels(statement)
        DATABASE_QUERY_DURATION.labels(operation=operation, table=table).observe(elapsed)
        if elapsed > SLOW_QUERY_SECONDS:
            DATABASE_SLOW_QUERIES.inc()


def create_engine(settings: Settings) -> AsyncEngine:
    """An asyncpg-backed engine; pre-ping so a restarted Postgres does not fail the first request."""
    engine = create_async_engine(
        engine_url(settings.database_url),
        pool_size=10,
        max_overflow=10,
        pool_pre_ping=True,
        pool_timeout=5,
        connect_args={"timeout": 5, "command_timeout": 30},
    )
    record_query_metrics(engine)
    return engine
