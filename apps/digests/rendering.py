"""A digest's body and message: each position rendered once a run, the sections shared
by every subscriber who asked for the same positions, and the email with its links."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from apps.digests.mail import ReadableEmail
from apps.digests.models import Subscription
from apps.digests.selection import Selected, WeekContent
from apps.digests.services import absolute_url, one_click_unsubscribe_headers, subscriber_links
from apps.positions.models import Position


@dataclass
class Sections:
    """A digest's body, shared by every subscriber who asked for the same positions."""

    html: str
    text: str


def render_sections(content: WeekContent, selected: Selected) -> Sections:
    """The positions grouped by stance, then the promises whose status changed. Each
    position is rendered once a run, however many digests hold it; a digest only puts the
    pieces together."""
    by_stance: dict[str, list[Sections]] = defaultdict(list)
    for position in selected.positions:
        by_stance[position.get_stance_display()].append(rendered_item(content, position))
    shifts = sum(1 for position in selected.positions if position.pk in content.shifts)
    changes = [
        (change, absolute_url(change.promise.get_absolute_url())) for change in selected.changes
    ]
    context = {"shifts": shifts, "groups": list(by_stance.items()), "changes": changes}
    return Sections(
        html=render_to_string("digests/email/_sections.html", context),
        text=render_to_string("digests/email/_sections.txt", context),
    )


def rendered_item(content: WeekContent, position: Position) -> Sections:
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


def render_digest(content: WeekContent, selected: Selected) -> RenderedDigest:
    count, changes = len(selected.positions), len(selected.changes)
    sections = render_sections(content, selected)
    context = {
        "week": content.week,
        "count": count,
        "changes": changes,
        "sections": sections,
    } | LINK_MARKERS
    held = [f"{count} new position{'s' if count != 1 else ''}"] if count else []
    if changes:
        held.append(f"{changes} promise update{'s' if changes != 1 else ''}")
    return RenderedDigest(
        subject=f"Ukraine and NATO: {', '.join(held)}, week {content.week}",
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
