"""The whole stack through a Redis outage: the site on a live server, a real worker, and a
Redis of the test's own as cache and broker, stopped while articles are being added.

Every public page must answer 200 throughout, and no article may be lost: those added
while the broker was down are sent again once it is back.
"""

from __future__ import annotations

import datetime as dt
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.sources import tasks
from apps.sources.models import Article
from apps.sources.services.articles import STALLED_AFTER, article_submit
from tests.brokers import broker_at, drop_connections
from tests.conftest import need
from tests.core.redis_server import PrivateRedis
from tests.positions.factories import CitationFactory, PositionFactory
from tests.sources.servers import Route
from tests.sources.workers import wait_for
from tests.speakers.factories import SpeakerFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres]

PAGE = (
    b"<html><body><article><p>"
    + b"Trade talks resumed on Monday in the capital after a long pause. " * 20
    + b"</p></article></body></html>"
)


@pytest.fixture
def redis_stack(settings):
    need(django_settings.IS_POSTGRES, "needs PostgreSQL: set DATABASE_URL")
    redis = PrivateRedis()
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/1",
            "OPTIONS": {"retry_after": 0},
        }
    }
    settings.CELERY_BROKER_URL = redis.url
    with broker_at(redis.url, broker_connection_timeout=1, task_publish_retry=False):
        yield redis
        if redis.process is None:
            redis.start()
    redis.stop()


def add_article(url: str) -> Article:
    """As the admin's submit does: stored, then queued once the transaction commits."""
    with transaction.atomic():
        article, _ = article_submit(url=url, origin=Article.Origin.URL)
        tasks.queue_ingest(article.pk)
    return article


def test_pages_and_articles_outlive_a_redis_outage(
    redis_stack, celery_worker_process, live_server, loopback_server, fetch_loopback
):
    speaker = SpeakerFactory(full_name="Jens Stoltenberg", is_confirmed=True)
    CitationFactory(position=PositionFactory(speaker=speaker))
    pages = [
        reverse("positions:timeline"),
        reverse("positions:facets"),
        reverse("positions:matrix"),
        reverse("positions:trends"),
        reverse("positions:export_csv"),
        reverse("positions:export_json"),
        reverse("positions:feed"),
        reverse("speakers:detail", args=[speaker.slug]),
        reverse("digests:subscribe"),
    ]
    for number in range(6):
        loopback_server.routes[f"/story-{number}"] = Route(PAGE)
    celery_worker_process()

    def served() -> list[int]:
        return [urllib.request.urlopen(live_server.url + path).status for path in pages]

    before = [add_article(loopback_server.url(f"/story-{n}")) for n in range(3)]
    wait_for(
        lambda: (
            Article.objects.filter(pk__in=[a.pk for a in before], status="irrelevant").count() == 3
        ),
        message="the worker to ingest the first articles",
    )
    assert served() == [200] * len(pages)

    redis_stack.stop()
    during = [add_article(loopback_server.url(f"/story-{n}")) for n in range(3, 6)]
    statuses = served() + served()
    redis_stack.start()  # an empty Redis: the messages it held are gone

    assert statuses == [200] * 2 * len(pages)
    Article.objects.filter(pk__in=[a.pk for a in during]).update(
        queued_at=timezone.now() - STALLED_AFTER - dt.timedelta(minutes=1)
    )
    drop_connections()  # those to the Redis that was stopped are dead
    assert tasks.requeue_stalled_articles() == 3
    wait_for(
        lambda: Article.objects.filter(status="irrelevant").count() == 6,
        message="every article, the ones added during the outage too, to be ingested",
    )
    assert served() == [200] * len(pages)
