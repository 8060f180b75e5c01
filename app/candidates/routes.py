"""/api/v1/candidates/{id}: read, edit (a whitelist of fields), erase."""

from __future__ import annotations

from aiohttp import web

from app import keys
from app.auth.middleware import principal_of
from app.auth.principal import Permission, requires
from app.candidates import service
from app.candidates.schemas import CandidateOut, CandidatePatch
from app.openapi import api
from app.responses import json_response
from app.search.cache import bump_epoch
from app.validation import (
    NoParameters,
    if_match_versions,
    if_none_match_versions,
    names_current_version,
    no_query,
    parse_body,
    path_uuid,
)

routes = web.RouteTableDef()


def etag(candidate: CandidateOut) -> dict[str, str]:
    """The candidate's version as an ETag, for a PATCH's If-Match."""
    return {"ETag": f'"{candidate.version}"'}


@routes.get("/api/v1/candidates/{id:[0-9a-fA-F-]{32,36}}")
@api(
    "A candidate with experience, education and skills",
    description="Answers the candidate's version as an `ETag`; sent back as `If-None-Match`, the answer is "
    "304 without a body while the candidate is still at that version.",
    query=NoParameters,
    response=CandidateOut,
    extra_statuses={304: None},
    errors=(404, 422),
    headers={"If-None-Match": 'the ETag of the candidate as read ("12"); 304 while it is still current'},
)
@requires(Permission.READ)
async def get_candidate(request: web.Request) -> web.Response:
    no_query(request)
    candidate = await service.get_candidate(request.app[keys.DB_SESSIONMAKER], path_uuid(request))
    if names_current_version(request, candidate.version):
        # The client's copy is current: it was sent again in full, and If-None-Match was ignored.
        return web.Response(status=304, headers=etag(candidate))
    return json_response(candidate, headers=etag(candidate))


@routes.patch("/api/v1/candidates/{id:[0-9a-fA-F-]{32,36}}")
@api(
    "Edit a candidate (whitelisted fields)",
    description="Send the `ETag` a GET or PATCH answered as `If-Match` to edit only the candidate you read: "
    "when it changed since (another edit, a parse), the answer is 412 with the current version and nothing "
    "is written. Without If-Match the edit applies to whatever is stored. `If-None-Match: *` (or the current "
    "ETag) is a 412 with nothing written: the candidate exists. A GET shows the edit at once; searches show "
    "it once the indexer has applied it, about a second later.",
    body=CandidatePatch,
    response=CandidateOut,
    errors=(404, 409, 412, 415, 422),
    headers={
        "If-Match": 'the ETag of the candidate as read ("12"); 412 when it is no longer current',
        "If-None-Match": "`*` or the current ETag is a 412 (the candidate exists): nothing is written",
    },
)
@requires(Permission.WRITE)
async def patch_candidate(request: web.Request) -> web.Response:
    candidate_id = path_uuid(request)
    versions = if_match_versions(request)
    patch = await parse_body(request, CandidatePatch)
    candidate = await service.patch_candidate(
        request.app[keys.DB_SESSIONMAKER],
        candidate_id,
        patch,
        principal_of(request).actor,
        versions,
        if_none_match_versions(request),
    )
    return json_response(candidate, headers=etag(candidate))


@routes.delete("/api/v1/candidates/{id:[0-9a-fA-F-]{32,36}}")
@api("Erase a candidate everywhere", status=204, errors=(404, 422, 503))
@requires(Permission.WRITE)
async def erase_candidate(request: web.Request) -> web.Response:
    no_query(request)
    await service.erase_candidate(
        request.app[keys.DB_SESSIONMAKER],
        request.app[keys.SETTINGS],
        path_uuid(request),
        principal_of(request).actor,
    )
    # Cached searches end now; the indexer removes the document and bumps the epoch again when it has.
    await bump_epoch(request.app[keys.REDIS])
    return web.Response(status=204)


def setup_candidates(app: web.Application) -> None:
    app.router.add_routes(routes)
