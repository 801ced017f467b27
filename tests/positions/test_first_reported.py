""" "First reported" is the earliest publication date among a statement's sources, never
the day its row was made; the load date is not shown to analysts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_earliest_publication_date_is_when_it_was_first_reported(client):
    position = PositionFactory(said_on=dt.date(2024, 7, 8))
    for day in (10, 9):
        CitationFactory(
            position=position, article=ArticleFactory(published_on=dt.date(2024, 7, day))
        )
    undated = PositionFactory(said_on=dt.date(2008, 4, 3))
    CitationFactory(position=undated, article=ArticleFactory(published_on=None))

    rows = {
        row["id"]: row
        for row in json.loads(
            b"".join(client.get(reverse("positions:export_json")).streaming_content)
        )
    }
    assert (rows[position.pk]["first_reported"], rows[position.pk]["first_reported_basis"]) == (
        "2024-07-09",
        "published",
    )
    assert (rows[undated.pk]["first_reported"], rows[undated.pk]["first_reported_basis"]) == (
        "2008-04-03",
        "said",
    )
    [csv_row] = [
        row
        for row in csv.DictReader(
            io.StringIO(
                b"".join(client.get(reverse("positions:export_csv")).streaming_content).decode()
            )
        )
        if row["id"] == str(position.pk)
    ]
    assert csv_row["first_reported"] == "2024-07-09"


def test_the_position_page_shows_publication_dates_not_the_load_date(client):
    position = PositionFactory()
    CitationFactory(position=position, article=ArticleFactory(published_on=dt.date(2024, 7, 10)))
    html = client.get(reverse("positions:detail", args=[position.pk])).content.decode()
    assert "published 10 July 2024" in html
    assert "first seen" not in html
