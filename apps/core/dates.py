"""Dates known to a day, a month or a year.

A statement "in June 2021" is stored as 2021-06-01 with month precision; it is shown,
exported and compared as "2021-06", never as a made-up first of the month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


# Plain Python, no Django: extraction reads and writes these dates without settings.
class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


DATE_PRECISION_CHOICES = [(precision.value, precision.value.title()) for precision in DatePrecision]


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with the precision the evidence allows."""

    date: dt.date
    precision: DatePrecision = DatePrecision.DAY

    def __post_init__(self) -> None:
        if self.precision != DatePrecision.DAY and self.date.day != 1:
            object.__setattr__(self, "date", self.date.replace(day=1))
        if self.precision == DatePrecision.YEAR and self.date.month != 1:
            object.__setattr__(self, "date", self.date.replace(month=1))

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Read "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise ValueError on anything else."""
        match = _ISO_PARTIAL.match(value.strip())
        if not match:
            raise ValueError(f"Not a date as YYYY, YYYY-MM or YYYY-MM-DD: {value!r}")
        year, month, day = match.groups()
        if day:
            return cls(dt.date(int(year), int(month), int(day)), DatePrecision.DAY)
        if month:
            return cls(dt.date(int(year), int(month), 1), DatePrecision.MONTH)
        return cls(dt.date(int(year), 1, 1), DatePrecision.YEAR)

    def isoformat(self) -> str:
        return format_partial_date(self.date, self.precision)

    @property
    def last_day(self) -> dt.date:
        """The latest day it can be: "2014-03" ends on 31 March."""
        if self.precision == DatePrecision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.precision == DatePrecision.MONTH:
            following = self.date.replace(day=28) + dt.timedelta(days=4)
            return following - dt.timedelta(days=following.day)
        return self.date

    def __str__(self) -> str:
        return self.isoformat()


def format_partial_date(date: dt.date | None, precision: str | None) -> str:
    """ "2021-06-14", "2021-06" or "2021" by precision; "" for an unknown date."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def humanize_partial_date(date: dt.date | None, precision: str | None) -> str:
    """ "14 June 2021", "June 2021" or "2021" by precision, for people to read."""
    if date is None:
        return "Date unknown"
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"
