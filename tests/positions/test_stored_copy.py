"""The stored copy of a source: the text as fetched, escaped, to staff in full and to
the public as the passage around the quote; never the page's own markup."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.positions.models import Position
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory

pytestmark = pytest.mark.django_db

QUOTE = "Ukraine will become a member of NATO"
TEXT = (
    "An opening paragraph about the weather in Brussels that no one needs to read.\n"
    + "Filler sentence about logistics and the day's programme. " * 20
    + f"\nAt the press conference the secretary general said {QUOTE} one day.\n"
    + "<script>alert('page script')</script> A closing line about the next summit."
)


@pytest.fixture
def citation():
    position = PositionFactory(status=Position.Status.APPROVED, quote=QUOTE)
    start = TEXT.index(QUOTE)
    return CitationFactory(
        position=position,
        article=ArticleFactory(text=TEXT, fetched_at=timezone.now() - dt.timedelta(days=3)),
        quote_start=start,
        quote_end=start + len(QUOTE),
    )


def url(citation) -> str:
    return reverse(
        "positions:stored_copy", kwargs={"pk": citation.position_id, "citation_pk": citation.pk}
    )


def test_the_position_page_links_its_stored_copies(client, citation):
    page = client.get(citation.position.get_absolute_url()).content.decode()
    assert url(citation) in page


def test_the_public_sees_the_passage_around_the_quote(client, citation):
    html = client.get(url(citation)).content.decode()
    assert f"<mark>{QUOTE}</mark>" in html
    assert "secretary general said" in html
    assert "weather in Brussels" not in html  # another paragraph: not shown publicly
    assert "as it was fetched on" in html


def test_staff_see_the_whole_text_escaped(client, citation, editor):
    client.force_login(editor)
    html = client.get(url(citation)).content.decode()
    assert "weather in Brussels" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;page script&#x27;)&lt;/script&gt;" in html


def test_no_stored_copy_of_a_position_not_approved_or_another_positions_source(client, citation):
    other = PositionFactory(status=Position.Status.APPROVED)
    wrong = reverse("positions:stored_copy", kwargs={"pk": other.pk, "citation_pk": citation.pk})
    assert client.get(wrong).status_code == 404
    Position.objects.filter(pk=citation.position_id).update(status=Position.Status.PENDING)
    assert client.get(url(citation)).status_code == 404
