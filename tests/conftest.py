"""Shared fixtures: settings for the real local stack, and an API client over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth import tokens
from app.auth.schemas import RegisterRequest
from app.auth.service import create_user
from app.db import create_engine
from app.main import create_app
from app.models import Role
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
# Tables holding data (not the schema's own bookkeeping), emptied between tests.
DATA_TABLES = (
    "candidates",
    "resumes",
    "work_experience",
    "education",
    "skills",
    "candidate_skills",
    "index_outbox",
    "search_history",
    "audit_log",
    "api_keys",
    "refresh_tokens",
    "users",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that stop services run last, so a slow restart never disturbs the others."""
    items.sort(key=lambda item: item.get_closest_marker("faults") is not None)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the stack `make up` starts; uploads go to a throw-away directory."""
    return Settings(storage_dir=tmp_path_factory.mktemp("storage"))


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[TestClient]:
    """The whole API over a real socket, with its real clients."""
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the real database, emptied before the test so each test starts from nothing."""
    engine = create_engine(settings)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


@pytest.fixture
async def role_headers(db: async_sessionmaker[AsyncSession], settings: Settings) -> dict[str, dict[str, str]]:
    """An access-token header for one fresh user of each role: admin, recruiter, viewer."""
    headers = {}
    for role in Role:
        request = RegisterRequest(
            email=f"{role.value}@example.com",
            username=role.value,
            password="correct horse battery",
            role=role,
        )
        user = await create_user(db, request, actor="test")
        token, _ = tokens.issue(settings, user.id, "access", role=role)
        headers[role.value] = {"Authorization": f"Bearer {token}"}
    return headers


@pytest.fixture
async def recruiter(settings: Settings, role_headers: dict[str, dict[str, str]]) -> AsyncIterator[TestClient]:
    """The API as a recruiter sees it (read and write)."""
    async with TestClient(TestServer(create_app(settings)), headers=role_headers["recruiter"]) as client:
        yield client
