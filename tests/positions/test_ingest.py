"""From a stored article to positions: extraction runs with no transaction open and no row
locked, and a text replaced meanwhile is never overwritten by an older analysis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from apps.positions import ingest
from apps.positions.models import Position
from apps.positions.starter import starter_data_load
from apps.sources.models import Article
from apps.sources.services.articles import article_ingest_content, article_reextract

TEXT = (
    "Ukraine will join NATO once the war is over, Jens Stoltenberg said on Tuesday "
    "at a press conference in Brussels with allied ministers."
)


@pytest.mark.django_db(transaction=True)
def test_extraction_runs_outside_any_transaction(monkeypatch):
    starter_data_load()
    seen = []
    extract = ingest.extract_statements

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return extract(*args, **kwargs)

    monkeypatch.setattr(ingest, "extract_statements", watched)
    article = article_ingest_content(
        content=TEXT, content_type="text/plain", published=dt.date(2024, 7, 10)
    )
    assert seen == [False]
    assert article.status == Article.Status.ANALYSED
    assert Position.objects.filter(citations__article=article).count() == 1


@pytest.mark.django_db
def test_an_analysis_of_a_text_since_replaced_records_nothing(monkeypatch):
    starter_data_load()
    article = article_ingest_content(
        content=TEXT, content_type="text/plain", published=dt.date(2024, 7, 10)
    )
    Position.objects.all().delete()
    extract = ingest.extract_statements

    def replaced_meanwhile(*args, **kwargs):
        found = extract(*args, **kwargs)
        Article.objects.filter(pk=article.pk).update(content_hash="a newer text")
        return found

    monkeypatch.setattr(ingest, "extract_statements", replaced_meanwhile)
    article_reextract(article_id=article.pk)
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_reading_again_records_nothing_twice():
    starter_data_load()
    article = article_ingest_content(
        content=TEXT, content_type="text/plain", published=dt.date(2024, 7, 10)
    )
    cited = Position.objects.filter(citations__article=article)
    assert cited.count() == 1
    ingest.article_analyse(article_id=article.pk)
    ingest.article_analyse(article_id=article.pk)
    assert cited.count() == 1
    assert cited.get().citations.count() == 1


@pytest.mark.django_db
def test_an_article_known_only_to_the_month_dates_its_statements_by_it():
    starter_data_load()
    article = article_ingest_content(
        content=(
            "Jens Stoltenberg said on March 26 that Ukraine will become a member of NATO one "
            "day, at a press conference in Brussels."
        ),
        content_type="text/plain",
        published=dt.date(2014, 3, 1),
    )
    Position.objects.all().delete()
    Article.objects.filter(pk=article.pk).update(published_precision="month")
    article_reextract(article_id=article.pk)
    (position,) = Position.objects.filter(citations__article=article)
    # the month's last day bounds "March 26", not the 1st (which made it 2013)
    assert (position.said_on, position.said_precision) == (dt.date(2014, 3, 26), "day")
