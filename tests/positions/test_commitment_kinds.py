"""The kind of commitment on every position: suggested by extraction and flagged until an
editor confirms it, hand-annotated in the starter data, filterable, exported, explained."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.extraction import Form, Stance, Statement
from apps.extraction.kinds import Kind, KindCue
from apps.positions.models import Position
from apps.positions.review_undo import review
from apps.positions.services import positions_record
from apps.positions.stances import CommitmentKind
from apps.positions.starter import read_starter_data, starter_data_load
from tests.positions.factories import PositionFactory
from tests.sources.factories import ArticleFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = "Rutte said that NATO will continue to support Ukraine on its path to membership."
QUOTE = "NATO will continue to support Ukraine on its path to membership"


@pytest.fixture
def candidate():
    start = TEXT.index(QUOTE)
    statement = Statement(
        speaker="Mark Rutte",
        role="",
        quote=QUOTE,
        quote_start=start,
        quote_end=start + len(QUOTE),
        direct=False,
        said_on=None,
        stance=Stance.SUPPORTS_LONG_TERM,
        confidence=0.7,
        form=Form.REPORTED,
        context=TEXT,
        speaker_key=SpeakerFactory(full_name="Mark Rutte").pk,
        rules=("parse-subject",),
        kind="promise",
        kind_cues=(
            KindCue("kind-we-will", Kind.PROMISE, 3.0, "nato will continue to support"),
            KindCue("kind-verb-binds", Kind.PROMISE, 3.0, "vowed", reads="verb"),
        ),
    )
    [position] = positions_record(article=ArticleFactory(text=TEXT), statements=[statement])
    return position


def test_a_suggested_kind_is_unreviewed_until_approved(candidate, editor):
    assert (candidate.kind, candidate.kind_reviewed) == ("promise", False)
    assert candidate.kind_cues[0]["words"] == "nato will continue to support"
    review(Position.objects.filter(pk=candidate.pk), Position.Status.APPROVED, by=editor)
    candidate.refresh_from_db()
    assert candidate.kind_reviewed


def test_the_review_queue_shows_the_suggestion_and_its_cue(client, editor, candidate):
    client.force_login(editor)
    html = client.get(reverse("admin:positions_position_review")).content.decode()
    assert (
        "Kind suggested: Promise or pledge (<q>nato will continue to support</q>, "
        "the verb <q>vowed</q>)"
    ) in html


def test_cards_mark_a_suggestion_and_exports_say_whether_reviewed(client):
    PositionFactory(status=Position.Status.APPROVED, kind="demand", kind_reviewed=False)
    html = client.get(reverse("positions:timeline")).content.decode()
    assert "Demand or request (suggested)" in html
    rows = json.loads(b"".join(client.get(reverse("positions:export_json")).streaming_content))
    assert (rows[0]["kind"], rows[0]["kind_reviewed"]) == ("demand", False)


def test_the_starter_positions_carry_reviewed_kinds():
    starter_data_load()
    kinds = {p["kind"] for p in read_starter_data()["positions"]}
    assert kinds == set(CommitmentKind.values)
    starter = Position.objects.filter(method="starter data")
    assert (
        starter.exclude(kind="").count()
        == starter.count()
        == starter.filter(kind_reviewed=True).count()
    )


def test_the_about_page_defines_each_kind(client):
    html = client.get(reverse("positions:about")).content.decode()
    for kind in CommitmentKind:
        assert kind.label in html
    assert "a refusal or veto is also opposed to membership" in html
