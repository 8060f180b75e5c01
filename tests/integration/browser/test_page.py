"""A recruiter's session in Debian's chromium: log in, search, filter, open a candidate, follow a colleague,
upload files and watch them finish, with no console errors, no serious accessibility violations (axe-core),
a layout that fits 375 px, the docs UI, and the page's speed budgets (issue 19, item 5)."""

from __future__ import annotations

import asyncio
import json
import statistics
import uuid
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.async_api import Browser, Page, Response, Route
from redis.asyncio import Redis
from sqlalchemy import text

from app.auth.schemas import RegisterRequest, UserUpdate
from app.auth.service import create_user, update_user
from app.models import Role
from app.search import queries
from tests.integration.browser.conftest import PASSWORD, Site, Watched, log_in, new_page, search, searched
from tests.integration.test_search_api import indexer
from tests.resume_samples import text_resume

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
# Budgets of issue 19 item 5.
FIRST_PAINT_MS = 1000
PAGE_OVERHEAD_MS = 20
ASSETS_GZIP_BYTES = 300 * 1024


async def card_ids(page: Page) -> list[str]:
    return await page.eval_on_selector_all(
        "#results [data-candidate-id]", "els => els.map(e => e.dataset.candidateId)"
    )


async def shoot(page: Page, directory: Path | None, name: str) -> None:
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(directory / f"{name}.png"), full_page=False)


async def test_search_filter_open_and_follow_a_colleague(
    desktop: Watched, site: Site, screenshots_dir: Path | None
) -> None:
    page, people = desktop.page, site.people
    await log_in(page)

    await search(page, "engineers with kubernetes in Berlin")
    chips = await page.eval_on_selector_all("#chips [data-chip]", "els => els.map(e => e.textContent)")
    assert any("skill:" in c and "Kubernetes" in c for c in chips), chips
    assert any("place:" in c and "Berlin" in c for c in chips), chips
    # Kubernetes ranks, it filters no one out: Erin, an engineer in Berlin without it, comes after Alice.
    assert await card_ids(page) == [people["alice"], people["erin"]]
    alice = page.locator(f"#results [data-candidate-id='{people['alice']}']")
    assert await alice.locator(".skill.matched").all_text_contents() == ["has Kubernetes"]
    assert await alice.locator(".reasons li").count() > 0

    # The place was not meant: remove its chip, Munich's Bob comes in.
    await searched(page, page.click("[data-chip=place] button"))
    assert people["bob"] in await card_ids(page)
    assert await page.locator("[data-chip=place]").count() == 0
    await shoot(page, screenshots_dir, "1-search")

    # Keyboard: / focuses the search box, arrows walk the results.
    await page.click("#results-title")
    await page.keyboard.press("/")
    assert await page.evaluate("document.activeElement.name") == "q"
    await page.keyboard.press("ArrowDown")
    first = await page.evaluate("document.activeElement.closest('[data-candidate-id]')?.dataset.candidateId")
    await page.keyboard.press("ArrowDown")
    second = await page.evaluate("document.activeElement.closest('[data-candidate-id]')?.dataset.candidateId")
    assert [first, second] == (await card_ids(page))[:2]

    # Fewer matches than a total counts: the filters' counts are exact and say nothing more.
    assert await page.locator("#facets-sample").count() == 0

    # A facet: Java among the skills, with its count; ticking it leaves the Java people.
    java = page.locator("[data-facet=skills] .facet", has_text="Java").first
    assert (await java.locator(".count").text_content() or "").strip() == "1"
    await searched(page, java.locator("input").check())
    assert await card_ids(page) == [people["bob"]]
    assert await page.locator("[data-chip=must-have]", has_text="Java").count() == 1

    # Open Bob: his timeline, and his colleagues with the months they worked together.
    await page.click(f"#results [data-candidate-id='{people['bob']}'] h3 a")
    detail = page.locator(f"[data-candidate-detail='{people['bob']}']")
    await detail.wait_for()
    assert await detail.locator("[data-timeline] li").count() == 2
    # His Globex job was for a client: the timeline names it beside the employer, not as it.
    globex = detail.locator("[data-timeline] li", has_text="Globex")
    assert "for Northwind Bank" in (await globex.locator(".when").text_content() or "")
    colleague = detail.locator(f"[data-colleagues] [data-candidate-id='{people['alice']}']")
    await colleague.wait_for()
    # Where they were together, as Alice's job names the firm (Bob's says "ACME Corporation").
    assert "36 months together at Acme Corp" in (await colleague.text_content() or "")
    await detail.locator("[data-similar] > div:not([aria-busy])").wait_for()  # the panel answered
    await shoot(page, screenshots_dir, "2-candidate")

    # Follow the colleague link: Alice's page, where Bob is a colleague in turn.
    await colleague.locator("a").click()
    alice_detail = page.locator(f"[data-candidate-detail='{people['alice']}']")
    await alice_detail.wait_for()
    await alice_detail.locator(f"[data-colleagues] [data-candidate-id='{people['bob']}']").wait_for()
    assert page.url.endswith(f"#/candidates/{people['alice']}")

    assert desktop.errors == []


