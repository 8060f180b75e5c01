"""/api/v1/resumes: upload, status, list, download the original, reprocess, delete."""

from __future__ import annotations

import asyncio
import contextlib
import unicodedata
import uuid
from collections.abc import AsyncIterator
from urllib.parse import quote

from aiohttp import BodyPartReader, MultipartReader, StreamReader, web

from app import keys
from app.auth.middleware import principal_of
from app.auth.principal import Permission, requires
from app.errors import (
    ApiError,
    PayloadTooLarge,
    ServiceUnavailable,
    Unprocessable,
    UnsupportedMediaType,
    field_problem,
)
from app.openapi import api
from app.responses import json_response
from app.resumes import service
from app.resumes.schemas import ResumeListQuery, ResumeOut, ResumePage, UploadAccepted
from app.validation import NoParameters, no_query, parse_query, path_uuid, read_body

routes = web.RouteTableDef()


async def read_upload(request: web.Request, limit: int) -> tuple[str | None, bytes]:
    """The multipart field `file`: client file name and bytes, stopping as soon as it is over the limit.
    A second `file` part is refused, never dropped: the client would think both were stored."""
    if not request.content_type.startswith("multipart/"):
        raise UnsupportedMediaType(
            "upload with multipart/form-data and a field named 'file'",
            details=field_problem(
                "Content-Type", f"must be multipart/form-data, not {request.content_type or 'missing'}"
            ),
        )
    try:
        reader = await multipart_reader(request)
    except (ValueError, AssertionError, KeyError):
        raise ApiError("malformed multipart body: the boundary is missing or invalid") from None
    try:
        upload = await _file_part(reader, limit)
    except ValueError:
        # aiohttp's word for a body cut short or not in parts at all ("Reading after EOF", "Could not find
        # starting boundary"): the client's fault, never a 500.
        raise ApiError("malformed multipart body: it ends early or has no parts") from None
    if upload is None:
        raise Unprocessable(
            "a multipart field named 'file' is required", details=[{"field": "file", "problem": "missing"}]
        )
    return upload


async def multipart_reader(request: web.Request) -> MultipartReader:
    """The body's parts, read as they arrive; a body sent with a Content-Encoding is read whole and decoded
    first (`read_body`: at most the request's size limit, decoded too)."""
    if "Content-Encoding" not in request.headers:
        return await request.multipart()
    decoded = StreamReader(request.protocol, 2**16, loop=asyncio.get_running_loop())
    decoded.feed_data(await read_body(request))
    decoded.feed_eof()
    return MultipartReader(request.headers, decoded)


async def _file_part(reader: MultipartReader, limit: int) -> tuple[str | None, bytes] | None:
    """The one part named `file` (client file name and bytes), or None."""
    upload: tuple[str | None, bytes] | None = None
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name != "file":
            continue
        if upload is not None:
            raise Unprocessable(
                "one file per upload: send each resume in a request of its own",
                details=[{"field": "file", "problem": "more than one file"}],
            )
        if part.filename is None:
            # A form's text field, not a file: `curl -F file=cv.pdf` (no @) sends the words "cv.pdf", which
            # were stored as a text resume and failed in the worker with "found nothing".
            raise Unprocessable(
                "the field 'file' holds text, not a file: attach the file (with curl, -F file=@path)",
                details=[{"field": "file", "problem": "a text value, not a file (no file name)"}],
            )
        chunks, size = [], 0
        while chunk := await part.read_chunk(256 * 1024):
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(
                    f"the file is larger than the {limit} byte limit",
                    details=field_problem("file", "larger than the upload limit", limit_bytes=limit),
                )
            chunks.append(chunk)
        upload = part.filename, b"".join(chunks)
    return upload


def status_url(resume_id: uuid.UUID) -> str:
    """Where a resume's parsing status is read: an upload's `status_url` and a 202's Location."""
    return f"/api/v1/resumes/{resume_id}"


@contextlib.asynccontextmanager
async def upload_turn(app: web.Application) -> AsyncIterator[None]:
    """One of UPLOAD_CONCURRENCY turns to read and store an upload, waited for up to
    UPLOAD_QUEUE_TIMEOUT_SECONDS, else a 503 `busy`. Without it a burst of uploads held every file in memory
    at once (40 uploads of 8 MB: 630 MB, past the API pod's 512 MiB limit), and the process killed for it
    dropped every request in flight. A waiting upload's body stays unread on its connection."""
    slots = app[keys.UPLOAD_SLOTS]
    try:
        async with asyncio.timeout(app[keys.SETTINGS].upload_queue_timeout_seconds):
            await slots.acquire()
    except TimeoutError:
        raise ServiceUnavailable(
            "too many uploads are being received at once; try again shortly", code="busy"
        ) from None
    try:
        yield
    finally:
        slots.release()


