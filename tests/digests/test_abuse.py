"""Subscribing cannot be turned into a mail cannon: limits per client address and per
mailbox (plus-addresses folded), the same answer whether a limit applied or not, open
when the cache cannot count, and unconfirmed requests deleted once their link expires."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.digests.models import Subscription
from apps.digests.services import mailbox_of
from apps.digests.tasks import delete_expired_requests

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("digests:subscribe")


def answer_text(response) -> str:
    return response.content.decode().split("<main", 1)[-1]


def test_one_client_gets_at_most_twenty_confirmations_an_hour_with_the_same_answer(smtp):
    client = Client(REMOTE_ADDR="203.0.113.9")
    answers = [client.post(SUBSCRIBE, {"email": f"reader{n}@example.org"}) for n in range(40)]
    assert len(smtp.messages) == 20
    assert {response.status_code for response in answers} == {200}
    first, last = answers[0], answers[-1]
    assert answer_text(first).replace("reader0", "reader39") == answer_text(last)
    assert Subscription.objects.count() == 20
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.post(SUBSCRIBE, {"email": "someone@example.org"})
    assert len(smtp.messages) == 21


def test_plus_address_variants_fill_a_mailbox_with_three_emails_a_day_at_most(smtp):
    for n in range(25):
        Client(REMOTE_ADDR=f"192.0.2.{n + 1}").post(SUBSCRIBE, {"email": f"victim+{n}@Example.org"})
    assert len(smtp.messages) == 3


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("Victim+news@Example.org", "victim@example.org"),
        ("victim@example.org", "victim@example.org"),
        ("a+b+c@x.example", "a@x.example"),
    ],
)
def test_mailboxes_fold_case_and_plus_tags(address, mailbox):
    assert mailbox_of(address) == mailbox


def test_limits_fail_open_with_a_log_line_when_the_cache_is_down(smtp, settings, caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(22):
        client.post(SUBSCRIBE, {"email": f"reader{n}@example.org"})
    assert len(smtp.messages) == 22
    assert "serving from the database" in caplog.text


def test_unconfirmed_requests_are_deleted_once_their_link_has_expired(smtp):
    old = Subscription.objects.create(email="old@example.org")
    Subscription.objects.filter(pk=old.pk).update(
        confirmation_sent_at=timezone.now() - dt.timedelta(days=8)
    )
    recent = Subscription.objects.create(email="recent@example.org")
    Subscription.objects.filter(pk=recent.pk).update(confirmation_sent_at=timezone.now())
    reader = Subscription.objects.create(
        email="reader@example.org", confirmed_at=timezone.now() - dt.timedelta(days=30)
    )
    Subscription.objects.filter(pk=reader.pk).update(
        confirmation_sent_at=timezone.now() - dt.timedelta(days=31)
    )

    assert delete_expired_requests() == 1

    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "reader@example.org",
    }
