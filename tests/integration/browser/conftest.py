"""The page in a real browser: Debian's chromium driven by Playwright, against the whole API on a real port.

One browser for the module (a fresh context per test), one API server, the hand-built search corpus of
tests/integration/test_search_api.py indexed by the real indexer, a recruiter who logs in through the form,
and a resume worker running beside the API for the upload test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.schemas import RegisterRequest
from app.auth.service import create_user
from app.db import create_engine
from app.main import create_app
from app.models import Role
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.worker import Worker
from app.settings import Settings
from tests.conftest import DATA_TABLES
from tests.integration.test_search_api import indexer, load_corpus

try:
    from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, async_playwright
except ImportError:  # pragma: no cover - the dev extras install it
    async_playwright = None  # type: ignore[assignment]

# Debian's chromium (`make browser` installs it); never a browser Playwright downloads.
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
USERNAME = "recruiter"
PASSWORD = "correct horse battery"


def require_browser() -> None:
    if async_playwright is None or not Path(CHROMIUM).exists():
        pytest.skip(f"needs playwright and Debian's chromium at {CHROMIUM} (make browser)")


@dataclass
class Site:
    """The running API and what the tests know about its data."""

    url: str
    people: dict[str, str]
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings


@dataclass
class Watched:
    """A page and every console error or uncaught exception it had."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
async def site(settings: Settings) -> AsyncIterator[Site]:
    """The corpus indexed, a recruiter, a worker and the API listening on a free port."""
    require_browser()
    engine = create_engine(settings)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    ids = await load_corpus(sessions)
    await asyncio.to_thread(indexer, "reindex")
    await asyncio.to_thread(indexer, "run", "--until-empty")
    request = RegisterRequest(
        email="recruiter@example.com", username=USERNAME, password=PASSWORD, role=Role.RECRUITER
    )
    await create_user(sessions, request, actor="test")
    stop = asyncio.Event()
    worker = asyncio.create_task(Worker(settings, sessions, RuleBasedResumeParser()).run(stop))
    server = TestServer(create_app(settings), host="127.0.0.1")
    await server.start_server()
    try:
        yield Site(
            str(server.make_url("")).rstrip("/"), {k: str(v) for k, v in ids.items()}, sessions, settings
        )
    finally:
        await server.close()
        stop.set()
        await worker
        await engine.dispose()


@pytest.fixture(scope="module")
async def browser(site: Site) -> AsyncIterator[Browser]:
    """One headless Debian chromium for the module."""
    assert async_playwright is not None
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        await launched.close()


async def new_page(
    browser: Browser, site: Site, width: int = 1280, height: int = 900, *, bypass_csp: bool = False
) -> tuple[BrowserContext, Watched]:
    """A fresh context (no cache, no storage) and its page, console errors collected."""
    context = await browser.new_context(
        base_url=site.url,
        viewport={"width": width, "height": height},
        accept_downloads=True,
        # axe-core is injected as an inline script, which the page's CSP (rightly) refuses.
        bypass_csp=bypass_csp,
    )
    page = await context.new_page()
    watched = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught: {error}"))
    return context, watched


@pytest.fixture
async def desktop(browser: Browser, site: Site) -> AsyncIterator[Watched]:
    """A fresh browser context at 1280 px."""
    context, watched = await new_page(browser, site)
    yield watched
    await context.close()


@pytest.fixture
async def phone(browser: Browser, site: Site) -> AsyncIterator[Watched]:
    """A fresh browser context 375 px wide, where axe-core may be injected."""
    context, watched = await new_page(browser, site, 375, 740, bypass_csp=True)
    yield watched
    await context.close()


async def log_in(page: Page, username: str = USERNAME, password: str = PASSWORD) -> None:
    """Through the form, as a person does."""
    await page.goto("/")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", password)
    await page.press("input[name=password]", "Enter")
    await page.wait_for_selector("#view-search:not([hidden]) input[name=q]")


async def searched(page: Page, action: Awaitable[object]) -> None:
    """Do something that searches, and wait until its answer is on the page (or its error is).

    The page counts its finished searches on #results (wait_for_function would need eval, which the
    page's CSP refuses)."""
    before = int(await page.get_attribute("#results", "data-searches") or 0)
    await action
    await page.wait_for_selector(f"#results[data-searches='{before + 1}'], #search-error:not(:empty)")
    assert await page.text_content("#search-error") == ""


async def search(page: Page, words: str) -> None:
    """Type into the one search box, press Enter, wait for the results."""
    await page.fill("input[name=q]", words)
    await searched(page, page.press("input[name=q]", "Enter"))


@pytest.fixture(scope="session")
def screenshots_dir() -> Iterator[Path | None]:
    """Where `make screenshots` wants the pictures (SCREENSHOTS_DIR), else None."""
    wanted = os.environ.get("SCREENSHOTS_DIR")
    yield Path(wanted) if wanted else None
