"""Subscribing with double opt-in, changing preferences, and unsubscribing."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.core.ratelimit import within_limit
from apps.digests.mail import ReadableEmail
from apps.digests.models import Subscription, new_token_nonce
from apps.digests.tokens import LIFETIME, Purpose, make_token
from apps.positions.models import Tag
from apps.speakers.models import Speaker

logger = logging.getLogger(__name__)

# However often an address is entered, it gets at most one email in this time.
RESEND_AFTER = dt.timedelta(hours=1)


# Requests one client address may make, and emails one mailbox may be sent, by this form.
REQUESTS_PER_CLIENT = 20
REQUESTS_PER_CLIENT_WINDOW = dt.timedelta(hours=1)
EMAILS_PER_MAILBOX = 3
EMAILS_PER_MAILBOX_WINDOW = dt.timedelta(days=1)


def mailbox_of(email: str) -> str:
    """The mailbox an address delivers to: case folded, and without a "+tag"."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def subscription_request(
    *,
    email: str,
    speakers: Iterable[Speaker] = (),
    stances: Iterable[str] = (),
    kinds: Iterable[str] = (),
    tags: Iterable[Tag] = (),
    client: str = "",
) -> Subscription | None:
    """Ask for a digest: a new or lapsed address is sent a confirmation link, nothing else.

    A confirmed address is not changed by this form (anyone can type anyone's address);
    it is sent its preferences link instead. Either email goes out at most once an hour,
    a mailbox is sent at most three a day, and one client may ask twenty times an hour;
    past a limit nothing is stored or sent (None), and the caller answers as usual.
    """
    email = email.strip()
    if client and not within_limit(
        f"subscribe-client:{client}", limit=REQUESTS_PER_CLIENT, window=REQUESTS_PER_CLIENT_WINDOW
    ):
        logger.info("Subscription request refused: client %s is over its limit", client)
        return None
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email)
            except IntegrityError:  # the same address, submitted twice at once
                return Subscription.objects.get(email__iexact=email)
        if not subscription.is_active:
            subscription_update(
                subscription, speakers=speakers, stances=stances, kinds=kinds, tags=tags
            )
        recently = subscription.confirmation_sent_at and (
            timezone.now() - subscription.confirmation_sent_at < RESEND_AFTER
        )
        if recently:
            return subscription
        if not within_limit(
            f"subscribe-mailbox:{mailbox_of(email)}",
            limit=EMAILS_PER_MAILBOX,
            window=EMAILS_PER_MAILBOX_WINDOW,
        ):
            logger.info("Subscription email not sent: the mailbox of %s had enough today", email)
            return subscription
        previously_sent = subscription.confirmation_sent_at
        subscription.confirmation_sent_at = timezone.now()
        subscription.save(update_fields=["confirmation_sent_at"])
    try:
        if subscription.is_active:
            _send_reminder_of_preferences(subscription)
        else:
            _send_confirmation(subscription)
    except (smtplib.SMTPException, OSError) as error:
        # Nothing went out: the next attempt may send at once.
        Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=previously_sent)
        raise EmailNotSent("The email could not be sent just now; please try again.") from error
    return subscription


class EmailNotSent(Exception):
    """The mail server did not take a subscription email."""


def subscription_confirm(subscription: Subscription) -> None:
    """The address is confirmed: digests may go to it from now on, the link is used up."""
    subscription.confirmed_at = timezone.now()
    subscription.unsubscribed_at = None
    subscription.token_nonce = new_token_nonce()
    subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "token_nonce"])


def subscription_unsubscribe(subscription: Subscription) -> None:
    """No more digests; links in earlier emails stop working."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
    subscription.token_nonce = new_token_nonce()
    subscription.save(update_fields=["unsubscribed_at", "token_nonce"])


def subscription_update(
    subscription: Subscription,
    *,
    speakers: Iterable[Speaker],
    stances: Iterable[str],
    tags: Iterable[Tag],
    kinds: Iterable[str] = (),
) -> None:
    with transaction.atomic():
        subscription.stances = list(stances)
        subscription.kinds = list(kinds)
        subscription.save(update_fields=["stances", "kinds"])
        subscription.speakers.set(speakers)
        subscription.tags.set(tags)


def absolute_url(path: str) -> str:
    """Links in emails point at the public site, wherever the email is built."""
    return f"{settings.SITE_URL}{path}"


def subscriber_links(subscription: Subscription) -> dict[str, str]:
    """The signed links every email to a subscriber carries, and the token inside them."""
    token = make_token(subscription, Purpose.MANAGE)
    return {
        "token": token,
        "manage_url": absolute_url(reverse("digests:manage", args=[token])),
        "unsubscribe_url": absolute_url(reverse("digests:unsubscribe", args=[token])),
    }


def one_click_unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send_confirmation(subscription: Subscription) -> None:
    token = make_token(subscription, Purpose.CONFIRM)
    context = {"confirm_url": absolute_url(reverse("digests:confirm", args=[token]))}
    _send(subscription, "Confirm your weekly digest", "digests/email/confirm", context)


def _send_reminder_of_preferences(subscription: Subscription) -> None:
    links = subscriber_links(subscription)
    _send(
        subscription,
        "Your weekly digest",
        "digests/email/already_subscribed",
        links,
        headers=one_click_unsubscribe_headers(links["unsubscribe_url"]),
    )


def _send(
    subscription: Subscription,
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
) -> None:
    message = ReadableEmail(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[subscription.email],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def followed_by_subscribers(objects: Iterable, relation: str) -> list[str]:
    """Why `objects` (speakers or tags, by `relation`) must not be deleted: deleting what a
    subscriber follows would leave them following nothing, which means everything."""
    followers = Subscription.objects.filter(**{f"{relation}__in": list(objects)}).distinct()
    count = followers.count()
    if not count:
        return []
    advice = (
        "merge it into another speaker instead, so that their choice moves with it"
        if relation == "speakers"
        else "keep it, or change those subscriptions first"
    )
    return [
        f"{count} subscriber{'s' if count != 1 else ''} of the weekly digest follow{'s' if count == 1 else ''} "
        f"this, and would get every position without it: {advice}"
    ]


def subscriptions_delete_expired_requests() -> int:
    """Forget addresses that asked for a digest and never confirmed once their link has
    expired: nobody chose to be kept, and an address is personal data."""
    expired = timezone.now() - LIFETIME[Purpose.CONFIRM]
    unconfirmed = Subscription.objects.filter(confirmed_at__isnull=True)
    deleted, _ = unconfirmed.filter(
        Q(confirmation_sent_at__lt=expired)
        | Q(confirmation_sent_at__isnull=True, created_at__lt=expired)
    ).delete()
    return deleted
