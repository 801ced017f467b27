"""The table view: the timeline's filters, one row per position, sorted by a column; the
exports follow the same order."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html import unescape

import pytest
from django.urls import reverse

from apps.positions.table import Sort
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory, OutletFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    """Three positions whose order differs by every column."""
    zelensky = SpeakerFactory(full_name="Volodymyr Zelensky", slug="zelensky", country="UA")
    scholz = SpeakerFactory(full_name="Olaf Scholz", slug="scholz", country="DE")
    orban = SpeakerFactory(full_name="Viktor Orbán", slug="orban", country="HU")
    outlets = {
        name: OutletFactory(name=name, domain=f"{name.lower().replace(' ', '')}.example")
        for name in ("Reuters", "Der Spiegel", "Kyiv Independent")
    }
    positions = {
        "zelensky": PositionFactory(
            speaker=zelensky, said_on=dt.date(2023, 7, 11), stance="supports_membership_now"
        ),
        "scholz": PositionFactory(
            speaker=scholz, said_on=dt.date(2024, 7, 10), stance="conditional"
        ),
        "orban": PositionFactory(
            speaker=orban, said_on=dt.date(2022, 3, 1), stance="opposes_membership"
        ),
    }
    for key, outlet in (
        ("zelensky", "Kyiv Independent"),
        ("scholz", "Der Spiegel"),
        ("scholz", "Reuters"),
        ("orban", "Reuters"),
    ):
        CitationFactory(position=positions[key], article=ArticleFactory(outlet=outlets[outlet]))
    return positions


def order_on_page(client, **query) -> list[str]:
    response = client.get(reverse("positions:table"), query)
    assert response.status_code == 200
    return [row.speaker.slug for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-date", ["scholz", "zelensky", "orban"]),
        ("date", ["orban", "zelensky", "scholz"]),
        ("speaker", ["scholz", "orban", "zelensky"]),
        ("-speaker", ["zelensky", "orban", "scholz"]),
        # by the countries' names: Germany, Hungary, Ukraine
        ("country", ["scholz", "orban", "zelensky"]),
        ("-country", ["zelensky", "orban", "scholz"]),
        # from most to least in favour
        ("stance", ["zelensky", "scholz", "orban"]),
        ("-stance", ["orban", "scholz", "zelensky"]),
        # by the first outlet by name: Der Spiegel, Kyiv Independent, Reuters
        ("outlet", ["scholz", "zelensky", "orban"]),
        ("-outlet", ["orban", "zelensky", "scholz"]),
    ],
)
def test_each_column_sorts_both_ways_and_the_exports_follow(client, three, sort, expected):
    assert order_on_page(client, sort=sort) == expected
    rows = list(csv.DictReader(io.StringIO(_streamed(client, "positions:export_csv", sort))))
    assert [row["speaker_slug"] for row in rows] == expected
    data = json.loads(_streamed(client, "positions:export_json", sort))
    assert [row["speaker_slug"] for row in data] == expected


def _streamed(client, name: str, sort: str) -> str:
    response = client.get(reverse(name), {"sort": sort})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_the_default_is_the_timelines_order_and_filters_are_the_timelines(client, three):
    assert order_on_page(client) == ["scholz", "zelensky", "orban"]
    assert order_on_page(client, sort="speaker", stance="opposes_membership") == ["orban"]
    assert order_on_page(
        client, sort="speaker", outlet=three["scholz"].citations.first().outlet.slug
    ) == ["scholz"]


def test_headings_link_to_their_sort_and_mark_the_current_one(client, three):
    html = unescape(client.get(reverse("positions:table"), {"sort": "speaker"}).content.decode())
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-speaker">Speaker' in html
    assert '<a href="?sort=-date">Date' in html
    assert '<a href="?sort=country">Country' in html
    # every row names its country and lists its outlets by name
    assert "<td>Germany</td>" in html
    assert html.index(">Der Spiegel</a>") < html.index(">Reuters</a>")


def test_a_bad_sort_is_named_on_the_page_and_refused_by_the_exports(client, three):
    response = client.get(reverse("positions:table"), {"sort": "popularity"})
    assert response.status_code == 200
    assert "“popularity” is not a column to sort by" in unescape(response.content.decode())
    assert [row.speaker.slug for row in response.context["rows"]] == ["scholz", "zelensky", "orban"]
    refused = client.get(reverse("positions:export_csv"), {"sort": "popularity"})
    assert refused.status_code == 400
    assert "popularity" in refused.content.decode()


def test_pages_of_the_table_hold_every_row_once(client, three, settings):
    settings.TIMELINE_PAGE_SIZE = 2
    first = client.get(reverse("positions:table"), {"sort": "speaker"})
    second = client.get(reverse("positions:table"), {"sort": "speaker", "page": 2})
    slugs = [row.speaker.slug for row in first.context["rows"] + second.context["rows"]]
    assert slugs == ["scholz", "orban", "zelensky"]
    assert "Page 1 of 2" in first.content.decode()


def test_the_query_count_does_not_grow_with_the_page(
    client, three, settings, django_assert_max_num_queries
):
    for _ in range(30):
        PositionFactory(said_on=dt.date(2020, 1, 1))
    settings.TIMELINE_PAGE_SIZE = 50
    with django_assert_max_num_queries(12):
        client.get(reverse("positions:table"), {"sort": "outlet"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("date", Sort("date", False)),
        ("-outlet", Sort("outlet", True)),
        ("size", None),
        ("--date", None),
        ("", None),
    ],
)
def test_sort_parsing(value, expected):
    assert Sort.parse(value) == expected
