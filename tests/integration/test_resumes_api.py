"""Uploading resumes: accepted fast, refused clearly, stored once, followed to the end."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import io
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import orjson
import pytest
from aiohttp import FormData, web
from aiohttp.test_utils import TestClient, TestServer
from opensearchpy import AsyncOpenSearch
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.main import create_app
from app.models import AuditLog, Candidate, IndexOutbox, ParsingStatus, Resume
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.queue import KEPT_EARLIER_PARSE, claim, fail
from app.resumes.worker import NOTHING_FOUND, Worker
from app.settings import Settings
from indexer.documents import load_candidates
from tests.conftest import SHARED_DATA
from tests.integration.conftest import free_port
from tests.integration.test_indexer_support import run_indexer
from tests.resume_samples import text_resume

LIVECAREER_PDF = next((SHARED_DATA / "resumes" / "livecareer" / "INFORMATION-TECHNOLOGY").glob("*.pdf"))


def form(data: bytes, filename: str = "resume.txt") -> FormData:
    body = FormData()
    body.add_field("file", io.BytesIO(data), filename=filename, content_type="application/octet-stream")
    return body


async def drain(settings: Settings, db: async_sessionmaker[AsyncSession]) -> None:
    """Run a worker until the queue is empty."""
    await Worker(settings, db, RuleBasedResumeParser()).run(asyncio.Event(), once=True)


async def parsed_candidate(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[dict, str]:
    """The sample resume uploaded and parsed: the upload's answer and its candidate's URL."""
    uploaded = await (await recruiter.post("/api/v1/resumes/upload", data=form(text_resume()))).json()
    await drain(settings, db)
    cid = (await (await recruiter.get(uploaded["status_url"])).json())["candidate_id"]
    return uploaded, f"/api/v1/candidates/{cid}"


async def test_upload_is_accepted_at_once_and_parsed_in_the_background(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    started = time.perf_counter()
    response = await recruiter.post(
        "/api/v1/resumes/upload", data=form(text_resume(), "../../etc/passwd.txt")
    )
    elapsed = time.perf_counter() - started
    body = await response.json()
    assert response.status == 202, body
    assert body["status"] == "queued" and body["duplicate"] is False
    assert body["status_url"] == f"/api/v1/resumes/{body['id']}"
    assert elapsed < 2.0  # generous: parsing is not on this path

    status = await (await recruiter.get(body["status_url"])).json()
    assert status["parsing_status"] == "queued"
    assert status["original_filename"] == "passwd.txt"
    # Stored content-addressed under the storage directory, never under the client's name.
    digest = hashlib.sha256(text_resume()).hexdigest()
    async with db() as session:
        stored = Path((await session.get(Resume, status["id"])).storage_path)  # type: ignore[union-attr]
    assert stored.name == digest and stored.is_relative_to(settings.storage_dir)

    await drain(settings, db)
    done = await (await recruiter.get(body["status_url"])).json()
    assert done["parsing_status"] == "completed", done
    assert done["parsed_data"]["email"] == "jane.doe@example.com"
    assert done["parser_name"] == "rule_based"
    candidate = await (await recruiter.get(f"/api/v1/candidates/{done['candidate_id']}")).json()
    assert candidate["email"] == "jane.doe@example.com"
    assert {"Python", "Kubernetes", "PostgreSQL"} <= {s["name"] for s in candidate["skills"]}
    assert candidate["resume_ids"] == [done["id"]]


async def test_a_real_pdf_goes_through(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    response = await recruiter.post(
        "/api/v1/resumes/upload", data=form(LIVECAREER_PDF.read_bytes(), "cv.pdf")
    )
    body = await response.json()
    assert response.status == 202
    await drain(settings, db)
    done = await (await recruiter.get(body["status_url"])).json()
    assert done["content_type"] == "application/pdf"
    assert done["parsing_status"] == "completed", done["error"]
    assert done["candidate_id"]


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 422, "validation_error"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, 415, "unsupported_media_type"),
        (b"PK\x03\x04 not really a zip", 415, "unsupported_media_type"),
    ],
)
async def test_bad_files_are_refused_with_a_clear_error(
    recruiter: TestClient, data: bytes, status: int, code: str
) -> None:
    response = await recruiter.post("/api/v1/resumes/upload", data=form(data, "resume.pdf"))
    body = await response.json()
    assert response.status == status, body
    assert body["error"]["code"] == code
    assert body["error"]["message"]


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "cv.doc", "a legacy Word/Office (.doc) file"),
        (b"{\\rtf1\\ansi Jane Doe\\par}", "cv.rtf", "an RTF file"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "cv.jpg", "a JPEG image"),
    ],
    ids=["doc", "rtf", "jpeg"],
)
async def test_a_file_of_a_kind_the_bytes_tell_is_refused_naming_it(
    recruiter: TestClient, data: bytes, name: str, kind: str
) -> None:
    # A Word .doc, an RTF or a photo of the resume was refused with "the file is not a PDF, DOCX or
    # plain-text resume" alone; the worker names the kind, the upload did not.
    response = await recruiter.post("/api/v1/resumes/upload", data=form(data, name))
    body = await response.json()
    assert response.status == 415, body
    assert body["error"]["message"] == f"the file is not a PDF, DOCX or plain-text resume (it is {kind})"
    assert body["error"]["details"][0]["field"] == "file"


async def test_too_large_is_413_and_stores_nothing(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    data = b"a" * (settings.max_upload_bytes + 1)
    response = await recruiter.post("/api/v1/resumes/upload", data=form(data))
    assert response.status == 413
    assert (await response.json())["error"]["details"][0]["limit_bytes"] == settings.max_upload_bytes
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


async def test_missing_file_field_and_wrong_content_type(recruiter: TestClient) -> None:
    no_file = FormData()
    no_file.add_field("other", b"x", filename="x.txt")
    response = await recruiter.post("/api/v1/resumes/upload", data=no_file)
    assert response.status == 422
    assert (await response.json())["error"]["details"][0]["field"] == "file"
    response = await recruiter.post("/api/v1/resumes/upload", json={"file": "x"})
    assert response.status == 415
    # It said no field: which header to fix, and what it got.
    assert (await response.json())["error"]["details"] == [
        {"field": "Content-Type", "problem": "must be multipart/form-data, not application/json"}
    ]
    response = await recruiter.post(
        "/api/v1/search/candidates", data=b'{"query": "x"}', headers={"Content-Type": "text/plain"}
    )
    assert response.status == 415
    assert (await response.json())["error"]["details"] == [
        {"field": "Content-Type", "problem": "must be application/json, not text/plain"}
    ]


async def test_a_file_field_sent_as_text_is_refused_at_upload_and_stores_nothing(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    # `curl -F file=cv.pdf` (the @ forgotten) sends the words "cv.pdf" as a text field: it was taken as a
    # text resume, answered 202, and failed in the worker a moment later with "found nothing".
    body = b'--abc\r\nContent-Disposition: form-data; name="file"\r\n\r\ncv.pdf\r\n--abc--\r\n'
    response = await recruiter.post(
        "/api/v1/resumes/upload", data=body, headers={"Content-Type": "multipart/form-data; boundary=abc"}
    )
    answer = await response.json()
    assert response.status == 422, answer
    problem = "a text value, not a file (no file name)"
    assert answer["error"]["details"] == [{"field": "file", "problem": problem}]
    assert "-F file=@path" in answer["error"]["message"]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


async def test_two_files_in_one_upload_are_refused_and_neither_is_stored(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    # Before, the second file was dropped without a word and the answer was the first one's 202.
    body = form(text_resume())
    body.add_field(
        "file",
        io.BytesIO(text_resume("John Roe", "john.roe@example.com")),
        filename="second.txt",
        content_type="application/octet-stream",
    )
    response = await recruiter.post("/api/v1/resumes/upload", data=body)
    answer = await response.json()
    assert response.status == 422, answer
    assert answer["error"]["details"] == [{"field": "file", "problem": "more than one file"}]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not in parts at all",
        # Cut short: the closing boundary never comes.
        b'--abc\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\nJane Roe\r\n',
    ],
)
async def test_a_malformed_multipart_body_is_a_400_and_stores_nothing(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], body: bytes
) -> None:
    # Before: 500 internal_error, with aiohttp's ValueError in the log.
    response = await recruiter.post(
        "/api/v1/resumes/upload", data=body, headers={"Content-Type": "multipart/form-data; boundary=abc"}
    )
    answer = await response.json()
    assert response.status == 400, answer
    assert answer["error"]["message"] == "malformed multipart body: it ends early or has no parts"
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        (
            "/api/v1/resumes/upload",
            "multipart/form-data; boundary=abc",
            b'--abc\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\nJane Roe\r\n',
        ),
        ("/api/v1/search/candidates", "application/json", b'{"skills": ["python"'),
    ],
)
async def test_a_client_gone_before_its_body_arrived_is_no_database_outage(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    role_headers: dict[str, dict[str, str]],
    caplog: pytest.LogCaptureFixture,
    path: str,
    content_type: str,
    body: bytes,
) -> None:
    # Content-Length promises more than is sent, then the client hangs up. Before: a 503 in the access log
    # and metrics, and a warning "database unavailable ... ConnectionResetError": operators sent to Postgres.
    # Served as `hr-api` serves (aiohttp's test server cancels the handler of a lost connection instead).
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nAuthorization: {role_headers['recruiter']['Authorization']}"
        f"\r\nContent-Type: {content_type}\r\nContent-Length: {len(body) + 500}\r\n\r\n"
    ).encode()
    caplog.set_level(logging.INFO)
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head + body)
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        deadline = time.monotonic() + 10
        while not (access := [r for r in caplog.records if r.name == "hr-api.access"]):
            assert time.monotonic() < deadline, "the request was never logged"
            await asyncio.sleep(0.05)
    finally:
        await runner.cleanup()
    assert getattr(access[0], "status", None) == 400, access[0].getMessage()
    assert not [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert [r for r in caplog.records if "closed the connection before its body arrived" in r.getMessage()]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


async def test_the_same_file_again_returns_the_existing_resume(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    first = await (await recruiter.post("/api/v1/resumes/upload", data=form(text_resume()))).json()
    again = await recruiter.post("/api/v1/resumes/upload", data=form(text_resume(), "renamed.txt"))
    body = await again.json()
    assert again.status == 200
    assert body["duplicate"] is True and body["id"] == first["id"]
    assert body["resume"]["original_filename"] == "resume.txt"


async def test_same_file_uploaded_concurrently_is_one_resume_and_one_candidate(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    data = text_resume(name="Concurrent Person", email="concurrent@example.com")
    responses = await asyncio.gather(
        *(recruiter.post("/api/v1/resumes/upload", data=form(data)) for _ in range(20))
    )
    statuses = sorted(r.status for r in responses)
    assert statuses == [200] * 19 + [202]
    ids = {(await r.json())["id"] for r in responses}
    assert len(ids) == 1
    await drain(settings, db)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 1
        assert await session.scalar(select(func.count()).select_from(Candidate)) == 1


async def test_same_email_is_the_same_candidate_and_the_newer_resume_wins(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    old = text_resume(name="Sam Old", email="Sam@Example.com")
    new = text_resume(name="Sam New", email="sam@example.com", extra="Certified Kubernetes Administrator")
    await recruiter.post("/api/v1/resumes/upload", data=form(old))
    await drain(settings, db)
    await recruiter.post("/api/v1/resumes/upload", data=form(new))
    await drain(settings, db)
    async with db() as session:
        candidates = list(await session.scalars(select(Candidate)))
    assert len(candidates) == 1
    assert candidates[0].full_name == "Sam New"


CONSULTANT = b"""Ravi Kumar
ravi.kumar@example.com | Pune, India

