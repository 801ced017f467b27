"""Editors teach the extractor: reviewed candidates exported as gold, and the share
approved as extracted."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.extraction import Form, Stance, Statement
from apps.positions.annotations import Outcome, approval_share, reviewed_candidates
from apps.positions.models import Position
from apps.positions.review_undo import review
from apps.positions.services import positions_record
from tests.sources.factories import ArticleFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Stoltenberg said on Tuesday that Ukraine will join NATO after the war.\n\n"
    "Peskov said Ukraine's membership would threaten Russia.\n\n"
    "Rutte said allies will meet in June."
)


def statement(quote: str, speaker_key: int, stance: Stance) -> Statement:
    start = TEXT.index(quote)
    return Statement(
        speaker="",
        role="",
        quote=quote,
        quote_start=start,
        quote_end=start + len(quote),
        direct=False,
        said_on=None,
        stance=stance,
        confidence=0.7,
        form=Form.REPORTED,
        context=TEXT,
        speaker_key=speaker_key,
        rules=("reported-that",),
    )


@pytest.fixture
def reviewed(editor):
    article = ArticleFactory(text=TEXT, published_on=dt.date(2024, 7, 10))
    speakers = {
        name: SpeakerFactory(full_name=name)
        for name in ("Jens Stoltenberg", "Dmitry Peskov", "Mark Rutte")
    }
    as_is, corrected, wrong = positions_record(
        article=article,
        statements=[
            statement(
                "Ukraine will join NATO after the war",
                speakers["Jens Stoltenberg"].pk,
                Stance.SUPPORTS_AFTER_WAR,
            ),
            statement(
                "Ukraine's membership would threaten Russia",
                speakers["Dmitry Peskov"].pk,
                Stance.NEUTRAL,
            ),
            statement("allies will meet in June", speakers["Mark Rutte"].pk, Stance.NEUTRAL),
        ],
    )
    corrected.stance = Stance.OPPOSES  # the editor's correction, then approval
    corrected.save()
    review(
        Position.objects.filter(pk__in=[as_is.pk, corrected.pk]),
        Position.Status.APPROVED,
        by=editor,
    )
    review(Position.objects.filter(pk=wrong.pk), Position.Status.REJECTED, by=editor)
    return {"as_is": as_is, "corrected": corrected, "wrong": wrong}


def test_each_review_is_compared_with_what_extraction_proposed(reviewed):
    outcomes = {c.position.pk: (c.outcome, c.changed) for c in reviewed_candidates()}
    assert outcomes == {
        reviewed["as_is"].pk: (Outcome.APPROVED, []),
        reviewed["corrected"].pk: (Outcome.CORRECTED, ["stance"]),
        reviewed["wrong"].pk: (Outcome.REJECTED, []),
    }


def test_only_extracted_candidates_count(reviewed, editor):
    typed_in = reviewed["as_is"]
    Position.objects.filter(pk=typed_in.pk).update(method="editor")
    assert approval_share().reviewed == 2


def test_the_share_approved_as_extracted_covers_the_last_30_days(reviewed):
    share = approval_share()
    assert (share.reviewed, share.unchanged, share.share) == (3, 1, pytest.approx(1 / 3))
    Position.objects.filter(pk=reviewed["as_is"].pk).update(
        reviewed_at=timezone.now() - dt.timedelta(days=31)
    )
    assert (approval_share().reviewed, approval_share().unchanged) == (2, 0)


def test_the_review_queue_shows_the_share(client, editor, reviewed):
    client.force_login(editor)
    html = client.get(reverse("admin:positions_position_review")).content.decode()
    assert "In the last 30 days, 1 of 3 reviewed candidates (33%) were approved" in html


def test_export_writes_gold_the_benchmark_scores(reviewed, tmp_path, settings):
    call_command("export_annotations", str(tmp_path))
    gold = json.loads((tmp_path / "gold.json").read_text())
    rejected = json.loads((tmp_path / "rejected.json").read_text())
    articles = json.loads((tmp_path / "articles.json").read_text())
    assert sorted((g["quote"], g["stance"], g["review"]) for g in gold) == [
        ("Ukraine will join NATO after the war", "supports_membership_after_war", Outcome.APPROVED),
        ("Ukraine's membership would threaten Russia", "opposes_membership", Outcome.CORRECTED),
    ]
    assert [r["quote"] for r in rejected] == ["allies will meet in June"]
    assert articles[0]["published"] == "2024-07-10"
    assert (tmp_path / articles[0]["article"]).read_text() == TEXT
    # The benchmark reads the folder as it reads the seeds.
    scored = subprocess.run(
        [sys.executable, "bench/extraction_quality.py", "--gold-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "precision" in scored.stdout
