"""A recruiter's day on the page beyond one search: handing the browser to a colleague, the filters of a
second value, a candidate's colleagues and department, downloads and uploads that go wrong."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiohttp
from playwright.async_api import Locator, Page, Route, expect
from sqlalchemy import func, select

from app.auth.schemas import RegisterRequest
from app.auth.service import create_user
from app.models import Resume, Role, SearchHistory, User
from tests.integration.browser.conftest import PASSWORD, Site, Watched, log_in, search, searched
from tests.integration.browser.test_filters import card_ids
from tests.integration.test_search_api import indexer
from tests.resume_samples import text_resume


async def a_viewer(site: Site, name: str) -> User:
    """A user of this test's own, who can search and read."""
    request = RegisterRequest(email=f"{name}@example.com", username=name, password=PASSWORD, role=Role.VIEWER)
    return await create_user(site.sessions, request, actor="test")


async def searched_then_access_expired(page: Page) -> None:
    """Logged in with a search shown, and the tab's access token gone as if it had expired: the next load
    refreshes."""
    await log_in(page)
    await search(page, "kubernetes")
    await page.evaluate("sessionStorage.removeItem('hr.access')")


async def test_after_log_out_the_next_user_sees_nothing_of_the_last_ones_work(
    desktop: Watched, site: Site
) -> None:
    # Logging out left the search, its results and the uploads' rows in the tab: whoever logged in next at
    # that browser saw what the last recruiter had searched, and the address still carried the search text.
    await a_viewer(site, "nel")
    page = desktop.page
    await log_in(page)
    await search(page, "kubernetes")
    assert await card_ids(page)
    await page.click("#logout")
    await page.wait_for_selector("#view-login:not([hidden])")
    assert "kubernetes" not in page.url
    await page.fill("input[name=username]", "nel")
    await page.fill("input[name=password]", PASSWORD)
    await page.press("input[name=password]", "Enter")
    await page.wait_for_selector("#view-search:not([hidden]) input[name=q]")
    assert await page.input_value("input[name=q]") == ""
    assert await card_ids(page) == []
    assert await page.text_content("#chips") == ""
    assert desktop.errors == []


def facet_row(page: Page, facet: str, value: str) -> Locator:
    """The row of one value, exactly ("Acme Corp", not "Acme Corp Logistics")."""
    return page.locator(f"[data-facet={facet}] .facet:has(input[data-control='{facet}:{value.lower()}'])")


async def count_of(page: Page, facet: str, value: str) -> str:
    return (await facet_row(page, facet, value).locator(".count").text_content() or "").strip()


async def test_with_one_place_or_employer_ticked_the_others_keep_their_own_counts(
    desktop: Watched, site: Site
) -> None:
    # A place or employer ticked lets in whoever has any of those ticked, but the other values were counted
    # among the ticked one's people: with Munich ticked no other place was left to tick, and with Initech
    # ticked "Acme Corp 1" (Carol, who worked at both), though ticking it too let in Alice as well. (Acme's
    # row is its company key: Bob's "ACME Corporation" and Erin's "Acme Inc." count in it too.)
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers")
    await searched(page, facet_row(page, "locations", "Munich, Germany").locator("input").check())
    assert await card_ids(page) == [people["bob"]]
    assert await count_of(page, "locations", "Hamburg, Germany") == "1"
    await searched(page, facet_row(page, "locations", "Hamburg, Germany").locator("input").check())
    assert sorted(await card_ids(page)) == sorted([people["bob"], people["dave"]])

    await search(page, "developer")
    await searched(page, page.click("[data-chip=words] button"))
    await searched(page, facet_row(page, "companies", "Initech").locator("input").check())
    assert await card_ids(page) == [people["carol"]]
    assert await count_of(page, "companies", "Acme Corp") == "4"
    await searched(page, facet_row(page, "companies", "Acme Corp").locator("input").check())
    assert sorted(await card_ids(page)) == sorted(people[p] for p in ("alice", "bob", "carol", "erin"))
    assert desktop.errors == []


