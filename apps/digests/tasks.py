"""The weekly digest, for Celery beat: planned in parts that workers send in parallel.

Each task is safe to run twice: the send log claims every digest before it goes.
"""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from apps.core.retries import backoff
from apps.digests.send_log import CLAIM_LEASE, subscriber_ranges
from apps.digests.services import subscriptions_delete_expired_requests
from apps.digests.weekly import digest_run
from apps.digests.weeks import previous_week

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
    try:
        report = digest_run(week, subscribers=(first, last))
    except SoftTimeLimitExceeded as error:
        # Out of time: what was sent is recorded and the rest released; go on from there.
        raise self.retry(exc=error, countdown=1, max_retries=DIGEST_RETRIES) from error
    if self.request.is_eager:
        return asdict(report)
    if report.claimed_elsewhere:
        # Another run holds some of these; if it died, its claims lapse and they are ours.
        lease = CLAIM_LEASE.total_seconds() + 60
        raise self.retry(countdown=lease, max_retries=DIGEST_RETRIES)
    if report.failed_temporarily:
        delay = backoff(settings.DIGEST_RETRY_DELAY, self.request.retries)
        raise self.retry(countdown=delay, max_retries=DIGEST_RETRIES)
    return asdict(report)


@shared_task(acks_late=True)
def delete_expired_requests() -> int:
    """Delete subscription requests never confirmed whose link has expired."""
    return subscriptions_delete_expired_requests()
