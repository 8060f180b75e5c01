"""The page's static files, read once from the package, versioned by their content and gzipped ahead."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
# The placeholder index.html names its assets' folder with; replaced by /static/<version>.
ASSETS_PLACEHOLDER = "{{assets}}"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".map": "application/json",
}
# Smallest body worth gzipping (the API's JSON uses the same threshold).
GZIP_MIN_BYTES = 1024


@dataclass(frozen=True)
class Asset:
    """One file as sent: its bytes, their gzip, its media type."""

    body: bytes
    gzipped: bytes | None
    content_type: str


def make_asset(body: bytes, suffix: str) -> Asset:
    packed = gzip.compress(body, compresslevel=9, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
    return Asset(body, packed, CONTENT_TYPES.get(suffix, "application/octet-stream"))


@dataclass(frozen=True)
class Bundle:
    """The page: index.html and every asset under static/, by relative path, with the content version."""

    version: str
    index: Asset
    files: dict[str, Asset]

    def gzipped_bytes(self) -> int:
        """What a browser downloads for the page's own files, compressed as the API sends them."""
        return sum(len(a.gzipped or a.body) for a in (self.index, *self.files.values()))


def load_bundle(root: Path = STATIC_DIR) -> Bundle:
    """Read static/; the version is a hash of every file, so a changed file is a new URL."""
    paths = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    digest = hashlib.sha256()
    raw: dict[str, bytes] = {}
    for path in paths:
        name = path.relative_to(root).as_posix()
        raw[name] = path.read_bytes()
        digest.update(name.encode() + b"\0" + raw[name])
    version = digest.hexdigest()[:12]
    page = raw.pop("index.html").decode().replace(ASSETS_PLACEHOLDER, f"/static/{version}")
    files = {name: make_asset(body, Path(name).suffix) for name, body in raw.items()}
    return Bundle(version, make_asset(page.encode(), ".html"), files)
