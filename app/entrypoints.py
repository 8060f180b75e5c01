"""The console scripts `hr-api`, `hr-worker` and `hr-mcp`: parse (app/cli.py), then import and run.

The application (aiohttp, SQLAlchemy, the search stack) is imported only once a command is going to run.
"""

from __future__ import annotations

from app.cli import api_parser, mcp_parser, worker_parser


def api(argv: list[str] | None = None) -> None:
    """`hr-api`: serve the API on API_HOST:API_PORT, or run one of its admin commands."""
    args = api_parser().parse_args(argv)
    from app.main import run

    run(args)


def worker(argv: list[str] | None = None) -> None:
    """`hr-worker`: parse queued resumes until stopped (SIGTERM finishes the jobs in hand first)."""
    args = worker_parser().parse_args(argv)
    from app.resumes.worker import run

    run(args)


def mcp(argv: list[str] | None = None) -> None:
    """`hr-mcp`: serve the MCP server over stdio (default) or streamable HTTP."""
    args = mcp_parser().parse_args(argv)
    from app.mcp.server import run

    run(args)