async def uploaded(page: Page, name: str, resume: bytes) -> Locator:
    """Upload one text resume through the page and wait for its parse: its row."""
    await page.click("nav >> text=Upload")
    await page.set_input_files(
        "input[name=file]", files=[{"name": name, "mimeType": "text/plain", "buffer": resume}]
    )
    done = page.locator(f"[data-upload='{name}'][data-status=completed]")
    await done.wait_for(timeout=30_000)
    return done


async def upload_and_open(page: Page, name: str, resume: bytes) -> None:
    """Upload one text resume through the page, wait for its parse, open the candidate."""
    await (await uploaded(page, name, resume)).locator("a", has_text="Open the candidate").click()
    await page.locator("[data-candidate-detail]").wait_for()


async def test_a_download_that_fails_says_why(desktop: Watched, site: Site) -> None:
    # The file gone from the storage (a volume restored without it): the button did nothing at all. And the
    # file's type read "PLAIN" (the end of text/plain) where the recruiter knows it as TXT.
    page = desktop.page
    await log_in(page)
    await upload_and_open(page, "wes.txt", text_resume("Wes Whitfield", "wes.whitfield@example.com"))
    files = page.locator("section[aria-labelledby=files-title]")
    button = files.locator("[data-download]")
    await button.wait_for()
    assert (await files.locator(".meta").text_content() or "").startswith("TXT · ")
    async with site.sessions() as session:
        stored = await session.scalar(
            select(Resume.storage_path).where(Resume.original_filename == "wes.txt")
        )
    Path(stored).unlink()
    await button.click()
    said = files.locator(".error:not(:empty)")
    await said.wait_for()
    assert (await said.text_content() or "").startswith("Download failed: the original file of resume")
    assert "no longer stored" in (await said.text_content() or "")
    assert all("404" in error for error in desktop.errors), desktop.errors


async def test_a_viewer_is_told_uploads_need_a_recruiter_instead_of_a_refusal_per_file(
    desktop: Watched, site: Site
) -> None:
    # A viewer saw "Upload" like anyone, chose their files, and each came back "Refused: this needs the
    # 'write' permission, which a viewer does not have".
    await a_viewer(site, "val")
    page = desktop.page
    await log_in(page, "val", PASSWORD)
    upload = page.locator("nav [data-nav=upload]")
    await upload.wait_for(state="hidden")
    await page.goto("/#/upload")
    notice = page.locator("#upload-denied")
    await notice.wait_for()
    assert await notice.text_content() == (
        "Your account (viewer) can search and read candidates. Uploading resumes needs a recruiter's account."
    )
    assert not await page.locator("#upload-form").is_visible()
    assert desktop.errors == []


async def test_an_upload_whose_status_check_fails_for_a_moment_is_followed_to_its_end(
    desktop: Watched, site: Site
) -> None:
    # One status check answered 503 (the API restarting behind its proxy) and the row said "Parsing
    # failed" for good, though the worker went on and parsed the file.
    page = desktop.page
    await log_in(page)
    refused = 0

    async def unavailable_twice(route: Route) -> None:
        nonlocal refused
        if route.request.method == "GET" and refused < 2:
            refused += 1
            await route.fulfill(status=503, headers={"Retry-After": "1"}, body="<html>unavailable</html>")
        else:
            await route.continue_()

    await page.route("**/api/v1/resumes/*", unavailable_twice)
    await upload_and_open(page, "yan.txt", text_resume("Yan Yilmaz", "yan.yilmaz@example.com"))
    assert refused == 2
    assert await page.locator("[data-candidate-detail] h1").text_content() == "Yan Yilmaz"
    assert all("503" in error or "404" in error for error in desktop.errors), desktop.errors


