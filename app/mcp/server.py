"""`hr-mcp`: the MCP server over stdio (a trusted local process) or streamable HTTP (API key required)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import time
import uuid
from typing import Any

import orjson
import uvicorn
from mcp.server import Server
from mcp.server.context import ServerRequestContext
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    CallToolRequestParams,
    CallToolResult,
    ListResourcesResult,
    ListResourceTemplatesResult,
    ListToolsResult,
    PaginatedRequestParams,
    ReadResourceRequestParams,
    ReadResourceResult,
    ResourceTemplate,
    TextContent,
    TextResourceContents,
)
from pydantic import ValidationError
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app import SERVER
from app.auth.principal import Permission
from app.candidates import service as candidates
from app.cli import version
from app.composition import Services, open_services
from app.errors import NotFound, Unprocessable
from app.liveness import Heartbeat, serve_metrics
from app.logs import setup_logging
from app.mcp.auth import API_KEY_ENV, ApiKeyMiddleware, caller, require
from app.mcp.compact import candidate_view
from app.mcp.errors import describe_failure, failure_outcome
from app.mcp.tools import TOOLS, base64_chars
from app.metrics import MCP_FAMILIES, MCP_TOOL_CALLS, MCP_TOOL_DURATION, exposition
from app.search.events import EVENT_FAMILIES
from app.search.interpret import load_vocabularies
from app.settings import Settings, load_settings

log = logging.getLogger("hr-mcp")

NAME = "hr-resume-search"
VERSION = version()
INSTRUCTIONS = (
    "Candidate search over the HR team's resume database. Start with smart_search for a request in plain "
    "words, or search_candidates for exact filters (get_search_filters and suggest give the values the "
    "database uses). Results name candidates by candidate_id: get_candidate reads a full profile, "
    "find_similar_candidates, find_colleagues and search_same_department search around one candidate. "
    "upload_resume adds a resume; get_resume_status follows its parsing."
)
HTTP_PATH = "/mcp"
# Room for the JSON-RPC envelope and the file name around an upload's base64 text.
ENVELOPE_BYTES = 64 * 1024
CANDIDATE_SCHEME = "candidate://"


def dumps(data: dict[str, Any]) -> str:
    return orjson.dumps(data).decode()


def failure(message: str) -> CallToolResult:
    """A tool error: the model reads the message; the server carries on."""
    return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)


# The tool label of a call naming no tool of this server: a client's names never become label values.
UNKNOWN_TOOL = "unknown"


def count_call(tool: str, outcome: str, started: float) -> None:
    """One tool call in `mcp_tool_calls_total` and its latency in `mcp_tool_call_duration_seconds`."""
    MCP_TOOL_CALLS.labels(tool=tool, outcome=outcome).inc()
    MCP_TOOL_DURATION.labels(tool=tool).observe(time.perf_counter() - started)


def candidate_uri_id(uri: str) -> uuid.UUID:
    if not uri.startswith(CANDIDATE_SCHEME):
        raise NotFound(f"no resource {uri}; candidate profiles are candidate://<candidate id>")
    try:
        return uuid.UUID(uri.removeprefix(CANDIDATE_SCHEME).strip("/"))
    except ValueError:
        raise Unprocessable(
            f"{uri} does not name a candidate id (UUID)", details=[{"field": "uri", "problem": "not a UUID"}]
        ) from None


def build_server(services: Services, stdio_key: str | None = None) -> Server[Any]:
    """The MCP server over these services; stdio_key is the API key a stdio process acts as (None: local)."""
    definitions = [spec.definition() for spec in TOOLS.values()]
    schemas = {d.name: d.input_schema for d in definitions}

    async def list_tools(
        ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListToolsResult:
        return ListToolsResult(tools=definitions)

    async def call_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams) -> CallToolResult:
        started = time.perf_counter()
        spec = TOOLS.get(params.name)
        if spec is None:
            count_call(UNKNOWN_TOOL, "refused", started)
            return failure(f"unknown tool {params.name!r}; the tools are: {', '.join(TOOLS)}")
        try:
            principal = await caller(ctx.request, services, stdio_key)
            require(principal, spec.permission, spec.name)
            arguments = spec.arguments.read(params.arguments or {})
            view = await spec.handler(services, principal, arguments)
        except Exception as error:  # every failure is the model's to read, none the server's to die of
            message = describe_failure(spec.name, error)
            log.info("tool %s refused: %s", spec.name, message)
            count_call(spec.name, failure_outcome(error), started)
            return failure(message)
        count_call(spec.name, "ok", started)
        return CallToolResult(content=[TextContent(type="text", text=dumps(view))], structured_content=view)

    async def list_resources(
        ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListResourcesResult:
        return ListResourcesResult(resources=[])  # profiles are reached by id, never listed

    async def list_resource_templates(
        ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListResourceTemplatesResult:
        template = ResourceTemplate(
            name="candidate",
            title="Candidate profile",
            uri_template=CANDIDATE_SCHEME + "{candidate_id}",
            description="A candidate's profile (the get_candidate answer) as JSON, by candidate id.",
            mime_type="application/json",
        )
        return ListResourceTemplatesResult(resource_templates=[template])

    async def read_resource(
        ctx: ServerRequestContext[Any], params: ReadResourceRequestParams
    ) -> ReadResourceResult:
        uri = str(params.uri)
        try:
            principal = await caller(ctx.request, services, stdio_key)
            require(principal, Permission.READ, "reading a candidate")
            candidate = await candidates.get_candidate(services.sessions, candidate_uri_id(uri))
        except Exception as error:
            invalid = isinstance(error, NotFound | Unprocessable | ValidationError)
            raise MCPError(
                code=INVALID_PARAMS if invalid else INTERNAL_ERROR,
                message=describe_failure("resources/read", error),
                data={"uri": uri},
            ) from None
        text = dumps(candidate_view(candidate))
        return ReadResourceResult(
            contents=[TextResourceContents(uri=uri, text=text, mime_type="application/json")]
        )

    return Server(
        NAME,
        version=VERSION,
        title="HR Resume Search",
        instructions=INSTRUCTIONS,
        get_tool_input_schema=schemas.get,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_resource_templates,
        on_read_resource=read_resource,
    )


def http_app(services: Services, host: str) -> ASGIApp:
    """The streamable-HTTP endpoint at /mcp behind the API-key check."""
    server = build_server(services)
    limit = base64_chars(services.settings.max_upload_bytes) + ENVELOPE_BYTES
    app = server.streamable_http_app(streamable_http_path=HTTP_PATH, host=host, max_request_body_size=limit)
    return BodyLimit(ApiKeyMiddleware(app, services.sessions, services.api_keys), limit, services.settings)


class BodyLimit:
    """ASGI middleware: a request whose Content-Length is past the transport's limit is a 413 carrying a
    JSON-RPC error that says why, which an SDK client hands to the model. The SDK's own limit answered a
    plain-text 413, read by the client as "Server returned an error response": an upload_resume of an 11 MB
    file failed without a word on the upload limit."""

    def __init__(self, app: ASGIApp, limit: int, settings: Settings) -> None:
        self.app = app
        self.limit = limit
        self.max_upload_bytes = settings.max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = Headers(scope=scope).get("content-length", "") if scope["type"] == "http" else ""
        if declared.isdigit() and int(declared) > self.limit:
            message = (
                f"the request is larger than this MCP server takes ({self.limit} bytes): upload_resume takes "
                f"a file of at most {self.max_upload_bytes} bytes (MAX_UPLOAD_BYTES), base64-encoded"
            )
            error = {"jsonrpc": "2.0", "id": None, "error": {"code": INVALID_REQUEST, "message": message}}
            await JSONResponse(error, status_code=413)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def serve_stdio(settings: Settings, stdio_key: str | None) -> None:
    """Serve one client on stdin/stdout until it closes them."""
    async with open_services(settings) as services:
        server = build_server(services, stdio_key)
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())


class CannotListen(Exception):
    """The HTTP transport's address is taken or not allowed; the message names it and its setting."""


