"""The Atom feed says how many entries it carries, and links to the next page instead of
stopping silently at 50."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.positions.factories import PositionFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def read(client, query: str = ""):
    response = client.get(reverse("positions:feed") + query)
    return response, (ET.fromstring(response.content) if response.status_code == 200 else None)


def test_the_feed_pages_through_every_position(client):
    PositionFactory.create_batch(60)
    _, first = read(client)
    entries = first.findall(f"{ATOM}entry")
    assert len(entries) == 50
    assert "1–50 of 60" in first.find(f"{ATOM}subtitle").text
    [next_link] = [link for link in first.findall(f"{ATOM}link") if link.get("rel") == "next"]
    assert next_link.get("href").endswith("/feed.atom?page=2")

    _, second = read(client, "?page=2")
    assert len(second.findall(f"{ATOM}entry")) == 10
    assert "51–60 of 60" in second.find(f"{ATOM}subtitle").text
    assert not [link for link in second.findall(f"{ATOM}link") if link.get("rel") == "next"]
    seen = {e.find(f"{ATOM}id").text for e in entries + second.findall(f"{ATOM}entry")}
    assert len(seen) == 60

    assert read(client, "?page=3")[0].status_code == 404


def test_the_next_page_keeps_the_filter(client):
    PositionFactory.create_batch(55, stance="opposes_membership")
    _, feed = read(client, "?stance=opposes_membership")
    [next_link] = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "next"]
    assert "stance=opposes_membership" in next_link.get("href")
    assert "page=2" in next_link.get("href")
