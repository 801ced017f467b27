"""Recording what extraction found: a known speaker by its key, the reasons kept."""

from __future__ import annotations

import pytest

from apps.extraction import Form, Stance, Statement
from apps.extraction.stance import CueHit
from apps.positions.services import positions_record
from apps.speakers.models import Speaker
from tests.sources.factories import ArticleFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = "The minister said Ukraine will join NATO after the war."
QUOTE = "Ukraine will join NATO after the war"


def statement(**fields) -> Statement:
    start = TEXT.index(QUOTE)
    return Statement(
        **{
            "speaker": "D. Kuleba",
            "role": "Foreign Minister",
            "quote": QUOTE,
            "quote_start": start,
            "quote_end": start + len(QUOTE),
            "direct": False,
            "said_on": None,
            "stance": Stance.SUPPORTS_AFTER_WAR,
            "confidence": 0.8,
            "form": Form.REPORTED,
            "context": TEXT,
            "rules": ("parse-subject", "speaker-title", "topic-own-words", "date-publication"),
            "stance_cues": (
                CueHit(
                    "after-the-war", Stance.SUPPORTS_AFTER_WAR, 3.0, "after the war", "conceded"
                ),
            ),
            **fields,
        }
    )


def test_a_known_speaker_is_recorded_by_key_not_looked_up_again_by_name():
    kuleba = SpeakerFactory(full_name="Dmytro Kuleba")
    article = ArticleFactory(text=TEXT)

    [position] = positions_record(article=article, statements=[statement(speaker_key=kuleba.pk)])

    assert position.speaker == kuleba
    assert not Speaker.objects.filter(full_name="D. Kuleba").exists()
    assert position.stance == "supports_membership_after_war"
    assert position.extraction_rules == [
        "parse-subject",
        "speaker-title",
        "topic-own-words",
        "date-publication",
    ]
    assert position.stance_cues == [
        {
            "id": "after-the-war",
            "words": "after the war",
            "stance": "supports_membership_after_war",
            "weight": 3.0,
            "scope": "conceded",
        }
    ]


def test_an_unknown_name_is_proposed_as_a_new_speaker():
    article = ArticleFactory(text=TEXT)

    [position] = positions_record(article=article, statements=[statement()])

    assert position.speaker.full_name == "D. Kuleba"
    assert not position.speaker.is_confirmed
