"""The files shipped inside the package: index definitions and synonyms, migrations, Dashboards objects.

They are package data, so an installed wheel finds them beside its code as a checkout does; every reader
takes its path from here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Index definitions (candidates.json, the search-events template and retention policy) and the synonyms file.
MAPPINGS_DIR = PACKAGE_DIR / "mappings"
# The Alembic environment and its versions (`hr-api migrate`, or `alembic` with alembic.ini in a checkout).
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
# OpenSearch Dashboards saved objects (`hr-indexer dashboards import`).
DASHBOARDS_DIR = PACKAGE_DIR / "dashboards"
SAVED_OBJECTS_FILE = DASHBOARDS_DIR / "saved-objects.ndjson"
