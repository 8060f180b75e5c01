"""The command line's parser and the progress line, without any service."""

from __future__ import annotations

import io
import logging
import re

import pytest
import redis.exceptions
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from indexer import commands
from indexer import progress as progress_module
from indexer.cli import build_parser
from indexer.outbox import Backlog
from indexer.progress import Progress, format_duration, format_progress
from indexer.status import Status, format_status

COMMANDS = ("create", "status", "verify", "rollback", "run", "reindex", "merge")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args([command, "--help"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: hr-indexer {command}")


def test_a_bad_argument_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["run", "--max-attempts", "-1"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err == "hr-indexer run: error: argument --max-attempts: must be at least 1: -1 (see --help)\n"


@pytest.mark.parametrize("interval", ["0", "nan", "inf"])
def test_run_refuses_a_poll_interval_that_never_polls(
    interval: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # "nan" and "inf" passed "above 0" before: a daemon that slept forever (or raised) between polls.
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["run", "--poll-interval", interval])
    assert stopped.value.code == 2
    said = f"argument --poll-interval: must be above 0 and at most 3600 seconds: {interval}"
    assert capsys.readouterr().err == f"hr-indexer run: error: {said} (see --help)\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--url", "notaurl"], "argument --url: not an http:// or https:// URL: 'notaurl'"),
        (["--url", "ftp://dash:5601"], "argument --url: not an http:// or https:// URL: 'ftp://dash:5601'"),
        (
            ["--url", "http://127.0.0.1:5601", "--wait", "-5"],
            "argument --wait: must be 0 to 3600 seconds: -5",
        ),
        (
            ["--url", "http://127.0.0.1:5601", "--wait", "nan"],
            "argument --wait: must be 0 to 3600 seconds: nan",
        ),
    ],
)
def test_dashboards_import_refuses_a_url_or_wait_it_cannot_use(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # "notaurl" was taken, then failed as "cannot reach OpenSearch Dashboards at notaurl: notaurl/api/...".
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["dashboards", "import", *argv])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == f"hr-indexer dashboards import: error: {said} (see --help)\n"


def test_dashboards_import_takes_an_http_url() -> None:
    args = build_parser().parse_args(
        ["dashboards", "import", "--url", "https://dash.example.com/", "--wait", "30"]
    )
    assert (args.url, args.wait) == ("https://dash.example.com/", 30.0)


def test_defaults() -> None:
    args = build_parser().parse_args(["run"])
    # No --alias: the command takes INDEX_ALIAS from the settings (default "candidates").
    assert (args.alias, args.batch_size, args.max_attempts, args.until_empty) == (None, 500, 5, False)
    assert build_parser().parse_args(["--alias", "test-x", "reindex", "--no-progress"]).progress is False
    # No --segments: INDEX_MERGE_SEGMENTS decides (4 by default).
    assert build_parser().parse_args(["merge"]).segments is None
    assert build_parser().parse_args(["merge", "--segments", "2"]).segments == 2


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0s"), (42.4, "42s"), (185, "3m05s"), (3725, "1h02m"), (-3, "0s")]
)
def test_durations(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_progress_line_shows_rate_and_eta() -> None:
    assert format_progress(500, 1000, 2.0) == (
        "[############------------]  50.0%  500/1000 docs  250 docs/s  ETA 2s"
    )
    assert format_progress(1000, 1000, 2.0).endswith("ETA -")
    assert format_progress(10, 0, 1.0) == "10 docs  10 docs/s"


def test_progress_redraws_in_place_and_ends_the_line() -> None:
    stream = io.StringIO()
    progress = Progress(10, stream=stream)
    progress.advance(10)
    progress.finish()
    text = stream.getvalue()
    assert text.startswith("\r[") and text.endswith("\n") and "10/10 docs" in text
    quiet = io.StringIO()
    silent = Progress(10, stream=quiet, enabled=False)
    silent.advance(5)
    silent.finish()
    assert quiet.getvalue() == "" and silent.done == 5


def test_progress_without_a_terminal_is_logged_every_half_minute(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A reindex in a Kubernetes Job (no terminal: --no-progress) said nothing between start and end before.
    clock = [1000.0]
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: clock[0])
    quiet = io.StringIO()
    progress = Progress(1000, stream=quiet, enabled=False)
    with caplog.at_level(logging.INFO, logger="indexer.progress"):
        for _ in range(10):
            clock[0] += 10.0
            progress.advance(100)
    assert quiet.getvalue() == ""
    assert [record.getMessage() for record in caplog.records] == [
        "indexed [#######-----------------]  30.0%  300/1000 docs  10 docs/s  ETA 1m10s",
        "indexed [##############----------]  60.0%  600/1000 docs  10 docs/s  ETA 40s",
        "indexed [#####################---]  90.0%  900/1000 docs  10 docs/s  ETA 10s",
    ]


def test_status_names_commands_the_way_they_are_typed() -> None:
    # It said "run `indexer create` or `indexer reindex`": no such command on PATH, the console script is
    # hr-indexer (the same for the daemon's, create's, merge's and reindex's advice).
    missing = Status(
        alias="candidates",
        index=None,
        expected_index="candidates-v5-0123abcd",
        needs_reindex=True,
        previous_index=None,
        rollback_indexes=[],
        unfinished_indexes=[],
        postgres_candidates=3,
        index_documents=None,
        backlog=Backlog(pending=0, oldest_age_seconds=None, dead=0, last_dead_error=None),
        last_reindex=None,
    )
    lines = format_status(missing)
    advice = [command for line in lines for command in re.findall(r"`([^`]+)`", line)]
    assert advice == ["hr-indexer create", "hr-indexer reindex", "hr-indexer rollback"]


@pytest.mark.parametrize(
    ("error", "variable", "url", "shown"),
    [
        (
            redis.exceptions.TimeoutError("Redis did not answer"),
            "REDIS_URL",
            "redis://:secret@127.0.0.1:6379/0",
            "lost Redis at redis://127.0.0.1:6379/0: Redis did not answer",
        ),
        (
            OpenSearchConnectionError("N/A", "connection reset", Exception()),
            "OPENSEARCH_URL",
            "https://admin:secret@os1:9200,https://admin:secret@os2:9200",
            "lost OpenSearch at https://admin@os1:9200,https://admin@os2:9200",
        ),
    ],
)
def test_a_service_lost_mid_run_is_named_without_its_password(
    error: Exception,
    variable: str,
    url: str,
    shown: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A service that answered at start and failed later (a stalled lock command, a reset connection) was
    # reported with the whole configured URL, password included.
    async def fails(*_: object) -> int:
        raise error

    monkeypatch.setenv(variable, url)
    monkeypatch.setattr(commands, "_execute", fails)
    assert commands.run(build_parser().parse_args(["status"])) == 1
    err = capsys.readouterr().err
    assert shown in err and "secret" not in err, err
