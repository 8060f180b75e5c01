"""The schema is made by migrations, which go all the way up and all the way down."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator

import asyncpg
import pytest

from app.migrate import MIGRATION_LOCK_KEY, shipped_revisions, upgrade
from app.settings import Settings
from tests.conftest import ROOT
from tests.databases import scratch_database, start_migrate

TABLES = {
    "users",
    "api_keys",
    "candidates",
    "resumes",
    "work_experience",
    "education",
    "skills",
    "candidate_skills",
    "search_history",
    "audit_log",
    "index_outbox",
    "refresh_tokens",
}


@pytest.fixture
async def scratch_db(settings: Settings) -> AsyncIterator[str]:
    """An empty database of its own, dropped afterwards."""
    async with scratch_database(settings, "migrations") as name:
        yield f"{settings.database_url.rsplit('/', 1)[0]}/{name}"


def alembic(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url={url}", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


async def tables(url: str) -> set[str]:
    connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row["tablename"] for row in rows} - {"alembic_version"}
    finally:
        await connection.close()


async def test_upgrade_then_downgrade_on_an_empty_database(scratch_db: str) -> None:
    alembic(scratch_db, "upgrade", "head")
    assert await tables(scratch_db) == TABLES
    alembic(scratch_db, "downgrade", "base")
    assert await tables(scratch_db) == set()
    alembic(scratch_db, "upgrade", "head")  # and up again: nothing left behind by the downgrade
    assert await tables(scratch_db) == TABLES


async def test_two_migrate_runs_at_once_take_turns(scratch_db: str) -> None:
    """Two `hr-api migrate` at once (the Job and an operator, two pods' init containers): the second failed
    on the first's half-made tables, "database unavailable (IntegrityError: duplicate key value ...)", exit 1.
    While one run holds the migration lock (here the test, as a first run does until it commits) the others
    wait; then one migrates and the other finds nothing to apply."""
    holder = await asyncpg.connect("postgresql://" + scratch_db.split("://", 1)[1])
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        runs = [await start_migrate(scratch_db) for _ in range(2)]
        await asyncio.sleep(3)
        assert all(run.returncode is None for run in runs), "a run did not wait for the one in progress"
    finally:
        await holder.close()
    results = [await asyncio.wait_for(run.communicate(), 60) for run in runs]
    lines = sorted(out.decode().strip() for out, _ in results)
    assert [run.returncode for run in runs] == [0, 0], [err.decode()[-300:] for _, err in results]
    head, shipped = shipped_revisions()
    assert lines == [
        f"migrated the database from an empty database to {head} ({len(shipped)} applied)",
        f"the database is already at migration {head}; nothing to apply",
    ]


async def test_migrate_to_an_older_revision_says_it_only_upgrades(scratch_db: str) -> None:
    """`hr-api migrate --revision 0009` on a database at the head said "already at migration <head>", as if
    the two were one; it says the database is past it and that migrate never downgrades."""
    head, shipped = shipped_revisions()
    older = sorted(shipped)[-3]
    assert (
        await asyncio.to_thread(upgrade, scratch_db)
        == f"migrated the database from an empty database to {head} ({len(shipped)} applied)"
    )
    assert await asyncio.to_thread(upgrade, scratch_db, older) == (
        f"the database is at migration {head}, past {older}: `hr-api migrate` only upgrades "
        "(a downgrade is `alembic downgrade`); nothing to apply"
    )
    assert (
        await asyncio.to_thread(upgrade, scratch_db, head)
        == f"the database is already at migration {head}; nothing to apply"
    )
    assert await tables(scratch_db) == TABLES


async def test_every_candidate_change_writes_its_outbox_row_in_the_same_transaction(scratch_db: str) -> None:
    alembic(scratch_db, "upgrade", "head")
    connection = await asyncpg.connect("postgresql://" + scratch_db.split("://", 1)[1])
    try:
        async with connection.transaction():
            cid = await connection.fetchval("INSERT INTO candidates (full_name) VALUES ('Ada') RETURNING id")
            await connection.execute("INSERT INTO skills (name) VALUES ('Python'), ('Go')")
            await connection.execute(
                "INSERT INTO candidate_skills (candidate_id, skill_id) SELECT $1, id FROM skills", cid
            )
        version = await connection.fetchval("SELECT version FROM candidates WHERE id = $1", cid)
        outbox = await connection.fetch(
            "SELECT operation::text, candidate_version FROM index_outbox WHERE candidate_id = $1 ORDER BY id",
            cid,
        )
        # One row for the insert, one for the statement adding both skills; one version step per change.
        assert [(r[0], r[1]) for r in outbox] == [("upsert", 1), ("upsert", 2)]
        assert version == 2

        # A rolled-back change leaves no trace in the outbox.
        with pytest.raises(asyncpg.CheckViolationError):
            async with connection.transaction():
                await connection.execute("UPDATE candidates SET full_name = 'Ada L.' WHERE id = $1", cid)
                await connection.execute(
                    "INSERT INTO work_experience (candidate_id, start_date, end_date) "
                    "VALUES ($1, '2020-01-01', '2019-01-01')",
                    cid,
                )
        assert await connection.fetchval("SELECT count(*) FROM index_outbox") == 2

        await connection.execute("DELETE FROM candidates WHERE id = $1", cid)
        last = await connection.fetchrow(
            "SELECT operation::text, candidate_version FROM index_outbox ORDER BY id DESC LIMIT 1"
        )
        assert (last[0], last[1]) == ("delete", 3)
    finally:
        await connection.close()


@pytest.mark.parametrize(
    ("stored_at", "rows", "expected"),
    [
        # Keys as 0004 stored them: "Private" and a city written without a separator were kept.
        (
            "0004",
            [
                ("Riya Tours and Travels Private Limited", "riya tours and travels private"),
                ("Infosys Hyderabad", "infosys hyderabad"),
                ("Bank of Baroda", "bank of baroda"),
            ],
            ["riya tours and travels", "infosys", "bank of baroda"],
        ),
        # Keys as 0005 stored them: a country after a name was kept ("Oracle India Ltd" -> "oracle india").
        (
            "0005",
            [
                ("Oracle India Ltd", "oracle india"),
                ("Air India Limited", "air india"),
                ("State Bank of India", "state bank of india"),
            ],
            ["oracle", "air india", "state bank of india"],
        ),
        # Keys as 0006 stored them: a placeholder for an employer had one ("Company Name" -> "company name").
        (
            "0006",
            [
                ("Company Name", "company name"),
                ("Confidential", "confidential"),
                ("Otto Group", "otto group"),
            ],
            [None, None, "otto group"],
        ),
        # Keys as 0007 stored them: "M/s" before a firm's name was kept ("M/s Contoso" -> "m s contoso").
        (
            "0007",
            [
                ("M/s Contoso Traders Pvt. Ltd.", "m s contoso traders"),
                ("Contoso Traders", "contoso traders"),
            ],
            ["contoso traders", "contoso traders"],
        ),
    ],
)
async def test_company_keys_are_recomputed_and_the_changed_candidates_reindexed(
    scratch_db: str, stored_at: str, rows: list[tuple[str, str]], expected: list[str | None]
) -> None:
    alembic(scratch_db, "upgrade", stored_at)
    connection = await asyncpg.connect("postgresql://" + scratch_db.split("://", 1)[1])
    try:
        cid = await connection.fetchval("INSERT INTO candidates (full_name) VALUES ('Ada') RETURNING id")
        await connection.executemany(
            "INSERT INTO work_experience (candidate_id, company, company_key) VALUES ($1, $2, $3)",
            [(cid, company, key) for company, key in rows],
        )
        outbox_before = await connection.fetchval("SELECT count(*) FROM index_outbox")
        alembic(scratch_db, "upgrade", "head")
        keys = await connection.fetch("SELECT company_key FROM work_experience ORDER BY id")
        assert [row[0] for row in keys] == expected
        # The changed rows touch their candidate, so the indexer sends the new keys.
        assert await connection.fetchval("SELECT count(*) FROM index_outbox") > outbox_before
    finally:
        await connection.close()


async def test_a_current_company_that_only_hides_the_employer_is_cleared_and_reindexed(
    scratch_db: str,
) -> None:
    alembic(scratch_db, "upgrade", "0009")
    connection = await asyncpg.connect("postgresql://" + scratch_db.split("://", 1)[1])
    try:
        for name, company in (("Ada", "Company Name"), ("Bo", "CONFIDENTIAL"), ("Cy", "Self-employed")):
            await connection.execute(
                "INSERT INTO candidates (full_name, current_company) VALUES ($1, $2)", name, company
            )
        await connection.execute(
            "INSERT INTO candidates (full_name, current_company) VALUES ('Di', 'Contoso')"
        )
        outbox_before = await connection.fetchval("SELECT count(*) FROM index_outbox")
        alembic(scratch_db, "upgrade", "head")
        rows = await connection.fetch("SELECT full_name, current_company FROM candidates ORDER BY full_name")
        # The placeholders go; an employer, and the words saying nobody employed the person, stay.
        assert [tuple(row) for row in rows] == [
            ("Ada", None),
            ("Bo", None),
            ("Cy", "Self-employed"),
            ("Di", "Contoso"),
        ]
        # Each changed candidate is sent to the index again, and only those.
        assert await connection.fetchval("SELECT count(*) FROM index_outbox") == outbox_before + 2
    finally:
        await connection.close()


async def test_edits_made_before_edited_fields_are_read_back_from_the_audit_log(scratch_db: str) -> None:
    alembic(scratch_db, "upgrade", "0010")
    connection = await asyncpg.connect("postgresql://" + scratch_db.split("://", 1)[1])
    try:
        edited = await connection.fetchval("INSERT INTO candidates (full_name) VALUES ('Ada') RETURNING id")
        untouched = await connection.fetchval("INSERT INTO candidates (full_name) VALUES ('Bo') RETURNING id")
        for fields in (["location", "is_active"], ["current_title", "location"]):
            await connection.execute(
                "INSERT INTO audit_log (actor, action, entity_type, entity_id, details)"
                " VALUES ('user:x', 'candidate.update', 'candidate', $1, $2::jsonb)",
                str(edited),
                json.dumps({"fields": fields}),
            )
        alembic(scratch_db, "upgrade", "head")
        rows = dict(await connection.fetch("SELECT id, edited_fields FROM candidates"))
        # is_active is no parsed field: a resume never sets it.
        assert rows == {edited: ["current_title", "location"], untouched: []}
    finally:
        await connection.close()


async def test_candidates_merged_under_a_placeholder_email_are_split_again(scratch_db: str) -> None:
    # Claude's "N/A" for resumes without an address made their people one candidate before its email was
    # checked against the text: one card, the other people's resumes listed under it, never split.
    alembic(scratch_db, "upgrade", "0011")
    connection = await asyncpg.connect("postgresql://" + scratch_db.split("://", 1)[1])
    try:
        merged = await connection.fetchval(
            "INSERT INTO candidates (full_name, email) VALUES ('Mary Major', 'N/A') RETURNING id"
        )
        jane = await connection.fetchval(
            "INSERT INTO candidates (full_name, email) VALUES ('Jane Doe', 'jane@example.com') RETURNING id"
        )
        resumes = {}
        for name, candidate, days_ago, status in (
            ("john", merged, 3, "completed"),
            ("mary", merged, 1, "completed"),
            ("rita", merged, 2, "failed"),
            ("jane-old", jane, 5, "completed"),
            ("jane", jane, 4, "completed"),
        ):
            resumes[name] = await connection.fetchval(
                "INSERT INTO resumes (candidate_id, original_filename, content_type, size_bytes, sha256,"
                " storage_path, parsing_status, attempts, created_at)"
                " VALUES ($1, $2, 'text/plain', 1, $3, '/x', $4::parsing_status, 1,"
                " now() - make_interval(days => $5)) RETURNING id",
                candidate,
                f"{name}.txt",
                name.ljust(64, "0"),
                status,
                days_ago,
            )
        outbox_before = await connection.fetchval("SELECT count(*) FROM index_outbox")
        alembic(scratch_db, "upgrade", "head")
        emails = dict(await connection.fetch("SELECT id, email FROM candidates"))
        assert emails == {merged: None, jane: "jane@example.com"}
        rows = {
            row["id"]: (row["candidate_id"], row["parsing_status"], row["attempts"])
            for row in await connection.fetch(
                "SELECT id, candidate_id, parsing_status, attempts FROM resumes"
            )
        }
        # The newest parsed resume stays with the candidate its record is from; the other parsed one is parsed
        # again into the person it describes; a failed one and another candidate's are left alone.
        assert rows == {
            resumes["mary"]: (merged, "completed", 1),
            resumes["john"]: (None, "queued", 0),
            resumes["rita"]: (merged, "failed", 1),
            resumes["jane-old"]: (jane, "completed", 1),
            resumes["jane"]: (jane, "completed", 1),
        }
        assert await connection.fetchval("SELECT count(*) FROM index_outbox") == outbox_before + 1
    finally:
        await connection.close()
