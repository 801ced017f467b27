"""The weekly digest: what was approved in an ISO week, for each subscriber's filters.

A run reads the week once, then goes through the subscribers in batches, a few queries
per batch. Each digest is claimed in the send log before it is sent and marked sent as
soon as the mail server takes it (those the server takes together, in one statement), so
a crashed or repeated run sends nothing twice and a later run sends what remains.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import smtplib
import threading
import uuid
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Case, Prefetch, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.core.numbers import ascii_int
from apps.digests.mail import ReadableEmail
from apps.digests.models import DigestSend, Subscription
from apps.digests.services import absolute_url, one_click_unsubscribe_headers, subscriber_links
from apps.positions.models import Citation, Position
from apps.positions.stances import Stance
from apps.positions.starter import STARTER_METHOD

logger = logging.getLogger(__name__)

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# A claim older than this belongs to a run that died; another run may take it over.
CLAIM_LEASE = dt.timedelta(minutes=15)
# Digests handed to the mail server at once: its replies, not our work, are the wait.
SMTP_CONNECTIONS = 2

_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def send_day() -> str:
    """The weekday the digest goes out, from DIGEST_WEEKDAY ("mon", "monday" or cron's 0-6)."""
    value = str(settings.DIGEST_WEEKDAY).strip().lower()
    if (number := ascii_int(value)) is not None:
        return _WEEKDAYS[number % 7]
    return next((day for day in _WEEKDAYS if day.lower().startswith(value[:3])), "week")


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def previous_week(now: dt.datetime | None = None) -> str:
    """The last full ISO week: the one a Monday-morning run reports on."""
    today = timezone.localdate(now or timezone.now())
    return iso_week(today - dt.timedelta(days=7))


def week_bounds(week: str) -> tuple[dt.datetime, dt.datetime]:
    """The week's first moment and the next week's, in the site's time zone."""
    match = WEEK.match(week)
    if not match:
        raise ValueError(f"A week is written like 2025-W07, not {week!r}.")
    if not 2000 <= int(match[1]) <= 2999:
        raise ValueError(f"There is no digest for {week}: the years run from 2000.")
    try:
        monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as error:
        raise ValueError(f"There is no week {week}.") from error
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    return start, start + dt.timedelta(days=7)


@dataclass
class Shift:
    """A speaker saying something other than they said before."""

    before: str
    before_on: dt.date | None


@dataclass
class Sections:
    """A digest's body, shared by every subscriber who asked for the same positions."""

    html: str
    text: str


@dataclass
class WeekContent:
    week: str
    positions: list[Position]
    shifts: dict[int, Shift] = field(default_factory=dict)  # by position id
    items: dict[int, Sections] = field(default_factory=dict)  # each position, rendered


def week_content(week: str) -> WeekContent:
    """Positions approved in `week`, and which of them depart from the speaker's last stance.
    Starter data loaded that week is not news: it was imported, not approved then."""
    start, end = week_bounds(week)
    positions = list(
        Position.objects.approved()
        .filter(reviewed_at__gte=start, reviewed_at__lt=end)
        .exclude(method=STARTER_METHOD)
        .select_related("speaker")
        .prefetch_related(
            "tags",
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("article__outlet")
                .only("position_id", "article__url", "article__outlet__name")
                .order_by("article__first_seen_at", "id"),
            ),
        )
        .order_by("stance", "speaker__full_name", "said_on")
    )
    content = WeekContent(week, positions)
    if not positions:
        return content
    earlier = defaultdict(list)
    for speaker_id, stance, said_on, pk in (
        Position.objects.approved()
        .filter(speaker_id__in={p.speaker_id for p in positions})
        .exclude(said_on=None)
        .order_by("said_on", "pk")
        .values_list("speaker_id", "stance", "said_on", "pk")
    ):
        earlier[speaker_id].append((said_on, pk, stance))
    for position in positions:
        before = [
            (said_on, stance)
            for said_on, pk, stance in earlier[position.speaker_id]
            if pk != position.pk and position.said_on and said_on < position.said_on
        ]
        if before and before[-1][1] != position.stance:
            content.shifts[position.pk] = Shift(Stance(before[-1][1]).label, before[-1][0])
    return content


def matching(content: WeekContent, subscription: Subscription) -> list[Position]:
    """The week's positions this subscriber asked for (no filter: all of them)."""
    speakers = {speaker.pk for speaker in subscription.speakers.all()}
    tags = {tag.pk for tag in subscription.tags.all()}
    stances = set(subscription.stances)
    return [
        position
        for position in content.positions
        if (not speakers or position.speaker_id in speakers)
        and (not stances or position.stance in stances)
        and (not tags or tags & {tag.pk for tag in position.tags.all()})
    ]


def render_sections(content: WeekContent, positions: list[Position]) -> Sections:
    """The positions grouped by stance. Each position is rendered once a run, however many
    digests hold it; a digest only puts the pieces together."""
    by_stance: dict[str, list[Sections]] = defaultdict(list)
    for position in positions:
        by_stance[position.get_stance_display()].append(_rendered_item(content, position))
    shifts = sum(1 for position in positions if position.pk in content.shifts)
    context = {"shifts": shifts, "groups": list(by_stance.items())}
    return Sections(
        html=render_to_string("digests/email/_sections.html", context),
        text=render_to_string("digests/email/_sections.txt", context),
    )


