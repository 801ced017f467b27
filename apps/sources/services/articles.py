"""Article workflows: submit a URL or a text, fetch it, read it and store it; then say
that its text is ready (signals.article_text_ready) for the positions app to analyse.

Every function here is safe to run twice: articles are found by their canonical URL and
an unchanged text is not stored or analysed again. A worker that dies midway leaves
nothing half-written, since each write happens in one transaction after the network
work is done; an article whose analysis never finished stays queued and is read again.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.dates import DatePrecision, PartialDate
from apps.sources.models import Article, Feed
from apps.sources.services.addresses import (
    NotAWebAddress,
    canonical_url,
    host_of,
    outlet_for_url,
)
from apps.sources.services.fetching import BadContent, FetchError, FetchRefused, SafeFetcher
from apps.sources.services.pages import (
    PageContent,
    UnreadablePage,
    is_readable_type,
    read_html,
    read_text,
)
from apps.sources.signals import article_text_ready

logger = logging.getLogger(__name__)


def article_submit(
    *,
    url: str,
    feed: Feed | None = None,
    origin: str = Article.Origin.URL,
    title: str = "",
    published: dt.date | None = None,
) -> tuple[Article, bool]:
    """The article at `url`, queued for ingestion if it is new. Returns (article, created)."""
    try:
        url = canonical_url(url)
    except NotAWebAddress as error:
        raise FetchRefused(str(error)) from error
    return Article.objects.get_or_create(
        url=url,
        defaults={
            "feed": feed,
            "outlet": feed.outlet if feed and feed.outlet else outlet_for_url(url),
            "origin": origin,
            "title": title[:500],
            "published_on": published,
        },
    )


def article_ingest(
    *, article_id: int, fetcher: SafeFetcher | None = None, final_attempt: bool = True
) -> Article:
    """Fetch the article's page, read it, and queue its statements for review.

    Network failures raise FetchError for the task to retry (and are recorded); content
    that can never be read is recorded on the article and not retried.
    """
    article = Article.objects.defer("text", "raw_compressed").get(pk=article_id)
    if (
        article.status in {Article.Status.ANALYSED, Article.Status.IRRELEVANT}
        and article.content_hash
    ):
        return article  # done already: a redelivered task changes nothing
    article.attempts += 1  # saved with the result, or with the failure
    if article.origin in {Article.Origin.PASTE, Article.Origin.FILE} and article.raw_compressed:
        return _ingest_stored(article)
    fetcher = fetcher or SafeFetcher()
    try:
        result = fetcher.fetch(article.url)
        if not is_readable_type(result.content_type):
            raise BadContent(f"Not a page: {result.content_type or 'no content type'}")
        page = read_html(result.content, url=result.url)
    except FetchError as error:
        _record_failure(article, str(error), final=final_attempt)
        raise
    except (FetchRefused, BadContent, UnreadablePage) as error:
        _record_failure(article, str(error), final=True)
        return Article.objects.get(pk=article.pk)
    return article_store(
        article=article, page=page, raw=result.content, content_type=result.content_type
    )


def article_submit_text(
    *, text: str, url: str = "", published: dt.date | None = None, title: str = ""
) -> Article:
    """Keep text pasted by an editor, queued for the ingestion pipeline like any page."""
    raw = text.encode("utf-8")
    if not text.strip():
        raise UnreadablePage("The text is empty.")
    identifier = canonical_url(url) if url else f"urn:sha256:{hashlib.sha256(raw).hexdigest()}"
    article, _ = Article.objects.get_or_create(
        url=identifier,
        defaults={
            "origin": Article.Origin.PASTE,
            "outlet": outlet_for_url(identifier),
            "title": title[:500],
            "published_on": published,
        },
    )
    if not article.raw_compressed:
        article.store_raw(raw, "text/plain; charset=utf-8")
        article.save(update_fields=["raw_compressed", "raw_content_type"])
    return article


def _ingest_stored(article: Article) -> Article:
    """Ingest a pasted text or uploaded file kept on the article."""
    content = article.raw_content()
    try:
        if article.raw_content_type.startswith("text/plain"):
            page = read_text(_decode(content))
        else:
            page = read_html(content, url=article.url)
    except UnreadablePage as error:
        _record_failure(article, str(error), final=True)
        return Article.objects.get(pk=article.pk)
    return article_store(
        article=article, page=page, raw=content, content_type=article.raw_content_type
    )


def article_ingest_content(
    *,
    content: bytes | str,
    url: str = "",
    content_type: str = "text/html",
    published: dt.date | None = None,
    origin: str = Article.Origin.FILE,
    title: str = "",
) -> Article:
    """Ingest a page or text already in hand: a file, a paste, or a page from a benchmark."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    if content_type.startswith("text/plain"):
        text = content if isinstance(content, str) else _decode(content)
        page = read_text(text)
    else:
        page = read_html(content, url=url)
    if published is not None:
        page = _with_published(page, published)
    if title:
        page = _with_title(page, title)
    identifier = canonical_url(url) if url else f"urn:sha256:{hashlib.sha256(raw).hexdigest()}"
    try:
        return article_store(
            url=identifier, origin=origin, page=page, raw=raw, content_type=content_type
        )
    except IntegrityError:  # another worker stored this address a moment ago: update theirs
        return article_store(
            url=identifier, origin=origin, page=page, raw=raw, content_type=content_type
        )


