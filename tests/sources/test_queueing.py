"""No article is lost when the broker is: an article added while it is down is kept, and a
sweep sends every article whose message was lost again, whatever its origin; one that
keeps failing, or runs out of time, is marked failed with the reason instead of looping."""

from __future__ import annotations

import datetime as dt
import socket
from io import StringIO

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.sources import tasks
from apps.sources.models import Article
from apps.sources.services.articles import STALLED_AFTER
from config.celery import app as celery_app
from tests.brokers import broker_at
from tests.sources.factories import ArticleFactory
from tests.sources.servers import Route

pytestmark = pytest.mark.django_db

PAGE = (
    b"<html><body><article><p>"
    + b"Trade talks resumed on Monday in the capital after a long pause. " * 20
    + b"</p></article></body></html>"
)


@pytest.fixture
def broker_down():
    """A broker address where nothing listens (a closed loopback port), tasks not eager."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    with broker_at(
        f"redis://127.0.0.1:{port}/0", task_publish_retry=False, broker_connection_timeout=0.5
    ):
        yield
    celery_app.conf.task_always_eager = eager


def age(article: Article, by: dt.timedelta) -> None:
    Article.objects.filter(pk=article.pk).update(queued_at=timezone.now() - by)


def test_an_article_added_while_the_broker_is_down_is_kept_and_sent_again(
    client, editor, loopback_server, fetch_loopback, django_capture_on_commit_callbacks,
    broker_down, caplog,
):  # fmt: skip
    loopback_server.routes["/story"] = Route(PAGE)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:sources_article_submit"), {"url": loopback_server.url("/story")}
        )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.QUEUED
    assert article.queued_at is not None
    assert "stays queued: the broker did not take it" in caplog.text

    celery_app.conf.task_always_eager = True  # the broker is back
    assert tasks.requeue_stalled_articles() == 0  # its message may still be on its way
    age(article, STALLED_AFTER * 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stalled_articles() == 1

    article.refresh_from_db()
    assert article.status == Article.Status.IRRELEVANT
    assert "Trade talks" in article.text


def test_ingest_keeps_an_address_queued_while_the_broker_is_down(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", "https://news.example/story", stdout=out, stderr=StringIO())
    article = Article.objects.get()
    assert (article.status, article.url) == (Article.Status.QUEUED, "https://news.example/story")
    assert article.queued_at is not None
    assert "stays queued" in caplog.text


@pytest.mark.parametrize("origin", list(Article.Origin))
def test_the_sweep_sends_lost_articles_of_every_origin_and_leaves_the_rest(
    origin, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[int] = []
    monkeypatch.setattr(tasks.ingest_article, "delay", lambda article_id: sent.append(article_id))
    lost = ArticleFactory(origin=origin, status=Article.Status.QUEUED, text="")
    age(lost, STALLED_AFTER * 2)
    recent = ArticleFactory(origin=origin, status=Article.Status.QUEUED, text="")
    age(recent, STALLED_AFTER / 2)
    done = ArticleFactory(origin=origin, status=Article.Status.ANALYSED)
    age(done, STALLED_AFTER * 2)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stalled_articles() == 1
        assert tasks.requeue_stalled_articles() == 0  # sent: not again until it stalls again

    assert sent == [lost.pk]


def test_an_article_that_keeps_getting_lost_is_failed_with_the_reason(monkeypatch):
    monkeypatch.setattr(tasks.ingest_article, "delay", lambda article_id: None)
    article = ArticleFactory(status=Article.Status.QUEUED, text="", attempts=6)
    age(article, STALLED_AFTER * 2)

    assert tasks.requeue_stalled_articles() == 0

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "6 attempts" in article.error


def test_an_ingestion_out_of_time_is_failed_with_the_reason_not_left_queued(monkeypatch):
    article = ArticleFactory(status=Article.Status.QUEUED, text="")

    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(tasks, "article_ingest", too_slow)
    assert tasks.ingest_article(article_id=article.pk) == "failed"

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "time" in article.error


def test_a_page_over_the_reading_limit_is_analysed_up_to_it_with_the_reason(monkeypatch):
    from apps.extraction import pipeline
    from apps.sources.services.articles import article_ingest_content

    monkeypatch.setattr(pipeline, "MAX_CHARACTERS", 300)
    text = "NATO and Ukraine: notes.\n" + "Kyiv wants to join NATO, a minister said today.\n" * 40
    article = article_ingest_content(content=text, content_type="text/plain; charset=utf-8")
    assert article.status == Article.Status.ANALYSED
    article.refresh_from_db()
    assert "first" in article.error
    assert "characters only" in article.error
