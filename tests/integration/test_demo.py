"""`hr-api demo` fills an empty database through the product's own paths, once."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import demo
from app.demo import DEMO_EMAIL, seed
from app.models import Candidate, Resume, WorkExperience
from app.settings import Settings
from tests.fake_claude import API_KEY


async def test_the_demo_loads_searchable_candidates_and_a_login_once(
    settings: Settings, db: async_sessionmaker[AsyncSession], api: TestClient
) -> None:
    loaded, password = await seed(settings, 12)
    assert loaded and password
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Candidate)) == 12
    login = await api.post("/api/v1/auth/login", json={"username": DEMO_EMAIL, "password": password})
    assert login.status == 200, await login.text()
    headers = {"Authorization": f"Bearer {(await login.json())['access_token']}"}
    found = await api.post("/api/v1/search/candidates", json={"limit": 50}, headers=headers)
    assert found.status == 200, await found.text()
    assert (await found.json())["total"] == 12
    # Every degree a recruiter may filter on has people, so the page's education chip is worth trying.
    for level, people in (("bachelor", 7), ("master", 4), ("doctorate", 1)):
        asked = await api.post(
            "/api/v1/search/candidates", json={"education_level": level, "limit": 50}, headers=headers
        )
        assert (await asked.json())["total"] == people, level
    # A database with candidates is left alone, and no second login is made.
    assert await seed(settings, 12) == (False, None)


async def test_the_demo_shows_its_progress_and_what_parsing_came_to(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `hr-api demo --resumes 6000` said "uploading ... and parsing them", then nothing for minutes.
    monkeypatch.setattr(demo, "PROGRESS_SECONDS", 0.001)
    loaded, _ = await seed(settings, 12)
    assert loaded
    lines = capsys.readouterr().err.splitlines()
    assert any(re.fullmatch(r"demo: \d+ of 12 resumes (uploaded|parsed)", line) for line in lines), lines
    assert "demo: 12 resumes parsed: 12 completed, 0 failed, 0 to retry" in lines


async def test_the_demo_never_sends_its_made_up_people_to_claude(
    settings: Settings, db: async_sessionmaker[AsyncSession]
) -> None:
    # With ANTHROPIC_API_KEY set, `make run`'s demo sent every generated resume to Claude (300 calls paid
    # for), and left the ones Claude failed on queued, so the demo's people were missing.
    keyed = settings.model_copy(update={"anthropic_api_key": SecretStr(API_KEY), "anthropic_max_retries": 0})
    loaded, _ = await seed(keyed, 4)
    assert loaded
    async with db() as session:
        parsers = (await session.scalars(select(Resume.parser_name))).all()
        assert await session.scalar(select(func.count()).select_from(Candidate)) == 4
    assert parsers == ["rule_based"] * 4


async def test_the_demo_finds_the_people_of_a_candidates_department(
    settings: Settings, db: async_sessionmaker[AsyncSession], api: TestClient
) -> None:
    # The demo's resumes named no department and the offline parser read none, so the page's "Same
    # department" link found nobody for any demo candidate.
    loaded, password = await seed(settings, 40)
    assert loaded and password
    async with db() as session:
        jobs = (
            await session.execute(
                select(WorkExperience.candidate_id, WorkExperience.company_key, WorkExperience.department)
            )
        ).all()
    assert jobs and all(job.department for job in jobs), "every demo job names its department"
    people: dict[tuple[str, str], set[object]] = {}
    for job in jobs:
        people.setdefault((job.company_key, job.department), set()).add(job.candidate_id)
    (key, department), members = max(people.items(), key=lambda item: len(item[1]))
    assert len(members) > 1
    source = sorted(members, key=str)[0]
    login = await api.post("/api/v1/auth/login", json={"username": DEMO_EMAIL, "password": password})
    headers = {"Authorization": f"Bearer {(await login.json())['access_token']}"}
    found = await api.post(
        "/api/v1/search/candidates",
        json={"search_type": "same_department", "candidate_id": str(source), "limit": 50},
        headers=headers,
    )
    assert found.status == 200, await found.text()
    ids = {hit["candidate_id"] for hit in (await found.json())["results"]}
    assert {str(member) for member in members - {source}} <= ids, (key, department)
