"""An analyst filters the promises by status, opens one and reads what became of it."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.promises.models import PromiseLink
from apps.promises.services import record_status_change
from tests.positions.factories import PositionFactory
from tests.promises.factories import PromiseFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_filter_by_status_open_a_promise_and_see_its_history_and_statements(page):
    poroshenko = SpeakerFactory(full_name="Petro Poroshenko", slug="petro-poroshenko")
    nato = SpeakerFactory(full_name="NATO", slug="nato")
    map_by_2023 = PromiseFactory(
        title="A Membership Action Plan by 2023", slug="map-by-2023", made_by=poroshenko,
        first_made_on=dt.date(2019, 2, 19),
    )  # fmt: skip
    PromiseFactory(title="Ukraine will become a member", slug="member", made_by=nato)
    made = PositionFactory(
        speaker=poroshenko, said_on=dt.date(2019, 2, 19), quote="Receive a plan no later than 2023."
    )
    dropped = PositionFactory(
        speaker=nato, said_on=dt.date(2023, 7, 11), quote="Ukraine no longer needs a plan."
    )
    PromiseLink.objects.create(promise=map_by_2023, position=made, relation="makes")
    PromiseLink.objects.create(promise=map_by_2023, position=dropped, relation="contradicts")
    record_status_change(
        map_by_2023, status="superseded", on=dt.date(2023, 7, 11),
        note="Vilnius dropped the plan.", evidence="https://example.org/vilnius",
    )  # fmt: skip

    page.goto("/promises/")
    page.get_by_label("Status").select_option("superseded")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/promises/?*status=superseded*")
    rows = page.locator("table.promises tbody tr")
    assert rows.count() == 1
    rows.get_by_role("link", name="A Membership Action Plan by 2023").click()

    page.wait_for_url("**/promises/map-by-2023/")
    assert page.get_by_role("heading", name="Status: Superseded").is_visible()
    history = page.locator(".status-history > li")
    assert "Vilnius dropped the plan." in history.inner_text()
    assert history.get_by_role("link", name="https://example.org/vilnius").is_visible()
    steps = page.locator(".promise-step")
    assert steps.count() == 2
    assert "Makes it" in steps.nth(0).inner_text()
    assert "Receive a plan no later than 2023." in steps.nth(0).inner_text()
    assert "Contradicts it" in steps.nth(1).inner_text()