async def test_the_keyboard_keeps_its_place_after_a_filter_or_a_chip(desktop: Watched, site: Site) -> None:
    # The filters and chips are drawn anew with each answer: a filter ticked with the space bar, or a chip
    # removed with Enter, left the focus on nothing, and the next Tab started again at the top of the page.
    page = desktop.page
    await log_in(page)
    await search(page, "engineers with kubernetes in Berlin")
    place = page.locator("[data-chip=place] button")
    await place.focus()
    await searched(page, page.keyboard.press("Enter"))
    assert await page.locator("[data-chip=place]").count() == 0
    # The chip that took the removed one's place (Kubernetes's, the last) has it.
    label = "document.activeElement.getAttribute('aria-label')"
    assert await page.evaluate(label) == "Remove skill Kubernetes"

    # Without the place, Bob's Java is among the filters.
    java = page.locator("[data-facet=skills] .facet", has_text="Java").first.locator("input")
    await java.focus()
    await searched(page, page.keyboard.press("Space"))
    assert await page.evaluate("document.activeElement.dataset.control") == "skills:java"
    assert await page.evaluate("document.activeElement.checked")
    assert desktop.errors == []


async def test_back_from_a_candidate_the_keyboard_is_on_their_card(desktop: Watched, site: Site) -> None:
    # Back from a candidate's page the focus was on nothing: a keyboard user started again at the top of
    # the page, past the header, the search box and every filter, to reach the next result.
    page = desktop.page
    await log_in(page)
    await search(page, "kubernetes")
    await page.focus("input[name=q]")
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("ArrowDown")
    second = (await card_ids(page))[1]
    await page.keyboard.press("Enter")
    await page.locator(f"[data-candidate-detail='{second}']").wait_for()
    await page.click("text=← Back to results")
    await page.wait_for_selector("#view-search:not([hidden])")
    on = "document.activeElement.closest('[data-candidate-id]')?.dataset.candidateId"
    assert await page.evaluate(on) == second

    # From a candidate's page, / is the search box, as its hint says, not the card.
    await page.keyboard.press("Enter")
    await page.locator(f"[data-candidate-detail='{second}']").wait_for()
    await page.keyboard.press("/")
    await page.wait_for_selector("#view-search:not([hidden])")
    assert await page.evaluate("document.activeElement.name") == "q"
    assert desktop.errors == []


