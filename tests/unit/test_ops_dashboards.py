"""OpenSearch Dashboards objects: every field they use exists in the mappings (aggregatable where aggregated),
and `hr-indexer dashboards import` loads them through the saved-objects API.

There is no OpenSearch Dashboards in the local stack, so the import runs against a small fake of its HTTP
API (status and `_import`) that records what it was sent; compose.yaml runs the real import.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer

from indexer.dashboards import CANDIDATES_PATTERN_ID, EVENTS_PATTERN_ID, DashboardsError, read_objects
from tests.conftest import ROOT

SAVED_OBJECTS = ROOT / "app" / "dashboards" / "saved-objects.ndjson"
MAPPINGS = {
    CANDIDATES_PATTERN_ID: ROOT / "app" / "mappings" / "candidates.json",
    EVENTS_PATTERN_ID: ROOT / "app" / "mappings" / "search-events.json",
}
NUMERIC = {"long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float"}
AGGREGATABLE = NUMERIC | {"keyword", "date", "boolean"}
# Aggregations that need an aggregatable field; the others (count) take none.
FIELD_AGGREGATIONS = {"terms", "histogram", "date_histogram", "percentiles", "avg", "max", "min", "sum"}
# The visualizations the operations guide describes, by id.
REQUIRED_VISUALIZATIONS = {
    "hr-top-skills",
    "hr-experience-histogram",
    "hr-top-companies",
    "hr-top-locations",
    "hr-searches-over-time",
    "hr-zero-result-searches",
    "hr-search-latency",
}


def mapped_fields(path: Any) -> dict[str, str]:
    """Every field path of a mapping (multi-fields included) with its type."""
    body = json.loads(path.read_text())
    properties = (
        body["mappings"]["properties"] if "mappings" in body else body["template"]["mappings"]["properties"]
    )
    found: dict[str, str] = {}

    def walk(props: dict[str, Any], prefix: str) -> None:
        for name, spec in props.items():
            full = prefix + name
            if spec.get("enabled") is False:  # kept in _source only, not a field
                continue
            if "properties" in spec:
                walk(spec["properties"], full + ".")
                continue
            found[full] = spec["type"]
            for sub, sub_spec in spec.get("fields", {}).items():
                found[f"{full}.{sub}"] = sub_spec["type"]

    walk(properties, "")
    return found


def search_only_fields(path: Any) -> set[str]:
    """Top-level fields a query reads and nothing else: no doc values (worked_with's time terms)."""
    properties = json.loads(path.read_text()).get("mappings", {}).get("properties", {})
    return {name for name, spec in properties.items() if spec.get("doc_values") is False}


def load_objects() -> dict[str, dict[str, Any]]:
    objects = [json.loads(line) for line in SAVED_OBJECTS.read_text().splitlines() if line.strip()]
    return {item["id"]: item for item in objects}


def kuery_fields(query: str) -> set[str]:
    """Field names of `field:value` terms in a KQL query."""
    return set(re.findall(r"([A-Za-z_@][\w.@]*)\s*:", query))


def test_index_patterns_cover_candidates_and_search_events() -> None:
    objects = load_objects()
    assert objects[CANDIDATES_PATTERN_ID]["attributes"]["title"] == "candidates"
    events = objects[EVENTS_PATTERN_ID]["attributes"]
    assert events["title"] == "search-events-*"
    assert events["timeFieldName"] == "@timestamp"
    assert mapped_fields(MAPPINGS[EVENTS_PATTERN_ID])["@timestamp"] == "date"


def test_index_pattern_field_lists_match_the_mappings() -> None:
    objects = load_objects()
    for pattern_id, path in MAPPINGS.items():
        mapping = mapped_fields(path)
        listed = {
            item["name"]: item
            for item in json.loads(objects[pattern_id]["attributes"]["fields"])
            if not item["name"].startswith("_")
        }
        assert set(listed) == set(mapping), f"{pattern_id}: fields differ from {path.name}"
        search_only = search_only_fields(path)
        for name, item in listed.items():
            assert item["esTypes"] == [mapping[name]], name
            assert item["aggregatable"] == (mapping[name] in AGGREGATABLE and name not in search_only), name


def test_every_field_a_visualization_uses_exists_and_is_aggregatable_where_aggregated() -> None:
    objects = load_objects()
    visualizations = {key: item for key, item in objects.items() if item["type"] == "visualization"}
    assert REQUIRED_VISUALIZATIONS <= set(visualizations)
    for key, item in visualizations.items():
        [reference] = item["references"]
        assert reference["type"] == "index-pattern" and reference["id"] in MAPPINGS, key
        mapping = mapped_fields(MAPPINGS[reference["id"]])
        state = json.loads(item["attributes"]["visState"])
        assert state["title"] == item["attributes"]["title"]
        for aggregation in state["aggs"]:
            name = aggregation["params"].get("field")
            if aggregation["type"] in FIELD_AGGREGATIONS:
                assert name in mapping, f"{key}: {name} is not in {MAPPINGS[reference['id']].name}"
                assert mapping[name] in AGGREGATABLE, f"{key}: {name} is {mapping[name]}, not aggregatable"
        source = json.loads(item["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
        assert source["indexRefName"] == reference["name"], key
        for name in kuery_fields(source["query"]["query"]):
            assert name in mapping, f"{key}: the query uses {name}, which is not mapped"


def test_the_dashboard_joins_every_visualization() -> None:
    objects = load_objects()
    [dashboard] = [item for item in objects.values() if item["type"] == "dashboard"]
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    references = {ref["name"]: ref for ref in dashboard["references"]}
    used = set()
    for panel in panels:
        reference = references[panel["panelRefName"]]
        assert reference["type"] == "visualization" and reference["id"] in objects
        used.add(reference["id"])
    assert used == {key for key, item in objects.items() if item["type"] == "visualization"}


@dataclass
class FakeDashboards:
    """What the fake received, and how it should answer."""

    imports: list[dict[str, Any]] = field(default_factory=list)
    # Saved objects by (type, id), as the real API keeps them: an overwrite replaces.
    stored: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    not_ready_probes: int = 0
    fail_with: int | None = None
    # Answer as OpenSearch itself does a path it has no handler for (--url given the engine's address).
    engine: bool = False


@pytest.fixture
async def fake() -> AsyncIterator[tuple[str, FakeDashboards]]:
    """A fake OpenSearch Dashboards: GET /api/status and POST /api/saved_objects/_import."""
    state = FakeDashboards()

    async def status(request: web.Request) -> web.Response:
        if state.not_ready_probes > 0:
            state.not_ready_probes -= 1
            return web.json_response({"status": {"overall": {"state": "red"}}}, status=503)
        return web.json_response({"status": {"overall": {"state": "green"}}})

    async def import_objects(request: web.Request) -> web.Response:
        form = await request.post()
        upload = form["file"]
        assert isinstance(upload, web.FileField)
        content = upload.file.read().decode()
        state.imports.append(
            {"headers": dict(request.headers), "query": dict(request.query), "filename": upload.filename}
        )
        if state.engine:
            message = f"no handler found for uri [{request.path}] and method [{request.method}]"
            return web.json_response({"error": message}, status=400)
        if request.headers.get("osd-xsrf") != "true":
            return web.json_response(
                {"statusCode": 400, "message": "Request must contain a osd-xsrf header."}, status=400
            )
        if state.fail_with is not None:
            return web.json_response(
                {"statusCode": state.fail_with, "message": "boom"}, status=state.fail_with
            )
        objects = [json.loads(line) for line in content.splitlines() if line.strip()]
        errors = []
        for item in objects:
            key = (item["type"], item["id"])
            if key in state.stored and request.query.get("overwrite") != "true":
                errors.append({"id": item["id"], "type": item["type"], "error": {"type": "conflict"}})
                continue
            state.stored[key] = item
        body = {"success": not errors, "successCount": len(objects) - len(errors)}
        if errors:
            body["errors"] = errors
        return web.json_response(body)

    app = web.Application()
    app.router.add_get("/api/status", status)
    app.router.add_post("/api/saved_objects/_import", import_objects)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/"), state
    finally:
        await server.close()


async def run_import(*args: str, **env: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "indexer",
        "dashboards",
        "import",
        *args,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_import_posts_every_object_with_overwrite_and_the_xsrf_header(
    fake: tuple[str, FakeDashboards],
) -> None:
    url, state = fake
    objects = load_objects()
    code, out, err = await run_import(
        "--url", url, INDEX_ALIAS="talent", SEARCH_EVENTS_PREFIX="talent-events-"
    )
    assert code == 0, err
    assert out.strip() == f"imported {len(objects)} of {len(objects)} saved objects into {url}"
    [sent] = state.imports
    assert sent["query"] == {"overwrite": "true"}
    assert sent["headers"]["osd-xsrf"] == "true"
    assert sent["filename"].endswith(".ndjson")
    assert {key for _, key in state.stored} == set(objects)
    # The index patterns follow the configured alias and events prefix.
    assert state.stored[("index-pattern", CANDIDATES_PATTERN_ID)]["attributes"]["title"] == "talent"
    assert state.stored[("index-pattern", EVENTS_PATTERN_ID)]["attributes"]["title"] == "talent-events-*"


async def test_importing_twice_leaves_the_same_objects(fake: tuple[str, FakeDashboards]) -> None:
    url, state = fake
    assert (await run_import("--url", url))[0] == 0
    first = dict(state.stored)
    code, _, err = await run_import("--url", url)
    assert code == 0, err
    assert state.stored == first
    assert len(state.imports) == 2


async def test_import_waits_for_dashboards_to_become_ready(fake: tuple[str, FakeDashboards]) -> None:
    url, state = fake
    state.not_ready_probes = 1
    code, _, err = await run_import("--url", url, "--wait", "30")
    assert code == 0, err
    assert state.not_ready_probes == 0 and len(state.imports) == 1


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("refuse", (), "OpenSearch Dashboards refused the import: HTTP 500 boom"),
        # It said "HTTP 400 None": OpenSearch words its refusal as `error`, not as Dashboards' `message`.
        (
            "engine",
            (),
            "refused the import: HTTP 400 no handler found for uri [/api/saved_objects/_import] and method "
            "[POST] (that is OpenSearch: --url takes OpenSearch Dashboards' address, port 5601 by default)",
        ),
        ("down", (), "cannot reach OpenSearch Dashboards at http://127.0.0.1:1"),
        ("down", ("--wait", "1"), "OpenSearch Dashboards at http://127.0.0.1:1 is not ready after 1s"),
        ("missing", (), "cannot read /nonexistent/objects.ndjson"),
    ],
)
async def test_a_failed_import_exits_1_with_one_line(
    fake: tuple[str, FakeDashboards], setup: str, args: tuple[str, ...], message: str
) -> None:
    url, state = fake
    state.fail_with = 500 if setup == "refuse" else None
    state.engine = setup == "engine"
    target = "http://127.0.0.1:1" if setup == "down" else url
    extra = ("--file", "/nonexistent/objects.ndjson") if setup == "missing" else ()
    code, out, err = await run_import("--url", target, *args, *extra)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err, err


def test_compose_runs_the_import_once_dashboards_is_up() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    job = services["dashboards-import"]
    assert job["command"][:3] == ["hr-indexer", "dashboards", "import"]
    assert "http://opensearch-dashboards:5601" in job["command"]
    assert job["restart"] == "no"
    assert "opensearch-dashboards" in job["depends_on"]
    # The saved objects come from the installed package, not from a mounted checkout.
    assert "--file" not in job["command"]
    assert not [volume for volume in job.get("volumes", []) if volume.startswith("./")]


def test_compose_migrates_with_the_installed_package() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert services["migrate"]["command"] == ["hr-api", "migrate"]


@pytest.mark.parametrize("line", [b"[1, 2]", b"42", b'"text"', b"{not json"])
def test_a_line_that_is_no_json_object_is_named(tmp_path: Path, line: bytes) -> None:
    # JSON of another shape (an export cut or hand-edited) ended `dashboards import` in an AttributeError.
    export = tmp_path / "objects.ndjson"
    export.write_bytes(b'{"type": "index-pattern", "id": "x", "attributes": {}}\n' + line + b"\n")
    with pytest.raises(DashboardsError, match=r"objects.ndjson:2 is not a JSON object"):
        read_objects(export)
