"""When a statement was made: date expressions resolved against the publication date.

"on Tuesday", "Sept. 25", "in June 2021", "in 2008", "a 2008 cable", "last week",
"earlier this year", "yesterday" each become a date with day, month or year precision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from apps.core.dates import DatePrecision, PartialDate
from apps.extraction.vocabulary import MONTHS, WEEKDAYS

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_EXPRESSIONS: list[tuple[str, re.Pattern[str]]] = [
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d)(?!\s*(?:%|percent))")),
    ("day_month", re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!\s+(?:19|20)\d\d)")),
    ("month_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    ("weekday", re.compile(rf"\b{_WEEKDAY}\b")),
    ("relative", re.compile(
        r"\b(?P<relative>yesterday|today|last week|last month|last year|this week|this month|"
        r"this year|earlier this (?:week|month|year)|earlier in the (?:week|month|year)|"
        r"the day before|a day earlier)\b",
        re.IGNORECASE,
    )),
    ("ago", re.compile(
        r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
        r"(?P<unit>day|week|month|year)s?\s+ago\b",
        re.IGNORECASE,
    )),
    ("month_event", re.compile(rf"\b(?:the|this|last)\s+{_MONTH}\s+(?:[A-Z][\w-]*\s+)?(?:summit|meeting|talks|visit|conference|declaration|communiqu[eé])\b", re.IGNORECASE)),
    ("in_month", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Ll]ast|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{_MONTH}\b(?!\s+(?:19|20)\d\d)(?!\s+[0-3]?\d)")),
    ("year", re.compile(rf"(?<![\w$€£-]){_YEAR}(?![\w%-])(?!\s*(?:percent|per cent|troops|soldiers|people))")),
]  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: PartialDate | None  # None when the expression needs a publication date to resolve


def find_dates(
    text: str,
    start: int,
    end: int,
    published: dt.date | None,
    *,
    known_to: DatePrecision = DatePrecision.DAY,
) -> list[DateMention]:
    """Date expressions in text[start:end], longest first where they overlap. `published`
    is the latest day the text can have appeared, `known_to` how precisely: expressions
    counted back from it in days ("on Tuesday", "yesterday") need the day, those in months
    ("in June", "last month") at least the month; otherwise they give no date."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _EXPRESSIONS:
        for match in pattern.finditer(text, start, end):
            if any(match.start() < t_end and t_start < match.end() for t_start, t_end in taken):
                continue
            if kind == "in_month" and match.group("month").rstrip(".") == "may":
                continue  # "may", not capitalised, is a verb
            if kind == "month_day" and match.group("month") == "May" and _verb_may(text, match):
                continue
            needs = _counted_in(kind, match)
            known = published if _PRECISE[known_to] >= _PRECISE[needs] else None
            resolved = _resolve(kind, match, known)
            found.append(DateMention(match.start(), match.end(), resolved))
            taken.append((match.start(), match.end()))
    found.sort(key=lambda mention: mention.start)
    return found


_DAY_PHRASES = {"today", "yesterday", "the day before", "a day earlier", "last week", "this week",
                "earlier this week", "earlier in the week"}  # fmt: skip
_MONTH_PHRASES = {"this month", "earlier this month", "earlier in the month", "last month"}
_PRECISE = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


def _counted_in(kind: str, match: re.Match[str]) -> DatePrecision:
    """How precisely publication must be known to resolve the expression: the day for "on
    Tuesday", "two days ago", "yesterday"; the month for "in June", "last month"."""
    groups = match.groupdict()
    if kind == "weekday":
        return DatePrecision.DAY
    if kind == "ago":
        unit = groups["unit"].lower()
        return DatePrecision.DAY if unit in {"day", "week"} else DatePrecision(unit)
    if kind == "relative":
        phrase = groups["relative"].lower()
        if phrase in _DAY_PHRASES:
            return DatePrecision.DAY
        return DatePrecision.MONTH if phrase in _MONTH_PHRASES else DatePrecision.YEAR
    if kind in {"month_day", "day_month", "in_month", "month_event"}:
        return DatePrecision.MONTH  # the year is the publication's, or the one before
    return DatePrecision.YEAR


def _verb_may(text: str, match: re.Match[str]) -> bool:
    return match.start() > 0 and text[match.start() - 1] != " "


def _resolve(kind: str, match: re.Match[str], published: dt.date | None) -> PartialDate | None:
    groups = match.groupdict()
    try:
        if kind in {"month_day_year", "day_month_year", "iso"}:
            month = _month(groups["month"])
            return PartialDate(dt.date(int(groups["year"]), month, int(groups["day"])))
        if kind == "month_year":
            return PartialDate(
                dt.date(int(groups["year"]), _month(groups["month"]), 1), DatePrecision.MONTH
            )
        if kind == "year":
            return PartialDate(dt.date(int(groups["year"]), 1, 1), DatePrecision.YEAR)
    except ValueError:
        return None
    if published is None:
        return None
    if kind in {"month_day", "day_month"}:
        return _latest_day(_month(groups["month"]), int(groups["day"]), published)
    if kind in {"in_month", "month_event"}:
        # The nearest such month: "a summit in July" in an April article is the coming July,
        # which no statement was made in, so it gives no date.
        month = _month(groups["month"])
        ahead = (month - published.month) % 12
        if 0 < ahead <= 5:
            return None
        year = published.year if month <= published.month else published.year - 1
        return PartialDate(dt.date(year, month, 1), DatePrecision.MONTH)
    if kind == "ago":
        return _ago(groups["count"].lower(), groups["unit"].lower(), published)
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        return PartialDate(published - dt.timedelta(days=back))
    return _relative(groups["relative"].lower(), published)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")] if not name.isdigit() else int(name)


def _latest_day(month: int, day: int, published: dt.date) -> PartialDate | None:
    """The most recent such day on or before publication: "Sept. 24" in a 2024 article."""
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= published + dt.timedelta(days=1):
            return PartialDate(candidate)
    return None


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def _ago(count_word: str, unit: str, published: dt.date) -> PartialDate:
    """ "two weeks ago": a day for days and weeks, else the month or year it falls in."""
    count = int(count_word) if count_word.isdigit() else _COUNTS[count_word]
    if unit in {"day", "week"}:
        return PartialDate(published - dt.timedelta(days=count * (7 if unit == "week" else 1)))
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 - count
        return PartialDate(dt.date(month_index // 12, month_index % 12 + 1, 1), DatePrecision.MONTH)
    return PartialDate(dt.date(published.year - count, 1, 1), DatePrecision.YEAR)


def _relative(phrase: str, published: dt.date) -> PartialDate:
    if phrase == "today":
        return PartialDate(published)
    if phrase in {"yesterday", "the day before", "a day earlier"}:
        return PartialDate(published - dt.timedelta(days=1))
    if phrase in {"last week"}:
        return PartialDate(published - dt.timedelta(days=7), DatePrecision.MONTH)
    if phrase in {"this week", "earlier this week", "earlier in the week"}:
        return PartialDate(published, DatePrecision.MONTH)
    if phrase in {"this month", "earlier this month", "earlier in the month"}:
        return PartialDate(published, DatePrecision.MONTH)
    if phrase == "last month":
        last_month = published.replace(day=1) - dt.timedelta(days=1)
        return PartialDate(last_month, DatePrecision.MONTH)
    if phrase == "last year":
        return PartialDate(dt.date(published.year - 1, 1, 1), DatePrecision.YEAR)
    return PartialDate(published, DatePrecision.YEAR)  # this year, earlier this year
