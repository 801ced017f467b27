"""A statement whose text gives no date: shown as "date not given, reported <date>",
placed, sorted and filtered by when it was first reported, and marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.positions.models import Position
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def undated():
    position = PositionFactory(
        status=Position.Status.APPROVED, said_on=None, said_precision="", quote="No date given"
    )
    for day in (9, 3):
        CitationFactory(
            position=position, article=ArticleFactory(published_on=dt.date(2024, 5, day))
        )
    position.refresh_from_db()
    return position


def approved(quote: str, said_on: dt.date) -> Position:
    return PositionFactory(
        status=Position.Status.APPROVED, said_on=said_on, said_precision="day", quote=quote
    )


def test_it_is_placed_by_its_first_report(undated):
    assert (undated.reported_on, undated.dated_on) == (dt.date(2024, 5, 3), dt.date(2024, 5, 3))
    assert undated.said_on_display == "Date not given, reported 3 May 2024"


def test_the_timeline_sorts_and_filters_it_by_that_date(client, undated):
    approved("Said in April", dt.date(2024, 4, 20))
    approved("Said in June", dt.date(2024, 6, 1))
    html = client.get(reverse("positions:timeline")).content.decode()
    assert html.index("Said in June") < html.index("No date given") < html.index("Said in April")
    assert (
        '<time datetime="2024-05-03" class="date-not-given">Date not given, reported 3 May 2024</time>'
        in html
    )

    may = client.get(reverse("positions:timeline"), {"from": "2024-05-01", "to": "2024-05-31"})
    assert "No date given" in may.content.decode()
    assert "Said in June" not in may.content.decode()


def test_its_date_follows_its_sources(undated):
    first = undated.citations.get(article__published_on=dt.date(2024, 5, 3))
    first.article.published_on = dt.date(2024, 5, 20)  # a corrected publication date
    first.article.save()
    undated.refresh_from_db()
    assert undated.dated_on == dt.date(2024, 5, 9)

    undated.citations.all().delete()
    undated.refresh_from_db()
    assert (undated.reported_on, undated.dated_on) == (None, None)
    assert undated.said_on_display == "Date not given"


def test_a_date_given_later_takes_its_place(undated):
    undated.said_on, undated.said_precision = dt.date(2024, 4, 30), "day"
    undated.save(update_fields=["said_on", "said_precision"])
    undated.refresh_from_db()
    assert undated.dated_on == dt.date(2024, 4, 30)
    assert undated.said_on_display != "Date not given, reported 3 May 2024"
