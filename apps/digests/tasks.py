"""The weekly digest, for Celery beat: planned in parts that workers send in parallel.

Each task is safe to run twice: the send log claims every digest before it goes.
"""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task
from django.conf import settings

from apps.digests.weekly import digest_run, previous_week, subscriber_ranges

# An SMTP outage of up to about a day (60 s doubled ten times) is waited out.
DIGEST_RETRIES = 10


@shared_task(acks_late=True)
def send_weekly_digests(*, week: str | None = None) -> int:
    """Queue last week's digest (or `week`'s), one task per part of the subscriber list."""
    week = week or previous_week()
    ranges = subscriber_ranges()
    for first, last in ranges:
        send_digest_part.delay(week=week, first=first, last=last)
    return len(ranges)


@shared_task(bind=True, acks_late=True, max_retries=DIGEST_RETRIES)
def send_digest_part(self, *, week: str, first: int, last: int) -> dict:
    """Send `week`'s digest to the subscribers with ids from `first` to `last`.

    When the mail server turned some away for now (an outage, a full queue), the part runs
    again later with backoff: only the digests not yet sent go out.
    """
    report = digest_run(week, subscribers=(first, last))
    if report.failed_temporarily and not self.request.is_eager:
        delay = settings.DIGEST_RETRY_DELAY * 2**self.request.retries
        raise self.retry(countdown=delay, max_retries=DIGEST_RETRIES)
    return asdict(report)