async def test_filters_say_when_they_count_only_the_best_matches(
    desktop: Watched, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Facets count the best FACET_SAMPLE matches when more match: at 2, a search of three engineers says so.
    monkeypatch.setattr(queries, "FACET_SAMPLE", 2)
    page = desktop.page
    await log_in(page)
    await search(page, "software engineers")
    assert len(await card_ids(page)) > 2
    assert await page.text_content("#facets-sample") == "Counts among the best 2 matches."
    assert desktop.errors == []


async def test_upload_files_and_watch_them_finish(
    desktop: Watched, site: Site, screenshots_dir: Path | None
) -> None:
    page = desktop.page
    await log_in(page)
    await page.click("nav >> text=Upload")
    resume = text_resume("Uma Upload", "uma.upload@example.com")
    await page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "uma.txt", "mimeType": "text/plain", "buffer": resume},
            {"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64},
        ],
    )
    refused = page.locator("[data-upload='photo.png'][data-status=refused]")
    await refused.wait_for()
    assert "not a PDF, DOCX or plain-text" in (await refused.text_content() or "")
    done = page.locator("[data-upload='uma.txt'][data-status=completed]")
    await done.wait_for(timeout=30_000)
    await shoot(page, screenshots_dir, "3-upload")

    # Indexed, so the candidate's page finds colleagues and similar people; then the original file.
    await asyncio.to_thread(indexer, "run", "--until-empty")
    await done.locator("a", has_text="Open the candidate").click()
    await page.locator("[data-candidate-detail]").wait_for()
    assert await page.locator("[data-candidate-detail] h1").text_content() == "Uma Upload"
    button = page.locator("[data-download]")
    async with page.expect_download() as download_info:
        await button.click()
    download = await download_info.value
    assert download.suggested_filename == "uma.txt"
    assert Path(await download.path()).read_bytes() == resume
    # The refused file's 415 is the only error the browser reported.
    assert all("415" in error for error in desktop.errors), desktop.errors


