"""Digest weeks: ISO weeks, their bounds in the site's time zone, and the send day."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone

from apps.core.numbers import ascii_int

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

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
