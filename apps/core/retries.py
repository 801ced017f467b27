"""Backoff for Celery retries that stays within what the broker allows."""

from __future__ import annotations

from django.conf import settings


def backoff(base: float, attempt: int) -> float:
    """`base` seconds doubled per attempt, kept under half the broker's visibility timeout:
    Redis hands a message held longer than that to a second worker as well."""
    limit = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 2
    return min(limit, base * 2**attempt)