async def axe_violations(page: Page) -> list[dict[str, object]]:
    """Serious and critical axe-core violations of what is on the page now."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    found = await page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


async def fits(page: Page, width: int) -> bool:
    return await page.evaluate(f"document.documentElement.scrollWidth <= {width}")


async def test_accessible_and_usable_at_375_px(
    phone: Watched, site: Site, screenshots_dir: Path | None
) -> None:
    page = phone.page
    await page.goto("/")
    await page.wait_for_selector("#view-login:not([hidden])")
    assert await axe_violations(page) == []
    await shoot(page, screenshots_dir, "0-login")
    await log_in(page)
    await search(page, "kubernetes")
    assert len(await card_ids(page)) >= 2
    assert await fits(page, 375)
    assert await axe_violations(page) == []
    await shoot(page, screenshots_dir, "5-search-375px")
    await page.click(f"#results [data-candidate-id='{site.people['bob']}'] h3 a")
    await page.locator("[data-colleagues] [data-candidate-id]").first.wait_for()
    assert await fits(page, 375)
    assert await axe_violations(page) == []
    await page.click("nav >> text=Upload")
    assert await axe_violations(page) == []
    assert phone.errors == []


async def test_what_the_search_leaves_out_is_said_under_the_chips(desktop: Watched) -> None:
    # "without Java" was dropped from the search without a word: the chips showed "engineers" alone, as if
    # Java had not been read at all.
    page = desktop.page
    await log_in(page)
    await search(page, "software engineers without Java")
    said = await page.text_content("#not-searched")
    assert said == "Not searched: “without Java” (a search cannot exclude)."
    assert desktop.errors == []


async def test_long_words_the_search_understood_fit_375_px(phone: Watched, site: Site) -> None:
    # A chip is as wide as its words: a pasted URL or a long unbroken word pushed the page wider than a
    # phone, to be scrolled sideways.
    page = phone.page
    await log_in(page)
    await search(page, "KubernetesOperatorForPostgresClustersWithBackupsAndFailover")
    words = page.locator("[data-chip=words]")
    assert "kubernetesoperator" in (await words.text_content() or "")
    assert await fits(page, 375)
    assert phone.errors == []


async def test_a_signed_in_user_changes_their_own_password(phone: Watched, site: Site) -> None:
    # The API had POST /api/v1/auth/password, the page no way to reach it. A user of this test's own, so
    # the other tests' login and its attempt counts stay as they were.
    old, new = "the old password here", "a brand new password"
    request = RegisterRequest(email="pat@example.com", username="pat", password=old, role=Role.VIEWER)
    await create_user(site.sessions, request, actor="test")
    page = phone.page
    await log_in(page, "pat", old)
    await page.click("nav >> text=Password")
    await page.wait_for_selector("#view-password:not([hidden]) #password-current:focus")
    assert await fits(page, 375)
    assert await axe_violations(page) == []

    async def submit(current: str, fresh: str, repeat: str | None = None) -> str:
        """Fill the form, send it, and read what the page says (an error or that it is done)."""
        await page.fill("#password-current", current)
        await page.fill("#password-new", fresh)
        await page.fill("#password-repeat", fresh if repeat is None else repeat)
        await page.click("#password-form button[type=submit]")
        said = page.locator("#password-error:not(:empty), #password-done:not(:empty)")
        await said.wait_for()
        return (await said.text_content()) or ""

    # The API's own words for what it refuses, naming the field; the repetition is checked in the page.
    assert await submit("not my password", new) == "current_password: wrong password"
    assert await submit(old, "too short") == "new_password: String should have at least 12 characters"
    assert await submit(old, new, "a brand new passwort") == "The new password and its repetition differ."
    assert await submit(old, new) == "Password changed. Your other sessions have ended."
    assert await page.input_value("#password-current") == ""
    # This tab carries on with the fresh tokens; the next login takes the new password only.
    await page.click("nav >> text=Search")
    await search(page, "kubernetes")
    await page.click("#logout")
    await page.wait_for_selector("#view-login:not([hidden])")
    await page.fill("input[name=username]", "pat")
    await page.fill("input[name=password]", old)
    await page.press("input[name=password]", "Enter")
    refused = page.locator("#login-error:not(:empty)")
    await refused.wait_for()
    assert await refused.text_content() == "Wrong username or password."
    await log_in(page, "pat", new)
    # The wrong current password and the wrong login were 422 and 401 answers, which the browser reports.
    assert all("422" in error or "401" in error for error in phone.errors), phone.errors


async def test_a_session_that_ends_mid_search_returns_to_the_login_and_says_why(
    desktop: Watched, site: Site
) -> None:
    # An admin deactivated the account (its refresh and access tokens die at once): the next search
    # showed the login with nothing said, and after logging in again "Search failed: token revoked" still
    # stood above the results.
    request = RegisterRequest(
        email="quinn@example.com", username="quinn", password=PASSWORD, role=Role.VIEWER
    )
    user = await create_user(site.sessions, request, actor="test")
    page = desktop.page
    await log_in(page, "quinn", PASSWORD)
    await search(page, "kubernetes")
    redis = Redis.from_url(site.settings.redis_url)
    try:
        await update_user(site.sessions, redis, site.settings, user.id, UserUpdate(is_active=False), "test")
        await page.select_option("#sort", "experience_desc")
        await page.wait_for_selector("#view-login:not([hidden])")
        assert await page.text_content("#login-error") == "Your session has ended. Log in again."
        await update_user(site.sessions, redis, site.settings, user.id, UserUpdate(is_active=True), "test")
    finally:
        await redis.aclose()
    await page.fill("input[name=username]", "quinn")
    await page.fill("input[name=password]", PASSWORD)
    await page.press("input[name=password]", "Enter")
    # Back where they were: their results, and no stale error above them.
    await page.wait_for_selector("#view-search:not([hidden])")
    assert await page.input_value("input[name=q]") == "kubernetes"
    assert len(await card_ids(page)) >= 2
    assert await page.text_content("#search-error") == ""
    # The refused search and refresh were 401 answers, which the browser reports.
    assert all("401" in error for error in desktop.errors), desktop.errors


async def test_a_deleted_candidate_says_so_in_the_tab_and_takes_the_focus(
    desktop: Watched, site: Site
) -> None:
    # A link to a candidate deleted since (404) kept the tab titled with the candidate shown before, and
    # the focus where it was, so a screen reader user heard nothing of the page that replaced it.
    page = desktop.page
    await log_in(page)
    await page.goto(f"/#/candidates/{site.people['bob']}")
    await page.locator(f"[data-candidate-detail='{site.people['bob']}']").wait_for()
    assert (await page.title()).startswith("Bob")
    gone = uuid.uuid4()
    await page.goto(f"/#/candidates/{gone}")
    heading = page.locator("#view-candidate h1", has_text="Candidate not available")
    await heading.wait_for()
    assert await page.title() == "Candidate not available · HR Resume Search"
    assert await page.evaluate("document.activeElement.textContent") == "Candidate not available"
    assert await page.text_content("#view-candidate .error") == f"no candidate with id {gone}"
    assert all("404" in error for error in desktop.errors), desktop.errors


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        # The API's own 503 (the search engine restarting): its words, and when to try again.
        (
            {
                "error": {
                    "code": "service_unavailable",
                    "message": "the search engine is unavailable; try again shortly",
                    "details": None,
                }
            },
            "Search failed: the search engine is unavailable; try again shortly (try again in 5 seconds)",
        ),
        # A proxy's 503 in front of an API that is starting: no JSON body, the Retry-After alone.
        (None, "Search failed: the service is unavailable (starting or overloaded) (try again in 5 seconds)"),
    ],
)
async def test_a_503_says_when_to_try_again(
    desktop: Watched, site: Site, body: dict | None, shown: str
) -> None:
    # The API sends Retry-After with every 503 (a service starting, down or busy); the page dropped it and
    # said "Search failed: the API answered 503" or "... try again shortly", never when.
    page = desktop.page
    await log_in(page)
    await page.route(
        "**/api/v1/search/*",
        lambda route: route.fulfill(
            status=503,
            headers={"Retry-After": "5"},
            content_type="application/json" if body else "text/html",
            body=json.dumps(body) if body else "<html>Service Unavailable</html>",
        ),
    )
    await page.fill("input[name=q]", "kubernetes")
    await page.press("input[name=q]", "Enter")
    await page.wait_for_selector("#search-error:not(:empty)")
    assert await page.text_content("#search-error") == shown
    assert all("503" in error for error in desktop.errors), desktop.errors


async def test_docs_ui_shows_the_openapi_document(desktop: Watched, screenshots_dir: Path | None) -> None:
    page = desktop.page
    await page.goto("/api/v1/docs")
    await page.locator(".opblock-summary-path", has_text="/api/v1/search/smart").first.wait_for()
    assert await page.locator(".opblock").count() > 20
    await shoot(page, screenshots_dir, "4-api-docs")
    assert desktop.errors == []


# Its budgets are times: beside the other xdist workers' tests the page's overhead read 23 ms against 20
# (CI on 0e59267), so it runs alone, after the parallel part (README, Tests).
@pytest.mark.alone
async def test_fast_first_paint_small_assets_and_thin_round_trips(
    browser: Browser, site: Site, screenshots_dir: Path | None
) -> None:
    context, watched = await new_page(browser, site)
    page = watched.page
    try:
        # Cold: nothing cached. What the browser downloaded of the page's own files, compressed.
        await page.goto("/")
        await page.wait_for_selector("html[data-ready=true]")
        cold_paint = await page.evaluate(
            "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
        )
        assets = await page.evaluate(
            """() => [performance.getEntriesByType('navigation')[0],
                      ...performance.getEntriesByType('resource').filter(e => e.name.includes('/static/'))]
                     .reduce((sum, e) => sum + e.encodedBodySize, 0)"""
        )
        await log_in(page)
        # Warm: the search page reloaded with a search in its address, as a recruiter comes back to it.
        await page.goto("/#/search?q=python%20kubernetes")
        await page.reload()
        await page.wait_for_selector("#results[data-searches]")
        search_paint = await page.evaluate(
            "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
        )
        results_at = await page.evaluate("performance.getEntriesByName('hr:search-end')[0].startTime")

        # The page's own share of a search: from the click to the rendered results, minus the request.
        overheads, api_times = [], []
        for sort in ["experience_desc", "experience_asc", "updated_desc", "relevance"] * 2:
            await searched(page, page.select_option("#sort", sort))
            measured = await page.evaluate(
                """() => {
                    const total = performance.getEntriesByName('hr:search').at(-1).duration;
                    const call = performance.getEntriesByType('resource')
                        .filter(e => e.name.endsWith('/api/v1/search/candidates')).at(-1);
                    return [total, call.responseEnd - call.startTime];
                }"""
            )
            overheads.append(measured[0] - measured[1])
            api_times.append(measured[1])
        figures = {
            "first_contentful_paint_cold_ms": round(cold_paint, 1),
            "first_contentful_paint_search_page_ms": round(search_paint, 1),
            "search_page_results_rendered_ms": round(results_at, 1),
            "search_round_trip_page_overhead_median_ms": round(statistics.median(overheads), 2),
            "search_round_trip_page_overhead_max_ms": round(max(overheads), 2),
            "search_request_median_ms": round(statistics.median(api_times), 2),
            "page_assets_gzip_bytes": assets,
        }
        print(json.dumps(figures, indent=2))
        if screenshots_dir is not None:
            screenshots_dir.mkdir(parents=True, exist_ok=True)
            (screenshots_dir / "timings.json").write_text(json.dumps(figures, indent=2) + "\n")
        assert cold_paint is not None and cold_paint < FIRST_PAINT_MS, figures
        assert search_paint is not None and search_paint < FIRST_PAINT_MS, figures
        assert statistics.median(overheads) < PAGE_OVERHEAD_MS, figures
        assert 0 < assets < ASSETS_GZIP_BYTES, figures
        assert watched.errors == []
    finally:
        await context.close()


pytestmark = pytest.mark.integration


async def history_rows(site: Site) -> int:
    async with site.sessions() as session:
        return int(await session.scalar(text("SELECT count(*) FROM search_history")) or 0)


async def test_a_candidates_own_panels_are_no_searches_of_the_recruiters_history(
    desktop: Watched, site: Site
) -> None:
    # Opening a candidate looks up their colleagues and similar candidates by itself: each look-up was an
    # entry of the recruiter's search history (the page's list hid them; the API's and the MCP's did not).
    page = desktop.page
    await log_in(page)
    before = await history_rows(site)
    await page.goto(f"/#/candidates/{site.people['bob']}")
    detail = page.locator(f"[data-candidate-detail='{site.people['bob']}']")
    await detail.locator(f"[data-colleagues] [data-candidate-id='{site.people['alice']}']").wait_for()
    await detail.locator("[data-similar] > div:not([aria-busy])").wait_for()  # the panel answered
    await asyncio.sleep(1.0)  # history is written after the response
    assert await history_rows(site) == before
    assert desktop.errors == []


async def test_a_search_text_over_the_limit_is_explained_on_the_page(desktop: Watched, site: Site) -> None:
    # 600 characters went to the API, whose 422 ("query: ...") read as the page's failure.
    page = desktop.page
    await log_in(page)
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if "/search/" in request.url else None)
    await page.fill("input[name=q]", "python engineer " * 40)  # 640 characters, 639 once trimmed
    await page.press("input[name=q]", "Enter")
    await page.wait_for_selector("#search-error:not(:empty)")
    said = await page.text_content("#search-error") or ""
    assert "639 characters" in said and "500 at most" in said, said
    assert sent == []
    # Shortened, it searches.
    await search(page, "python engineer")
    assert desktop.errors == []


async def test_a_reload_keeps_the_notes_on_how_the_text_was_understood(desktop: Watched) -> None:
    # After an edit (here the sort) and a reload, the results came back without "Understood by…" and
    # without "Not searched: …": the address kept the request, not how the text had been read.
    page = desktop.page
    await log_in(page)
    await search(page, "software engineers without Java")
    await searched(page, page.select_option("#sort", "experience_desc"))
    await page.reload()
    await page.wait_for_selector("#results[data-searches='1']")
    notes = await page.locator("#chips .hint").all_text_contents()
    assert notes == [
        "Not searched: “without Java” (a search cannot exclude).",
        "Understood by the offline rules.",
    ]
    assert await page.input_value("#sort") == "experience_desc"
    assert desktop.errors == []


async def test_a_file_uploaded_again_while_parsed_still_says_so_when_done(desktop: Watched) -> None:
    # The same resume twice in one go: the second row said "already uploaded" while the first was parsed,
    # then only "Parsed", as if it had been a new candidate.
    page = desktop.page
    await log_in(page)
    await page.click("nav >> text=Upload")
    resume = text_resume("Tess Twice", "tess.twice@example.com")
    answers: list[dict[str, object]] = []

    async def on_response(response: Response) -> None:
        if response.url.endswith("/api/v1/resumes/upload"):
            answers.append(await response.json())

    page.on("response", on_response)
    await page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "tess.txt", "mimeType": "text/plain", "buffer": resume},
            {"name": "tess-again.txt", "mimeType": "text/plain", "buffer": resume},
        ],
    )
    again = page.locator("[data-upload='tess-again.txt'][data-status=completed]")
    await again.wait_for(timeout=30_000)
    await page.locator("[data-upload='tess.txt'][data-status=completed]").wait_for(timeout=30_000)
    # The API knew the second for the first (answered, in practice, while the worker parsed it).
    assert [bool(answer.get("duplicate")) for answer in answers] == [False, True]
    assert "already uploaded" in (await again.text_content() or "")
    assert await again.locator("a", has_text="Open the candidate").count() == 1
    assert desktop.errors == []


async def test_a_reload_during_the_loads_own_refresh_keeps_the_login(desktop: Watched) -> None:
    # Every load refreshed the tokens; reloading again before that answer came lost the new pair, and the
    # next load's refresh presented the used token: the API's reuse detection ended the login.
    page = desktop.page
    await log_in(page)
    await search(page, "kubernetes")

    async def lose(route: Route) -> None:
        await route.fetch()  # the API rotates the refresh token; the reload cuts the answer off
        await route.abort()

    await page.route("**/api/v1/auth/refresh", lose)
    await page.reload()
    await page.wait_for_timeout(1000)  # the load's refresh, if it makes one, is answered and cut off
    await page.unroute("**/api/v1/auth/refresh")
    await page.reload()
    await page.wait_for_selector("#results[data-searches='1'], #view-login:not([hidden])")
    assert await page.is_hidden("#view-login"), await page.text_content("#login-error")
    assert len(await card_ids(page)) >= 2
    assert desktop.errors == []


async def test_a_search_in_flight_shows_it_and_a_candidates_panels_speak_apart(
    desktop: Watched, site: Site
) -> None:
    # A slow search showed nothing (only the list was marked busy, which nobody sees), and the candidate view
    # was one live region: a screen reader read the record, the colleagues and similar candidates at once.
    page, people = desktop.page, site.people
    await log_in(page)
    release = asyncio.Event()

    async def held(route: Route) -> None:
        await release.wait()
        await route.continue_()

    await page.route("**/api/v1/search/smart", held)
    await page.fill("input[name=q]", "engineers in Berlin")
    await page.press("input[name=q]", "Enter")
    busy = page.locator("#search-busy")
    await busy.filter(has_text="Searching…").wait_for()
    assert await busy.is_visible() and await busy.get_attribute("role") == "status"
    assert await page.get_attribute("#results", "aria-busy") == "true"

    async def let_go() -> None:
        release.set()

    await searched(page, let_go())
    assert not await busy.is_visible() and await busy.text_content() == ""
    assert await page.get_attribute("#results", "aria-busy") is None
    await page.unroute("**/api/v1/search/smart")

    await page.click(f"#results [data-candidate-id='{people['alice']}'] h3 a")
    detail = page.locator(f"[data-candidate-detail='{people['alice']}']")
    await detail.wait_for()
    assert await page.get_attribute("#view-candidate", "aria-live") is None
    panels = detail.locator("[data-colleagues] > div, [data-similar] > div")
    assert await panels.count() == 2
    await detail.locator("[data-colleagues] > div:not([aria-busy])").wait_for()
    await detail.locator("[data-similar] > div:not([aria-busy])").wait_for()
    said = await detail.locator("[role=status]").all_text_contents()
    assert len(said) == 2 and said[0].endswith(" found.") and said[1].endswith(" found."), said
    assert await detail.locator("[aria-live]").count() == 0  # only the two status lines speak
    assert desktop.errors == []
