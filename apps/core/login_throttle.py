"""Sign-in failures counted per user name and per client address, in the shared cache.

After too many failures in a while, sign-in waits, even with the right password: that is
what makes guessing slow. Like any limit here, it is not enforced when the cache cannot
count (a line is logged by the cache), so an outage never locks editors out.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.utils import timezone

FAILURES_PER_USER = 5
FAILURES_PER_CLIENT = 20
WAIT = dt.timedelta(minutes=15)


def _user_key(username: str) -> str:
    return f"login-failures:user:{username.strip().lower()}"


def _keys(username: str, client: str) -> list[tuple[str, int]]:
    return [
        (_user_key(username), FAILURES_PER_USER),
        (f"login-failures:client:{client}", FAILURES_PER_CLIENT),
    ]


def sign_in_blocked_until(username: str, client: str) -> dt.datetime | None:
    """When sign-in may be tried again, if it must wait."""
    waits = [cache.get(f"{key}:until") for key, _ in _keys(username, client)]
    waits = [until for until in waits if until is not None and until > timezone.now()]
    return max(waits, default=None)


def sign_in_failed(username: str, client: str) -> None:
    seconds = int(WAIT.total_seconds())
    for key, limit in _keys(username, client):
        if cache.add(key, 1, timeout=seconds):
            continue
        try:
            failures = cache.incr(key)
        except ValueError:
            continue
        if failures >= limit:
            cache.set(f"{key}:until", timezone.now() + WAIT, timeout=seconds)


def sign_in_succeeded(username: str) -> None:
    cache.delete(_user_key(username))


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in, slowed after repeated failures."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        client = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        until = sign_in_blocked_until(username, client)
        if until is not None:
            raise forms.ValidationError(
                "Too many failed sign-ins. Try again after %(time)s UTC (in about "
                "%(minutes)s minutes).",
                code="throttled",
                params={
                    "time": until.strftime("%H:%M"),
                    "minutes": max(1, round((until - timezone.now()).total_seconds() / 60)),
                },
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            sign_in_failed(username, client)
            raise
        sign_in_succeeded(username)
        return cleaned
