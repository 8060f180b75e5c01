"""`make run`'s demo data: generated candidates, generated resume files through the upload and parse path,
an index, and a login to try it with. Idempotent: a database that already has candidates is left alone.

    python -m benchmarks.demo [--candidates 3000] [--resume-files 24]

Occupations, titles and skills come from O*NET 29.2 (USDOL/ETA, CC BY 4.0), read from ../shared/data at
run time; nothing of it ships in the repository.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.schemas import RegisterRequest
from app.auth.service import create_user
from app.db import create_engine
from app.models import Candidate, Role, User
from app.parsing.base import select_parser
from app.resumes.service import accept_upload
from app.settings import Settings, load_settings
from app.worker import Worker
from benchmarks.corpus.onet import onet_dir

ROOT = Path(__file__).resolve().parents[1]
DEMO_EMAIL = "demo@example.com"


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", *args], cwd=ROOT, check=True)


async def create_demo_user(sessions: async_sessionmaker[AsyncSession]) -> str:
    """The demo's login: a recruiter (never an admin) with a random password, returned to be shown once."""
    password = secrets.token_urlsafe(15)
    request = RegisterRequest(email=DEMO_EMAIL, username="demo", password=password, role=Role.RECRUITER)
    await create_user(sessions, request, actor="demo")
    return password


async def seed(settings: Settings, candidates: int, files: int) -> tuple[bool, str | None]:
    """Load the demo into an empty database: (loaded, the demo login's password when it was created)."""
    engine = create_engine(settings)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with sessions() as session:
            if await session.scalar(select(func.count()).select_from(Candidate)):
                return False, None
            has_users = bool(await session.scalar(select(func.count()).select_from(User)))
        if not onet_dir().is_dir():
            print(f"demo: skipped, the generator needs the O*NET files in {onet_dir()}", file=sys.stderr)
            return False, None
        print(f"demo: generating {candidates} candidates", file=sys.stderr)
        run(
            "benchmarks.corpus", "--candidates", str(candidates), "--database-url", settings.sync_database_url
        )
        password = None if has_users else await create_demo_user(sessions)
        with tempfile.TemporaryDirectory() as directory:
            run("benchmarks.corpus", "--resume-files", directory, str(files), "--seed", "7")
            paths = sorted(Path(directory).iterdir())
            print(f"demo: uploading {len(paths)} resume files and parsing them", file=sys.stderr)
            for path in paths:
                await accept_upload(sessions, settings, path.name, path.read_bytes())
        await Worker(settings, sessions, select_parser(settings)).run(asyncio.Event(), once=True)
    finally:
        await engine.dispose()
    run("indexer", "reindex", "--no-progress")
    return True, password


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=3000)
    parser.add_argument("--resume-files", type=int, default=24)
    args = parser.parse_args()
    settings = load_settings()
    seeded, password = asyncio.run(seed(settings, args.candidates, args.resume_files))
    base = f"http://{settings.api_host}:{settings.api_port}"
    print("demo data loaded" if seeded else "demo: the database already has candidates; nothing loaded")
    if password is None:
        print(f"\nAPI: {base}  (OpenAPI: {base}/api/v1/openapi.json)")
        return
    print(f"""
API: {base}  (OpenAPI: {base}/api/v1/openapi.json)
login, a recruiter (this password is shown once, not stored anywhere else): {DEMO_EMAIL} / {password}

TOKEN=$(curl -s {base}/api/v1/auth/login -H 'Content-Type: application/json' \\
  -d '{{"username": "{DEMO_EMAIL}", "password": "{password}"}}' \\
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -s {base}/api/v1/search/candidates -H "Authorization: Bearer $TOKEN" \\
  -H 'Content-Type: application/json' \\
  -d '{{"skills": ["python", "sql"], "skills_mode": "all", "limit": 3}}'
curl -s {base}/api/v1/search/smart -H "Authorization: Bearer $TOKEN" \\
  -H 'Content-Type: application/json' \\
  -d '{{"query": "senior accountant with excel, 5+ years"}}'
curl -s "{base}/api/v1/search/suggest?field=skill&prefix=jav" -H "Authorization: Bearer $TOKEN"
""")


if __name__ == "__main__":
    main()
