"""Chips, facets and cards show names, not codes; tags on cards lead to their timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.positions.factories import PositionFactory, TagFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def test_countries_dates_and_tags_read_as_names_and_links(client):
    position = PositionFactory(speaker=SpeakerFactory(full_name="Dmytro Kuleba", country="UA"))
    tag = TagFactory(name="security guarantees", slug="security-guarantees")
    position.tags.add(tag)

    response = client.get(reverse("positions:timeline"), {"country": "UA", "from": "2024-07-01"})
    html = response.content.decode()
    assert "Country: Ukraine" in html
    assert "From 1 July 2024" in html
    assert "(Ukraine)" in html
    assert "(UA)" not in html
    assert f'href="/?tag={tag.slug}">security guarantees</a>' in html
    facets = client.get(reverse("positions:facets")).context["facets"]
    assert [(v.value, v.label) for v in facets.countries] == [("UA", "Ukraine")]
    assert position.said_on == dt.date(2024, 7, 10)
