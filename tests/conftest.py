"""Shared fixtures: settings for the real local stack, and an API client over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


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
