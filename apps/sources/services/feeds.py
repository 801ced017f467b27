"""Polling RSS and Atom feeds: conditional GET, tolerant parsing, new articles queued.

feedparser only ever receives bytes we fetched ourselves: given a string that looks like
a URL it would fetch it on its own, past every check of the safe fetcher.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass, field

import feedparser
from django.db import DatabaseError, transaction
from django.utils import timezone

from apps.core.text import clean_text
from apps.sources.models import Article, Feed
from apps.sources.services.articles import article_submit
from apps.sources.services.fetching import BadContent, FetchError, FetchRefused, SafeFetcher

logger = logging.getLogger(__name__)

MAX_ENTRIES = 200
# The longest address an article keeps (Article.url); longer links are skipped.
MAX_LINK = 2000
MAX_BACKOFF = dt.timedelta(days=1)
# Far longer than any queue wait: an article still unstarted after this lost its task.


class MalformedFeed(ValueError):
    """Nothing usable could be read from the feed."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str = ""
    published: dt.date | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    warning: str = ""  # what was wrong with a feed that was still readable
    # Entries left out, each with the reason.
    skipped: list[str] = field(default_factory=list)


@dataclass
class FeedPollResult:
    new_article_ids: list[int] = field(default_factory=list)
    not_modified: bool = False
    error: str = ""


def parse_feed(content: bytes, content_type: str = "") -> ParsedFeed:
    """Entries with an http(s) link; MalformedFeed when the bytes hold none."""
    if not isinstance(content, bytes):
        raise TypeError("parse_feed takes the fetched bytes, never a URL or path")
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    problem = ""
    if parsed.get("bozo"):
        problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"[:500]
    entries = []
    skipped: list[str] = []
    for number, entry in enumerate(parsed.entries[:MAX_ENTRIES], start=1):
        link = (entry.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            continue
        if len(link) > MAX_LINK:
            skipped.append(f"entry {number}: its link is over {MAX_LINK:,} characters")
            continue
        entries.append(
            FeedEntry(
                url=link, title=_plain(entry.get("title", ""))[:500], published=_entry_date(entry)
            )
        )
    if not entries and problem:
        raise MalformedFeed(f"The feed could not be read: {problem}")
    return ParsedFeed(
        title=_plain(parsed.feed.get("title", ""))[:300],
        entries=entries,
        warning=problem,
        skipped=skipped,
    )


def feed_poll(*, feed_id: int, fetcher: SafeFetcher | None = None) -> FeedPollResult:
    """Fetch the feed if it changed and queue its new articles. Errors are recorded on the
    feed, which is tried again later; they never raise."""
    feed = Feed.objects.get(pk=feed_id)
    fetcher = fetcher or SafeFetcher()
    conditional = {}
    if feed.etag:
        conditional["If-None-Match"] = feed.etag
    if feed.last_modified:
        conditional["If-Modified-Since"] = feed.last_modified
    result = FeedPollResult()
    try:
        response = fetcher.fetch(
            feed.url,
            headers=conditional,
            accept="application/rss+xml, application/atom+xml, application/xml",
        )
        if response.not_modified:
            result.not_modified = True
            _record(feed, error="")
            return result
        parsed = parse_feed(response.content, response.headers.get("content-type", ""))
    except (FetchError, FetchRefused, BadContent, MalformedFeed) as error:
        result.error = str(error)
        _record(feed, error=result.error)
        return result
    except Exception as error:  # noqa: BLE001 - whatever breaks a poll, the feed backs off
        logger.exception("Feed %s: the poll failed", feed.pk)
        result.error = f"The poll failed: {type(error).__name__}: {error}"[:2000]
        _record(feed, error=result.error)
        return result
    skipped = list(parsed.skipped)
    with transaction.atomic():
        for number, entry in enumerate(parsed.entries, start=1):
            try:
                with transaction.atomic():  # one bad entry never costs the others
                    article, created = article_submit(
                        url=entry.url,
                        feed=feed,
                        origin=Article.Origin.FEED,
                        title=entry.title,
                        published=entry.published,
                    )
            except FetchRefused:
                continue
            except (DatabaseError, ValueError) as error:
                skipped.append(f"{entry.url[:100]}: {error}"[:300])
                logger.warning("Feed %s: entry %s skipped: %s", feed.pk, number, error)
                continue
            if created:
                result.new_article_ids.append(article.pk)
        _record(
            feed,
            error="",
            warning=_skipped_summary(skipped),
            etag=response.headers.get("etag", ""),
            last_modified=response.headers.get("last-modified", ""),
            title=feed.title or parsed.title,
        )
    return result


def _skipped_summary(skipped: list[str]) -> str:
    if not skipped:
        return ""
    count = len(skipped)
    return f"Skipped {count} entr{'y' if count == 1 else 'ies'}: " + "; ".join(skipped[:5])


def _record(
    feed: Feed,
    *,
    error: str,
    warning: str = "",
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
) -> None:
    now = timezone.now()
    feed.last_polled_at = now
    # A poll that skipped some entries succeeded: it says so without counting as a failure.
    feed.last_error = error or warning
    feed.error_count = feed.error_count + 1 if error else 0
    # A failing feed is asked less often: twice the interval per failure, at most a day.
    wait = feed.poll_interval * (2 ** min(feed.error_count, 6)) if error else feed.poll_interval
    feed.next_poll_at = now + min(wait, max(MAX_BACKOFF, feed.poll_interval))
    fields = ["last_polled_at", "last_error", "error_count", "next_poll_at"]
    for name, value in (("etag", etag), ("last_modified", last_modified), ("title", title)):
        if value is not None:
            setattr(feed, name, value[:500] if name != "title" else value[:300])
            fields.append(name)
    feed.save(update_fields=fields)


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except (ValueError, AttributeError):
        return None


def _plain(value: str) -> str:
    """Feed titles may hold markup; keep the words only (templates escape them as well)."""
    return " ".join(clean_text(html.unescape(re.sub(r"<[^>]+>", " ", value or ""))).split())


@dataclass(frozen=True)
class HealthGroup:
    label: str
    explanation: str
    feeds: list[Feed]


def feed_health(now: dt.datetime | None = None) -> list[HealthGroup]:
    """The feeds by how they are doing, the worst first: failing (the last polls went
    wrong), overdue (not polled for three intervals: workers or the beat may be down),
    paused, and well."""
    now = now or timezone.now()
    groups: dict[str, list[Feed]] = {"failing": [], "overdue": [], "paused": [], "well": []}
    for feed in Feed.objects.select_related("outlet").order_by("-error_count", "url"):
        if not feed.is_active:
            groups["paused"].append(feed)
        elif feed.error_count:
            groups["failing"].append(feed)
        elif feed.last_polled_at is None or now - feed.last_polled_at > 3 * feed.poll_interval:
            groups["overdue"].append(feed)
        else:
            groups["well"].append(feed)
    return [
        HealthGroup("Failing", "The last polls went wrong; the error says why.", groups["failing"]),
        HealthGroup(
            "Overdue",
            "Not polled for three of its intervals (or never): are workers and the beat running?",
            groups["overdue"],
        ),
        HealthGroup("Paused", "Not polled until resumed.", groups["paused"]),
        HealthGroup("Well", "Polled on time, no error.", groups["well"]),
    ]
