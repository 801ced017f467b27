"""What must always hold is held by the database, not by the code that writes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from apps.positions.models import Citation, Position, search_query
from apps.sources.models import Article
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def violates(statement) -> bool:
    try:
        with transaction.atomic():
            statement()
    except IntegrityError:
        return True
    return False


def test_an_article_url_is_stored_once():
    ArticleFactory(url="https://news.example/a")
    assert violates(lambda: Article.objects.create(url="https://news.example/a"))


def test_one_citation_per_position_and_article():
    citation = CitationFactory()
    assert violates(
        lambda: Citation.objects.create(
            position=citation.position, article=citation.article, quote_start=0, quote_end=5
        )
    )


def test_one_statement_by_one_speaker_is_one_position_whatever_its_punctuation():
    position = PositionFactory(quote="Ukraine will become a member of NATO")
    assert violates(
        lambda: PositionFactory(
            speaker=position.speaker, quote="Ukraine will become a member of NATO."
        )
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"stance": "undecided"},
        {"status": "published"},
        {"said_precision": "week"},
        {"said_on": None},  # a precision without a date
        {"confidence": 1.5},
        {"quote": ""},
    ],
)
def test_invalid_position_values_are_refused(changes):
    position = PositionFactory()
    assert violates(lambda: Position.objects.filter(pk=position.pk).update(**changes))


def test_citation_offsets_must_be_ordered():
    citation = CitationFactory()
    assert violates(
        lambda: Citation.objects.filter(pk=citation.pk).update(quote_end=0, quote_start=4)
    )


def test_constraints_hold_on_postgresql(postgres):
    from django.db import connection

    assert connection.vendor == "postgresql"
    position = PositionFactory()
    assert violates(lambda: Position.objects.filter(pk=position.pk).update(stance="maybe"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'position_search_vector_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower()
    # The trigger keeps the search vector in step with the quote.
    Position.objects.filter(pk=position.pk).update(quote="Ukraine's membership is irreversible")
    matching = Position.objects.filter(pk=position.pk)
    assert matching.filter(search_vector=search_query("irreversibly")).exists()
    assert not matching.filter(search_vector=search_query("invitation")).exists()
