"""Integration tests run against the real local stack with the schema at the newest migration."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="session", autouse=True)
def migrated() -> None:
    """`alembic upgrade head` once per run, as the README's run command does."""
    subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, check=True, capture_output=True
    )
