"""Article addresses are web addresses or the internal ones of pasted texts: nothing else
is stored, and nothing else becomes a link."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from apps.sources.models import Article
from apps.sources.services.articles import article_submit_text
from tests.sources.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc"]
)
def test_the_database_refuses_an_article_address_of_another_scheme(address):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url=address)


def test_a_pasted_text_with_a_bad_address_is_refused_and_nothing_is_stored():
    with pytest.raises(ValueError, match="not an http or https address"):
        article_submit_text(text="Ukraine and NATO", url="javascript:alert(1)")
    assert not Article.objects.exists()


def test_pasted_texts_without_an_address_get_an_internal_one():
    article = article_submit_text(text="Ukraine and NATO")
    assert article.url.startswith("urn:sha256:")


def test_a_page_declaring_a_script_as_its_canonical_address_keeps_its_own():
    from apps.sources.services.articles import article_ingest_content

    page = (
        '<html><head><link rel="canonical" href="javascript:alert(1)"></head><body><article>'
        + "<p>Trade talks resumed on Monday in the capital.</p>" * 20
        + "</article></body></html>"
    )
    article = article_ingest_content(content=page, url="https://news.example/story")
    assert article.url == "https://news.example/story"
