"""Occasions the text names without a date ("at the summit in Vilnius", "on the sidelines
of the Washington summit"), dated from the events table (positions.Event), which the
gazetteer carries into extraction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from apps.core.dates import DatePrecision, PartialDate

# How long after an occasion a report may still name it without its year.
_RECENT = dt.timedelta(days=370)
_KINDS = r"(?:summit|meeting|conference|talks|forum)"


@dataclass(frozen=True)
class KnownEvent:
    name: str
    location: str
    starts_on: dt.date
    ends_on: dt.date | None = None

    @property
    def date(self) -> PartialDate:
        """The day, for a one-day occasion; the month, when the day is not known."""
        if self.ends_on is None or self.ends_on == self.starts_on:
            return PartialDate(self.starts_on)
        return PartialDate(self.starts_on.replace(day=1), DatePrecision.MONTH)


@dataclass(frozen=True)
class EventMention:
    start: int
    end: int
    event: KnownEvent


def find_event(
    text: str, start: int, end: int, events: list[KnownEvent], published: dt.date | None
) -> EventMention | None:
    """The occasion text[start:end] says a statement was made at ("at the Vilnius summit",
    "during the summit in Vilnius", "at the 2023 Vilnius summit"); not one it was made
    before ("ahead of the summit"). The latest such occasion before publication, within
    about a year of it, or in the year the text gives."""
    if not events:
        return None
    for event in events:
        place = re.escape(event.location)
        pattern = re.compile(
            rf"\b(?:at|during|on the sidelines of|on the margins of|after|in) the "
            rf"(?:(?P<year>(?:19|20)\d\d) )?(?:(?:NATO|alliance|allied) )?(?:{place} {_KINDS}|"
            rf"{_KINDS} in {place})"
        )
        for match in pattern.finditer(text, start, end):
            if _fits(event, match.group("year"), published):
                return EventMention(match.start(), match.end(), event)
    return None


def _fits(event: KnownEvent, year: str | None, published: dt.date | None) -> bool:
    if year is not None:
        return event.starts_on.year == int(year)
    if published is None:
        return False
    return event.starts_on <= published and published - event.starts_on <= _RECENT
