"""What comes from articles cannot turn against those who read it: spreadsheet formulas in
CSV cells, and pages of speakers that only a machine has proposed."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from apps.positions.models import Position
from tests.positions.factories import PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, start):
    quote = f'{start}HYPERLINK("https://evil.example","Ukraine will join NATO")'
    PositionFactory(quote=quote, speaker=SpeakerFactory(full_name=f"{start}cmd|' /C calc'!A0"))

    response = client.get(reverse("positions:export_csv"))
    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))

    assert row["speaker"].startswith("'" + start)
    if start == "\r":  # stored quotes keep no carriage return: a line break is no formula
        assert row["quote"] == "\n" + quote[1:]
    else:
        assert row["quote"] == "'" + quote


def test_ordinary_cells_are_left_alone(client):
    PositionFactory(quote="Ukraine will join NATO - once the war ends")
    response = client.get(reverse("positions:export_csv"))
    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["quote"] == "Ukraine will join NATO - once the war ends"
    assert row["direct"] == "True"


def test_a_proposed_speaker_has_no_public_page_until_a_position_is_approved(client):
    proposed = SpeakerFactory(full_name="Someone Extracted", is_confirmed=False)
    pending = PositionFactory(speaker=proposed, status=Position.Status.PENDING)
    url = reverse("speakers:detail", args=[proposed.slug])

    assert client.get(url).status_code == 404

    pending.status = Position.Status.APPROVED
    pending.save()
    assert client.get(url).status_code == 200


def test_a_confirmed_speaker_without_positions_keeps_a_page(client):
    speaker = SpeakerFactory(full_name="Known Minister", is_confirmed=True)
    assert client.get(reverse("speakers:detail", args=[speaker.slug])).status_code == 200
