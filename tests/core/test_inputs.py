"""Inputs that cannot break a page: numbers are ASCII digits, control characters in a
query are refused at the door, and stored text holds none that XML cannot carry."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from apps.core.numbers import ascii_int
from apps.core.text import clean_text
from tests.positions.factories import PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), ("0", 0), ("²", None), ("١٢", None), ("１２", None), ("-1", None), ("", None),
     (" 3", None), ("3.0", None)],
)  # fmt: skip
def test_numbers_are_read_from_ascii_digits_only(raw, expected):
    assert ascii_int(raw) == expected


@pytest.mark.parametrize("page", ["²", "١", "１"])
def test_a_page_number_in_other_digits_is_named_on_a_page_and_refused_by_the_feed(client, page):
    speaker = SpeakerFactory(is_confirmed=True)
    for url in [
        reverse("positions:timeline"),
        reverse("speakers:detail", args=[speaker.slug]),
    ]:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, {"page": page}, headers=headers)
            assert response.status_code == 200
            assert response.context["page"].number == 1
            assert f"“{page}” is not a page number" in response.content.decode()
    assert client.get(reverse("positions:feed"), {"page": page}).status_code == 400


@pytest.mark.parametrize("value", ["a\x00b", "x\x0cy", "\x1b[31m"])
def test_control_characters_in_a_query_are_refused_with_a_message(client, value):
    response = client.get(reverse("speakers:suggest"), {"speaker_q": value})
    assert response.status_code == 400
    assert b"control character" in response.content


def test_tabs_and_line_breaks_in_a_query_are_fine(client):
    assert (
        client.get(reverse("speakers:suggest"), {"speaker_q": "Stol\ttenberg"}).status_code == 200
    )


def test_stored_quotes_lose_characters_xml_cannot_carry_and_the_feed_stays_valid(client):
    position = PositionFactory(quote="Ukraine\x0c will join\x0b NATO\x00 now\r\n\tsoon")
    position.refresh_from_db()
    assert position.quote == "Ukraine will join NATO now\n\tsoon"

    response = client.get(reverse("positions:feed"))
    assert response.status_code == 200
    ET.fromstring(response.content)


def test_clean_text_keeps_tabs_and_line_breaks():
    assert clean_text("a\tb\nc\r\nd\x7fe\x85f") == "a\tb\nc\nde\x85f"
