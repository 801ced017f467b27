"""Thin Celery tasks over the ingestion services; each is safe to run twice."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from apps.core.retries import backoff
from apps.sources.models import Feed
from apps.sources.services.articles import (
    article_fail,
    article_ingest,
    article_mark_queued,
    article_reextract,
    articles_stalled,
)
from apps.sources.services.feeds import feed_poll
from apps.sources.services.fetching import FetchError

logger = logging.getLogger(__name__)
MAX_FETCH_RETRIES = 5


def queue_ingest(article_id: int) -> None:
    """Send the article to a worker once the transaction commits. If the broker cannot
    take the message, the article stays queued and the sweep sends it again later."""
    article_mark_queued(article_id=article_id)
    transaction.on_commit(lambda: _send_ingest(article_id))


def _send_ingest(article_id: int) -> None:
    try:
        ingest_article.delay(article_id=article_id)
    except (OperationalError, OSError) as error:
        logger.warning(
            "Article %s stays queued: the broker did not take it (%s); the sweep sends it again.",
            article_id,
            error,
        )


@shared_task(acks_late=True)
def poll_due_feeds() -> int:
    """Queue a poll for every active feed whose interval has passed."""
    due = list(Feed.objects.due().values_list("pk", flat=True))
    for feed_id in due:
        poll_feed.delay(feed_id=feed_id)
    return len(due)


@shared_task(acks_late=True)
def poll_feed(*, feed_id: int) -> int:
    """Poll one feed and queue its new articles, and any whose queueing was lost."""
    result = feed_poll(feed_id=feed_id)
    for article_id in result.new_article_ids:
        queue_ingest(article_id)
    return len(result.new_article_ids)


@shared_task(acks_late=True)
def requeue_stalled_articles() -> int:
    """Send again every queued article whose message was lost, whatever its origin."""
    stalled = articles_stalled()
    for article_id in stalled:
        queue_ingest(article_id)
    return len(stalled)


@shared_task(bind=True, acks_late=True, max_retries=MAX_FETCH_RETRIES)
def ingest_article(self, *, article_id: int) -> str:
    """Fetch, read and extract one article; network errors retry with backoff.

    Run in-process (no broker) there is nobody to retry later, so the first failure is final.
    """
    final = self.request.is_eager or self.request.retries >= MAX_FETCH_RETRIES
    try:
        return article_ingest(article_id=article_id, final_attempt=final).status
    except SoftTimeLimitExceeded:
        # Not tried again: what took this long once takes as long the next time.
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        article_fail(
            article_id=article_id, reason=f"Ingestion took longer than its {limit} s time limit."
        )
        return "failed"
    except FetchError as error:
        if final:
            return "failed"
        delay = backoff(settings.FETCH_RETRY_DELAY, self.request.retries)
        article_mark_queued(article_id=article_id, due=timezone.now() + dt.timedelta(seconds=delay))
        raise self.retry(exc=error, countdown=delay) from error


@shared_task(acks_late=True)
def reextract_article(*, article_id: int) -> str:
    """Extract statements again from an article's stored text."""
    return article_reextract(article_id=article_id).status
