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


@pytest.fixture
def by_state_media_only():
    position = PositionFactory(status=Position.Status.APPROVED, quote="Only state media said it")
    rt = OutletFactory(name="RT", slug="rt", kind=Outlet.Kind.BROADCASTER, state_controlled=True)
    CitationFactory(position=position, article=ArticleFactory(outlet=rt))
    return position


def test_the_timeline_filters_by_the_kind_of_source(client, position, by_state_media_only):
    timeline = reverse("positions:timeline")
    official = client.get(timeline, {"source": "official"}).content.decode()
    assert position.quote in official
    assert "Only state media said it" not in official
    assert "Reported by: Official source" in official  # the active filter, named
    independent = client.get(timeline, {"source": "independent"}).content.decode()
    assert position.quote in independent  # NATO's own page is no state's media
    assert "Only state media said it" not in independent


def test_an_unknown_kind_of_source_is_left_out_and_named(client, position, by_state_media_only):
    html = client.get(reverse("positions:timeline"), {"source": "tabloid"}).content.decode()
    assert "“tabloid” is not a kind of source." in html
    assert "Only state media said it" in html
    response = client.get(reverse("positions:export_csv"), {"source": "tabloid"})
    assert response.status_code == 400
