"""The send log: each digest claimed before it is sent (a claim older than the lease
belongs to a run that died), and every outcome recorded, so a crashed or repeated run
sends nothing twice and a later run sends what remains."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from apps.digests.models import DigestSend, Subscription
from apps.digests.weeks import iso_week
from apps.positions.models import Position

if TYPE_CHECKING:
    from apps.digests.weekly import RunReport

logger = logging.getLogger("apps.digests.weekly")

# A claim older than this belongs to a run that died; another run may take it over.
CLAIM_LEASE = dt.timedelta(minutes=15)


def record_outcomes(
    outcomes: list[tuple[int, int, BaseException | None]], report: RunReport
) -> None:
    """Mark sent what the server took, in one statement; keep the error of what it refused."""
    if not outcomes:
        return
    sent = {send_id: count for send_id, count, error in outcomes if error is None}
    if sent:
        DigestSend.objects.filter(pk__in=sent).update(
            sent_at=timezone.now(),
            claim="",
            error="",
            position_count=Case(*(When(pk=pk, then=Value(n)) for pk, n in sent.items())),
        )
        report.sent += len(sent)
    for send_id, _, error in outcomes:
        if error is not None:
            logger.warning("Digest %s failed: %s", send_id, error)
            DigestSend.objects.filter(pk=send_id).update(claim="", error=str(error)[:1000])
            report.failed += 1
            report.failed_temporarily += not refused_for_good(error)


def refused_for_good(error: BaseException) -> bool:
    """Whether the mail server refused for good (5xx): trying again would not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def subscriber_ranges(size: int | None = None) -> list[tuple[int, int]]:
    """The active subscriptions cut into ranges of ids of `size` each, for parallel runs."""
    size = size or settings.DIGEST_BATCH_SIZE
    ids = list(Subscription.objects.active().order_by("pk").values_list("pk", flat=True))
    return [
        (chunk[0], chunk[-1]) for chunk in (ids[i : i + size] for i in range(0, len(ids), size))
    ]


def subscriber_batches(batch_size: int, bounds: tuple[int, int] | None):
    """Active subscriptions in batches by id, with their filters: three queries a batch."""
    last, end = (bounds[0] - 1, bounds[1]) if bounds else (0, None)
    while True:
        subscriptions = Subscription.objects.active().filter(pk__gt=last)
        if end is not None:
            subscriptions = subscriptions.filter(pk__lte=end)
        batch = list(subscriptions.order_by("pk").prefetch_related("speakers", "tags")[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def claim(week: str, wanted: dict, claim: str) -> list[tuple[int, int]]:
    """Take the batch's unsent digests for this run; others' live claims are left alone."""
    if not wanted:
        return []
    DigestSend.objects.bulk_create(
        [DigestSend(subscription_id=pk, week=week) for pk in wanted], ignore_conflicts=True
    )
    now = timezone.now()
    DigestSend.objects.filter(
        Q(claim="") | Q(claimed_at__lt=now - CLAIM_LEASE),
        week=week,
        subscription_id__in=list(wanted),
        sent_at=None,
    ).update(claim=claim, claimed_at=now)
    return list(
        DigestSend.objects.filter(claim=claim).values_list("id", "subscription_id").order_by("id")
    )


def claimed_elsewhere(week: str, wanted: dict, claim: str) -> int:
    if not wanted:
        return 0
    return (
        DigestSend.objects.filter(week=week, subscription_id__in=list(wanted), sent_at=None)
        .exclude(claim__in=["", claim])
        .count()
    )


def digests_sent_since_approval(positions: Iterable[Position]) -> list[str]:
    """For approved positions about to go back to review: each week whose digest was sent
    after they were approved, and so may have carried them."""
    approved = [p for p in positions if p.status == Position.Status.APPROVED and p.reviewed_at]
    notices = []
    for week in sorted({iso_week(timezone.localdate(p.reviewed_at)) for p in approved}):
        earliest = min(
            p.reviewed_at for p in approved if iso_week(timezone.localdate(p.reviewed_at)) == week
        )
        sent = DigestSend.objects.filter(
            week=week, sent_at__gte=earliest, position_count__gt=0
        ).count()
        if sent:
            notices.append(
                f"The digest for {week} was already sent to {sent} subscriber(s) after this "
                "approval, so it may have carried these positions; undoing does not recall it."
            )
    return notices
