"""One rule for a filter value nothing is known by (a speaker, outlet or tag): the pages
show the results without it and name it; CSV, JSON and Atom answer 400 naming it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.positions.models import Position
from tests.positions.factories import PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def positions():
    rutte = SpeakerFactory(full_name="Mark Rutte", slug="mark-rutte", is_confirmed=True)
    PositionFactory(speaker=rutte, status=Position.Status.APPROVED, quote="Said by Rutte")
    PositionFactory(status=Position.Status.APPROVED, quote="Said by someone else")


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"speaker": "unknown"}, "No speaker is known as “unknown”."),
        ({"tag": "no-such-tag"}, "No tag is known as “no-such-tag”."),
        ({"outlet": "no-such-outlet"}, "No outlet is known as “no-such-outlet”."),
    ],
)
def test_the_page_leaves_it_out_and_names_it(client, positions, query, named):
    html = client.get(reverse("positions:timeline"), query).content.decode()
    assert named in html
    assert "Said by Rutte" in html
    assert "Said by someone else" in html


def test_a_known_speaker_beside_an_unknown_one_still_filters(client, positions):
    html = client.get(
        reverse("positions:timeline"), {"speaker": ["mark-rutte", "unknown"]}
    ).content.decode()
    assert "Said by Rutte" in html
    assert "Said by someone else" not in html
    assert "No speaker is known as “unknown”." in html


@pytest.mark.parametrize(
    "name", ["positions:export_csv", "positions:export_json", "positions:feed"]
)
def test_exports_and_the_feed_answer_400_naming_it(client, positions, name):
    response = client.get(reverse(name), {"speaker": "unknown"})
    assert response.status_code == 400
    assert "unknown" in response.content.decode()
