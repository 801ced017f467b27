"""Ingestion through a real Celery worker on Redis into PostgreSQL."""

from __future__ import annotations

import pytest

from apps.positions.models import Citation, Position
from apps.sources.models import Article
from apps.sources.tasks import ingest_article, poll_feed
from tests.sources.factories import FeedFactory
from tests.sources.servers import Route
from tests.sources.workers import wait_for

pytestmark = [pytest.mark.worker]


def article_page(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<html lang="en"><head><title>Summit</title>'
        '<meta property="article:published_time" content="2024-07-10T09:00:00Z"></head>'
        f"<body><article>{body}</article></body></html>"
    ).encode()


# Said by speakers the starter data knows, in words it does not hold: new candidates.
LAMMY = [
    "Ukraine is on an irreversible path to NATO membership, Foreign Secretary David Lammy said on Wednesday.",
    "Leaders gathered in Washington for the alliance's 75th anniversary summit, which runs until Thursday.",
]
PUTIN = [
    "Russian President Vladimir Putin has long opposed Ukraine's bid to join the Western alliance.",
    "Kremlin spokesman Dmitry Peskov said on Wednesday that Ukraine must never join NATO.",
]


def test_a_feed_and_its_pages_become_pending_positions_through_a_worker(
    celery_worker_process, loopback_server, starter_data
):
    loopback_server.routes["/one"] = Route(article_page(LAMMY))
    loopback_server.routes["/two"] = Route(article_page(PUTIN))
    items = "".join(
        f"<item><title>{path}</title><link>{loopback_server.url(path)}</link></item>"
        for path in ("/one", "/two")
    )
    loopback_server.routes["/feed.xml"] = Route(
        f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode(),
        headers={"Content-Type": "application/rss+xml"},
    )
    feed = FeedFactory(url=loopback_server.url("/feed.xml"))
    celery_worker_process()

    poll_feed.delay(feed_id=feed.pk)

    wait_for(
        lambda: Article.objects.filter(feed=feed, status=Article.Status.ANALYSED).count() == 2,
        message="both articles analysed",
    )
    new = Position.objects.exclude(method="starter data")
    assert set(new.values_list("status", flat=True)) == {Position.Status.PENDING}
    assert {p.speaker.full_name for p in new} == {
        "David Lammy",
        "Vladimir Putin",
        "Dmitry Peskov",
    }
    for citation in Citation.objects.filter(position__in=new).select_related("article", "position"):
        assert citation.quoted_text() == citation.position.quote
        assert citation.article.raw_compressed


def test_a_worker_killed_mid_task_loses_nothing_and_duplicates_nothing(
    celery_worker_process, loopback_server, starter_data
):
    loopback_server.routes["/slow"] = Route(article_page(LAMMY + PUTIN), delay=3)
    article = Article.objects.create(url=loopback_server.url("/slow"))
    first = celery_worker_process(visibility_timeout=5)

    ingest_article.delay(article_id=article.pk)
    wait_for(
        lambda: any(r["path"] == "/slow" for r in loopback_server.requests),
        message="the fetch to start",
    )
    first.kill()
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED  # nothing half-written

    second = celery_worker_process(visibility_timeout=5)  # the message returns when its lease ends
    wait_for(
        lambda: Article.objects.get(pk=article.pk).status == Article.Status.ANALYSED,
        timeout=90,
        message="the redelivered task to finish",
    )
    counts = (Position.objects.count(), Citation.objects.count())
    ingest_article.delay(article_id=article.pk)  # and a duplicate delivery changes nothing
    wait_for(
        lambda: second.log().count("succeeded") >= 2, message="the duplicate to run", timeout=30
    )
    assert (Position.objects.count(), Citation.objects.count()) == counts
    assert Citation.objects.filter(article=article).count() == 3


def test_two_workers_on_one_article_at_once_give_one_result(
    celery_worker_process, loopback_server, starter_data
):
    loopback_server.routes["/story"] = Route(article_page(LAMMY + PUTIN), delay=2)
    article = Article.objects.create(url=loopback_server.url("/story"))
    # One message at a time each, so the second task goes to the other worker.
    one_at_a_time = {"CELERY_WORKER_PREFETCH_MULTIPLIER": "1"}
    workers = [celery_worker_process(environment=one_at_a_time) for _ in range(2)]

    def fetches() -> int:
        return sum(1 for r in loopback_server.requests if r["path"] == "/story")

    ingest_article.delay(article_id=article.pk)
    wait_for(lambda: fetches() == 1, message="the first worker to fetch the page")
    ingest_article.delay(article_id=article.pk)
    wait_for(lambda: fetches() == 2, message="the second worker to fetch it meanwhile")
    wait_for(
        lambda: sum(worker.log().count("succeeded") for worker in workers) == 2,
        message="both tasks to finish",
    )

    assert all("succeeded" in worker.log() for worker in workers)  # one task each
    article.refresh_from_db()
    assert article.status == Article.Status.ANALYSED
    cited = Citation.objects.filter(article=article)
    assert cited.count() == 3
    assert cited.values("position").distinct().count() == 3


def test_network_errors_are_retried_with_backoff_and_bad_pages_are_not(
    celery_worker_process, loopback_server, starter_data
):
    loopback_server.routes["/flaky"] = Route(status=503)
    loopback_server.routes["/gone"] = Route(status=404)
    flaky = Article.objects.create(url=loopback_server.url("/flaky"))
    gone = Article.objects.create(url=loopback_server.url("/gone"))
    worker = celery_worker_process(environment={"FETCH_RETRY_DELAY": "1"})

    def requests(path: str) -> int:
        return sum(1 for r in loopback_server.requests if r["path"] == path)

    ingest_article.delay(article_id=flaky.pk)
    ingest_article.delay(article_id=gone.pk)
    wait_for(lambda: requests("/flaky") >= 2, message="the retry after a 503")
    loopback_server.routes["/flaky"] = Route(article_page(LAMMY))
    wait_for(
        lambda: Article.objects.get(pk=flaky.pk).status == Article.Status.ANALYSED,
        message="the retried fetch to succeed",
    )

    assert "Retry in" in worker.log()
    gone.refresh_from_db()
    assert gone.status == Article.Status.FAILED
    assert "404" in gone.error
    assert requests("/gone") == 1  # a missing page is not asked for again