async def serve_http(settings: Settings, host: str, port: int, heartbeat: Heartbeat | None = None) -> None:
    """Serve streamable HTTP until SIGINT or SIGTERM, then close the clients; the heartbeat, if any, beats
    for /live meanwhile."""
    load_vocabularies()  # the smart search's, once for every client (a stdio server has one client)
    beating = asyncio.create_task(heartbeat.keep()) if heartbeat is not None else None
    try:
        async with open_services(settings) as services:
            config = uvicorn.Config(
                http_app(services, host),
                host=host,
                port=port,
                log_level=settings.log_level.lower(),
                log_config=None,  # uvicorn's loggers write through the process's JSON handler
                access_log=False,
                lifespan="on",
                server_header=False,  # "uvicorn": the product's name instead, as the API's
                headers=[("Server", SERVER)],
            )
            server = uvicorn.Server(config)
            # uvicorn re-raises the signal it stopped on; handled here, it ends in a clean close instead.
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, setattr, server, "should_exit", True)
            log.info("MCP over streamable HTTP at http://%s:%d%s (API key required)", host, port, HTTP_PATH)
            try:
                await server.serve()
            except SystemExit:
                # A port in use: uvicorn logs the bind error and exits with status 3; this names the setting.
                raise CannotListen(
                    f"cannot listen on {host}:{port} (API_HOST and MCP_PORT, or --host and --port; "
                    "the ERROR line above says why)"
                ) from None
    finally:
        if beating is not None:
            beating.cancel()


def serve_http_metrics(settings: Settings) -> Heartbeat | None:
    """The HTTP transport's /metrics (its tool calls, its searches) and /live on MCP_METRICS_PORT, served by a
    thread as the worker's are; None when the port is 0. A stdio server, one per assistant process, serves
    none: they would all want the one port."""
    if not settings.mcp_metrics_port:
        return None
    heartbeat = Heartbeat()
    try:
        registry = exposition((*MCP_FAMILIES, *EVENT_FAMILIES))
        serve_metrics(settings.mcp_metrics_port, settings.metrics_host, heartbeat, registry)
    except OSError as error:
        where = f"{settings.metrics_host}:{settings.mcp_metrics_port}"
        raise CannotListen(
            f"cannot serve /metrics on {where}: {error.strerror or error} (MCP_METRICS_PORT, or 0 for none)"
        ) from None
    log.info("metrics on http://%s:%d/metrics", settings.metrics_host, settings.mcp_metrics_port)
    return heartbeat


def run(args: argparse.Namespace) -> None:
    """Run what `hr-mcp` was asked (app/cli.py parsed it): stdio or streamable HTTP."""
    settings = load_settings()
    setup_logging(settings.log_level)  # to stderr: over stdio, stdout carries the protocol
    try:
        if args.transport == "stdio":
            asyncio.run(serve_stdio(settings, os.environ.get(API_KEY_ENV) or None))
        else:
            port = args.port or settings.mcp_port
            heartbeat = serve_http_metrics(settings)
            asyncio.run(serve_http(settings, args.host or settings.api_host, port, heartbeat))
    except CannotListen as error:
        print(f"hr-mcp: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as error:
        print(f"hr-mcp: {error.strerror or error}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    from app.cli import mcp_parser

    run(mcp_parser().parse_args())
