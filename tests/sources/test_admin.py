"""Editors add articles by address or pasted text, re-extract them, and run feeds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.positions.models import Position
from apps.sources.models import Article, Feed
from tests.sources.factories import ArticleFactory, FeedFactory
from tests.sources.servers import Route

pytestmark = pytest.mark.django_db

PASTE = (
    "Summit report\n\nNATO Secretary General Jens Stoltenberg said on Tuesday that Ukraine will "
    "become a member of the alliance once the war is over."
)


def test_a_pasted_text_goes_through_the_pipeline(
    client, editor, django_capture_on_commit_callbacks, starter_data
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:sources_article_submit"),
            {"text": PASTE, "published": "2024-07-10", "title": "Summit report"},
        )
    assert response.status_code == 302
    article = Article.objects.get(origin=Article.Origin.PASTE)
    assert article.status == Article.Status.ANALYSED
    assert article.published_on.isoformat() == "2024-07-10"
    assert (
        Position.objects.filter(citations__article=article, status=Position.Status.PENDING).count()
        == 1
    )


def test_an_address_is_queued_and_fetched(
    client, editor, loopback_server, fetch_loopback, django_capture_on_commit_callbacks
):
    loopback_server.routes["/story"] = Route(
        b"<html><body><article><p>"
        + b"Trade talks resumed on Monday. " * 20
        + b"</p></article></body></html>"
    )
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:sources_article_submit"), {"url": loopback_server.url("/story")})
    article = Article.objects.get()
    assert article.status == Article.Status.IRRELEVANT
    assert "Trade talks" in article.text


def test_the_form_says_what_is_missing(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:sources_article_submit"), {"url": "", "text": "  "})
    assert response.status_code == 200
    assert "Give an address, paste a text, or both." in response.content.decode()
    response = client.post(reverse("admin:sources_article_submit"), {"url": "ftp://example.org/x"})
    assert "Enter a valid URL." in response.content.decode()
    assert not Article.objects.exists()


def test_feeds_can_be_paused_resumed_and_polled(
    client, editor, loopback_server, fetch_loopback, django_capture_on_commit_callbacks
):
    loopback_server.routes["/feed.xml"] = Route(
        b'<rss version="2.0"><channel><title>W</title></channel></rss>',
        headers={"Content-Type": "application/rss+xml"},
    )
    feed = FeedFactory(url=loopback_server.url("/feed.xml"))
    client.force_login(editor)
    changelist = reverse("admin:sources_feed_changelist")
    client.post(changelist, {"action": "pause", "_selected_action": [feed.pk]})
    assert not Feed.objects.get(pk=feed.pk).is_active
    client.post(changelist, {"action": "resume", "_selected_action": [feed.pk]})
    assert Feed.objects.get(pk=feed.pk).is_active
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "poll_now", "_selected_action": [feed.pk]})
    assert Feed.objects.get(pk=feed.pk).last_polled_at is not None


def test_ingestion_errors_are_listed_for_editors(client, editor):
    ArticleFactory(
        status=Article.Status.FAILED, error="https://x.example/ answered 404", title="Gone story"
    )
    client.force_login(editor)
    response = client.get(reverse("admin:sources_article_changelist") + "?status__exact=failed")
    assert "Gone story" in response.content.decode()
    assert "answered 404" in response.content.decode()


def test_an_article_is_extracted_again_on_request(
    client, editor, django_capture_on_commit_callbacks, starter_data
):
    article = ArticleFactory(text=PASTE, status=Article.Status.ANALYSED)
    assert not Position.objects.filter(citations__article=article).exists()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:sources_article_changelist"),
            {"action": "reextract", "_selected_action": [article.pk]},
        )
    found = Position.objects.get(citations__article=article)
    assert found.speaker.full_name == "Jens Stoltenberg"
    assert found.status == Position.Status.PENDING
