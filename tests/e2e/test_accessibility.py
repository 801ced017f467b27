"""axe-core over the pages analysts and editors use: no critical or serious violation.

axe is injected with page.evaluate (which the Content-Security-Policy does not block),
from the copy axe-playwright-python ships."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


# The list select2 (Django admin's autocomplete) renders its chosen items in is its own
# markup, not ours: left out of the check; its search boxes are checked (and labelled).
THIRD_PARTY = [[".select2-selection__rendered"]]


def serious_violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate(
        "async (exclude) => await axe.run({include: [['html']], exclude: exclude})", THIRD_PARTY
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"critical", "serious"}
    ]


@pytest.fixture
def starter(live_server, starter_data):
    """The starter data, served by the live server."""


PUBLIC_PAGES = [
    "/",
    "/speakers/volodymyr-zelensky/",
    "/matrix/",
    "/trends/",
    "/trends/?show=shares",
    "/table/?sort=outlet",
    "/speakers/",
    "/promises/",
    "/promises/us-support-for-a-membership-action-plan/",
    "/digests/subscribe/",
    "/about/",
]


def test_public_pages_have_no_serious_violations(page, starter):
    # One test over every page: the starter data, loaded once, costs more than the checks.
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        found[path] = serious_violations(page)
    assert found == dict.fromkeys(PUBLIC_PAGES, [])


def test_the_review_queue_has_no_serious_violations(page, live_server, starter, editor):
    from apps.positions.models import Position

    Position.objects.filter(pk__in=Position.objects.values("pk")[:3]).update(
        status=Position.Status.PENDING
    )
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("editor-password-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(reverse("admin:positions_position_review"))
    assert serious_violations(page) == []
