"""Configuration: working defaults, and one clear line naming a bad variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import Settings, engine_url, load_settings


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


@pytest.mark.parametrize("given", ["sslmode=require", "ssl=require"])
def test_a_database_url_with_tls_reaches_both_drivers_in_their_own_words(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    # Managed Postgres services document `?sslmode=require`; SQLAlchemy's asyncpg dialect handed it to
    # asyncpg.connect as a keyword it has not (a TypeError on the first connection), while asyncpg's own
    # URL parser (the indexer's and the worker's plain connections) reads sslmode and sends `ssl` to the
    # server as a setting.
    monkeypatch.setenv("DATABASE_URL", f"postgresql://u:p%40ss@db:5432/x?{given}&application_name=hr")
    settings = Settings()
    assert (
        settings.database_url == "postgresql+asyncpg://u:p%40ss@db:5432/x?sslmode=require&application_name=hr"
    )
    assert settings.sync_database_url == "postgresql://u:p%40ss@db:5432/x?sslmode=require&application_name=hr"
    assert engine_url(settings.database_url) == (
        "postgresql+asyncpg://u:p%40ss@db:5432/x?ssl=require&application_name=hr"
    )


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
        ("DATABASE_URL", "postgresql://hr:s3cret@127.0.0.1:abc/hr"),  # a traceback on first use before
        ("DATABASE_URL", "postgresql://hr:s3cret@127.0.0.1:99999/hr"),
        ("DATABASE_URL", "postgresql://hr:s3cret@127.0.0.1:5432/hr?sslmode=on"),  # refused at the first query
        ("REDIS_URL", "redis://:s3cret@127.0.0.1:abc/0"),
        ("REDIS_URL", "redis://127.0.0.1:6379/O"),  # the letter: redis-py took it as database 0
        # With a key, every resume went to Claude as model "" and failed after its retries, one by one.
        ("ANTHROPIC_MODEL", ""),
        ("ANTHROPIC_MODEL", "claude sonnet"),
        # Blank, the listener bound every interface: /metrics, meant for loopback, open to the network.
        ("METRICS_HOST", ""),
        ("API_HOST", " "),
        # Each upload in hand is held in memory: a limit of gigabytes let one upload exhaust the API's.
        ("MAX_UPLOAD_BYTES", "10737418240"),
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
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("dev-only-change-me-dev-only-change-me", "was published in the repository"),
        ("change-me-in-production-please-32-bytes", "was published in the repository"),
        ("x" * 31, "is shorter than 32 bytes"),
        ("", "is shorter than 32 bytes"),
    ],
)
def test_a_published_or_short_jwt_secret_stops_startup(value: str, problem: str) -> None:
    env = {**os.environ, "JWT_SECRET": value}
    result = subprocess.run(
        [sys.executable, "-m", "app.main"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    # The validator's sentence as it is written ("Value error, is shorter ..." before).
    assert lines[0].startswith(f"invalid configuration: JWT_SECRET: {problem}")
    assert value not in lines[0] or not value


def test_the_api_does_not_start_without_a_jwt_secret() -> None:
    env = {name: value for name, value in os.environ.items() if name != "JWT_SECRET"}
    env["API_PORT"] = "1"  # never reached: the secret is checked before the socket is opened
    result = subprocess.run(
        [sys.executable, "-m", "app.main"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "invalid configuration: JWT_SECRET: not set; the API needs a random secret of at least 32 bytes "
        "(`make run` generates one in .devstack/jwt_secret)"
    ]


def test_other_commands_run_without_a_jwt_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker and the indexer never sign a token: they need no secret."""
    monkeypatch.delenv("JWT_SECRET", raising=False)
    assert Settings().jwt_secret is None


def test_make_run_generates_a_random_jwt_secret_once_and_keeps_it(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "devstack" / "jwt-secret.sh"
    env = {**os.environ, "DEVSTACK_DIR": str(tmp_path / "devstack")}

    def secret() -> str:
        return subprocess.run([str(script)], env=env, capture_output=True, text=True, check=True).stdout

    first = secret()
    assert first == secret()  # kept: logins survive a restart
    assert len(first.encode()) >= 32 and Settings(jwt_secret=first).jwt_secret is not None
    assert (tmp_path / "devstack" / "jwt_secret").stat().st_mode & 0o777 == 0o600
    other = {**env, "DEVSTACK_DIR": str(tmp_path / "elsewhere")}
    assert subprocess.run([str(script)], env=other, capture_output=True, text=True).stdout != first


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # Each passed: the worker met its first job in an OverflowError traceback (timedelta of inf seconds),
        # maintenance in a DataError or OverflowError one (a cut-off date before year 1), a login in a 500.
        ("WORKER_VISIBILITY_TIMEOUT_SECONDS", "inf"),
        ("SEARCH_HISTORY_RETENTION_DAYS", "99999999999"),
        ("FAILED_RESUME_RETENTION_DAYS", "99999999999"),
        ("SEARCH_EVENTS_RETENTION_DAYS", "99999999999"),
        ("JWT_REFRESH_TTL_DAYS", "1000000000"),
        ("WORKER_VISIBILITY_TIMEOUT_SECONDS", "1e13"),
    ],
)
def test_an_endless_or_huge_duration_stops_startup_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"invalid configuration: {name}: "), lines


@pytest.mark.parametrize("blank", ["", "  "])
def test_an_empty_anthropic_key_is_no_key(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    # compose.yaml passes `ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY:-}`, an empty value when none is set: the
    # worker parsed offline, but the API built a Claude client with the empty key and sent every smart
    # search's sentence to Anthropic, to be refused (or time out) before the rules read it.
    from app.composition import Services

    monkeypatch.setenv("ANTHROPIC_API_KEY", blank)
    settings = Settings()
    assert settings.anthropic_api_key is None
    assert Services(settings).anthropic is None


@pytest.mark.parametrize(
    ("env", "longest"),
    [
        ({"WORKER_VISIBILITY_TIMEOUT_SECONDS": "30"}, "60 s"),
        ({"WORKER_VISIBILITY_TIMEOUT_SECONDS": "100", "ANTHROPIC_API_KEY": "sk-ant-test"}, "120 s"),
    ],
)
def test_a_job_lease_shorter_than_a_parse_stops_startup_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str], longest: str
) -> None:
    # WORKER_VISIBILITY_TIMEOUT_SECONDS=0.3 let a second slot take over a PDF still being parsed, and a third:
    # one resume parsed three times (with a key, three paid Claude calls) and "processing" for 14 s, not 2.
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("invalid configuration: WORKER_VISIBILITY_TIMEOUT_SECONDS: ")
    assert longest in lines[0]


def test_a_job_lease_longer_than_a_parse_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKER_VISIBILITY_TIMEOUT_SECONDS", "61")
    assert load_settings().worker_visibility_timeout_seconds == 61
