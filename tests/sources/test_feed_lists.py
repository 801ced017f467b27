"""Lists of feeds: the curated list (load_feeds, check_feeds), OPML import with a preview
and export, hostile files refused, removed feeds never brought back, and the health page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from apps.sources.models import Feed, FeedRemoval, Outlet
from apps.sources.services import feed_lists
from apps.sources.services.feed_lists import (
    ListedFeed,
    UnreadableList,
    feeds_add,
    read_opml,
    sort_entries,
    write_opml,
)
from tests.sources.servers import Route

pytestmark = pytest.mark.django_db

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Ukraine and NATO</title></head><body>
  <outline text="Wires">
    <outline type="rss" text="NATO news" xmlUrl="https://www.nato.int/rss.xml" outlet="NATO" kind="official"/>
    <outline type="rss" text="Kyiv Independent" xmlUrl="https://kyivindependent.com/rss/"/>
  </outline>
  <outline type="rss" text="A local file" xmlUrl="file:///etc/passwd"/>
  <outline type="rss" text="Kyiv Independent again" xmlUrl="https://kyivindependent.com/rss/"/>
</body></opml>"""

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<opml version="2.0"><body><outline text="&c;" xmlUrl="https://example.org/&c;"/></body></opml>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://example.org/feed"/></body></opml>"""


def test_an_opml_file_gives_its_feeds_in_order():
    entries = read_opml(OPML)
    assert [e.url for e in entries] == [
        "https://www.nato.int/rss.xml",
        "https://kyivindependent.com/rss/",
        "file:///etc/passwd",
        "https://kyivindependent.com/rss/",
    ]
    assert (entries[0].outlet, entries[0].kind, entries[0].title) == (
        "NATO",
        "official",
        "NATO news",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<opml><body><outline", "not a readable OPML file"),
        (b"<rss><channel/></rss>", "no <opml> element"),
        (ENTITY_BOMB, "document type definition"),
        (EXTERNAL_ENTITY, "document type definition"),
        (b"<opml>" + b" " * (1024 * 1024) + b"</opml>", "over 1024 KB"),
        (b"<opml>" + b"<outline/>" * (1024 * 1024) + b"</opml>", "over 1024 KB"),  # 10 MB
    ],
)
def test_a_malformed_or_hostile_file_is_refused_whole(content, message):
    with pytest.raises(UnreadableList, match=message):
        read_opml(content)


def test_importing_adds_new_feeds_once_and_refuses_other_addresses():
    paused = Feed.objects.create(url="https://www.nato.int/rss.xml", is_active=False)
    reading = sort_entries(read_opml(OPML))
    assert [e.url for e in reading.new] == ["https://kyivindependent.com/rss/"]
    assert [e.url for e in reading.known] == [
        "https://www.nato.int/rss.xml",
        "https://kyivindependent.com/rss/",
    ]
    assert reading.refused == [("file:///etc/passwd", "not an http or https address")]
    assert feeds_add(read_opml(OPML)) == 1
    assert feeds_add(read_opml(OPML)) == 0
    paused.refresh_from_db()
    assert not paused.is_active  # a feed already there keeps its state
    assert (
        Feed.objects.get(url="https://kyivindependent.com/rss/").outlet.domain
        == "kyivindependent.com"
    )


def test_a_feed_an_editor_removed_is_not_brought_back():
    feeds_add([ListedFeed(url="https://example.org/feed")])
    Feed.objects.get(url="https://example.org/feed").delete()
    assert FeedRemoval.objects.filter(url="https://example.org/feed").exists()
    assert feeds_add([ListedFeed(url="https://example.org/feed")]) == 0
    assert not Feed.objects.exists()


def test_export_round_trips_with_outlet_kind_and_language():
    outlet = Outlet.objects.create(name="TASS", domain="tass.com", kind=Outlet.Kind.NEWS_AGENCY)
    Feed.objects.create(url="https://tass.com/rss/v2.xml", outlet=outlet, title="TASS")
    entries = read_opml(write_opml(list(Feed.objects.all())))
    assert [(e.url, e.outlet, e.kind, e.language) for e in entries] == [
        ("https://tass.com/rss/v2.xml", "TASS", "news_agency", "en")
    ]


