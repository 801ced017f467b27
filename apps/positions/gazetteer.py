"""The gazetteer extraction reads: speakers, aliases and dated roles, and the events table,
from the database (kept fresh for workers) or from the starter data file."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.db.models import Count, Max

from apps.core.text import normalise_quote
from apps.extraction import Gazetteer, KnownRole, KnownSpeaker, usual_stance
from apps.extraction.events import KnownEvent
from apps.positions.models import Event, Position
from apps.positions.starter import STARTER_DATA, read_starter_data
from apps.speakers.models import Role, Speaker, SpeakerAlias

GAZETTEER_TTL = 60.0

_gazetteer: tuple[float, tuple, Gazetteer] | None = None


def cached_gazetteer() -> Gazetteer:
    """The database gazetteer, rebuilt as soon as a speaker, alias or role is added or
    removed (in any process), and at least once a minute for edits to existing ones."""
    global _gazetteer
    signature = _speakers_signature()
    if (
        _gazetteer is None
        or _gazetteer[1] != signature
        or time.monotonic() - _gazetteer[0] > GAZETTEER_TTL
    ):
        _gazetteer = (time.monotonic(), signature, gazetteer_from_database())
    return _gazetteer[2]


def _speakers_signature() -> tuple:
    return tuple(
        tuple(model.objects.aggregate(count=Count("pk"), last=Max("pk")).values())
        for model in (Speaker, SpeakerAlias, Role)
    )


def gazetteer_from_database() -> Gazetteer:
    """Every confirmed speaker with aliases, roles and usual stance, and the events table;
    it grows as editors add them."""
    speakers = Speaker.objects.confirmed().prefetch_related("aliases", "roles__organisation")
    stances: dict[int, Counter[str]] = defaultdict(Counter)
    for row in Position.objects.approved().values("speaker_id", "stance").annotate(n=Count("pk")):
        stances[row["speaker_id"]][row["stance"]] = row["n"]
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
                usual_stance=usual_stance(stances[speaker.pk]),
            )
            for speaker in speakers
        ],
        events=[
            KnownEvent(event.name, event.location, event.starts_on, event.ends_on)
            for event in Event.objects.exclude(location="")
        ],
    )


def gazetteer_from_starter_data(
    path: Path | None = None, *, scored_quotes: Iterable[str] = ()
) -> Gazetteer:
    """The same gazetteer built from the starter data file, for use without a database.
    `scored_quotes` are statements a benchmark is about to score: the starter positions
    that are the same statements do not count towards their speaker's usual stance, so no
    label being scored informs a prediction."""
    data = read_starter_data(path or STARTER_DATA)
    scored = [normalise_quote(quote) for quote in scored_quotes]
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

    stances: dict[str, Counter[str]] = defaultdict(Counter)
    for position in data["positions"]:
        if not any(_same_words(normalise_quote(position["quote"]), quote) for quote in scored):
            stances[position["speaker"]][position["stance"]] += 1

    return Gazetteer(
        [
            KnownSpeaker(
                name=item["full_name"],
                kind=item.get("kind", "person"),
                country=item.get("country", ""),
                aliases=tuple(item.get("aliases", [])),
                roles=tuple(role(r) for r in item.get("roles", [])),
                usual_stance=usual_stance(stances[item["full_name"]]),
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


def _same_words(one: str, other: str) -> bool:
    """Two renderings of one statement: the same opening, or one inside the other."""
    shorter, longer = sorted((one, other), key=len)
    return one[:50] == other[:50] or (len(shorter) >= 20 and shorter in longer)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
