"""Thin Celery tasks over the ingestion services; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from apps.core.retries import backoff
from apps.sources.models import Feed
from apps.sources.services.articles import article_ingest, article_reextract
from apps.sources.services.feeds import feed_poll
from apps.sources.services.fetching import FetchError

MAX_FETCH_RETRIES = 5


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
    for article_id in [*result.new_article_ids, *result.stalled_article_ids]:
        ingest_article.delay(article_id=article_id)
    return len(result.new_article_ids)


@shared_task(bind=True, acks_late=True, max_retries=MAX_FETCH_RETRIES)
def ingest_article(self, *, article_id: int) -> str:
    """Fetch, read and extract one article; network errors retry with backoff.

    Run in-process (no broker) there is nobody to retry later, so the first failure is final.
    """
    final = self.request.is_eager or self.request.retries >= MAX_FETCH_RETRIES
    try:
        return article_ingest(article_id=article_id, final_attempt=final).status
    except FetchError as error:
        if final:
            return "failed"
        delay = backoff(settings.FETCH_RETRY_DELAY, self.request.retries)
        raise self.retry(exc=error, countdown=delay) from error


@shared_task(acks_late=True)
def reextract_article(*, article_id: int) -> str:
    """Extract statements again from an article's stored text."""
    return article_reextract(article_id=article_id).status
