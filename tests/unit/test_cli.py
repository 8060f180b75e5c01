"""Every command answers --help and --version at once, without loading the application or the Claude SDK,
and options work after the subcommand too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest

from app.cli import api_parser
from indexer.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COMMANDS = ("hr-api", "hr-worker", "hr-indexer", "hr-mcp")
# Modules whose import costs seconds (the Anthropic SDK) or means the whole stack came along.
HEAVY = ("anthropic", "aiohttp", "sqlalchemy", "opensearchpy", "asyncpg", "redis", "pydantic_settings")


def run(*argv: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=60, env=os.environ | {"NO_COLOR": "1"}
    )
    return done, time.perf_counter() - started


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_says_its_version(command: str) -> None:
    done, _ = run(str(BIN / command), "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{command} {metadata.version('hr-resume-search')}\n"


@pytest.mark.parametrize("command", ["hr-api", "hr-indexer"])
def test_help_answers_within_a_second(command: str) -> None:
    # The best of three, so a moment of load on a shared machine does not decide it.
    timings = []
    for _ in range(3):
        done, seconds = run(str(BIN / command), "--help")
        assert done.returncode == 0 and done.stdout.startswith(f"usage: {command}"), done.stderr
        timings.append(seconds)
    assert min(timings) < 1.0, timings


@pytest.mark.parametrize(
    ("module", "entry"),
    [
        ("app.entrypoints", "api"),
        ("app.entrypoints", "worker"),
        ("app.entrypoints", "mcp"),
        ("indexer.cli", "main"),
    ],
)
def test_help_loads_nothing_heavy(module: str, entry: str) -> None:
    script = (
        "import sys\n"
        f"from {module} import {entry}\n"
        "try:\n"
        f"    {entry}(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == ""


@pytest.mark.parametrize(
    ("argv", "alias"),
    [
        (["reindex", "--alias", "x"], "x"),
        (["--alias", "y", "reindex"], "y"),
        (["--alias", "y", "status", "--alias", "z"], "z"),
        (["verify", "--repair", "--alias", "talent"], "talent"),
        (["dashboards", "import", "--url", "http://127.0.0.1:5601", "--alias", "w"], "w"),
        (["create"], None),
    ],
)
def test_indexer_options_work_after_the_command(argv: list[str], alias: str | None) -> None:
    assert build_parser().parse_args(argv).alias == alias


def test_a_bad_alias_after_the_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["reindex", "--alias", "Bad Name"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid alias 'Bad Name'" in err


def test_api_serving_options_work_after_serve() -> None:
    parser = api_parser()
    assert parser.parse_args(["--port", "8081"]).port == 8081
    assert parser.parse_args(["serve", "--port", "8082", "--host", "0.0.0.0"]).port == 8082
    assert parser.parse_args(["migrate"]).revision == "head"


def test_the_indexer_loads_no_api_code() -> None:
    """Everything an indexer command runs, imported: no auth (passwords, tokens), aiohttp.web or routes."""
    script = (
        "import sys\n"
        "import indexer.commands\n"
        "print(sorted(m for m in sys.modules if m == 'aiohttp.web' or m.startswith('app.auth')\n"
        "    or m.endswith('.routes') or m in ('app.main', 'app.middlewares', 'app.keys')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("concurrency", ["65", "1000"])
def test_worker_concurrency_is_held_to_the_settings_bounds(concurrency: str) -> None:
    # `--concurrency 1000` started "1000 slots" (WORKER_CONCURRENCY stops at 64): up to 1000 parser processes.
    done = subprocess.run(
        [sys.executable, "-m", "app.resumes.worker", "--no-metrics", "--once", "--concurrency", concurrency],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert (
        done.stderr == "hr-worker: error: argument --concurrency: Input should be less than or equal to 64\n"
    )


def test_demo_refuses_a_number_of_resumes_past_its_ceiling(capsys: pytest.CaptureFixture[str]) -> None:
    # `hr-api demo --resumes 100000000` generated and uploaded resumes until the disk or the night ran out.
    with pytest.raises(SystemExit) as stopped:
        api_parser().parse_args(["demo", "--resumes", "100000000"])
    assert stopped.value.code == 2
    assert "argument --resumes: must be at most 100,000: 100000000" in capsys.readouterr().err
    assert api_parser().parse_args(["demo", "--resumes", "100000"]).resumes == 100_000
