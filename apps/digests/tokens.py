"""Signed links in emails: confirm a subscription, manage it, unsubscribe.

A token names the subscription, what it is for, and the subscription's nonce. The nonce
changes whenever the subscription changes state, so a used confirmation link, or an
unsubscribe link after unsubscribing, no longer works; signing makes tokens unforgeable
and dates them, so old ones expire.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.core import signing

from apps.digests.models import Subscription


class Purpose(StrEnum):
    CONFIRM = "confirm"
    MANAGE = "manage"  # preferences, unsubscribing and the digest in the browser


LIFETIME = {
    Purpose.CONFIRM: dt.timedelta(days=7),
    # Links in a digest must outlive many weekly emails.
    Purpose.MANAGE: dt.timedelta(days=400),
}


class InvalidToken(Exception):
    """A link that was forged, mangled, has expired or was already used."""


def make_token(subscription: Subscription, purpose: Purpose) -> str:
    return signing.dumps(
        {"id": subscription.pk, "nonce": subscription.token_nonce},
        salt=f"digests.{purpose}",
        compress=True,
    )


def read_token(token: str, purpose: Purpose) -> Subscription:
    """The subscription a token is for, or InvalidToken saying why not."""
    try:
        data = signing.loads(token, salt=f"digests.{purpose}", max_age=LIFETIME[purpose])
    except signing.SignatureExpired as error:
        raise InvalidToken("This link has expired.") from error
    except signing.BadSignature as error:
        raise InvalidToken("This link is not valid.") from error
    subscription = Subscription.objects.filter(pk=data.get("id")).first()
    if subscription is None:
        raise InvalidToken("This subscription no longer exists.")
    if subscription.token_nonce != data.get("nonce"):
        raise InvalidToken("This link was already used or has been replaced by a newer one.")
    return subscription