def _rendered_item(content: WeekContent, position: Position) -> Sections:
    if position.pk not in content.items:
        context = {
            "position": position,
            "url": absolute_url(position.get_absolute_url()),
            "shift": content.shifts.get(position.pk),
        }
        content.items[position.pk] = Sections(
            html=render_to_string("digests/email/_item.html", context),
            text=render_to_string("digests/email/_item.txt", context),
        )
    return content.items[position.pk]


# Stand-ins for each subscriber's own links: a digest is rendered once for everyone who
# chose the same positions, then each copy gets its links by replacement.
LINK_MARKERS = {
    name: f"[[{name}-{secrets.token_hex(8)}]]"
    for name in ("manage_url", "unsubscribe_url", "browser_url")
}


@dataclass
class RenderedDigest:
    subject: str
    text: str
    html: str


def render_digest(content: WeekContent, positions: list[Position]) -> RenderedDigest:
    count = len(positions)
    sections = render_sections(content, positions)
    context = {"week": content.week, "count": count, "sections": sections} | LINK_MARKERS
    return RenderedDigest(
        subject=f"Ukraine and NATO: {count} new position{'s' if count != 1 else ''}, "
        f"week {content.week}",
        text=render_to_string("digests/email/digest.txt", context),
        html=render_to_string("digests/email/digest.html", context),
    )


def digest_message(
    subscription: Subscription, week: str, digest: RenderedDigest, *, test: bool = False
) -> EmailMultiAlternatives:
    """One subscriber's digest email: HTML and plain text, and one-click unsubscribe."""
    # An editor's test carries no subscriber's own links: whoever reads it could otherwise
    # manage or unsubscribe that subscriber.
    private = subscription.pk is None or test
    if private:
        links = dict.fromkeys(LINK_MARKERS, absolute_url(reverse("digests:subscribe")))
    else:
        links = subscriber_links(subscription)
        links["browser_url"] = absolute_url(reverse("digests:view", args=[week, links["token"]]))
    text, html = digest.text, digest.html
    for name, marker in LINK_MARKERS.items():
        # Signed tokens and our paths need no escaping, in HTML or in text.
        text, html = text.replace(marker, links[name]), html.replace(marker, links[name])
    message = ReadableEmail(
        subject=digest.subject,
        body=text,
        to=[subscription.email],
        headers={} if private else one_click_unsubscribe_headers(links["unsubscribe_url"]),
    )
    message.attach_alternative(html, "text/html")
    return message


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
    if not content.positions:
        return report
    rendered: dict[tuple[int, ...], RenderedDigest] = {}
    claims: list[str] = []
    sender = None if dry_run else _Sender(using, connections)
    try:
        for batch in _subscriber_batches(batch_size, subscribers):
            report.batches += 1
            report.subscribers += len(batch)
            wanted = {}
            for subscription in batch:
                positions = matching(content, subscription)
                if positions:
                    wanted[subscription.pk] = (subscription, positions)
                else:
                    report.nothing_new += 1
            if sender is None:
                report.sent += len(wanted)
                continue
            claims.append(uuid.uuid4().hex)
            claimed = _claim(week, wanted, claims[-1])
            elsewhere = _claimed_elsewhere(week, wanted, claims[-1])
            report.claimed_elsewhere += elsewhere
            report.already_sent += len(wanted) - len(claimed) - elsewhere
            for send_id, subscription_id in claimed:
                subscription, positions = wanted[subscription_id]
                key = tuple(position.pk for position in positions)
                if key not in rendered:
                    rendered[key] = render_digest(content, positions)
                message = digest_message(subscription, week, rendered[key])
                sender.submit(message, send_id, len(positions))
                # Recorded as soon as the server takes them: a run killed outright sends
                # again only what was in flight.
                _record(sender.finished(), report)
            _record(sender.finished(wait_all=True), report)
    except BaseException:
        # Whatever stopped this run: what the mail server took is recorded, and what was
        # claimed but not sent is free again at once.
        if sender is not None:
            _record(sender.finished(wait_all=True), report)
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


def _record(outcomes: list[tuple[int, int, BaseException | None]], report: RunReport) -> None:
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
            report.failed_temporarily += not _refused_for_good(error)


def _refused_for_good(error: BaseException) -> bool:
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


def _subscriber_batches(batch_size: int, bounds: tuple[int, int] | None):
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


def _claim(week: str, wanted: dict, claim: str) -> list[tuple[int, int]]:
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


def _claimed_elsewhere(week: str, wanted: dict, claim: str) -> int:
    if not wanted:
        return 0
    return (
        DigestSend.objects.filter(week=week, subscription_id__in=list(wanted), sent_at=None)
        .exclude(claim__in=["", claim])
        .count()
    )


def digest_preview(week: str, subscription: Subscription | None = None) -> dict:
    """What a subscriber (or anyone, without filters) would get for `week`, for a page."""
    content = week_content(week)
    positions = _chosen(content, subscription)
    return {
        "week": week,
        "count": len(positions),
        "sections": render_sections(content, positions) if positions else None,
    }


def send_test_digest(week: str, subscription: Subscription | None, to: str) -> int:
    """Send `to` the digest `subscription` (or anyone, without filters) gets for `week`,
    marked as a test; returns how many positions it held (none: nothing was sent)."""
    content = week_content(week)
    positions = _chosen(content, subscription)
    if positions:
        target = subscription or Subscription(email=to)
        message = digest_message(target, week, render_digest(content, positions), test=True)
        message.to = [to]
        message.subject = f"[Test] {message.subject}"
        message.send()
    return len(positions)


def _chosen(content: WeekContent, subscription: Subscription | None) -> list[Position]:
    return matching(content, subscription) if subscription else content.positions