async def test_a_candidates_department_and_colleagues_open_as_searches_to_filter(
    desktop: Watched, site: Site
) -> None:
    # A candidate's page listed their first ten colleagues and six similar people, and no more: no way to
    # see the rest, filter them, or ask for the people of the same department (the API's same_department).
    page, people = desktop.page, site.people
    await log_in(page)
    await page.goto(f"/#/candidates/{people['bob']}")
    department = page.locator("[data-around=same_department]")
    await department.wait_for()
    await searched(page, department.click())
    # The chip names Bob once his record is read, beside the search (on a loaded machine, after its results).
    await expect(page.locator("[data-chip=around]")).to_have_text("same department as:Bob Brandt×")
    assert sorted(await card_ids(page)) == sorted(people[p] for p in ("alice", "dave", "erin"))
    # Filters and sort as in any search; Bob's own page is a click away.
    await searched(page, facet_row(page, "locations", "Berlin, Germany").locator("input").check())
    assert sorted(await card_ids(page)) == sorted(people[p] for p in ("alice", "erin"))
    await page.go_back()
    similar = page.locator("[data-around=similar_candidates]")
    await similar.wait_for()
    await searched(page, similar.click())
    await expect(page.locator("[data-chip=around]")).to_have_text("similar to:Bob Brandt×")
    assert people["bob"] not in await card_ids(page)
    # Its chip removed, the search around Bob ends.
    await page.click("[data-chip=around] button")
    assert await card_ids(page) == []
    assert await page.evaluate("document.activeElement.name") == "q"
    assert desktop.errors == []


async def test_a_reload_or_a_link_keeps_the_filters_and_the_sort(desktop: Watched, site: Site) -> None:
    # The address kept only the text: a reload, the Back button or the link sent to a colleague lost every
    # box ticked and the sort, and showed other results than the recruiter had chosen.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers")
    await searched(page, facet_row(page, "locations", "Berlin, Germany").locator("input").check())
    await searched(page, page.select_option("#sort", "experience_asc"))
    chosen = await card_ids(page)
    assert chosen == [people["alice"], people["erin"]]
    await page.reload()
    await page.wait_for_selector("#results[data-searches]")
    assert await card_ids(page) == chosen
    assert await page.input_value("#sort") == "experience_asc"
    assert await facet_row(page, "locations", "Berlin, Germany").locator("input").is_checked()
    # From a candidate's page, back to these results, not to the text's first search.
    await page.click(f"#results [data-candidate-id='{people['erin']}'] h3 a")
    await page.locator("[data-candidate-detail]").wait_for()
    await page.click("text=← Back to results")
    await page.wait_for_selector("#view-search:not([hidden])")
    assert await card_ids(page) == chosen
    # Another browser, the same address: the same results.
    link = page.url
    context = await page.context.browser.new_context(base_url=site.url)  # type: ignore[union-attr]
    try:
        other = await context.new_page()
        await log_in(other)
        await other.goto(link)
        await other.wait_for_selector("#results[data-searches]")
        assert await card_ids(other) == chosen
    finally:
        await context.close()
    assert desktop.errors == []


async def test_the_recruiters_recent_searches_are_offered_to_run_again(desktop: Watched, site: Site) -> None:
    # The API keeps each user's searches (GET /api/v1/search/history), but the page never showed them: a
    # recruiter back after lunch typed yesterday's search again from memory.
    rita = await a_viewer(site, "rita")
    page, people = desktop.page, site.people
    await log_in(page, "rita", PASSWORD)
    await search(page, "engineers in Berlin")
    berlin = await card_ids(page)
    await search(page, "kubernetes")
    for _ in range(50):  # written off the request's hot path, in batches
        async with site.sessions() as session:
            latest = select(func.count()).where(
                SearchHistory.user_id == rita.id, SearchHistory.request["query"].astext == "kubernetes"
            )
            if await session.scalar(latest):
                break
        await asyncio.sleep(0.1)
    await page.goto("/")  # the page loaded afresh, as the next morning
    recent = page.locator("#recent li a")
    await recent.first.wait_for()
    assert await recent.all_text_contents() == ["kubernetes", "engineers · berlin"]
    await searched(page, recent.nth(1).click())
    assert await card_ids(page) == berlin
    assert sorted(berlin) == sorted([people["alice"], people["erin"]])
    assert not await page.locator("#recent").is_visible()
    assert desktop.errors == []


