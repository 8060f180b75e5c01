"""Content-addressed file storage: a file's path comes from its SHA-256, never from a user's file name."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def content_path(storage_dir: Path, sha256: str) -> Path:
    """Where the file with this hash lives: two levels of fan-out keep directories small."""
    return storage_dir / sha256[:2] / sha256[2:4] / sha256


def store_bytes(storage_dir: Path, data: bytes) -> tuple[str, Path]:
    """Write the bytes under their hash (atomically, fsynced) and return (sha256, path); idempotent."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = content_path(storage_dir, sha256)
    if path.exists() and path.stat().st_size == len(data):
        return sha256, path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha256, path


def remove_file(storage_dir: Path, stored: str) -> None:
    """Delete a stored file, only ever inside the storage directory."""
    path = Path(stored).resolve()
    if path.is_relative_to(storage_dir.resolve()):
        path.unlink(missing_ok=True)


def is_stored(storage_dir: Path, stored: str) -> bool:
    """Whether a stored file is there, only ever looking inside the storage directory."""
    path = Path(stored).resolve()
    return path.is_relative_to(storage_dir.resolve()) and path.is_file()


def storage_unavailable(storage_dir: Path) -> bool:
    """Whether STORAGE_DIR is missing or holds nothing at all (a volume not mounted, a share down)."""
    try:
        return not any(storage_dir.iterdir())
    except OSError:
        return True
