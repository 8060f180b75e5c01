"""The review's smaller items, each on the real services: anonymous routes read small bodies only, /ready
names what is down without echoing exception text, uploads and deletions reach the audit log, and one bad
search-history row never takes the others with it."""

from __future__ import annotations

import io
import uuid

from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.middleware import ANONYMOUS_MAX_BODY_BYTES
from app.main import create_app
from app.models import AuditLog, SearchHistory, User
from app.search.history import HistoryWriter
from app.settings import Settings
from tests.resume_samples import text_resume


async def test_anonymous_routes_read_small_bodies_only(api: TestClient) -> None:
    padding = "x" * (ANONYMOUS_MAX_BODY_BYTES + 1)
    for path, body in (
        ("/api/v1/auth/login", {"username": "someone", "password": padding}),
        ("/api/v1/auth/refresh", {"refresh_token": padding}),
        ("/api/v1/auth/logout", {"refresh_token": padding}),
    ):
        response = await api.post(path, json=body)
        assert response.status == 413, path
        assert (await response.json())["error"]["code"] == "payload_too_large"

    async def chunked() -> object:
        yield b'{"username": "someone", "password": "'
        for _ in range(ANONYMOUS_MAX_BODY_BYTES // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    sneaky = await api.post(
        "/api/v1/auth/login", data=chunked(), headers={"Content-Type": "application/json"}, chunked=True
    )
    assert sneaky.status == 413
    # A normal login body is well under the limit.
    small = await api.post("/api/v1/auth/login", json={"username": "someone", "password": "wrong password"})
    assert small.status == 401


async def test_ready_names_the_dependency_down_and_not_its_error(settings: Settings) -> None:
    down = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    async with TestClient(TestServer(create_app(down))) as api:
        response = await api.get("/ready")
        body = await response.json()
    assert response.status == 503
    assert body["error"]["details"] == [{"field": "dependencies.redis", "problem": "unavailable"}]
    assert body["error"]["message"] == "not ready: redis unavailable"
    redis = body["dependencies"]["redis"]
    assert (redis["ok"], redis["detail"]) == (False, "unavailable")
    text = str(body)
    for leak in ("127.0.0.1", ":1", "Connection refused", "Error", "errno"):
        assert leak not in text, leak


def upload_form(data: bytes) -> FormData:
    form = FormData()
    form.add_field("file", io.BytesIO(data), filename="Jane Doe CV.txt")
    return form


async def test_uploads_and_deletions_are_in_the_audit_log(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    first = await (await recruiter.post("/api/v1/resumes/upload", data=upload_form(text_resume()))).json()
    again = await recruiter.post("/api/v1/resumes/upload", data=upload_form(text_resume()))
    assert again.status == 200
    assert (await recruiter.delete(f"/api/v1/resumes/{first['id']}")).status == 204
    async with db() as session:
        recruiter_id = await session.scalar(select(User.id).where(User.username == "recruiter"))
        rows = list(
            await session.scalars(
                select(AuditLog).where(AuditLog.entity_type == "resume").order_by(AuditLog.id)
            )
        )
    assert [(r.action, r.entity_id, r.actor) for r in rows] == [
        ("resume.upload", first["id"], f"user:{recruiter_id}"),
        ("resume.upload", first["id"], f"user:{recruiter_id}"),
        ("resume.delete", first["id"], f"user:{recruiter_id}"),
    ]
    assert [r.details for r in rows[:2]] == [
        {"content_type": "text/plain", "size_bytes": len(text_resume()), "duplicate": False},
        {"content_type": "text/plain", "size_bytes": len(text_resume()), "duplicate": True},
    ]
    # Ids, types and sizes only: no file name, no name or email from the resume.
    assert "Jane" not in str([(r.details, r.entity_id) for r in rows])


async def test_one_bad_search_history_row_never_drops_the_others(
    db: async_sessionmaker[AsyncSession], role_headers: dict
) -> None:
    async with db() as session:
        viewer = await session.scalar(select(User.id).where(User.username == "viewer"))
    writer = HistoryWriter(db)
    writer.record(viewer, "skills_match", {"skills": ["python"]}, 3, 12)
    writer.record(uuid.uuid4(), "skills_match", {"skills": ["java"]}, 1, 5)  # a user deleted meanwhile
    writer.record(viewer, "experience_match", {"min_years": 5}, 7, 20)
    await writer.flush()
    async with db() as session:
        kept = await session.scalar(
            select(func.count()).select_from(SearchHistory).where(SearchHistory.user_id == viewer)
        )
    assert kept == 2
