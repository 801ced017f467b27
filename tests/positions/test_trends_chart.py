"""The trends chart: four-digit years, an axis title, and bars that open their year on
the timeline with the same filter."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from tests.positions.factories import PositionFactory

pytestmark = pytest.mark.django_db


def test_bars_show_their_year_whole_and_link_to_it_on_the_timeline(client):
    PositionFactory(said_on=dt.date(2008, 4, 3), stance="opposes_membership")
    PositionFactory(said_on=dt.date(2024, 7, 10), stance="opposes_membership")
    html = unescape(
        client.get(reverse("positions:trends"), {"stance": "opposes_membership"}).content.decode()
    )
    assert 'class="tick">2008</text>' in html
    assert 'class="axis-title">Positions</text>' in html
    assert 'href="/?stance=opposes_membership&from=2008-01-01&to=2008-12-31"' in html
