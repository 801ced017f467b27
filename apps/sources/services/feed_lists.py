"""Lists of feeds: the curated list shipped as data (data/feeds.json), and OPML, the format
feed readers and editors trade lists in.

OPML is read with lxml and a parser that resolves no entity, loads no DTD and fetches
nothing, so a hostile file (entity expansion, external entities) is refused or read as
plain text; a malformed file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from lxml import etree

from apps.sources.models import Feed, FeedRemoval, Outlet
from apps.sources.services.addresses import outlet_for_url

CURATED = Path(__file__).resolve().parent.parent / "data" / "feeds.json"
# Larger OPML files are refused before reading: a few thousand feeds fit in far less.
MAX_OPML_BYTES = 1024 * 1024


class UnreadableList(ValueError):
    """A list of feeds that cannot be read: nothing in it is used."""


@dataclass(frozen=True)
class ListedFeed:
    url: str
    title: str = ""
    outlet: str = ""
    domain: str = ""
    kind: str = ""
    state_controlled: bool = False
    country: str = ""
    language: str = "en"
    poll_minutes: int = 30


@dataclass
class ListReading:
    """What importing a list would do: feeds to add, already known, or refused."""

    new: list[ListedFeed] = field(default_factory=list)
    known: list[ListedFeed] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (what, why)


def read_opml(content: bytes) -> list[ListedFeed]:
    """The feeds an OPML file lists (outlines with an xmlUrl), in order."""
    if len(content) > MAX_OPML_BYTES:
        raise UnreadableList(f"The file is over {MAX_OPML_BYTES // 1024} KB; split it.")
    if b"<!DOCTYPE" in content.upper():
        # OPML has no use for one, and entity tricks need one.
        raise UnreadableList("OPML files with a document type definition are not read.")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise UnreadableList(f"This is not a readable OPML file: {error}.") from error
    if root.tag != "opml":
        raise UnreadableList("This is not an OPML file: it has no <opml> element.")
    return [
        ListedFeed(
            url=(outline.get("xmlUrl") or "").strip(),
            title=(outline.get("title") or outline.get("text") or "").strip()[:300],
            outlet=(outline.get("outlet") or "").strip()[:200],
            kind=(outline.get("kind") or "").strip(),
            language=(outline.get("language") or "en").strip()[:8],
        )
        for outline in root.iter("outline")
        if outline.get("xmlUrl") is not None
    ]


def read_curated(path: Path = CURATED) -> list[ListedFeed]:
    return [
        ListedFeed(
            url=item["feed_url"],
            title=item.get("outlet", ""),
            outlet=item.get("outlet", ""),
            domain=item.get("domain", ""),
            kind=item.get("kind", ""),
            state_controlled=item.get("state_controlled", False),
            country=item.get("country", ""),
            language=item.get("language", "en"),
            poll_minutes=item.get("poll_minutes", 30),
        )
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]


def sort_entries(entries: list[ListedFeed]) -> ListReading:
    """Which entries would be added, which are known (a feed now, or one an editor
    removed), and which are refused (not an http or https address)."""
    reading = ListReading()
    existing = set(Feed.objects.values_list("url", flat=True)) | set(
        FeedRemoval.objects.values_list("url", flat=True)
    )
    seen: set[str] = set()
    for entry in entries:
        parts = urlsplit(entry.url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            reading.refused.append((entry.url or entry.title, "not an http or https address"))
        elif entry.url in existing or entry.url in seen:
            reading.known.append(entry)
        else:
            reading.new.append(entry)
            seen.add(entry.url)
    return reading


@transaction.atomic
def feeds_add(entries: list[ListedFeed]) -> int:
    """Add the entries not known yet; a feed that exists keeps its state, and one an
    editor removed is not brought back. Safe to run again."""
    added = 0
    for entry in sort_entries(entries).new:
        outlet = _outlet_for(entry)
        _, created = Feed.objects.get_or_create(
            url=entry.url,
            defaults={
                "title": entry.title,
                "outlet": outlet,
                "language": entry.language,
                "poll_interval": dt.timedelta(minutes=max(entry.poll_minutes, 1)),
            },
        )
        added += created
    return added


def _outlet_for(entry: ListedFeed) -> Outlet | None:
    """The outlet the list names (by its domain, else the feed's host)."""
    return outlet_for_url(
        f"https://{entry.domain}/" if entry.domain else entry.url,
        site_name=entry.outlet,
        kind=entry.kind,
        state_controlled=entry.state_controlled,
        country=entry.country,
    )


def write_opml(feeds: list[Feed], *, title: str = "Accession Tracker feeds") -> bytes:
    """The feeds as OPML 2.0, each with its outlet, kind and language as attributes."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    for feed in feeds:
        attributes = {
            "type": "rss",
            "text": feed.title or feed.url,
            "title": feed.title or feed.url,
            "xmlUrl": feed.url,
            "language": feed.language,
        }
        if feed.outlet is not None:
            attributes |= {"outlet": feed.outlet.name, "kind": feed.outlet.kind}
        etree.SubElement(body, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def feed_removed(sender, instance: Feed, **kwargs) -> None:
    """post_delete receiver: remember the address, so no list brings it back."""
    FeedRemoval.objects.get_or_create(url=instance.url)
