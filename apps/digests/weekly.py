"""The weekly digest: what was approved in an ISO week, for each subscriber's filters.

A run reads the week once, then goes through the subscribers in batches, a few queries
per batch. Each digest is claimed in the send log before it is sent and marked sent as
soon as the mail server takes it (those the server takes together, in one statement), so
a crashed or repeated run sends nothing twice and a later run sends what remains.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers

from apps.digests.models import DigestSend, Subscription
from apps.digests.rendering import RenderedDigest, digest_message, render_digest, render_sections
from apps.digests.selection import chosen, matching_each, week_content
from apps.digests.send_log import (
    claim,
    claimed_elsewhere,
    record_outcomes,
    subscriber_batches,
)

# Digests handed to the mail server at once: its replies, not our work, are the wait.
SMTP_CONNECTIONS = 2


@dataclass
class RunReport:
    week: str
    positions: int = 0
    subscribers: int = 0
    sent: int = 0
    already_sent: int = 0
    nothing_new: int = 0
    failed: int = 0
    # Of those failed, the ones a mail server may take later (4xx replies, lost connections).
    failed_temporarily: int = 0
    # Unsent digests another run has claimed and is (or was, if it died) sending.
    claimed_elsewhere: int = 0
    batches: int = 0


def digest_run(
    week: str,
    *,
    dry_run: bool = False,
    batch_size: int | None = None,
    using: str = "default",
    connections: int = SMTP_CONNECTIONS,
    subscribers: tuple[int, int] | None = None,
) -> RunReport:
    """Send `week`'s digest to every confirmed subscriber with something new, once.

    `subscribers`, a range of subscription ids, limits the run to one part of the list:
    each part can then be sent by another worker (see subscriber_ranges).
    """
    batch_size = batch_size or settings.DIGEST_BATCH_SIZE
    content = week_content(week)
    report = RunReport(week, positions=len(content.positions))
    if not content:
        return report
    rendered: dict[tuple[int, ...], RenderedDigest] = {}
    claims: list[str] = []
    sender = None if dry_run else _Sender(using, connections)
    try:
        for batch in subscriber_batches(batch_size, subscribers):
            report.batches += 1
            report.subscribers += len(batch)
            wanted = {}
            selections = matching_each(content, batch)
            for subscription in batch:
                selected = selections[subscription.pk]
                if selected:
                    wanted[subscription.pk] = (subscription, selected)
                else:
                    report.nothing_new += 1
            if sender is None:
                report.sent += len(wanted)
                continue
            claims.append(uuid.uuid4().hex)
            claimed = claim(week, wanted, claims[-1])
            elsewhere = claimed_elsewhere(week, wanted, claims[-1])
            report.claimed_elsewhere += elsewhere
            report.already_sent += len(wanted) - len(claimed) - elsewhere
            for send_id, subscription_id in claimed:
                subscription, selected = wanted[subscription_id]
                if selected.key not in rendered:
                    rendered[selected.key] = render_digest(content, selected)
                message = digest_message(subscription, week, rendered[selected.key])
                sender.submit(message, send_id, len(selected.positions))
                # Recorded as soon as the server takes them: a run killed outright sends
                # again only what was in flight.
                record_outcomes(sender.finished(), report)
            record_outcomes(sender.finished(wait_all=True), report)
    except BaseException:
        # Whatever stopped this run: what the mail server took is recorded, and what was
        # claimed but not sent is free again at once.
        if sender is not None:
            record_outcomes(sender.finished(wait_all=True), report)
        DigestSend.objects.filter(claim__in=claims, sent_at=None).update(claim="")
        raise
    finally:
        if sender is not None:
            sender.close()
    return report


class _Sender:
    """Hands digests to the mail server over a few connections at once.

    Only the sending runs in threads; the caller records every outcome in the database
    from its own thread, as soon as the server has answered.
    """

    def __init__(self, using: str, connections: int) -> None:
        self.using = using
        self.pool = ThreadPoolExecutor(max_workers=connections, thread_name_prefix="digest")
        self.local = threading.local()
        self.opened: list = []
        self.lock = threading.Lock()
        self.in_flight: dict[Future, tuple[int, int]] = {}
        self.limit = connections * 4

    def submit(self, message: EmailMultiAlternatives, send_id: int, count: int) -> None:
        self.in_flight[self.pool.submit(self._send, message)] = (send_id, count)

    def _send(self, message: EmailMultiAlternatives) -> int:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = mailers[self.using]
            with self.lock:
                self.opened.append(connection)
        return connection.send_messages([message])

    def finished(self, *, wait_all: bool = False) -> list[tuple[int, int, BaseException | None]]:
        """Outcomes ready to record: (send id, positions, error), all that have finished;
        waits for one when too many fly, or for all."""
        if not self.in_flight:
            return []
        if wait_all:
            wait(self.in_flight)
        elif len(self.in_flight) >= self.limit:
            wait(self.in_flight, return_when=FIRST_COMPLETED)
        done = [future for future in self.in_flight if future.done()]
        return [(*self.in_flight.pop(future), future.exception()) for future in done]

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        for connection in self.opened:
            connection.close()


def digest_preview(week: str, subscription: Subscription | None = None) -> dict:
    """What a subscriber (or anyone, without filters) would get for `week`, for a page."""
    content = week_content(week)
    selected = chosen(content, subscription)
    return {
        "week": week,
        "count": len(selected.positions),
        "changes": len(selected.changes),
        "sections": render_sections(content, selected) if selected else None,
    }


def send_test_digest(week: str, subscription: Subscription | None, to: str) -> int:
    """Send `to` the digest `subscription` (or anyone, without filters) gets for `week`,
    marked as a test; returns how many positions and promise updates it held (none:
    nothing was sent)."""
    content = week_content(week)
    selected = chosen(content, subscription)
    if selected:
        target = subscription or Subscription(email=to)
        message = digest_message(target, week, render_digest(content, selected), test=True)
        message.to = [to]
        message.subject = f"[Test] {message.subject}"
        message.send()
    return len(selected.positions) + len(selected.changes)
