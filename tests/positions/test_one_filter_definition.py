"""Every filter of the timeline's form reaches every view that lists positions: each one,
set to exclude a position, excludes it from the page, the CSV and JSON exports and the
Atom feed. A field added to the form and not wired up fails here."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.positions.forms import TimelineFilterForm
from apps.positions.models import Position
from apps.positions.stances import Stance
from apps.sources.models import Outlet
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.sources.factories import ArticleFactory, OutletFactory
from tests.speakers.factories import OrganisationFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

# For each form field, a value that keeps "Kept quote" and leaves out another position
# ("Early quote", said in 2020, for all but "to"; "Late quote", in 2025, for "to").
VALUES = {
    "q": "kept",
    "speaker": "kept-speaker",
    "org": "kept-org",
    "country": "UA",
    "stance": Stance.OPPOSES.value,
    "kind": "refusal",
    "from": "2024-01-01",
    "to": "2024-12-31",
    "outlet": "kept-outlet",
    "source": "official",
    "tag": "kept-tag",
}
# Not filters: the speaker search box only adds speakers (tested with the suggestions).
NOT_FILTERS = {"speaker_q"}
VIEWS = [
    "positions:timeline",
    "positions:table",
    "positions:export_csv",
    "positions:export_json",
    "positions:feed",
]


@pytest.fixture
def two_positions():
    organisation = OrganisationFactory(slug="kept-org")
    kept_speaker = SpeakerFactory(slug="kept-speaker", country="UA", organisation=organisation)
    kept = PositionFactory(
        speaker=kept_speaker,
        quote="Kept quote",
        stance=Stance.OPPOSES,
        kind="refusal",
        said_on=dt.date(2024, 5, 1),
        status=Position.Status.APPROVED,
    )
    kept.tags.add(TagFactory(slug="kept-tag"))
    kept_outlet = OutletFactory(slug="kept-outlet", kind=Outlet.Kind.OFFICIAL)
    CitationFactory(position=kept, article=ArticleFactory(outlet=kept_outlet))
    for quote, said_on in (
        ("Early quote", dt.date(2020, 5, 1)),
        ("Late quote", dt.date(2025, 6, 1)),
    ):
        other = PositionFactory(
            speaker=SpeakerFactory(country="DE"),
            quote=quote,
            stance=Stance.SUPPORTS_NOW,
            said_on=said_on,
            status=Position.Status.APPROVED,
        )
        CitationFactory(position=other)


def test_every_form_field_has_a_value_here():
    fields = {TimelineFilterForm.URL_NAMES.get(name, name) for name in TimelineFilterForm().fields}
    assert fields - NOT_FILTERS == set(VALUES)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("parameter", sorted(VALUES))
def test_each_filter_reaches_every_view(client, two_positions, view, parameter):
    response = client.get(reverse(view), {parameter: VALUES[parameter]})
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    assert response.status_code == 200, body[:300]
    body = re.sub(r"<[^>]+>", "", body)  # the page marks the words searched for
    assert "Kept quote" in body
    assert ("Late quote" if parameter == "to" else "Early quote") not in body
