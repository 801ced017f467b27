"""Every citation says what kind of outlet reported it, and whether a state controls it:
on the cards, the position page and in the exports."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.positions.models import Position
from apps.sources.models import Outlet
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def position():
    position = PositionFactory(status=Position.Status.APPROVED)
    tass = OutletFactory(
        name="TASS", slug="tass", kind=Outlet.Kind.NEWS_AGENCY, state_controlled=True
    )
    nato = OutletFactory(name="NATO", slug="nato", kind=Outlet.Kind.OFFICIAL)
    for outlet in (tass, nato):
        CitationFactory(position=position, article=ArticleFactory(outlet=outlet))
    return position


def test_the_rating_reads_kind_then_state_control():
    assert Outlet(kind=Outlet.Kind.NEWS_AGENCY, state_controlled=True).rating == (
        "News agency, state-controlled"
    )
    assert Outlet(kind=Outlet.Kind.BLOG).rating == "Blog, forum or personal site"


def test_cards_and_the_position_page_show_it(client, position):
    timeline = client.get(reverse("positions:timeline")).content.decode()
    assert "(News agency, state-controlled)" in timeline
    assert "(Official source)" in timeline
    page = client.get(position.get_absolute_url()).content.decode()
    assert "(News agency, state-controlled)" in page
    assert "(Official source: the statement's own source)" in page


def test_exports_carry_each_outlets_kind(client, position):
    rows = json.loads(b"".join(client.get(reverse("positions:export_json")).streaming_content))
    kinds = rows[0]["outlet_kinds"].split("; ")
    assert sorted(kinds) == ["NATO: Official source", "TASS: News agency, state-controlled"]
    csv_text = b"".join(client.get(reverse("positions:export_csv")).streaming_content).decode()
    assert "outlet_kinds" in csv_text.splitlines()[0]
