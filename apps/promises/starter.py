"""The starter promises (data/starter_promises.json), built on the starter positions.

Loaded after the starter positions (positions.starter.starter_data_loaded); idempotent:
promises are found by slug, links by promise and position, status changes by promise,
date and status.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from apps.core.dates import PartialDate
from apps.positions.models import Position, Tag
from apps.positions.starter import assign_changes
from apps.promises.models import Promise, PromiseLink, StatusChange
from apps.promises.services import refresh_status
from apps.speakers.models import Speaker

STARTER_PROMISES = Path(__file__).with_name("data") / "starter_promises.json"


def read_starter_promises(path: Path = STARTER_PROMISES) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["promises"]


def starter_promises_load(*, path: Path = STARTER_PROMISES) -> int:
    """Create or update each starter promise, its links and its status history."""
    items = read_starter_promises(path)
    for item in items:
        first_made = PartialDate.parse(item["first_made_on"])
        wanted = {
            "title": item["title"],
            "made_by_id": Speaker.objects.get(full_name=item["made_by"]).pk,
            "made_to": item["made_to"],
            "content": item["content"],
            "first_made_on": first_made.date,
            "first_made_precision": first_made.precision,
        }
        promise = Promise.objects.filter(slug=item["slug"]).first()
        if promise is None:
            promise = Promise.objects.create(slug=item["slug"], **wanted)
        elif assign_changes(promise, wanted):
            promise.save()
        tags = list(Tag.objects.filter(slug__in=item.get("tags", [])))
        if set(tags) != set(promise.tags.all()):
            promise.tags.set(tags)
        for link in item["links"]:
            PromiseLink.objects.update_or_create(
                promise=promise,
                position=starter_position(link["speaker"], link["quote_starts"], item["slug"]),
                defaults={"relation": link["relation"], "note": link.get("note", "")},
            )
        for change in item["status_changes"]:
            StatusChange.objects.update_or_create(
                promise=promise,
                changed_on=change["changed_on"],
                status=change["status"],
                defaults={
                    "note": change["note"],
                    "evidence": "\n".join(change["evidence"]),
                    "imported": True,
                },
            )
        refresh_status(promise)
    return len(items)


def starter_position(speaker: str, quote_starts: str, promise: str) -> Position:
    """The one starter position of this speaker whose quote starts so; a link that finds
    none or several is a mistake in the data file, named."""
    found = list(
        Position.objects.filter(speaker__full_name=speaker, quote__startswith=quote_starts)[:2]
    )
    if len(found) != 1:
        raise ImproperlyConfigured(
            f"Starter promise {promise!r}: {len(found) or 'no'} position(s) of {speaker} "
            f"start with {quote_starts!r}; exactly one should."
        )
    return found[0]


def load_with_starter_data(**kwargs) -> str:
    return f"{starter_promises_load()} promises"