async def test_a_reload_while_the_token_refresh_is_answered_keeps_the_login(desktop: Watched) -> None:
    # Back after the access token ran out, the load refreshes; reloaded again before that answer arrived, the
    # page lost the new pair and the next load presented the refresh token just rotated: the API took it for
    # a stolen one and ended the login ("Your session has ended").
    page = desktop.page
    await searched_then_access_expired(page)
    rotated, released = asyncio.Event(), asyncio.Event()

    async def slow(route: Route) -> None:
        await route.fetch()  # the API rotates the token; its answer is on its way when the reload comes
        rotated.set()
        await released.wait()
        with contextlib.suppress(Exception):  # the page that asked is gone
            await route.abort()

    await page.route("**/api/v1/auth/refresh", slow)
    reloaded = asyncio.create_task(page.reload())
    await asyncio.wait_for(rotated.wait(), 10)
    await page.unroute("**/api/v1/auth/refresh")
    await page.reload()
    released.set()
    with contextlib.suppress(Exception):
        await reloaded  # cut off by the second reload
    await page.wait_for_selector("#results[data-searches='1'], #view-login:not([hidden])")
    assert await page.is_hidden("#view-login"), await page.text_content("#login-error")
    assert len(await card_ids(page)) >= 2
    assert desktop.errors == []


async def test_a_refresh_the_api_cannot_answer_for_a_moment_keeps_the_login(desktop: Watched) -> None:
    # The database restarting while the page refreshed its tokens (a 503): the page dropped the tokens and
    # showed the login, though the refresh token was as good as ever once the API answered again.
    page = desktop.page
    await searched_then_access_expired(page)

    async def unavailable(route: Route) -> None:
        error = {"code": "service_unavailable", "message": "the database is unavailable", "details": None}
        await route.fulfill(status=503, json={"error": error}, headers={"Retry-After": "5"})

    await page.route("**/api/v1/auth/refresh", unavailable)
    await page.reload()
    await page.wait_for_selector("#search-error:not(:empty), #view-login:not([hidden])")
    assert await page.is_hidden("#view-login")
    assert await page.text_content("#search-error") == (
        "Search failed: the database is unavailable (try again in 5 seconds)"
    )
    await page.unroute("**/api/v1/auth/refresh")
    await searched(page, page.click("#search-form button[type=submit]"))
    assert len(await card_ids(page)) >= 2
    assert all("503" in error for error in desktop.errors), desktop.errors


async def test_a_session_ended_while_away_says_so_at_the_next_load(desktop: Watched, site: Site) -> None:
    # Logged out from elsewhere (or the password changed) while the tab waited: the next load showed the
    # login with nothing said, as if the page had forgotten the recruiter.
    page = desktop.page
    await searched_then_access_expired(page)
    # Ended from elsewhere (another device, with the token in the body): this browser's cookies stay.
    kept = next(c["value"] for c in await page.context.cookies() if c["name"] == "hr_refresh")
    async with aiohttp.ClientSession() as elsewhere:
        ended = await elsewhere.post(f"{site.url}/api/v1/auth/logout", json={"refresh_token": kept})
        assert ended.status == 204
    await page.reload()
    await page.wait_for_selector("#view-login:not([hidden])")
    assert await page.text_content("#login-error") == "Your session has ended. Log in again."


async def test_an_uploads_row_reads_as_a_sentence(desktop: Watched) -> None:
    # The row ran its parts together: "Parsing failed the PDF is incomplete", "Refused file: empty file",
    # "Parsed already uploadedOpen the candidate", on screen and read aloud.
    page = desktop.page
    await log_in(page)
    await page.click("nav >> text=Upload")
    resume = text_resume("Rhea Rowe", "rhea.rowe@example.com")
    await page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "void.txt", "mimeType": "text/plain", "buffer": b""},
            {"name": "cut.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj"},
            {"name": "rhea.txt", "mimeType": "text/plain", "buffer": resume},
            {"name": "rhea-again.txt", "mimeType": "text/plain", "buffer": resume},
        ],
    )
    rows = {
        name: page.locator(f"[data-upload='{name}'][data-status={status}]")
        for name, status in [
            ("void.txt", "refused"),
            ("cut.pdf", "failed"),
            ("rhea.txt", "completed"),
            ("rhea-again.txt", "completed"),
        ]
    }
    for row in rows.values():
        await row.wait_for(timeout=30_000)
    assert await rows["void.txt"].inner_text() == "void.txt — Refused: empty file"
    assert (await rows["cut.pdf"].inner_text()).startswith("cut.pdf — Parsing failed: the PDF is incomplete")
    assert await rows["rhea.txt"].inner_text() == "rhea.txt — Parsed · Open the candidate"
    assert await rows["rhea-again.txt"].inner_text() == (
        "rhea-again.txt — Parsed: already uploaded · Open the candidate"
    )


