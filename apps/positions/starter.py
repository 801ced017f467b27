"""Load the starter data: real, dated, sourced positions on Ukraine's NATO accession.

The data file holds facts only (who said what, when, a short quote, where it was reported);
each quote was checked against the published source whose URL it carries. Loading is
idempotent: every row is found by its natural key, so running it twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from apps.core.dates import PartialDate
from apps.positions.models import Citation, Event, Position, Tag
from apps.positions.signals import citations_batched
from apps.positions.stances import Stance
from apps.sources.models import Article, Outlet
from apps.sources.services.addresses import host_of
from apps.speakers.models import Organisation, Role, Speaker
from apps.speakers.services import speaker_add_alias

STARTER_DATA = Path(__file__).with_name("starter_data.json")
STARTER_METHOD = "starter data"

# Sent once the starter positions are in, inside the load's transaction, so apps above
# (promises) add what they build on them; each receiver returns a line for the report.
starter_data_loaded = Signal()


@dataclass(frozen=True)
class LoadReport:
    speakers: int
    positions_created: int
    positions_total: int
    outlets: int
    # What receivers of starter_data_loaded report ("7 promises", ...).
    others: tuple[str, ...] = ()


def read_starter_data(path: Path = STARTER_DATA) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def starter_data_load(*, path: Path = STARTER_DATA) -> LoadReport:
    """Create or update every organisation, speaker, outlet and approved position in the file."""
    data = read_starter_data(path)
    organisations = {
        item["name"]: Organisation.objects.update_or_create(
            name=item["name"],
            defaults={
                "short_name": item.get("short_name", ""),
                "kind": item.get("kind", Organisation.Kind.OTHER),
                "country": item.get("country") or "",
            },
        )[0]
        for item in data["organisations"]
    }
    outlets = {
        item["domain"]: Outlet.objects.update_or_create(
            domain=item["domain"],
            defaults={
                "name": item["name"],
                "country": item.get("country") or "",
                "kind": item.get("kind", Outlet.Kind.OTHER),
                "state_controlled": item.get("state_controlled", False),
            },
        )[0]
        for item in data["outlets"]
    }
    events = {
        item["name"]: Event.objects.update_or_create(
            name=item["name"],
            defaults={
                "kind": item.get("kind", Event.Kind.OTHER),
                "location": item.get("location", ""),
                "starts_on": item["starts_on"],
                "ends_on": item.get("ends_on"),
            },
        )[0]
        for item in data["events"]
    }
    speakers = {item["full_name"]: _load_speaker(item, organisations) for item in data["speakers"]}

    created = 0
    passages = stored_passages(data["positions"])
    with citations_batched():
        for item in data["positions"]:
            created += _load_position(item, speakers, outlets, events, passages)
    others = starter_data_loaded.send(sender=starter_data_load)
    return LoadReport(
        speakers=len(speakers),
        positions_created=created,
        positions_total=len(data["positions"]),
        outlets=len(outlets),
        others=tuple(str(line) for _, line in others),
    )


def assign_changes(instance: Any, wanted: dict[str, Any]) -> list[str]:
    """Set the fields of `wanted` that hold another value on the row, and name them:
    loaders save only when some did, since every save of a tracked model adds to its
    history."""
    changed = [field for field, value in wanted.items() if getattr(instance, field) != value]
    for field in changed:
        setattr(instance, field, wanted[field])
    return changed


def _load_speaker(item: dict[str, Any], organisations: dict[str, Organisation]) -> Speaker:
    speaker, _ = Speaker.objects.update_or_create(
        slug=item["slug"],
        defaults={
            "full_name": item["full_name"],
            "kind": item.get("kind", Speaker.Kind.PERSON),
            "country": item.get("country") or "",
            "wikidata_id": item.get("wikidata_id", ""),
            "organisation": organisations.get(item.get("organisation", "")),
            "is_confirmed": True,
        },
    )
    for alias in item.get("aliases", []):
        speaker_add_alias(speaker=speaker, name=alias)
    for role in item.get("roles", []):
        Role.objects.get_or_create(
            speaker=speaker,
            title=role["title"],
            started_on=role.get("started_on"),
            defaults={
                "organisation": organisations.get(role.get("organisation", "")),
                "ended_on": role.get("ended_on"),
            },
        )
    return speaker


# Between two passages of one page that two statements cite.
PASSAGE_BREAK = "\n\n[…]\n\n"


def stored_passages(positions: list[dict[str, Any]]) -> dict[str, tuple[str, dict[str, int]]]:
    """Each cited page's stored text: its verified passages (a page cited by two statements
    has two), joined in the order first cited, with where each passage begins."""
    excerpts: dict[str, list[str]] = {}
    for item in positions:
        for source in item["sources"]:
            if "excerpt" in source and source["excerpt"] not in excerpts.get(source["url"], []):
                excerpts.setdefault(source["url"], []).append(source["excerpt"])
    passages = {}
    for url, texts in excerpts.items():
        starts, offset = {}, 0
        for text in texts:
            starts[text] = offset
            offset += len(text) + len(PASSAGE_BREAK)
        passages[url] = (PASSAGE_BREAK.join(texts), starts)
    return passages


def _load_source(
    source: dict[str, Any], outlets: dict[str, Outlet], passages: dict[str, tuple[str, dict]]
) -> Article:
    """The article a starter source is: with its title, publication date and the verified
    passages of the page as its text, where the data has them (verified against a stored
    copy of the page, whose address and retrieval date the data records)."""
    defaults: dict[str, Any] = {
        "outlet": outlets.get(host_of(source["url"])),
        "origin": Article.Origin.URL,
        "status": Article.Status.ANALYSED,
    }
    if "excerpt" in source:
        published = PartialDate.parse(source["published"]) if source.get("published") else None
        defaults |= {
            "title": source.get("title", "")[:500],
            "text": passages[source["url"]][0],
            "published_on": published.date if published else None,
        }
        if published:
            defaults["published_precision"] = published.precision
        return Article.objects.update_or_create(url=source["url"], defaults=defaults)[0]
    defaults["title"] = source.get("title", "")
    return Article.objects.get_or_create(url=source["url"], defaults=defaults)[0]


def _load_position(
    item: dict[str, Any],
    speakers: dict[str, Speaker],
    outlets: dict[str, Outlet],
    events: dict[str, Event],
    passages: dict[str, tuple[str, dict[str, int]]],
) -> int:
    said = PartialDate.parse(item["said_on"])
    speaker = speakers[item["speaker"]]
    position = Position.objects.filter(speaker=speaker, quote=item["quote"]).first()
    is_new = position is None
    if is_new:
        position = Position(speaker=speaker, quote=item["quote"])
    event = events.get(item.get("event") or "")
    wanted = {
        "is_direct": item["direct"],
        "reported_role": item.get("role", ""),
        "said_on": said.date,
        "said_precision": said.precision,
        "stance": Stance(item["stance"]),
        # Hand-annotated (eval/starter-kinds.json says how), so reviewed.
        "kind": item.get("kind", ""),
        "kind_reviewed": bool(item.get("kind")),
        "event_id": event.pk if event else None,
        "status": Position.Status.APPROVED,
        "confidence": 1.0,
        "method": STARTER_METHOD,
    }
    # Saved only when something differs: `make run` loads on every start, and each save
    # would add an entry to the position's history.
    if assign_changes(position, wanted) or is_new or position.reviewed_at is None:
        position.reviewed_at = position.reviewed_at or timezone.now()
        position.save()
    tags = [
        Tag.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ")})[0]
        for slug in item.get("tags", [])
    ]
    if is_new or {tag.pk for tag in tags} != set(position.tags.values_list("pk", flat=True)):
        position.tags.set(tags)
    for source in item["sources"]:
        article = _load_source(source, outlets, passages)
        citation, _ = Citation.objects.get_or_create(position=position, article=article)
        if "excerpt" not in source:
            continue
        begins = passages[source["url"]][1][source["excerpt"]]
        wanted = {
            "quote_start": begins + source["quote_start"],
            "quote_end": begins + source["quote_end"],
            # A report of the statement in other words (another translation): its passage
            # shows those words, and the page says so.
            "other_wording": source.get("wording") == "other",
        }
        if changed := assign_changes(citation, wanted):
            citation.save(update_fields=changed)
    return int(is_new)