def test_an_exported_list_imported_into_an_empty_database_gives_the_same_feeds():
    outlet = Outlet.objects.create(name="TASS", domain="tass.com", kind=Outlet.Kind.NEWS_AGENCY)
    Feed.objects.create(url="https://tass.com/rss/v2.xml", outlet=outlet, title="TASS")
    Feed.objects.create(url="https://kyivindependent.com/rss/", title="Kyiv Independent")
    exported = write_opml(list(Feed.objects.select_related("outlet")))
    Feed.objects.all().delete()
    FeedRemoval.objects.all().delete()
    Outlet.objects.all().delete()
    assert feeds_add(read_opml(exported)) == 2
    assert sorted(Feed.objects.values_list("url", "title", "outlet__kind")) == [
        ("https://kyivindependent.com/rss/", "Kyiv Independent", "other"),
        ("https://tass.com/rss/v2.xml", "TASS", "news_agency"),
    ]


def test_the_curated_list_loads_once(tmp_path, monkeypatch):
    curated = tmp_path / "feeds.json"
    curated.write_text(
        json.dumps(
            [
                {"feed_url": "https://tass.com/rss/v2.xml", "outlet": "TASS", "domain": "tass.com",
                 "kind": "news_agency", "state_controlled": True, "country": "RU",
                 "language": "en", "poll_minutes": 15},
            ]
        )
    )  # fmt: skip
    monkeypatch.setattr(feed_lists, "CURATED", curated)
    from apps.sources.management.commands import load_feeds

    monkeypatch.setattr(load_feeds, "CURATED", curated)
    call_command("load_feeds")
    call_command("load_feeds")
    feed = Feed.objects.get()
    assert (feed.poll_interval, feed.language) == (dt.timedelta(minutes=15), "en")
    assert (feed.outlet.kind, feed.outlet.state_controlled) == ("news_agency", True)


def test_the_shipped_curated_list_is_well_formed():
    entries = feed_lists.read_curated()
    assert len(entries) >= 25
    assert all(e.url.startswith(("https://", "http://")) for e in entries)
    assert all(e.kind in Outlet.Kind.values and e.kind != "other" for e in entries)
    assert all(e.language == "en" for e in entries)
    assert len({e.url for e in entries}) == len(entries)


def test_check_feeds_reports_each_feed(tmp_path, loopback_server, fetch_loopback):
    loopback_server.routes["/good.xml"] = Route(
        body=b"<rss><channel><item><title>One</title></item></channel></rss>",
        headers={"Content-Type": "application/rss+xml"},
    )
    loopback_server.routes["/gone.xml"] = Route(status=404)
    curated = tmp_path / "feeds.json"
    curated.write_text(
        json.dumps(
            [{"feed_url": loopback_server.url(path), "kind": "newspaper"} for path in ("/good.xml", "/gone.xml")]
        )
    )  # fmt: skip
    with pytest.raises(CommandError, match="1 feed"):
        call_command("check_feeds", str(curated))


def test_the_admin_previews_an_import_then_adds_on_confirming(client, site_admin):
    client.force_login(site_admin)
    url = reverse("admin:sources_feed_import")
    preview = client.post(url, {"file": SimpleUploadedFile("feeds.opml", OPML)})
    html = preview.content.decode()
    assert "2 to add, 1 already known (or removed by an editor), 1 refused." in html
    assert not Feed.objects.exists()  # nothing before confirming
    confirmed = client.post(url, {"confirm": "1"})
    assert confirmed.status_code == 302
    assert list(Feed.objects.values_list("url", flat=True)) == [
        "https://kyivindependent.com/rss/",
        "https://www.nato.int/rss.xml",
    ]


