"""Retry delays double, but never past what the broker waits before redelivering."""

from __future__ import annotations

from apps.core.retries import backoff


def test_backoff_doubles_and_stays_under_half_the_visibility_timeout(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    assert [backoff(30, attempt) for attempt in range(4)] == [30, 60, 120, 240]
    assert backoff(60, 10) == 1800
