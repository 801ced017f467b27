"""In a real browser, the Content-Security-Policy refuses nothing the site itself uses:
every page works with no violation reported, filters included."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.positions.models import Position
from tests.positions.factories import CitationFactory, PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server):
    speaker = SpeakerFactory(full_name="Jens Stoltenberg", is_confirmed=True)
    CitationFactory(position=PositionFactory(speaker=speaker, stance="supports_membership_now"))
    CitationFactory(
        position=PositionFactory(speaker=speaker, status=Position.Status.PENDING, quote="Pending")
    )
    return speaker


def watch_violations(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_no_page_breaks_the_policy(page, world, editor):
    violations = watch_violations(page)
    for path in ["/", "/matrix/", "/trends/", f"/speakers/{world.slug}/", "/digest/"]:
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
    page.goto("/")
    page.get_by_label("Supports membership now").first.check()  # a filter swaps results
    expect(page.locator("#results")).to_contain_text("Jens Stoltenberg")

    page.goto("/admin/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("editor-password-1")
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/positions/position/review/")
    expect(page.locator("#content-main")).to_contain_text("Pending")

    assert violations == []
