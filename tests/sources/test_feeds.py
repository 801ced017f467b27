"""Polling feeds: conditional GET, new articles queued once, malformed feeds survived."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from apps.sources.models import Article, Feed
from apps.sources.services.feeds import MalformedFeed, feed_poll, parse_feed
from apps.sources.tasks import poll_due_feeds
from tests.sources.factories import FeedFactory
from tests.sources.servers import Route

pytestmark = pytest.mark.django_db


def rss(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        f"<pubDate>Wed, 10 Jul 2024 12:00:00 GMT</pubDate></item>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test wire</title>{entries}</channel></rss>"
    ).encode()


def test_feed_entries_with_http_links_are_read_and_markup_is_dropped_from_titles():
    parsed = parse_feed(
        rss(
            ("<b>Allies</b> meet &amp; talk", "https://news.example/a?utm_source=rss"),
            ("No link", "javascript:alert(1)"),
        )
    )
    assert [(e.title, e.url) for e in parsed.entries] == [
        ("Allies meet & talk", "https://news.example/a?utm_source=rss")
    ]
    assert parsed.entries[0].published.isoformat() == "2024-07-10"


def test_parse_feed_refuses_anything_but_bytes():
    with pytest.raises(TypeError):
        parse_feed("http://169.254.169.254/latest/meta-data/")


def test_poll_queues_new_articles_once_and_asks_conditionally(loopback_server, fetch_loopback):
    loopback_server.routes["/feed.xml"] = Route(
        rss(("One", "https://news.example/one"), ("Two", "https://news.example/two?utm_medium=x")),
        headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
    )
    feed = FeedFactory(url=loopback_server.url("/feed.xml"))
    first = feed_poll(feed_id=feed.pk)
    assert len(first.new_article_ids) == 2
    assert set(Article.objects.values_list("url", flat=True)) == {
        "https://news.example/one",
        "https://news.example/two",
    }
    assert (
        Article.objects.filter(status=Article.Status.QUEUED, origin=Article.Origin.FEED).count()
        == 2
    )
    feed.refresh_from_db()
    assert feed.etag == '"v1"'
    assert feed.title == "Test wire"
    assert feed.next_poll_at > timezone.now()

    second = feed_poll(feed_id=feed.pk)
    assert second.not_modified
    assert second.new_article_ids == []
    assert loopback_server.requests[-1]["headers"]["If-None-Match"] == '"v1"'
    assert Article.objects.count() == 2


def atom(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
        "<updated>2025-06-24T09:00:00Z</updated></entry>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Press releases</title>{entries}</feed>"
    ).encode()


def test_atom_feeds_are_read_and_asked_again_by_last_modified(loopback_server, fetch_loopback):
    stamp = "Tue, 24 Jun 2025 09:00:00 GMT"
    loopback_server.routes["/atom.xml"] = Route(
        atom(("Summit opens", "https://official.example/summit")),
        headers={"Content-Type": "application/atom+xml", "Last-Modified": stamp},
    )
    feed = FeedFactory(url=loopback_server.url("/atom.xml"))

    first = feed_poll(feed_id=feed.pk)

    article = Article.objects.get(pk__in=first.new_article_ids)
    assert (article.url, article.title) == ("https://official.example/summit", "Summit opens")
    assert article.published_on.isoformat() == "2025-06-24"
    feed.refresh_from_db()
    assert (feed.title, feed.last_modified, feed.etag) == ("Press releases", stamp, "")
    second = feed_poll(feed_id=feed.pk)
    assert loopback_server.requests[-1]["headers"]["If-Modified-Since"] == stamp
    assert second.not_modified
    assert "If-None-Match" not in loopback_server.requests[-1]["headers"]


def test_errors_are_recorded_and_the_feed_waits_longer(loopback_server, fetch_loopback):
    loopback_server.routes["/broken.xml"] = Route(status=500)
    feed = FeedFactory(url=loopback_server.url("/broken.xml"))
    result = feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert "500" in result.error
    assert "500" in feed.last_error
    assert feed.error_count == 1
    assert feed.next_poll_at - feed.last_polled_at > feed.poll_interval


def test_only_due_active_feeds_are_polled(loopback_server, fetch_loopback):
    loopback_server.routes["/feed.xml"] = Route(
        rss(("One", loopback_server.url("/due"))), headers={"Content-Type": "text/xml"}
    )
    due = FeedFactory(url=loopback_server.url("/feed.xml"))
    FeedFactory(url=loopback_server.url("/paused.xml"), is_active=False)
    FeedFactory(
        url=loopback_server.url("/later.xml"),
        next_poll_at=timezone.now() + timezone.timedelta(hours=1),
    )
    assert poll_due_feeds() == 1
    assert [r["path"] for r in loopback_server.requests if r["path"] != "/robots.txt"][
        0
    ] == "/feed.xml"
    assert "/paused.xml" not in [r["path"] for r in loopback_server.requests]
    assert "/later.xml" not in [r["path"] for r in loopback_server.requests]
    due.refresh_from_db()
    assert due.last_polled_at is not None


def malformed_feeds(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "corpora" / "feeds-malformed").rglob("*.xml"))


def declared_content_type(data: bytes) -> str:
    match = re.search(rb"Header:\s+Content-type:\s*([^\n]+)", data, re.IGNORECASE)
    return match.group(1).decode("latin-1").strip() if match else "application/xml"


def read_or_error(data: bytes):
    """The parsed feed, or the message of the MalformedFeed it raised."""
    try:
        return parse_feed(data, declared_content_type(data))
    except MalformedFeed as error:
        return str(error)


def test_every_malformed_feed_parses_or_raises_a_clear_error(shared_dir):
    feeds = malformed_feeds(shared_dir)
    assert len(feeds) >= 100
    for path in feeds:
        data = path.read_bytes()
        outcome = read_or_error(data)
        if isinstance(outcome, str):
            assert outcome.startswith("The feed could not be read:"), path
            continue
        assert all(entry.url.startswith(("http://", "https://")) for entry in outcome.entries), path


def test_polling_every_malformed_feed_leaves_each_readable_or_recorded_never_stuck(
    shared_dir, loopback_server, fetch_loopback
):
    for index, path in enumerate(malformed_feeds(shared_dir)):
        data = path.read_bytes()
        loopback_server.routes[f"/f{index}.xml"] = Route(
            data, headers={"Content-Type": declared_content_type(data)}
        )
        FeedFactory(url=loopback_server.url(f"/f{index}.xml"))
    assert poll_due_feeds() == Feed.objects.count()
    for feed in Feed.objects.all():
        assert feed.last_polled_at is not None, feed.url
        assert feed.next_poll_at > timezone.now(), feed.url
        if feed.last_error:
            assert feed.last_error.startswith("The feed could not be read:"), feed.last_error
    assert Feed.objects.exclude(last_error="").exists()
    assert Feed.objects.filter(last_error="").exists()


def test_bad_entries_are_skipped_one_by_one_and_the_rest_of_the_feed_is_stored(
    loopback_server, fetch_loopback
):
    long_link = "https://news.example/" + "x" * 2100
    loopback_server.routes["/feed.xml"] = Route(
        rss(
            ("Far too long", long_link),
            ("Null\x00 in the title", "https://news.example/null"),
            ("Allies meet", "https://news.example/good"),
        ).replace(b"\\x00", b"\x00"),
        headers={"Content-Type": "application/rss+xml"},
    )
    feed = FeedFactory(url=loopback_server.url("/feed.xml"))

    result = feed_poll(feed_id=feed.pk)

    stored = Article.objects.order_by("url")
    assert [a.url for a in stored] == ["https://news.example/good", "https://news.example/null"]
    assert stored.get(url="https://news.example/null").title == "Null in the title"
    assert len(result.new_article_ids) == 2
    feed.refresh_from_db()
    assert feed.error_count == 0
    assert "Skipped 1 entry" in feed.last_error
    assert "2,000 characters" in feed.last_error
    assert feed.next_poll_at > timezone.now()


def test_a_feed_whose_poll_breaks_unexpectedly_records_it_and_backs_off(
    loopback_server, fetch_loopback
):
    loopback_server.routes["/feed.xml"] = Route(
        b"\xff\xfe<rss>\x00\x00", headers={"Content-Type": "application/rss+xml"}
    )
    feed = FeedFactory(url=loopback_server.url("/feed.xml"))
    for expected_failures in (1, 2):
        result = feed_poll(feed_id=feed.pk)
        feed.refresh_from_db()
        assert result.error
        assert feed.error_count == expected_failures
    assert feed.next_poll_at - feed.last_polled_at == feed.poll_interval * 4
