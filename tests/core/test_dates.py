from __future__ import annotations

import datetime as dt

import pytest

from apps.core.dates import DatePrecision, PartialDate, format_partial_date, humanize_partial_date


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2021-06-14", dt.date(2021, 6, 14), DatePrecision.DAY),
        ("2021-06", dt.date(2021, 6, 1), DatePrecision.MONTH),
        ("2008", dt.date(2008, 1, 1), DatePrecision.YEAR),
    ],
)
def test_partial_dates_parse_at_their_precision(text, date, precision):
    parsed = PartialDate.parse(text)
    assert (parsed.date, parsed.precision) == (date, precision)
    assert parsed.isoformat() == text


@pytest.mark.parametrize(
    "text", ["", "June 2021", "2021-13", "2021-02-30", "21-06-14", "2021/06/14"]
)
def test_malformed_dates_raise_a_clear_error(text):
    with pytest.raises(ValueError, match=r"YYYY|month|day"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("2014-03-26", dt.date(2014, 3, 26)),
        ("2014-03", dt.date(2014, 3, 31)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("2023-12", dt.date(2023, 12, 31)),
        ("2014", dt.date(2014, 12, 31)),
    ],
)
def test_the_last_day_a_partial_date_can_be(text, last):
    assert PartialDate.parse(text).last_day == last


def test_month_precision_never_shows_a_made_up_day():
    assert format_partial_date(dt.date(2021, 6, 14), DatePrecision.MONTH) == "2021-06"
    assert humanize_partial_date(dt.date(2021, 6, 1), DatePrecision.MONTH) == "June 2021"
    assert humanize_partial_date(dt.date(2008, 1, 1), DatePrecision.YEAR) == "2008"
    assert humanize_partial_date(None, "") == "Date unknown"