EXPERIENCE
Company: Contoso Ltd
Client: Fabrikam Bank
Role: Developer
Duration: Jan 2015 - Mar 2017
Built the payments service.
"""


async def test_a_consultants_client_is_stored_beside_the_employer_not_as_it(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    uploaded = await (await recruiter.post("/api/v1/resumes/upload", data=form(CONSULTANT))).json()
    await drain(settings, db)
    done = await (await recruiter.get(uploaded["status_url"])).json()
    candidate = await (await recruiter.get(f"/api/v1/candidates/{done['candidate_id']}")).json()
    (job,) = candidate["work_experience"]
    # The colleague search keys on the employer: a consultant is not the bank's employee.
    assert (job["company"], job["company_key"], job["client"]) == ("Contoso Ltd", "contoso", "Fabrikam Bank")
    assert (job["title"], job["start_date"]) == ("Developer", "2015-01-01")


async def test_list_reprocess_and_delete(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    uploaded = await (await recruiter.post("/api/v1/resumes/upload", data=form(text_resume()))).json()
    page = await (await recruiter.get("/api/v1/resumes?limit=5")).json()
    assert page["total"] == 1 and page["items"][0]["id"] == uploaded["id"]
    bad = await recruiter.get("/api/v1/resumes?limit=0")
    assert bad.status == 422 and (await bad.json())["error"]["details"][0]["field"] == "limit"

    await drain(settings, db)
    again = await recruiter.post(f"/api/v1/resumes/{uploaded['id']}/reprocess")
    assert again.status == 202 and (await again.json())["parsing_status"] == "queued"
    await drain(settings, db)
    done = await (await recruiter.get(uploaded["status_url"])).json()
    assert done["parsing_status"] == "completed"
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Candidate)) == 1

    async with db() as session:
        stored = Path((await session.get(Resume, uploaded["id"])).storage_path)  # type: ignore[union-attr]
    assert (await recruiter.delete(f"/api/v1/resumes/{uploaded['id']}")).status == 204
    assert not stored.exists()
    assert (await recruiter.get(uploaded["status_url"])).status == 404
    assert (await recruiter.get("/api/v1/resumes/not-a-uuid")).status == 404


async def test_patch_whitelist_and_erasure(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    before = await (await recruiter.get(url)).json()

    patched = await recruiter.patch(
        url, json={"location": "Munich, Germany", "current_title": "Staff Engineer"}
    )
    body = await patched.json()
    assert patched.status == 200, body
    assert body["location"] == "Munich, Germany" and body["version"] > before["version"]

    refused = await recruiter.patch(url, json={"version": 1, "id": "x"})
    assert refused.status == 422
    assert {d["field"] for d in (await refused.json())["error"]["details"]} == {"version", "id"}
    assert (await recruiter.patch(url, json={"email": "not-an-email"})).status == 422

    async with db() as session:
        stored = Path((await session.get(Resume, uploaded["id"])).storage_path)  # type: ignore[union-attr]
    assert (await recruiter.delete(url)).status == 204
    assert (await recruiter.get(url)).status == 404
    assert not stored.exists()
    async with db() as session:
        assert await session.get(Resume, uploaded["id"]) is None
        last = await session.scalar(
            select(IndexOutbox)
            .where(IndexOutbox.candidate_id == url.rsplit("/", 1)[1])
            .order_by(IndexOutbox.id.desc())
            .limit(1)
        )
    assert last is not None and last.operation == "delete"


async def test_an_anonymised_employer_is_no_current_company(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # LiveCareer's exports write "Company Name - City , State" where the employer was: as a current company
    # it led every company facet and filter list.
    resume = b"""Jane Roe
