"""Keyboard and screen-reader users keep their place: focus stays where it was after a
filter change, removing a chip keeps focus in the chip row, the new count is announced,
and paging brings the reader to the top of the new results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def starter(live_server, starter_data):
    """The starter data, served by the live server."""


def test_focus_stays_on_the_filter_just_changed_and_the_count_is_announced(page, starter):
    page.goto("/")
    box = page.get_by_role("checkbox", name="Opposes membership")
    box.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"stance=opposes_membership"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ positions? match"))
    expect(box).to_be_focused()
    expect(page.locator("#announcer")).to_have_text(re.compile(r"\d+ positions? match"))


def test_removing_a_chip_keeps_focus_in_the_chip_row(page, starter):
    page.goto("/?stance=opposes_membership&stance=supports_membership_now")
    page.get_by_role("link", name="Remove the filter Stance: Opposes membership").focus()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"opposes_membership"))
    # Focus comes back once the swap has settled: wait for it, up to the usual timeout.
    page.wait_for_function(
        "document.activeElement && document.activeElement.closest('.active-filters') !== null",
        timeout=5000,
    )


def test_paging_brings_the_reader_to_the_new_results(page, starter):
    page.goto("/")
    page.get_by_role("link", name=re.compile("Older")).first.click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#results-heading")).to_be_focused()