def article_store(
    *,
    page: PageContent,
    raw: bytes,
    content_type: str,
    article: Article | None = None,
    url: str = "",
    origin: str = Article.Origin.URL,
) -> Article:
    """Keep the page and its text, then (unless the text is unchanged) say it is ready to
    be analysed, once the row is no longer locked.

    One transaction, with the article row locked, so two workers on one article store one
    result; the few queries matter, since every fetched page passes here.
    """
    now = timezone.now()
    with transaction.atomic():
        if article is not None:
            attempts = article.attempts
            article = (
                Article.objects.select_for_update()
                .defer("text", "raw_compressed")
                .get(pk=article.pk)
            )
            article.attempts = max(article.attempts, attempts)
        else:
            article = Article.objects.select_for_update().defer("text", "raw_compressed").filter(
                url=url
            ).first() or Article(url=url, origin=origin)
        unchanged = (
            article.pk is not None
            and article.content_hash == page.content_hash
            and article.status in {Article.Status.ANALYSED, Article.Status.IRRELEVANT}
        )
        article.fetched_at = now
        if unchanged:
            article.save(update_fields=["fetched_at"])
            return article
        article.text = page.text
        article.content_hash = page.content_hash
        article.title = article.title or page.title
        article.author = page.author
        article.language = page.language
        if page.published and not article.published_on:
            article.published_on = page.published.date
            article.published_precision = page.published.precision
        if page.canonical_url and page.canonical_url != article.url:
            _adopt_canonical_url(article, page.canonical_url)
        if article.outlet_id is None:
            article.outlet = outlet_for_url(article.url, site_name=page.site_name)
        article.error = ""
        article.status = Article.Status.QUEUED  # until its statements are recorded
        article.save()
    # The page as fetched goes with the signal: kept only if the article is relevant.
    article_text_ready.send(
        sender=Article, article_id=article.pk, raw=raw, content_type=content_type
    )
    article.refresh_from_db(
        fields=["status", "error", "analysed_at", "raw_compressed", "raw_content_type"]
    )
    return article


def article_reextract(*, article_id: int) -> Article:
    """Analyse the stored text again, after the gazetteer or the rules improved."""
    if not Article.objects.filter(pk=article_id).exclude(text="").exists():
        raise UnreadablePage("This article has no stored text to extract from.")
    article_text_ready.send(sender=Article, article_id=article_id)
    return Article.objects.get(pk=article_id)


def _adopt_canonical_url(article: Article, canonical: str) -> None:
    try:
        canonical = canonical_url(canonical)
    except NotAWebAddress:
        return  # a page may declare anything as its canonical address
    if host_of(canonical) != host_of(article.url):
        return  # a canonical link to another site is not trusted
    if not Article.objects.filter(url=canonical).exclude(pk=article.pk).exists():
        article.url = canonical


# A queued article whose message has not started this long after it was due was lost
# with it (a broker restart, a worker killed before it took the message).
STALLED_AFTER = dt.timedelta(minutes=15)
# After this many starts that never finished, an article is failed rather than sent again.
MAX_ATTEMPTS = 6


def article_mark_queued(*, article_id: int, due: dt.datetime | None = None) -> None:
    """Record that a message for the article was sent (or, for a retry, when it is due)."""
    Article.objects.filter(pk=article_id).update(queued_at=due or timezone.now())


def articles_stalled() -> list[int]:
    """Queued articles whose message is long overdue, to be sent again; those that have
    been started too often without finishing are failed with the reason instead."""
    stalled = Article.objects.filter(
        status=Article.Status.QUEUED,
        queued_at__lt=timezone.now() - STALLED_AFTER,
    )
    stalled.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Article.Status.FAILED,
        error=f"Given up after {MAX_ATTEMPTS} attempts that did not finish.",
    )
    return list(stalled.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))


def article_fail(*, article_id: int, reason: str) -> None:
    article = Article.objects.only("pk", "attempts").get(pk=article_id)
    _record_failure(article, reason, final=True)


def _record_failure(article: Article, message: str, *, final: bool) -> None:
    logger.info("Article %s: %s", article.pk, message)
    changes = {"error": message[:2000], "attempts": article.attempts}
    if final:
        changes["status"] = Article.Status.FAILED
    Article.objects.filter(pk=article.pk).update(**changes)


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; else Windows-1252, never failing."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _with_published(page: PageContent, published: dt.date) -> PageContent:
    return replace(page, published=PartialDate(published, DatePrecision.DAY))


def _with_title(page: PageContent, title: str) -> PageContent:
    return replace(page, title=title)
