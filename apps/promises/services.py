"""What changes a promise: a status change (its status follows the latest), the speaker
merge, and the reading of a promise's story for its page, feed and the digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet

from apps.positions.models import Position
from apps.promises.models import Promise, PromiseLink, StatusChange
from apps.speakers.models import Speaker


@transaction.atomic
def record_status_change(
    promise: Promise,
    *,
    status: str,
    on: dt.date,
    note: str,
    evidence: str = "",
    by: object | None = None,
) -> StatusChange:
    """A new dated status with its note and evidence; the promise's status follows the
    latest of its changes. Invalid input (an unknown status, a non-web evidence link, no
    note) raises ValidationError and records nothing."""
    change = StatusChange(
        promise=promise, status=status, changed_on=on, note=note, evidence=evidence, set_by=by
    )
    change.full_clean()
    change.save()
    refresh_status(promise)
    return change


def refresh_status(promise: Promise) -> None:
    """The promise's status and its date from its latest change (in progress without one)."""
    latest = promise.status_changes.order_by("-changed_on", "-id").first()
    status = latest.status if latest else Promise.Status.IN_PROGRESS
    since = latest.changed_on if latest else None
    if (promise.status, promise.status_since) == (status, since):
        return  # no history entry for a status that did not change
    promise.status, promise.status_since = status, since
    promise.save(update_fields=["status", "status_since", "updated_at"])


def promises_move_to_speaker(keep: Speaker, duplicate: Speaker) -> dict[str, int]:
    """The step a speaker merge asks of promises: the duplicate's promises become the kept
    speaker's."""
    return {"promises": Promise.objects.filter(made_by=duplicate).update(made_by=keep)}


@dataclass(frozen=True)
class LinkedStatement:
    relation: str
    note: str
    position_id: int


def promise_story(promise: Promise) -> list[LinkedStatement]:
    """The promise's approved statements in the order they were made (undated ones last),
    each with what it does to the promise."""
    links = promise.links.filter(position__status=Position.Status.APPROVED).order_by(
        F("position__dated_on").asc(nulls_last=True), "position_id"
    )
    return [
        LinkedStatement(link.get_relation_display(), link.note, link.position_id) for link in links
    ]


def promises_for_index() -> QuerySet[Promise]:
    return Promise.objects.select_related("made_by").prefetch_related(
        Prefetch(
            "links",
            queryset=PromiseLink.objects.filter(position__status=Position.Status.APPROVED),
            to_attr="public_links",
        )
    )


def status_changes_between(start: dt.datetime, end: dt.datetime) -> QuerySet[StatusChange]:
    """Status changes recorded in [start, end), for the weekly digest; imported history
    (the starter data's) is not news."""
    return (
        StatusChange.objects.filter(created_at__gte=start, created_at__lt=end, imported=False)
        .select_related("promise__made_by")
        .prefetch_related("promise__tags")
        .order_by("created_at", "id")
    )
