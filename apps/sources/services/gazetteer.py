"""The gazetteer extraction reads: speakers, aliases and dated roles, from the database or file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from apps.extraction import Gazetteer, KnownRole, KnownSpeaker
from apps.extraction.events import KnownEvent


def gazetteer_from_database() -> Gazetteer:
    """Every confirmed speaker with aliases and roles, and the events table; it grows as
    editors add them."""
    from apps.positions.models import Event
    from apps.speakers.models import Speaker

    speakers = Speaker.objects.confirmed().prefetch_related("aliases", "roles__organisation")
    return Gazetteer(
        [
            KnownSpeaker(
                name=speaker.full_name,
                kind=speaker.kind,
                country=speaker.country,
                aliases=tuple(alias.name for alias in speaker.aliases.all()),
                roles=tuple(
                    KnownRole(
                        title=role.title,
                        organisation=role.organisation.short_name if role.organisation else "",
                        country=role.organisation.country if role.organisation else "",
                        started_on=role.started_on,
                        ended_on=role.ended_on,
                    )
                    for role in speaker.roles.all()
                ),
                key=speaker.pk,
            )
            for speaker in speakers
        ],
        events=[
            KnownEvent(event.name, event.location, event.starts_on, event.ends_on)
            for event in Event.objects.exclude(location="")
        ],
    )


def gazetteer_from_starter_data(path: Path | None = None) -> Gazetteer:
    """The same gazetteer built from the starter data file, for use without a database."""
    from apps.positions.starter import STARTER_DATA, read_starter_data

    data = read_starter_data(path or STARTER_DATA)
    organisations = {item["name"]: item for item in data["organisations"]}

    def role(item: dict) -> KnownRole:
        organisation = organisations.get(item.get("organisation") or "", {})
        return KnownRole(
            title=item["title"],
            organisation=organisation.get("short_name", ""),
            country=organisation.get("country", ""),
            started_on=_date(item.get("started_on")),
            ended_on=_date(item.get("ended_on")),
        )

    return Gazetteer(
        [
            KnownSpeaker(
                name=item["full_name"],
                kind=item.get("kind", "person"),
                country=item.get("country", ""),
                aliases=tuple(item.get("aliases", [])),
                roles=tuple(role(r) for r in item.get("roles", [])),
            )
            for item in data["speakers"]
        ],
        events=[
            KnownEvent(
                item["name"], item["location"], _date(item["starts_on"]), _date(item.get("ends_on"))
            )
            for item in data.get("events", [])
            if item.get("location")
        ],
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
