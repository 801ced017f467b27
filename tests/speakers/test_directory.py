"""The speakers directory: everyone the timeline can be filtered by, with how much they
said and where they stand now."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.positions.models import Position
from tests.positions.factories import PositionFactory
from tests.speakers.factories import OrganisationFactory, RoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("speakers:directory")


@pytest.fixture
def people():
    nato = OrganisationFactory(name="North Atlantic Treaty Organization", slug="nato", country="")
    rutte = SpeakerFactory(full_name="Mark Rutte", slug="mark-rutte", country="NL")
    RoleFactory(speaker=rutte, title="NATO Secretary General", organisation=nato)
    PositionFactory(
        speaker=rutte, stance="supports_membership_long_term", said_on=dt.date(2024, 10, 1)
    )
    PositionFactory(
        speaker=rutte, stance="supports_membership_after_war", said_on=dt.date(2025, 2, 1)
    )
    PositionFactory(speaker=rutte, stance="opposes_membership", status=Position.Status.PENDING)
    orban = SpeakerFactory(full_name="Viktor Orbán", slug="viktor-orban", country="HU")
    PositionFactory(speaker=orban, stance="opposes_membership")
    SpeakerFactory(full_name="Someone Extracted", slug="someone", is_confirmed=False)
    return {"rutte": rutte, "orban": orban}


def rows(response) -> list[tuple[str, int, str]]:
    return [(s.full_name, s.position_count, s.latest_stance) for s in response.context["page"]]


def test_the_directory_lists_confirmed_speakers_with_counts_and_latest_stance(client, people):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert rows(response) == [
        ("Mark Rutte", 2, "supports_membership_after_war"),
        ("Viktor Orbán", 1, "opposes_membership"),
    ]
    html = response.content.decode()
    assert 'href="/speakers/mark-rutte/"' in html
    assert "Someone Extracted" not in html
    assert "Netherlands" in html  # names, not codes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "orb"}, ["Viktor Orbán"]),
        ({"q": "orban"}, ["Viktor Orbán"]),
        ({"country": "NL"}, ["Mark Rutte"]),
        ({"org": "nato"}, ["Mark Rutte"]),
        ({"country": "zz"}, []),
    ],
)
def test_the_directory_filters(client, people, query, expected):
    response = client.get(DIRECTORY, query)
    assert response.status_code == 200
    assert [name for name, _, _ in rows(response)] == expected
