"""Guessing passwords at the admin login is slowed down: after repeated failures for one
user, or from one client address, sign-in waits a while, and the form says until when."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "erin", password="the-right-password-1", is_staff=True
    )


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_thirty_wrong_passwords_then_the_right_one_is_refused_for_a_while(staff):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(30):
        sign_in(client, "erin", "guess")
    response = sign_in(client, "erin", "the-right-password-1")
    assert response.status_code == 200  # the form again, not the admin
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-ins" in response.content.decode()
    assert "Try again after" in response.content.decode()

    cache.clear()  # the wait is over
    assert sign_in(client, "erin", "the-right-password-1").status_code == 302


def test_a_few_mistakes_do_not_lock_anyone_out(staff):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(3):
        sign_in(client, "erin", "guess")
    assert sign_in(client, "erin", "the-right-password-1").status_code == 302


def test_one_address_trying_many_names_is_slowed_down_too(staff):
    client = Client(REMOTE_ADDR="203.0.113.6")
    for n in range(25):
        sign_in(client, f"user{n}", "guess")
    response = sign_in(client, "erin", "the-right-password-1")
    assert "Too many failed sign-ins" in response.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert sign_in(other, "erin", "the-right-password-1").status_code == 302
