"""The package as a deployment installs it: a wheel built by `pip wheel`, installed (not editable) in a fresh
venv and run from outside the checkout, migrates an empty database, creates the index and serves /ready.

The venv borrows the dependencies already installed in the project's .venv (a path in a .pth file: offline,
and seconds instead of minutes), but not the project itself: its code, migrations, index definitions and
Dashboards objects all come from the wheel.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import sysconfig
import time
import venv
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from app.settings import Settings
from tests.conftest import ROOT, with_database
from tests.databases import scratch_database
from tests.integration.conftest import free_port, scratch_alias

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bin directory of a fresh venv holding only the wheel (dependencies borrowed from .venv)."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            dist,
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = dist.glob("hr_resume_search-*.whl")
    target = work / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    own_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A plain path line: the .venv's packages are importable, its .pth files (the editable install of this
    # checkout among them) are not processed, so `app` can only come from the wheel.
    (Path(own_site) / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    yield target / "bin"


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[str]:
    """An empty database of its own, dropped afterwards."""
    async with scratch_database(settings, "wheel") as name:
        yield with_database(settings.database_url, name)


@pytest.fixture
async def alias(settings: Settings) -> AsyncIterator[str]:
    """An index alias of its own; its indexes are deleted afterwards."""
    async with scratch_alias(settings, "test-wheel") as name:
        yield name


def run(bin_dir: Path, cwd: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / argv[0]), *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


async def test_an_installed_wheel_migrates_indexes_and_serves(
    installed: Path, database: str, alias: str, tmp_path: Path
) -> None:
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}} | {
        "DATABASE_URL": database,
        "INDEX_ALIAS": alias,
        "STORAGE_DIR": str(tmp_path / "storage"),
    }
    # The code that runs is the wheel's, wherever the process starts.
    script = (
        "import app, indexer\n"
        "from app.resources import MAPPINGS_DIR, MIGRATIONS_DIR, SAVED_OBJECTS_FILE\n"
        "print(app.__file__, indexer.__file__)\n"
        "print((MAPPINGS_DIR / 'candidates.json').is_file(), (MIGRATIONS_DIR / 'env.py').is_file(),"
        " SAVED_OBJECTS_FILE.is_file())\n"
    )
    where = run(installed, tmp_path, env, "python", "-c", script)
    assert where.returncode == 0, where.stderr
    files, found = where.stdout.splitlines()
    assert all(path.startswith(str(installed.parent)) for path in files.split()), files
    assert found == "True True True"  # index definitions, migrations and Dashboards objects are package data

    migrated = run(installed, tmp_path, env, "hr-api", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    connection = await asyncpg.connect("postgresql://" + database.split("://", 1)[1])
    try:
        assert await connection.fetchval("SELECT count(*) FROM candidates") == 0
        assert await connection.fetchval("SELECT version_num FROM alembic_version")
    finally:
        await connection.close()

    created = run(installed, tmp_path, env, "hr-indexer", "create", "--alias", alias)
    assert created.returncode == 0, created.stderr
    assert f"behind alias {alias}" in created.stdout

    port = free_port()
    log = tmp_path / "api.log"
    with log.open("w") as output:
        process = await asyncio.create_subprocess_exec(
            installed / "hr-api", "--port", str(port), cwd=tmp_path, env=env, stdout=output, stderr=output
        )
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(timeout=5) as http:
            while True:
                assert process.returncode is None, log.read_text()
                try:
                    ready = await http.get(f"http://127.0.0.1:{port}/ready")
                    if ready.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the installed API never became ready"
                await asyncio.sleep(0.3)
        assert ready.json()["status"] == "ready"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert await asyncio.wait_for(process.wait(), timeout=20) == 0, log.read_text()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
