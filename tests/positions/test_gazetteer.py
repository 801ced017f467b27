"""What extraction is told about known speakers, from the database and the starter data."""

from __future__ import annotations

import pytest

from apps.positions.gazetteer import gazetteer_from_database, gazetteer_from_starter_data
from apps.positions.models import Position
from apps.positions.stances import Stance
from tests.positions.factories import PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def test_a_speakers_usual_stance_is_what_most_approved_positions_say():
    speaker = SpeakerFactory(full_name="Olga Stefanyshyna", is_confirmed=True)
    for stance in (Stance.SUPPORTS_NOW, Stance.SUPPORTS_NOW, Stance.CONDITIONAL):
        PositionFactory(speaker=speaker, stance=stance)
    # Candidates and rejected statements are no record of what the speaker says.
    for status in (Position.Status.PENDING, Position.Status.REJECTED):
        for _ in range(3):
            PositionFactory(speaker=speaker, stance=Stance.OPPOSES, status=status)
    one_statement = SpeakerFactory(full_name="Ivan Petrenko", is_confirmed=True)
    PositionFactory(speaker=one_statement, stance=Stance.OPPOSES)

    known = {speaker.name: speaker for speaker in gazetteer_from_database().speakers}

    assert known["Olga Stefanyshyna"].usual_stance == Stance.SUPPORTS_NOW.value
    assert known["Ivan Petrenko"].usual_stance == ""


def test_the_starter_gazetteer_knows_the_usual_stances_of_its_speakers():
    known = {speaker.name: speaker for speaker in gazetteer_from_starter_data().speakers}

    assert known["Dmitry Peskov"].usual_stance == Stance.OPPOSES.value
    assert known["Volodymyr Zelensky"].usual_stance.startswith("supports_membership")


def test_statements_being_scored_do_not_count_towards_a_usual_stance():
    from apps.positions.starter import STARTER_DATA, read_starter_data

    quotes = [
        position["quote"]
        for position in read_starter_data(STARTER_DATA)["positions"]
        if position["speaker"] == "Dmitry Peskov"
    ]
    # Another outlet's rendering: the same opening, other words after it.
    scored = [quote[:60] + " (as another outlet put it)" for quote in quotes]

    known = {s.name: s for s in gazetteer_from_starter_data(scored_quotes=scored).speakers}

    assert len(quotes) >= 2
    assert known["Dmitry Peskov"].usual_stance == ""
    assert known["Volodymyr Zelensky"].usual_stance.startswith("supports_membership")
