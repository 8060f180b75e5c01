"""What the page's chips and filters say against what the search does: a ticked box is a skill, place or
employer every result has; a skill the text named ranks the results and is shown as its chip; removing a
chip or unticking a box sends the search without it."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from playwright.async_api import Locator, Page, expect

from tests.integration.browser.conftest import Site, Watched, log_in, search, searched


async def card_ids(page: Page) -> list[str]:
    return await page.eval_on_selector_all(
        "#results [data-candidate-id]", "els => els.map(e => e.dataset.candidateId)"
    )


async def berlin_without_words(page: Page) -> Locator:
    """Logged in, the people in Berlin, the words' chip removed (nothing ranks them): Acme Corp's row."""
    await log_in(page)
    await search(page, "engineers in Berlin")
    await searched(page, page.click("[data-chip=words] button"))
    return page.locator("[data-facet=companies] .facet").filter(has_text="Acme Corp").first


def skill_box(page: Page, skill: str) -> Locator:
    return page.locator("[data-facet=skills] .facet", has_text=skill).first.locator("input")


async def test_a_ticked_skill_filters_alone_and_a_named_one_only_ranks(desktop: Watched, site: Site) -> None:
    # "kubernetes" in the text ranks: Erin, without it, is a result, and its box is not ticked (it was,
    # claiming a filter the search did not apply). Ticking C++ asked for C++ and sent every asked skill as
    # a filter, Kubernetes too: nobody had both, so the page said no candidate matched.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers with kubernetes in Berlin")
    assert await card_ids(page) == [people["alice"], people["erin"]]
    assert await page.locator("[data-chip=skill]", has_text="Kubernetes").count() == 1
    assert not await skill_box(page, "Kubernetes").is_checked()

    await searched(page, skill_box(page, "C++").check())
    assert await card_ids(page) == [people["erin"]]
    assert await skill_box(page, "C++").is_checked()
    erin = page.locator(f"#results [data-candidate-id='{people['erin']}']")
    assert await erin.locator(".skill.matched").all_text_contents() == ["has C++"]
    assert await erin.locator(".skill.missing").all_text_contents() == ["lacks Kubernetes"]

    # Its chip says it must be there; removing the chip unticks the box and lets Alice back in.
    await searched(page, page.click("[data-chip=must-have] button"))
    assert await card_ids(page) == [people["alice"], people["erin"]]
    assert not await skill_box(page, "C++").is_checked()
    assert desktop.errors == []


async def test_an_experience_band_lets_in_the_candidates_its_count_says(desktop: Watched, site: Site) -> None:
    # The band "5-10" counted 5 up to under 10 years, but ticking it asked for 5 to 10: Erin's 10 years
    # came in beside Alice's 8, two results under a count of one.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers in Berlin")
    band = page.locator("[data-facet=experience] .facet", has_text="5-10")
    assert (await band.locator(".count").text_content() or "").strip() == "1"
    await searched(page, band.locator("input").check())
    assert await card_ids(page) == [people["alice"]]
    assert await page.text_content("#results-title") == "1 candidate"
    ten_plus = page.locator("[data-facet=experience] .facet", has_text="10+")
    await searched(page, ten_plus.locator("input").check())
    assert await card_ids(page) == [people["erin"]]
    assert desktop.errors == []


async def test_years_asked_as_no_band_are_a_ticked_row_of_their_own(desktop: Watched, site: Site) -> None:
    # "5+ years" filters, but the experience facet had no box ticked (5+ is no band), as if the search let
    # in any experience.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers in Berlin, 5+ years")
    radios = page.locator("[data-facet=experience] input")
    ticked = await radios.evaluate_all("rs => rs.filter(r => r.checked).map(r => r.labels[0].textContent)")
    assert ticked == ["5+"]
    assert sorted(await card_ids(page)) == sorted([people["alice"], people["erin"]])
    # "Any" lets in every experience again, and the chip goes.
    any_band = page.locator("[data-facet=experience] .facet", has_text="Any").locator("input")
    await searched(page, any_band.check())
    assert await page.locator("[data-chip=years]").count() == 0
    assert desktop.errors == []


async def test_a_place_asked_in_other_words_counts_the_places_it_holds(desktop: Watched, site: Site) -> None:
    # "in Berlin" filters by the words: everyone in "Berlin, Germany" is in. The filters showed "Berlin"
    # ticked without a count above an unticked "Berlin, Germany 2", as if those two were left out.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers in Berlin")
    rows = page.locator("[data-facet=locations] .facet")
    # The other places stay, unticked, as alternatives with their own counts.
    assert await rows.all_text_contents() == ["Berlin2", "Hamburg, Germany1", "Munich, Germany1"]
    ticked = await rows.locator("input").evaluate_all("boxes => boxes.map(b => b.checked)")
    assert ticked == [True, False, False]
    await searched(page, rows.first.locator("input").uncheck())
    assert people["dave"] in await card_ids(page)
    assert await page.locator("[data-chip=place]").count() == 0
    assert desktop.errors == []


async def test_a_place_asked_by_another_name_holds_the_rows_its_filter_lets_in(
    desktop: Watched, site: Site
) -> None:
    # The rows a ticked place holds were told by the names' words: "München" let in Bob of "Munich, Germany"
    # (the filter reads a large city by all its names), yet "Munich, Germany 1" stood unticked beside it as if
    # left out; "York" hid "New York, ..." without a word. The filtered search's own rows say what it holds.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers in München")
    assert await card_ids(page) == [people["bob"]]
    rows = page.locator("[data-facet=locations] .facet")
    assert await rows.all_text_contents() == ["München1", "Berlin, Germany2", "Hamburg, Germany1"]
    ticked = await rows.locator("input").evaluate_all("boxes => boxes.map(b => b.checked)")
    assert ticked == [True, False, False]
    held = page.locator("[data-facet=locations] #facet-locations-within")
    assert await held.text_content() == "München takes in Munich, Germany (1)"
    described = await rows.first.locator("input").get_attribute("aria-describedby")
    assert "facet-locations-within" in (described or "")
    assert desktop.errors == []


async def test_a_filter_the_api_did_not_answer_is_not_left_ticked(desktop: Watched, site: Site) -> None:
    # A search that failed after a box was ticked left it ticked, with its chip, over the results of the
    # search before it: the page said C++ was a filter of results without C++.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers in Berlin")
    before = await card_ids(page)
    await page.route("**/api/v1/search/candidates", lambda route: route.abort())
    await skill_box(page, "C++").check()
    await page.wait_for_selector("#search-error:not(:empty)")
    assert await page.text_content("#search-error") == (
        "Search failed: the API did not answer. The results below are those of the search before."
    )
    assert await card_ids(page) == before
    assert not await skill_box(page, "C++").is_checked()
    assert await page.locator("[data-chip=must-have]").count() == 0
    await page.select_option("#sort", "experience_desc")
    await page.wait_for_selector("#results:not([aria-busy])")
    assert await page.input_value("#sort") == "relevance"

    # The API answers again: the same tick filters.
    await page.unroute("**/api/v1/search/candidates")
    await searched(page, skill_box(page, "C++").check())
    assert await card_ids(page) == [people["erin"]]


async def test_a_search_that_fails_says_the_results_shown_are_the_search_befores(
    desktop: Watched, site: Site
) -> None:
    # A new search that failed (the API down, a 500) left the results of the one before under "Search
    # failed", as they were: a recruiter reading on took them for the answer to what they had just typed.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers in Berlin")
    assert sorted(await card_ids(page)) == sorted([people["alice"], people["erin"]])
    error = {"code": "internal_error", "message": "internal error", "details": None}
    await page.route("**/api/v1/search/smart", lambda route: route.fulfill(status=500, json={"error": error}))
    await page.fill("input[name=q]", "designers in Hamburg")
    await page.press("input[name=q]", "Enter")
    await page.wait_for_selector("#search-error:not(:empty)")
    assert await page.text_content("#search-error") == (
        "Search failed: internal error. The results below are those of the search before."
    )
    assert await page.text_content("#results-title") == "Earlier results: 2 candidates"
    assert await page.get_attribute("#results", "data-stale") == ""

    # The API answers again: this search's results, no longer marked.
    await page.unroute("**/api/v1/search/smart")
    await searched(page, page.press("input[name=q]", "Enter"))
    assert await page.get_attribute("#results", "data-stale") is None
    assert not (await page.text_content("#results-title") or "").startswith("Earlier")
    assert all("500" in e for e in desktop.errors), desktop.errors


async def test_an_employer_lets_in_the_candidates_its_count_says(desktop: Watched, site: Site) -> None:
    # The companies facet counted current employers, but ticking one lets in whoever worked there, now or
    # before: "Acme Corp 1" (Alice), then Carol too, who had worked there before. One row per company key,
    # named as most of its jobs write it: Erin's "Acme Inc." is the same employer and counted in it.
    page, people = desktop.page, site.people
    acme = await berlin_without_words(page)
    assert (await acme.locator("label").text_content()) == "Acme Corp"
    assert (await acme.locator(".count").text_content() or "").strip() == "3"
    await searched(page, acme.locator("input").check())
    assert sorted(await card_ids(page)) == sorted([people["alice"], people["carol"], people["erin"]])
    assert desktop.errors == []


async def test_without_words_the_skill_chips_and_boxes_say_that_skills_filter(
    desktop: Watched, site: Site
) -> None:
    # With the words' chip removed no text names Kubernetes any more, so the search lets in only those
    # with it (Erin leaves), while its box stayed unticked and its chip said it only ranked.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers with kubernetes in Berlin")
    await searched(page, page.click("[data-chip=words] button"))
    assert await card_ids(page) == [people["alice"]]
    assert await skill_box(page, "Kubernetes").is_checked()
    assert await page.locator("[data-chip=must-have]", has_text="Kubernetes").count() == 1
    # Unticked, it is asked no more: everyone in Berlin.
    await searched(page, skill_box(page, "Kubernetes").uncheck())
    assert sorted(await card_ids(page)) == sorted(people[p] for p in ("alice", "carol", "erin"))
    assert await page.locator("[data-chip=must-have], [data-chip=skill]").count() == 0
    assert desktop.errors == []


async def test_a_search_by_email_address_keeps_it_when_a_filter_is_ticked(
    desktop: Watched, site: Site
) -> None:
    # The address found Alice alone, but no chip showed it and a filter ticked then searched without it:
    # her "Berlin, Germany 1" let in three.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers alice@example.com")
    assert await card_ids(page) == [people["alice"]]
    assert await page.locator("[data-chip=email]", has_text="alice@example.com").count() == 1
    berlin = page.locator("[data-facet=locations] .facet", has_text="Berlin").first
    await searched(page, berlin.locator("input").check())
    assert await card_ids(page) == [people["alice"]]
    # Its chip removed, the address is asked no more: the engineers in Berlin.
    await searched(page, page.click("[data-chip=email] button"))
    assert sorted(await card_ids(page)) == sorted([people["alice"], people["erin"]])
    assert desktop.errors == []


async def test_an_employer_asked_in_other_words_counts_whoever_it_lets_in(
    desktop: Watched, site: Site
) -> None:
    # "at Acme" lets in whoever worked at a company with that word: the filters showed "Acme" ticked without a
    # count above unticked "Acme Corp 1" and "Acme Inc. 1", as if those were left out.
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers at Acme")
    assert await page.locator("[data-chip=company]", has_text="Acme").count() == 1
    shown = await card_ids(page)
    rows = page.locator("[data-facet=companies] .facet")
    acme = rows.filter(has_text="Acme").first
    assert (await acme.locator("label").text_content()) == "Acme"
    assert await acme.locator("input").is_checked()
    assert (await acme.locator(".count").text_content() or "").strip() == str(len(shown))
    assert not any(label.startswith("Acme ") for label in await rows.locator("label").all_text_contents())
    assert people["alice"] in shown
    assert desktop.errors == []


async def test_an_employer_asked_in_another_spelling_is_one_ticked_row(desktop: Watched, site: Site) -> None:
    # The filter lets in an employer by its company key, but the page hid the rows it took in by their words:
    # with Bob's "ACME Corporation" asked (a link, a recent search), "Acme Corp 4", the same employer and the
    # same four people, stayed beside it as an unticked row, as if ticking it would let in more.
    page, people = desktop.page, site.people
    await log_in(page)
    kept = json.dumps({"search_type": "skills_match", "companies": ["ACME Corporation"]})
    await searched(page, page.goto("/#/search?" + urlencode({"r": kept})))
    assert sorted(await card_ids(page)) == sorted(people[p] for p in ("alice", "bob", "carol", "erin"))
    rows = page.locator("[data-facet=companies] .facet")
    labels = await rows.locator("label").all_text_contents()
    assert [label for label in labels if "acme" in label.lower()] == ["ACME Corporation"]
    acme = rows.filter(has_text="ACME Corporation")
    assert await acme.locator("input").is_checked()
    assert (await acme.locator(".count").text_content() or "").strip() == "4"
    assert desktop.errors == []


async def test_a_card_let_in_by_an_earlier_employer_says_where_and_when(desktop: Watched, site: Site) -> None:
    # With Acme Corp ticked, Carol's card said only "Frontend Developer at Initech": nothing on it told why
    # the filter let her in (she was Acme Corp's web designer from 2010 to 2012).
    page, people = desktop.page, site.people
    acme = await berlin_without_words(page)
    await searched(page, acme.locator("input").check())
    carol = page.locator(f"#results [data-candidate-id='{people['carol']}']")
    assert "at Initech" in (await carol.locator(".meta").first.text_content() or "")
    assert (await carol.locator("[data-employer-jobs]").text_content()) == (
        "Worked at Acme Corp as Web Designer, Jan 2010 – Jan 2012"
    )
    # Alice works there now: the line above says so, and nothing more is added.
    alice = page.locator(f"#results [data-candidate-id='{people['alice']}']")
    assert "Senior Backend Engineer at Acme Corp" in (await alice.locator(".meta").first.text_content() or "")
    assert await alice.locator("[data-employer-jobs]").count() == 0
    assert desktop.errors == []


async def test_a_screen_reader_on_a_filter_box_hears_its_count(desktop: Watched) -> None:
    # The count beside each box was no part of it: on the box a screen reader said "Acme Corp, checkbox",
    # never how many candidates it lets in.
    page = desktop.page
    await berlin_without_words(page)
    await expect(page.get_by_role("checkbox", name="Acme Corp", exact=True)).to_have_accessible_description(
        "3 candidates"
    )
    band = page.locator("[data-facet=experience] .facet").filter(has_text="10+")
    await expect(band.get_by_role("radio")).to_have_accessible_description("1 candidate")


async def test_a_cards_score_says_what_it_measures(desktop: Watched, site: Site) -> None:
    # Read aloud, each card began with a bare "100%" (its title attribute, "match score", is not read).
    page, people = desktop.page, site.people
    await log_in(page)
    await search(page, "engineers with kubernetes in Berlin")
    score = page.locator(f"#results [data-candidate-id='{people['alice']}'] .score")
    assert await score.text_content() == "100% match"