@routes.post("/api/v1/resumes/upload")
@api(
    "Upload a resume (PDF, DOCX, TXT)",
    multipart=True,
    response=UploadAccepted,
    status=202,
    extra_statuses={200: UploadAccepted},
    errors=(400, 413, 415, 422, 503),
)
@requires(Permission.WRITE)
async def upload(request: web.Request) -> web.Response:
    """Store the file and queue it: 202 with the status URL, or 200 with the resume it duplicates."""
    no_query(request)
    settings = request.app[keys.SETTINGS]
    principal = principal_of(request)
    async with upload_turn(request.app):
        filename, data = await read_upload(request, settings.max_upload_bytes)
        resume, duplicate = await service.accept_upload(
            request.app[keys.DB_SESSIONMAKER], settings, filename, data, principal.user_id, principal.actor
        )
    body = UploadAccepted(
        id=resume.id,
        status=resume.parsing_status,
        status_url=status_url(resume.id),
        duplicate=duplicate,
        resume=ResumeOut.model_validate(resume) if duplicate else None,
    )
    if duplicate:
        return json_response(body)
    # The status URL in Location too, where HTTP clients and API tools look for a 202's status monitor.
    return json_response(body, status=202, headers={"Location": body.status_url})


@routes.get("/api/v1/resumes")
@api("List resumes", query=ResumeListQuery, response=ResumePage)
@requires(Permission.READ)
async def list_resumes(request: web.Request) -> web.Response:
    query = parse_query(request, ResumeListQuery)
    rows, total, next_cursor = await service.list_resumes(
        request.app[keys.DB_SESSIONMAKER], query.limit, query.offset, query.status, query.cursor
    )
    items = [ResumeOut.model_validate(row).model_copy(update={"parsed_data": None}) for row in rows]
    page = ResumePage(
        items=items, total=total, limit=query.limit, offset=query.offset, next_cursor=next_cursor
    )
    return json_response(page)


@routes.get("/api/v1/resumes/{id:[0-9a-fA-F-]{32,36}}")
@api("A resume and its parsing status", query=NoParameters, response=ResumeOut, errors=(404, 422))
@requires(Permission.READ)
async def get_resume(request: web.Request) -> web.Response:
    no_query(request)
    resume = await service.get_resume(request.app[keys.DB_SESSIONMAKER], path_uuid(request))
    return json_response(ResumeOut.model_validate(resume))


def ascii_filename(filename: str) -> str:
    """The name for clients that read only `filename=` (curl -OJ, wget): its letters without their accents
    ("Zoë CV.txt" -> "Zoe CV.txt", was "Zo_ CV.txt"), and "_" for what ASCII cannot write."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c))
    return letters.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_").replace("\\", "_")


@routes.get("/api/v1/resumes/{id:[0-9a-fA-F-]{32,36}}/file")
@api(
    "Download the original file of a resume",
    query=NoParameters,
    file_response=tuple(service.ACCEPTED_TYPES),
    errors=(404, 422),
)
@requires(Permission.READ)
async def download_original(request: web.Request) -> web.StreamResponse:
    """The file as it was uploaded, offered for saving under its (cleaned) original name."""
    no_query(request)
    path, filename, content_type = await service.original_file(
        request.app[keys.DB_SESSIONMAKER], request.app[keys.SETTINGS], path_uuid(request)
    )
    fallback = ascii_filename(filename)
    return web.FileResponse(
        path,
        headers={
            "Content-Type": content_type,
            "Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@routes.post("/api/v1/resumes/{id:[0-9a-fA-F-]{32,36}}/reprocess")
@api("Parse a resume again", response=ResumeOut, status=202, errors=(404, 409, 422))
@requires(Permission.WRITE)
async def reprocess(request: web.Request) -> web.Response:
    no_query(request)
    app = request.app
    resume = await service.reprocess(app[keys.DB_SESSIONMAKER], app[keys.SETTINGS], path_uuid(request))
    return json_response(
        ResumeOut.model_validate(resume), status=202, headers={"Location": status_url(resume.id)}
    )


@routes.delete("/api/v1/resumes/{id:[0-9a-fA-F-]{32,36}}")
@api("Delete a resume and its file", status=204, errors=(404, 422, 503))
@requires(Permission.WRITE)
async def delete_resume(request: web.Request) -> web.Response:
    no_query(request)
    await service.delete_resume(
        request.app[keys.DB_SESSIONMAKER],
        request.app[keys.SETTINGS],
        path_uuid(request),
        principal_of(request).actor,
    )
    return web.Response(status=204)


def setup_resumes(app: web.Application) -> None:
    app[keys.UPLOAD_SLOTS] = asyncio.Semaphore(app[keys.SETTINGS].upload_concurrency)
    app.router.add_routes(routes)
