"""Subscribing with double opt-in, managing preferences and leaving, against real SMTP."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.digests.models import Subscription
from apps.digests.tokens import Purpose, make_token
from apps.positions.stances import Stance
from tests.digests.conftest import Inbox

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("digests:subscribe")


def subscribe(client, address="reader@example.org", **choices):
    return client.post(SUBSCRIBE, {"email": address, **choices})


def confirm_link(inbox: Inbox, address="reader@example.org") -> str:
    (message,) = inbox.to(address)
    (link,) = [link for link in Inbox.links(message) if "/confirm/" in link]
    return link.removeprefix("http://testserver")


def test_subscribing_sends_one_confirmation_and_nothing_else(client, smtp, week):
    response = subscribe(
        client, speakers=[week["rutte"].pk], stances=[Stance.OPPOSES], kinds=["refusal"]
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    (message,) = smtp.messages
    assert message["Subject"] == "Confirm your weekly digest"
    assert "/digest/confirm/" in Inbox.text(message)
    assert "Confirm the subscription" in Inbox.html(message)
    subscription = Subscription.objects.get()
    assert not subscription.is_active
    assert list(subscription.speakers.all()) == [week["rutte"]]
    assert subscription.stances == [Stance.OPPOSES]
    assert subscription.kinds == ["refusal"]


@pytest.mark.parametrize("address", ["not an address", "reader@", "@example.org", ""])
def test_an_invalid_address_is_refused_with_a_clear_message(client, smtp, address):
    response = subscribe(client, address)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an email address like name@example.org." in html or "required" in html
    assert not Subscription.objects.exists()
    assert smtp.messages == []


def test_subscribing_again_does_not_flood_the_address(client, smtp):
    for _ in range(5):
        subscribe(client)
    subscribe(client, "Reader@Example.org")
    assert len(smtp.messages) == 1
    assert Subscription.objects.count() == 1
    # An hour later, a new request gets a new link.
    Subscription.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(hours=2))
    subscribe(client)
    assert len(smtp.messages) == 2


def test_the_link_asks_before_it_confirms_and_works_once(client, smtp):
    subscribe(client)
    link = confirm_link(smtp)
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm your subscription" in page.content.decode()
    assert not Subscription.objects.get().is_active  # a mail scanner's GET confirms nothing

    assert "will receive the weekly digest" in client.post(link).content.decode()
    assert Subscription.objects.get().is_active

    reused = client.post(link)
    assert reused.status_code == 400
    assert "already used" in reused.content.decode()


def test_forged_and_expired_links_are_refused(client, smtp, monkeypatch):
    subscribe(client)
    link = confirm_link(smtp)
    forged = link.replace("/confirm/", "/confirm/x")
    response = client.post(forged)
    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()
    # A manage token does not confirm, nor the other way round.
    manage = make_token(Subscription.objects.get(), Purpose.MANAGE)
    assert client.post(reverse("digests:confirm", args=[manage])).status_code == 400

    eight_days_later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_later)
    expired = client.post(link)
    assert expired.status_code == 400
    assert "This link has expired." in expired.content.decode()
    assert not Subscription.objects.get().is_active


def test_a_confirmed_address_entered_again_gets_its_preferences_link(client, smtp, week):
    subscribe(client, stances=[Stance.OPPOSES])
    client.post(confirm_link(smtp))
    Subscription.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(hours=2))
    subscribe(client, stances=[Stance.SUPPORTS_NOW])
    reminder = smtp.messages[-1]
    assert reminder["Subject"] == "Your weekly digest"
    assert "/digest/manage/" in Inbox.text(reminder)
    # Someone typing the address cannot change what it receives.
    assert Subscription.objects.get().stances == [Stance.OPPOSES]
    # The reminder goes to a subscriber, so it offers one-click unsubscribe too.
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = reminder["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    client.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert not Subscription.objects.get().is_active


def test_preferences_change_through_the_link(client, smtp, week):
    subscribe(client)
    client.post(confirm_link(smtp))
    subscription = Subscription.objects.get()
    url = reverse("digests:manage", args=[make_token(subscription, Purpose.MANAGE)])
    assert "reader@example.org" in client.get(url).content.decode()
    response = client.post(
        url, {"speakers": [week["orban"].pk], "tags": [week["tag"].pk], "kinds": ["promise"]}
    )
    assert "Your choices are saved." in response.content.decode()
    assert list(subscription.speakers.all()) == [week["orban"]]
    assert list(subscription.tags.all()) == [week["tag"]]
    subscription.refresh_from_db()
    assert subscription.kinds == ["promise"]
    assert client.get(url).context["form"]["kinds"].value() == ["promise"]
    for bad_choice in ({"stances": ["maybe"]}, {"kinds": ["wish"]}):
        bad = client.post(url, bad_choice)
        assert bad.status_code == 400
        assert list(subscription.speakers.all()) == [week["orban"]]


def test_one_click_unsubscribe_needs_no_session_or_csrf_token(smtp):
    subscription = Subscription.objects.create(
        email="reader@example.org", confirmed_at=timezone.now()
    )
    url = reverse("digests:unsubscribe", args=[make_token(subscription, Purpose.MANAGE)])
    strict = Client(enforce_csrf_checks=True)
    # Opening the link asks first.
    assert "Stop sending the weekly digest" in strict.get(url).content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active

    # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click.
    response = strict.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert strict.post(url).status_code == 400  # the old link is spent


@pytest.mark.parametrize(
    ("weekday", "shown"), [("mon", "Monday"), ("friday", "Friday"), ("0", "Sunday")]
)
def test_the_form_says_which_day_the_digest_goes_out(client, settings, weekday, shown):
    settings.DIGEST_WEEKDAY = weekday
    assert f"Every {shown}," in client.get(reverse("digests:subscribe")).content.decode()


def test_when_the_mail_server_refuses_the_form_says_so_and_a_retry_sends_at_once(client, smtp):
    smtp.refuse.add("reader@example.org")
    response = client.post(reverse("digests:subscribe"), {"email": "reader@example.org"})
    assert response.status_code == 503
    assert "could not be sent just now" in response.content.decode()
    smtp.refuse.clear()
    client.post(reverse("digests:subscribe"), {"email": "reader@example.org"})
    assert [m["To"] for m in smtp.messages] == ["reader@example.org"]


def test_links_in_the_emails_can_be_copied_whole(client, smtp):
    """No quoted-printable soft line breaks ("=" at a line's end) inside a link."""
    subscribe(client)
    (message,) = smtp.messages
    raw = message.as_bytes().decode("utf-8")
    [link] = [
        line for line in raw.splitlines() if "/digest/confirm/" in line and "href" not in line
    ]
    assert not link.endswith("=")
    assert "Content-Transfer-Encoding: quoted-printable" not in raw
