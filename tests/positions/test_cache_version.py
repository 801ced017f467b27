"""The timeline's caches empty when, and only when, something the timeline shows changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.positions.models import Position
from apps.positions.tasks import warm_timeline_counts
from apps.positions.timeline_cache import data_version
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_ingestion_of_pending_candidates_keeps_the_caches(editor):
    approved = PositionFactory(status=Position.Status.APPROVED)
    outlet = OutletFactory()
    before = data_version()
    candidate = PositionFactory(status=Position.Status.PENDING, speaker=approved.speaker)
    article = ArticleFactory(outlet=outlet)
    CitationFactory(position=candidate, article=article)
    article.status = "analysed"
    article.save()
    assert data_version() == before


@pytest.mark.parametrize(
    ("status", "change"),
    [
        pytest.param("pending", lambda p, editor: p.approve(by=editor), id="approve a candidate"),
        pytest.param("approved", lambda p, editor: p.reject(by=editor), id="reject an approved"),
        pytest.param("approved", lambda p, editor: p.speaker.save(), id="edit its speaker"),
        pytest.param("approved", lambda p, editor: OutletFactory(), id="add an outlet"),
    ],
)
def test_changes_the_timeline_shows_empty_the_caches(editor, status, change):
    position = PositionFactory(status=status)
    before = data_version()
    change(position, editor)
    assert data_version() > before


def test_a_new_report_of_an_approved_position_empties_the_caches():
    position = PositionFactory(status=Position.Status.APPROVED)
    article = ArticleFactory()
    before = data_version()
    CitationFactory(position=position, article=article)
    assert data_version() > before


def test_the_landing_counts_are_computed_ahead_of_visitors(client, editor, settings):
    cache.clear()
    PositionFactory(status=Position.Status.APPROVED, stance="opposes_membership")
    assert warm_timeline_counts.delay().get() == 8  # the whole timeline and each stance
    assert warm_timeline_counts.delay().get() == 0  # nothing to do while they are cached
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("positions:timeline"), {"stance": "opposes_membership"})
    assert not [q for q in warm.captured_queries if "GROUP BY" in q["sql"]]  # no counting

    PositionFactory(status=Position.Status.PENDING).approve(by=editor)  # a change
    assert warm_timeline_counts.delay().get() == 8
    assert "warm-timeline-counts" in settings.CELERY_BEAT_SCHEDULE