def test_the_admin_says_why_a_hostile_file_is_refused(client, site_admin):
    client.force_login(site_admin)
    response = client.post(
        reverse("admin:sources_feed_import"),
        {"file": SimpleUploadedFile("bomb.opml", ENTITY_BOMB)},
    )
    assert "document type definition" in response.content.decode()
    assert not Feed.objects.exists()


def test_the_admin_exports_opml(client, site_admin):
    Feed.objects.create(url="https://kyivindependent.com/rss/", title="Kyiv Independent")
    client.force_login(site_admin)
    response = client.get(reverse("admin:sources_feed_export"))
    assert response["Content-Type"].startswith("text/x-opml")
    assert [e.url for e in read_opml(response.content)] == ["https://kyivindependent.com/rss/"]


def test_the_health_page_groups_feeds_worst_first(client, site_admin):
    now = timezone.now()
    Feed.objects.create(url="https://a.example/feed", error_count=3, last_error="HTTP 500")
    Feed.objects.create(url="https://b.example/feed", last_polled_at=now - dt.timedelta(days=1))
    Feed.objects.create(url="https://c.example/feed", is_active=False)
    Feed.objects.create(url="https://d.example/feed", last_polled_at=now)
    client.force_login(site_admin)
    html = client.get(reverse("admin:sources_feed_health")).content.decode()
    positions = [
        html.index(label) for label in ("Failing (1)", "Overdue (1)", "Paused (1)", "Well (1)")
    ]
    assert positions == sorted(positions)
    assert "HTTP 500" in html


ARTICLE = (
    b"<html><head><title>Allies meet</title>"
    b'<meta property="article:published_time" content="2024-07-10T10:00:00Z"></head><body>'
    b"<article><h1>Allies meet</h1><p>Ukraine is on an irreversible path to NATO membership, "
    b"Jens Stoltenberg said on Wednesday at the summit in Washington.</p>"
    b"<p>Allies also discussed air defence for Ukraine and spending on their own armies.</p>"
    b"<p>The leaders will meet again next year in the Netherlands for another summit.</p>"
    b"</article></body></html>"
)


def test_a_fresh_database_loads_the_curated_feeds_and_polls_each_then_shows_its_figures(
    client,
    site_admin,
    tmp_path,
    monkeypatch,
    loopback_server,
    fetch_loopback,
    django_capture_on_commit_callbacks,
):
    from apps.positions.starter import starter_data_load
    from apps.sources.management.commands import load_feeds
    from apps.sources.tasks import poll_due_feeds

    starter_data_load()
    for name in ("wire", "paper"):
        article = loopback_server.url(f"/{name}/article")
        loopback_server.routes[f"/{name}.xml"] = Route(
            body=(
                '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                f"<item><title>Allies meet</title><link>{article}</link></item></channel></rss>"
            ).encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        loopback_server.routes[f"/{name}/article"] = Route(body=ARTICLE)
    curated = tmp_path / "feeds.json"
    curated.write_text(
        json.dumps(
            [
                {"feed_url": loopback_server.url(f"/{name}.xml"), "outlet": name, "kind": "newspaper"}
                for name in ("wire", "paper")
            ]
        )
    )  # fmt: skip
    monkeypatch.setattr(load_feeds, "CURATED", curated)
    call_command("load_feeds")
    with django_capture_on_commit_callbacks(execute=True):  # the articles' ingestion
        assert poll_due_feeds() == 2
    assert Feed.objects.filter(last_polled_at__isnull=False).count() == 2

    client.force_login(site_admin)
    html = client.get(reverse("admin:sources_feed_changelist")).content.decode()
    cells = re.findall(
        r'<td class="field-(items_30_days|relevant_30_days|statements_30_days)">(\d+)</td>', html
    )
    assert len(cells) == 6
    assert all(int(value) >= 1 for _, value in cells), cells
    failing = client.get(reverse("admin:sources_feed_changelist"), {"health": "failing"})
    assert "0 feeds" in failing.content.decode()