jane.roe@example.com

Experience
Information Technology Technician I Aug 2017 to Current
Company Name - City , State
Managing user accounts in Microsoft Office 365 and Exchange Online.
"""
    response = await recruiter.post("/api/v1/resumes/upload", data=form(resume, "anonymised.txt"))
    assert response.status == 202
    await drain(settings, db)
    done = await (await recruiter.get((await response.json())["status_url"])).json()
    assert done["parsed_data"]["current_company"] == "Company Name"  # what the resume says
    candidate = await (await recruiter.get(f"/api/v1/candidates/{done['candidate_id']}")).json()
    assert candidate["current_company"] is None
    assert candidate["current_title"] == "Information Technology Technician I"


async def test_a_patch_that_changes_nothing_leaves_no_audit_entry(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # An empty PATCH answered 200 and wrote "candidate.update" with {"fields": []} every time.
    _, url = await parsed_candidate(recruiter, db, settings)
    before = await (await recruiter.get(url)).json()
    for body in ({}, {"unlock": []}):
        response = await recruiter.patch(url, json=body)
        assert response.status == 200
        assert await response.json() == before
    async with db() as session:
        entries = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "candidate.update")
        )
    assert entries == 0
    assert (await recruiter.patch(url, json={"full_name": "Jane Q. Doe"})).status == 200
    async with db() as session:
        edits = list(await session.scalars(select(AuditLog).where(AuditLog.action == "candidate.update")))
    assert [entry.details for entry in edits] == [{"fields": ["full_name"]}]


async def test_a_recruiters_edits_outlive_parsing_the_resume_again(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    edit = {"full_name": "Jane Q. Doe", "current_title": "Staff Engineer", "phone": None}
    patched = await (await recruiter.patch(url, json=edit)).json()
    assert patched["edited_fields"] == ["current_title", "full_name", "phone"]

    assert (await recruiter.post(f"/api/v1/resumes/{uploaded['id']}/reprocess")).status == 202
    await drain(settings, db)
    again = await (await recruiter.get(url)).json()
    # What the recruiter set stands, a cleared phone included; what they did not touch is parsed anew.
    assert (again["full_name"], again["current_title"], again["phone"]) == (
        "Jane Q. Doe",
        "Staff Engineer",
        None,
    )
    assert again["location"] == "Berlin, Germany" and again["current_company"] == "Acme Corp"
    assert again["edited_fields"] == ["current_title", "full_name", "phone"]


async def test_an_unlocked_field_is_parsed_again(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    """Before, an edited field stayed pinned for good: nothing took it out of edited_fields."""
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    await recruiter.patch(url, json={"location": "Remote", "current_title": "Staff Engineer"})
    both = await recruiter.patch(url, json={"location": "Munich", "unlock": ["location"]})
    assert both.status == 422
    assert (await both.json())["error"]["details"] == [
        {"field": "unlock", "problem": "names a field this request also sets: location"}
    ]
    not_parsed = await recruiter.patch(url, json={"unlock": ["is_active"]})
    assert not_parsed.status == 422
    assert (await not_parsed.json())["error"]["details"][0]["field"] == "unlock.0"

    unlocked = await recruiter.patch(url, json={"unlock": ["location"]})
    body = await unlocked.json()
    assert unlocked.status == 200, body
    # The value stays until the next parse; the field is no longer the recruiter's.
    assert body["location"] == "Remote" and body["edited_fields"] == ["current_title"]
    assert (await recruiter.post(f"/api/v1/resumes/{uploaded['id']}/reprocess")).status == 202
    await drain(settings, db)
    again = await (await recruiter.get(url)).json()
    assert again["location"] == "Berlin, Germany"  # what the resume says
    assert again["current_title"] == "Staff Engineer"  # still pinned
    assert again["edited_fields"] == ["current_title"]


async def test_a_newer_resume_that_leaves_out_the_phone_keeps_the_known_one(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    await recruiter.post("/api/v1/resumes/upload", data=form(text_resume()))
    await drain(settings, db)
    newer = text_resume().replace(b" | +1 (555) 123-4567 | Berlin, Germany", b"").replace(b"eight", b"nine")
    uploaded = await (await recruiter.post("/api/v1/resumes/upload", data=form(newer, "newer.txt"))).json()
    await drain(settings, db)
    done = await (await recruiter.get(uploaded["status_url"])).json()
    assert done["parsed_data"]["phone"] is None and done["parsed_data"]["location"] is None
    candidate = await (await recruiter.get(f"/api/v1/candidates/{done['candidate_id']}")).json()
    assert len(candidate["resume_ids"]) == 2  # one person: the same email
    # Not stated is not "no phone": the record keeps what the older resume said.
    assert candidate["phone"] == "+1 (555) 123-4567" and candidate["location"] == "Berlin, Germany"
    assert "nine years" in candidate["summary"]  # the newer resume decides what it does state


async def test_a_resume_whose_file_is_gone_is_not_queued_again(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    async with db() as session:
        Path((await session.get(Resume, uploaded["id"])).storage_path).unlink()  # type: ignore[union-attr]
    response = await recruiter.post(f"/api/v1/resumes/{uploaded['id']}/reprocess")
    body = await response.json()
    assert response.status == 409, body
    assert body["error"]["details"] == [{"field": "id", "problem": "file no longer stored"}]
    # Its last good parse stands: not queued to fail.
    status = await (await recruiter.get(uploaded["status_url"])).json()
    assert status["parsing_status"] == "completed"
    assert (await recruiter.get(url)).status == 200


async def test_a_parse_again_that_finds_nothing_fails_and_loses_nothing(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # It failed with the first upload's "found nothing", but the earlier parse did not stand: maintenance
    # took the failed row and the candidate's original file a week later, and the index dropped the text.
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    before = await (await recruiter.get(url)).json()
    async with db() as session:
        resume = await session.get(Resume, uploaded["id"])
        assert resume is not None
    # What a parser that no longer finds anything in it sees.
    Path(resume.storage_path).write_bytes(b"hello\n")

    again = await recruiter.post(f"/api/v1/resumes/{uploaded['id']}/reprocess")
    assert again.status == 202
    await drain(settings, db)
    status = await (await recruiter.get(uploaded["status_url"])).json()
    assert status["parsing_status"] == "failed"
    assert status["error"] == f"{NOTHING_FOUND}; {KEPT_EARLIER_PARSE}"
    assert status["candidate_id"] == before["id"]
    assert await (await recruiter.get(url)).json() == before

    # A week on, maintenance keeps it: the candidate's text and original file.
    async with db.begin() as session:
        await session.execute(
            text("UPDATE resumes SET processed_at = now() - interval '8 days', updated_at = processed_at")
        )
    env = {"STORAGE_DIR": str(settings.storage_dir)}
    assert (await run_indexer(settings.index_alias, "create"))[0] == 0  # maintenance needs the alias
    code, out, err = await run_indexer(settings.index_alias, "maintenance", env=env)
    assert code == 0, out + err
    assert "failed resumes" not in out
    assert (await recruiter.get(f"/api/v1/resumes/{uploaded['id']}/file")).status == 200
    candidate_id = resume.candidate_id
    assert candidate_id is not None
    connection = await asyncpg.connect(settings.sync_database_url)
    try:
        record = (await load_candidates(connection, [candidate_id]))[candidate_id]
    finally:
        await connection.close()
    assert record.resume_text is not None and "Jane Doe" in record.resume_text


async def test_a_null_is_active_is_refused_naming_it(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # {"is_active": null} passed the schema and reached the NOT NULL column: a 500.
    _, url = await parsed_candidate(recruiter, db, settings)
    before = await (await recruiter.get(url)).json()
    response = await recruiter.patch(url, json={"is_active": None, "location": "Munich, Germany"})
    assert response.status == 422
    assert (await response.json())["error"]["details"] == [
        {"field": "is_active", "problem": "must be true or false, not null"}
    ]
    assert await (await recruiter.get(url)).json() == before
    # The OpenAPI document offers true or false only (it said null too).
    document = await (await recruiter.get("/api/v1/openapi.json")).json()
    assert document["components"]["schemas"]["CandidatePatch"]["properties"]["is_active"]["type"] == "boolean"


async def test_a_deleted_resumes_words_no_longer_find_its_candidate(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # The index kept the deleted resume's text: its words went on finding the candidate for good.
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    candidate_id = url.rsplit("/", 1)[1]

    async def sync_index(*args: str) -> None:
        code, _, err = await run_indexer(settings.index_alias, *args)
        assert code == 0, err

    async def found(**request: object) -> list[str]:
        response = await recruiter.post("/api/v1/search/candidates/lightweight", json=request)
        return [hit["candidate_id"] for hit in (await response.json())["results"]]

    await sync_index("reindex")
    assert await found(query="pipelines") == [candidate_id]  # a word of the resume's text alone
    assert (await recruiter.delete(f"/api/v1/resumes/{uploaded['id']}")).status == 204
    await sync_index("run", "--until-empty")
    assert await found(query="pipelines") == []
    assert await found(skills=["python"]) == [candidate_id]  # the candidate stays


async def test_the_index_holds_no_email_address_or_phone_number(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # The resume's text was indexed as extracted: the document held "jane.doe@example.com | +1 (555)
    # 123-4567" for Dashboards to show, and a search for the number found her, after an edit removed it too.
    _, url = await parsed_candidate(recruiter, db, settings)
    candidate_id = url.rsplit("/", 1)[1]
    assert (await recruiter.patch(url, json={"phone": None})).status == 200
    code, _, err = await run_indexer(settings.index_alias, "reindex")
    assert code == 0, err
    client = AsyncOpenSearch(hosts=settings.opensearch_hosts)
    try:
        document = (await client.get(index=settings.index_alias, id=candidate_id))["_source"]
    finally:
        await client.close()
    stored = orjson.dumps(document)
    assert b"jane.doe@example.com" not in stored and b"123-4567" not in stored
    assert document["resume_text"].startswith("Jane Doe\n")  # the rest of the text as it was

    async def found(text: str) -> list[str]:
        response = await recruiter.post("/api/v1/search/candidates/lightweight", json={"query": text})
        return [hit["candidate_id"] for hit in (await response.json())["results"]]

    assert await found("555 123 4567") == []
    assert await found("pipelines") == [candidate_id]


async def test_a_resume_being_parsed_is_not_queued_again_and_the_refusal_names_it(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # The 409 said only "being parsed right now", its details null where every other refusal names the field.
    uploaded = await (await recruiter.post("/api/v1/resumes/upload", data=form(text_resume()))).json()
    # a worker holds it
    assert await claim(db, settings.worker_visibility_timeout_seconds, max_attempts=5) is not None
    response = await recruiter.post(f"/api/v1/resumes/{uploaded['id']}/reprocess")
    body = await response.json()
    assert response.status == 409, body
    assert body["error"]["details"] == [{"field": "id", "problem": "being parsed right now"}]
    assert (await (await recruiter.get(uploaded["status_url"])).json())["parsing_status"] == "processing"


async def test_a_resume_whose_worker_stopped_says_when_it_is_taken_up_again(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # A worker killed mid-parse left its resume `processing` until the lease ran out (5 minutes by default),
    # and its status said nothing of that: to the recruiter it looked parsed for ever. It says when the lease
    # ends, and after a failed attempt when the next one comes.
    uploaded = await (await recruiter.post("/api/v1/resumes/upload", data=form(text_resume()))).json()
    job = await claim(db, settings.worker_visibility_timeout_seconds, max_attempts=5)  # then killed
    assert job is not None
    status = await (await recruiter.get(uploaded["status_url"])).json()
    assert (status["parsing_status"], status["attempts"], status["retry_at"]) == ("processing", 1, None)
    lease = datetime.fromisoformat(status["lease_expires_at"]) - datetime.now(UTC)
    assert abs(lease - timedelta(seconds=settings.worker_visibility_timeout_seconds)) < timedelta(seconds=30)

    # An attempt that fails for a while (the storage away): queued, and when it is tried again.
    assert await fail(db, job, "storage away", permanent=False, max_attempts=5) == ParsingStatus.QUEUED
    status = await (await recruiter.get(uploaded["status_url"])).json()
    assert (status["parsing_status"], status["error"], status["lease_expires_at"]) == (
        "queued",
        "storage away",
        None,
    )
    retry = datetime.fromisoformat(status["retry_at"]) - datetime.now(UTC)
    assert timedelta(seconds=0) < retry <= timedelta(seconds=10 + 30)

    listed = await (await recruiter.get("/api/v1/resumes", params={"status": "queued"})).json()
    assert [item["retry_at"] for item in listed["items"]] == [status["retry_at"]]


async def test_an_upload_the_storage_cannot_take_blames_the_storage_not_the_database(
    settings: Settings,
    role_headers: dict[str, dict[str, str]],
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """STORAGE_DIR that cannot be written (here a file where the directory should be; a full or read-only
    volume alike) answered 503 "the database is unavailable" and logged "database unavailable on POST ...":
    the operator looked at a healthy Postgres. It names the storage, in the answer and in the log."""
    not_a_directory = tmp_path / "storage"
    not_a_directory.write_text("a file where the volume should be mounted")
    broken = settings.model_copy(update={"storage_dir": not_a_directory})
    caplog.set_level(logging.WARNING)
    async with TestClient(TestServer(create_app(broken)), headers=role_headers["recruiter"]) as client:
        response = await client.post("/api/v1/resumes/upload", data=form(text_resume()))
        body = await response.json()
    assert response.status == 503, body
    assert body["error"]["code"] == "storage_unavailable"
    assert body["error"]["message"] == "the resume storage cannot be written; try again later"
    assert response.headers["Retry-After"]
    lines = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert f"cannot store an upload under STORAGE_DIR {not_a_directory}: Not a directory" in lines
    assert not any("database" in line for line in lines), lines
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 0


@pytest.mark.parametrize("what", ["erase the candidate", "delete the resume"])
async def test_a_file_the_storage_will_not_remove_keeps_the_record_and_says_so(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings, what: str
) -> None:
    """The file went after the commit: a storage that refused (read-only, another owner) answered 503 'the
    database is unavailable' with the rows already gone, and the file - an erased candidate's resume with
    their contact details - stayed on the volume with nothing left to find it by. Now the refusal keeps the
    record, the answer names the storage, and the same request once the storage is fixed removes both."""
    uploaded, url = await parsed_candidate(recruiter, db, settings)
    target = url if what == "erase the candidate" else f"/api/v1/resumes/{uploaded['id']}"
    async with db() as session:
        stored = Path((await session.get(Resume, uploaded["id"])).storage_path)  # type: ignore[union-attr]
    content = stored.read_bytes()
    # A directory where the file is refuses its removal even to root (tests may run as root).
    stored.unlink()
    stored.mkdir()
    refused = await recruiter.delete(target)
    body = await refused.json()
    assert refused.status == 503, body
    assert body["error"]["code"] == "storage_unavailable"
    assert (await recruiter.get(url)).status == 200
    assert (await recruiter.get(f"/api/v1/resumes/{uploaded['id']}")).status == 200

    stored.rmdir()
    stored.write_bytes(content)
    assert (await recruiter.delete(target)).status == 204
    assert not stored.exists()
    assert (await recruiter.get(f"/api/v1/resumes/{uploaded['id']}")).status == 404
    # And the OpenAPI document says a DELETE may answer so.
    document = await (await recruiter.get("/api/v1/openapi.json")).json()
    route = "/api/v1/candidates/{id}" if what == "erase the candidate" else "/api/v1/resumes/{id}"
    assert "Retry-After" in document["paths"][route]["delete"]["responses"]["503"]["headers"]


async def test_a_patch_refuses_what_is_no_phone_number_and_stores_text_composed(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    _, url = await parsed_candidate(recruiter, db, settings)
    # "n/a" was stored as the candidate's phone number, for the next caller to dial.
    for phone in ("n/a", "abc", "12345"):
        refused = await recruiter.patch(url, json={"phone": phone})
        body = await refused.json()
        assert refused.status == 422, (phone, body)
        [detail] = body["error"]["details"]
        assert detail["field"] == "phone" and detail["problem"].startswith("is not a phone number")
    for phone in ("+49 89 1234567 ext. 12", "089 123456", "(555) 406-5070"):
        assert (await recruiter.patch(url, json={"phone": phone})).status == 200, phone
    # "München" sent decomposed (a "u" and a combining diaeresis, as macOS and some PDFs write it) was kept
    # so: the index, which folds composed letters only, found it under no spelling of the city.
    patched = await (await recruiter.patch(url, json={"location": "Mu\u0308nchen, Germany"})).json()
    assert patched["location"] == "M\u00fcnchen, Germany"


async def test_an_upload_sent_gzip_encoded_is_stored_as_the_file_it_holds(
    recruiter: TestClient, db: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    resume = text_resume()
    boundary = "s42boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + resume
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Encoding": "gzip"}
    response = await recruiter.post("/api/v1/resumes/upload", data=gzip.compress(body), headers=headers)
    answer = await response.json()
    assert response.status == 202, answer
    status = await (await recruiter.get(answer["status_url"])).json()
    assert status["size_bytes"] == len(resume) and status["original_filename"] == "cv.txt"
    brotli_headers = {**headers, "Content-Encoding": "br"}
    brotli = await recruiter.post("/api/v1/resumes/upload", data=body, headers=brotli_headers)
    assert brotli.status == 415 and brotli.headers["Accept-Encoding"] == "gzip, deflate"
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Resume)) == 1