async def test_a_candidate_without_a_department_offers_no_department_search(desktop: Watched) -> None:
    # Every candidate's page offered "People of the same department", which for one whose jobs name no
    # department (most parsed resumes) always answered "No candidate matches".
    page = desktop.page
    await log_in(page)
    done = await uploaded(page, "noor.txt", text_resume("Noor Nadeem", "noor.nadeem@example.com"))
    await asyncio.to_thread(indexer, "run", "--until-empty")  # searchable, so the panels answer
    await done.locator("a", has_text="Open the candidate").click()
    await page.locator("[data-colleagues] .further").wait_for(state="attached")  # the panel's answer is in
    assert await page.locator("[data-around=same_department]").count() == 0
    assert desktop.errors == []


async def test_a_candidate_opened_in_a_new_tab_needs_no_second_login(desktop: Watched, site: Site) -> None:
    # Ctrl-click (or a middle click) on a result opened the candidate in a new tab that showed the login form:
    # the login lived in the first tab's sessionStorage, which a new tab does not get.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "kubernetes")
    async with page.context.expect_page() as opened:
        await page.click(
            f"#results [data-candidate-id='{people['alice']}'] h3 a", modifiers=["ControlOrMeta"]
        )
    tab = await opened.value
    await tab.locator(f"[data-candidate-detail='{people['alice']}']").wait_for()
    assert await tab.is_hidden("#view-login")
    # The refresh token is where no script of the page reads it: an HttpOnly cookie for the auth routes.
    cookie = next(c for c in await page.context.cookies() if c["name"] == "hr_refresh")
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Strict", "/api/v1/auth/")
    assert cookie["expires"] == -1  # a session cookie: it ends with the browser
    readable = await tab.evaluate("document.cookie + JSON.stringify({...sessionStorage, ...localStorage})")
    assert cookie["value"] not in readable and "hr_refresh" not in readable

    # Logged out in the new tab, the first one shows nothing of the recruiter's work any more.
    await tab.click("#logout")
    await tab.wait_for_selector("#view-login:not([hidden])")
    await page.wait_for_selector("#view-login:not([hidden])")
    assert await card_ids(page) == []
    assert "kubernetes" not in page.url
    assert desktop.errors == []


async def test_an_employer_asked_leaves_another_with_its_words_as_a_row_of_its_own(desktop: Watched) -> None:
    # "at Acme" lets in Acme's company key, but the page hid every row whose name held the word: "Acme
    # Logistics", another employer the filter leaves out, was nowhere to tick.
    page = desktop.page
    await log_in(page)
    resume = b"""Lara Lindqvist
lara.lindqvist@example.com | +1 (555) 987-6543 | Lisbon, Portugal

EXPERIENCE
Logistics Engineer
Acme Logistics, Lisbon
Jan 2016 - Present
Planned warehouse routes.

SKILLS
SAP, Excel
"""
    await uploaded(page, "lara.txt", resume)
    await asyncio.to_thread(indexer, "run", "--until-empty")
    await page.click("nav >> text=Search")
    await search(page, "engineers at Acme")
    shown = await card_ids(page)
    rows = page.locator("[data-facet=companies] .facet")
    acme = rows.filter(has=page.locator("input[data-control='companies:acme']"))
    assert await acme.locator("input").is_checked()
    logistics = rows.filter(has_text="Acme Logistics")
    assert not await logistics.locator("input").is_checked()
    assert (await logistics.locator(".count").text_content() or "").strip() == "1"
    await searched(page, logistics.locator("input").check())
    assert len(await card_ids(page)) == len(shown) + 1
    assert desktop.errors == []
