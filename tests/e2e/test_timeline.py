"""The timeline in a real browser: filter, share the URL, go back, open a position, export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def starter(live_server, starter_data):
    """The starter data, served by the live server."""


def test_filtering_changes_the_url_and_back_restores_it(page, starter):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    # The results come first, their count a moment later.
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ positions"))
    total = page.locator("#results-heading").inner_text()
    page.get_by_role("checkbox", name="Opposes membership").check()
    expect(page).to_have_url(re.compile(r"stance=opposes_membership"))
    # The results come first, their count a moment later.
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ positions? match"))
    expect(page.locator("#results-heading")).not_to_have_text(total)
    expect(page.locator("#results .stance").first).to_have_text("Opposes membership")
    opposes_heading = page.locator("#results-heading").inner_text()

    page.get_by_label("Search the quotes").fill("NATO")
    expect(page).to_have_url(re.compile(r"q=NATO"))
    expect(page.locator("#results mark").first).to_be_visible()

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"q=NATO"))
    expect(page.locator("#results-heading")).to_have_text(opposes_heading)
    page.go_back()
    expect(page.locator("#results-heading")).to_have_text(total)
    page.go_forward()
    expect(page.locator("#results-heading")).to_have_text(opposes_heading)
    assert errors == []  # history restores run the page's script again, without errors


def test_a_shared_link_opens_the_same_view(page, starter):
    page.goto("/?speaker=volodymyr-zelensky&stance=supports_membership_now")
    expect(page.get_by_role("checkbox", name="Supports membership now")).to_be_checked()
    cards = page.locator("#results article.position")
    expect(cards.first).to_contain_text("Volodymyr Zelensky")
    for who in cards.locator(".who a").all_inner_texts():
        assert who == "Volodymyr Zelensky"


def test_speaker_autocomplete_adds_a_speaker(page, starter):
    page.goto("/")
    page.get_by_label("Find a speaker").fill("stoltenb")
    page.get_by_role("link", name="Add Jens Stoltenberg").click()
    expect(page).to_have_url(re.compile(r"speaker=jens-stoltenberg"))
    expect(page.locator("#results .who a").first).to_have_text("Jens Stoltenberg")


def test_opening_a_position_shows_its_sources_and_citation(page, starter):
    page.goto("/?speaker=jens-stoltenberg")
    page.locator("#results .permalink").first.click()
    expect(page).to_have_url(re.compile(r"/positions/\d+/"))
    expect(page.get_by_role("heading", name="Where it was reported")).to_be_visible()
    expect(page.locator("#cite-text")).to_contain_text("Jens Stoltenberg")


def test_exporting_the_current_filter(page, starter):
    page.goto("/?speaker=vladimir-putin")
    # The counts the page fetches after its results, in first: the test server shares one
    # SQLite connection between its threads, which a download running beside them stalls.
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ positions? match"))
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("id,said_on")
    assert "Vladimir Putin" in content
    assert "Jens Stoltenberg" not in content


def test_the_form_works_without_javascript(browser, live_server, starter):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("checkbox", name="Opposes membership").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"stance=opposes_membership"))
    expect(page.locator("#results .stance").first).to_have_text("Opposes membership")
    context.close()


def test_keyboard_users_can_reach_the_filters_and_see_focus(page, starter):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_on_a_phone_the_results_come_first_and_the_filters_unfold(browser, live_server, starter):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")
    expect(page.locator("#results article.position").first).to_be_in_viewport()
    search = page.get_by_label("Search the quotes")
    expect(search).to_be_hidden()
    page.get_by_text("Filter", exact=True).click()
    expect(search).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    context.close()
