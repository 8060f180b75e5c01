"""Configuration: working defaults, and one clear line naming a bad variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.settings import Settings


def test_defaults_point_at_the_local_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "OPENSEARCH_URL", "API_PORT", "METRICS_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.api_host == "127.0.0.1"
    assert settings.api_port == 8080
    assert settings.metrics_port == 9090
    assert settings.opensearch_url == "http://127.0.0.1:9200"
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.anthropic_api_key is None


def test_plain_postgres_url_is_given_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db:5432/x")
    assert Settings().database_url == "postgresql+asyncpg://u:p@db:5432/x"


def test_opensearch_url_may_list_the_nodes_of_a_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200/, http://127.0.0.1:9201,https://os-3:443/es")
    settings = Settings()
    assert settings.opensearch_url == "http://127.0.0.1:9200,http://127.0.0.1:9201,https://os-3:443/es"
    assert settings.opensearch_hosts == [
        "http://127.0.0.1:9200",
        "http://127.0.0.1:9201",
        "https://os-3:443/es",
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("API_PORT", "eighty"),
        ("METRICS_PORT", "70000"),
        ("OPENSEARCH_URL", "localhost:9200"),
        ("OPENSEARCH_URL", "http://127.0.0.1:9200,127.0.0.1:9201"),
        ("OPENSEARCH_URL", "http://127.0.0.1:9200,"),
        ("LOG_LEVEL", "loud"),
    ],
)
def test_bad_value_stops_startup_with_one_line_naming_it(name: str, value: str) -> None:
    env = {**os.environ, name: value}
    result = subprocess.run(
        [sys.executable, "-m", "app.main"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"invalid configuration: {name}:")
    assert "Traceback" not in result.stderr
