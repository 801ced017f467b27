"""The weekly digest, for Celery beat: planned in parts that workers send in parallel.

Each task is safe to run twice: the send log claims every digest before it goes.
"""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from apps.digests.weekly import digest_run, previous_week, subscriber_ranges


@shared_task(acks_late=True)
def send_weekly_digests(*, week: str | None = None) -> int:
    """Queue last week's digest (or `week`'s), one task per part of the subscriber list."""
    week = week or previous_week()
    ranges = subscriber_ranges()
    for first, last in ranges:
        send_digest_part.delay(week=week, first=first, last=last)
    return len(ranges)


@shared_task(acks_late=True)
def send_digest_part(*, week: str, first: int, last: int) -> dict:
    """Send `week`'s digest to the subscribers with ids from `first` to `last`."""
    return asdict(digest_run(week, subscribers=(first, last)))
