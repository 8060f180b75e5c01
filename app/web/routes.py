"""/ (the recruiter's page), /static/<version>/... (its files) and /api/v1/docs (Swagger UI)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from aiohttp import web
from swagger_ui_bundle import swagger_ui_path

from app.auth.principal import public
from app.errors import NotFound
from app.responses import accepts_gzip
from app.web.assets import Asset, Bundle, load_bundle, make_asset

routes = web.RouteTableDef()

BUNDLE: web.AppKey[Bundle] = web.AppKey("web_bundle")
# Versioned URLs never change content: cached for a year. The page itself is revalidated every time.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# The docs UI's files change only with the swagger-ui-bundle package.
DOCS_CACHE = "public, max-age=86400"
# Everything from this origin; Swagger UI sets inline styles, the page does not need to.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# The Swagger UI files the docs page loads, from the swagger-ui-bundle package.
SWAGGER_FILES = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}
DOCS_PAGE = b"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HR Resume Search API</title>
<link rel="icon" href="/api/v1/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/v1/docs/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/api/v1/docs/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/docs.js"></script>
</body>
</html>
"""


def send(request: web.Request, asset: Asset, cache_control: str, policy: str | None = None) -> web.Response:
    """The asset, gzipped ahead of time when the client takes gzip."""
    headers = {
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if policy is not None:
        headers["Content-Security-Policy"] = policy
        headers["Referrer-Policy"] = "no-referrer"
    body = asset.body
    if asset.gzipped is not None and accepts_gzip(request.headers.get("Accept-Encoding", "")):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    headers["Content-Type"] = asset.content_type
    return web.Response(body=body, headers=headers)


@routes.get("/")
@public
async def page(request: web.Request) -> web.Response:
    """The recruiter's page: login, search, candidates, uploads."""
    return send(request, request.app[BUNDLE].index, REVALIDATE, PAGE_POLICY)


@routes.get(r"/static/{version:[0-9a-f]{1,64}}/{name:[A-Za-z0-9_/.-]+}")
@public
async def static_file(request: web.Request) -> web.Response:
    """One of the page's files; an old version's URL gets today's file, revalidated."""
    bundle = request.app[BUNDLE]
    asset = bundle.files.get(request.match_info["name"])
    if asset is None:
        raise NotFound("no such file")
    current = request.match_info["version"] == bundle.version
    return send(request, asset, IMMUTABLE if current else REVALIDATE)


@cache
def docs_asset(name: str) -> Asset:
    """A Swagger UI file from the swagger-ui-bundle package, or the page's own initialiser."""
    if name == "docs.js":
        path = Path(__file__).resolve().parent / "docs.js"
    else:
        path = Path(str(swagger_ui_path)) / name
    return make_asset(path.read_bytes(), path.suffix)


@routes.get("/api/v1/docs")
@public
async def docs(request: web.Request) -> web.Response:
    """Swagger UI on this API's OpenAPI document."""
    return send(request, make_docs_page(), REVALIDATE, DOCS_POLICY)


@routes.get(r"/api/v1/docs/{name:[A-Za-z0-9_.-]+}")
@public
async def docs_file(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in SWAGGER_FILES and name != "docs.js":
        raise NotFound("no such file")
    return send(request, docs_asset(name), DOCS_CACHE)


@cache
def make_docs_page() -> Asset:
    return make_asset(DOCS_PAGE, ".html")


def setup_web(app: web.Application) -> None:
    app[BUNDLE] = load_bundle()
    app.router.add_routes(routes)
