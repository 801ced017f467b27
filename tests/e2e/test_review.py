"""An editor's morning in a real browser: log in, approve a candidate, see it published."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from apps.positions.models import Position
from tests.positions.factories import CitationFactory, PositionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def candidate(live_server):
    position = PositionFactory(
        status=Position.Status.PENDING,
        quote="Ukraine's place is in the alliance, and the door will stay open",
        confidence=0.74,
        method="rules:direct",
    )
    CitationFactory(position=position)
    return position


@pytest.fixture
def editor_login(live_server, editor):
    return editor.username, "editor-password-1"


def test_an_editor_approves_a_candidate_and_finds_it_on_the_timeline(page, candidate, editor_login):
    username, password = editor_login
    page.goto("/")
    expect(page.locator("#results")).not_to_contain_text("the door will stay open")

    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=re.compile(r"1 candidate\s+waiting for review")).click()
    card = page.locator(f"#candidate-{candidate.pk}")
    expect(card.locator("mark")).to_be_visible()
    expect(card).to_contain_text("confidence 0.74")
    # From the keyboard: the first card has focus; "a" approves it.
    expect(card).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator(".messagelist")).to_contain_text("Approved")
    expect(page.locator("#content-main")).to_contain_text("Nothing waits for review")

    page.goto("/")
    expect(page.locator("#results")).to_contain_text("the door will stay open")
