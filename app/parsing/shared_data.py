"""Where the shared evaluation data lives: ``<repo>/../shared/data`` unless SHARED_DATA_DIR says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

# The checkout root: app/parsing/shared_data.py -> parents[2].
_REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    """The shared data directory (read-only; never copied into the repository or the package)."""
    override = os.environ.get("SHARED_DATA_DIR")
    if override:
        return Path(override)
    return (_REPO_ROOT.parent / "shared" / "data").resolve()
