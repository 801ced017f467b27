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
    assert 'class="tick" text-anchor="middle">2008</text>' in html
    assert 'class="axis-title">Positions</text>' in html
    assert 'href="/?stance=opposes_membership&from=2008-01-01&to=2008-12-31"' in html


def test_shares_stack_each_year_to_the_whole_height_and_name_their_percent(client):
    PositionFactory(said_on=dt.date(2008, 4, 3), stance="opposes_membership")
    for day in (1, 2, 3):
        PositionFactory(said_on=dt.date(2010, 5, day), stance="supports_membership_now")
    PositionFactory(said_on=dt.date(2010, 6, 1), stance="opposes_membership")
    html = unescape(client.get(reverse("positions:trends"), {"show": "shares"}).content.decode())
    assert 'class="axis-title">Share of the year' in html
    assert "2010: 3 × Supports membership now (75%)" in html
    assert "2010: 1 × Opposes membership (25%)" in html
    assert "2008: 1 × Opposes membership (100%)" in html
    assert '<a href="?show=shares" aria-current="page">Shares</a>' in html
    # the filter bar keeps the choice when other filters are applied
    assert '<input type="hidden" name="show" value="shares">' in html


def test_counts_scale_every_year_to_the_busiest_one(client):
    PositionFactory(said_on=dt.date(2008, 4, 3), stance="opposes_membership")
    for day in (1, 2, 3, 4):
        PositionFactory(said_on=dt.date(2010, 5, day), stance="supports_membership_now")
    chart = client.get(reverse("positions:trends")).context["chart"]
    heights = {bar.label: sum(s.height for s in bar.segments) for bar in chart.bars}
    assert heights["2010"] == pytest.approx(4 * heights["2008"])
    assert heights["2009"] == 0  # an empty year is kept as a gap
    shares = client.get(reverse("positions:trends"), {"show": "shares"}).context["chart"]
    heights = {bar.label: sum(s.height for s in bar.segments) for bar in shares.bars}
    assert heights["2010"] == pytest.approx(heights["2008"])


def test_bars_spread_over_the_full_width_whatever_the_number_of_years(client):
    PositionFactory(said_on=dt.date(2023, 4, 3), stance="opposes_membership")
    PositionFactory(said_on=dt.date(2024, 7, 10), stance="opposes_membership")
    chart = client.get(reverse("positions:trends")).context["chart"]
    last = chart.bars[-1]
    assert last.x + chart.bar_width > chart.width * 0.75


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"show": "decade"}, "“decade” is not something to show here"),
        ({"from": "xx"}, "Dates are written YYYY-MM-DD."),
        ({"speaker": "nobody-known"}, "No speaker is known as “nobody-known”."),
    ],
)
def test_a_bad_parameter_is_named_and_the_chart_shown_without_it(client, query, named):
    PositionFactory(said_on=dt.date(2008, 4, 3), stance="opposes_membership")
    response = client.get(reverse("positions:trends"), query)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert named in html
    assert "2008: 1 × Opposes membership" in html
