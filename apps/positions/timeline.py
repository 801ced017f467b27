"""Which positions a filter matches, shared by the page, the exports and the feed.

Filters arrive as URL parameters with plain names (speaker, org, country, stance, from,
to, outlet, tag, q); `TimelineFilters` is their validated form, and every view composes
the same `filtered_positions()` so a shared link, a CSV export and an Atom feed of one
filter state always hold the same positions. Slugs are turned into ids here, cached by
data version. What a card shows is read by card_data.py, the counts by facets.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet, Value

from apps.positions.models import (
    Position,
    PositionQuerySet,
    Tag,
)
from apps.positions.timeline_cache import FACETS_TTL, data_version
from apps.sources.models import Outlet
from apps.speakers.models import Speaker


@dataclass(frozen=True)
class TimelineFilters:
    speakers: tuple[str, ...] = ()
    organisation: str = ""
    country: str = ""
    stances: tuple[str, ...] = ()
    # The kind of commitment (CommitmentKind): promise, demand, assessment...
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str = ""
    # The kind of outlet that reported it (Outlet.Kind), or INDEPENDENT_SOURCE.
    source: str = ""
    tag: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == TimelineFilters()

    def without(self, name: str) -> TimelineFilters:
        """The same filters but one: for counting a facet's own values."""
        defaults = TimelineFilters()
        return TimelineFilters(**{**self.__dict__, name: getattr(defaults, name)})


def filtered_positions(filters: TimelineFilters) -> QuerySet[Position]:
    """Approved positions matching every filter: the filter state composed of the one
    definition of each filter (PositionQuerySet)."""
    positions = Position.objects.approved()
    ids = slug_ids(filters)
    for condition in speaker_and_stance_conditions(filters, ids).values():
        positions = positions.filter(condition)
    if filters.kind:
        positions = positions.of_kinds([filters.kind])
    positions = positions.dated_between(filters.date_from, filters.date_to)
    if filters.outlet:
        positions = positions.reported_by(ids.outlet)
    if filters.source:
        positions = positions.reported_by_kind(filters.source)
    if filters.tag:
        positions = positions.tagged(ids.tag)
    if filters.text:
        positions = positions.search(filters.text)
    return positions


def speaker_and_stance_conditions(filters: TimelineFilters, ids: SlugIds) -> dict[str, Q]:
    """The speakers, organisation, country and stances filters as conditions, by name:
    the timeline filters by all of them, each count beside a value by all but its own."""
    conditions = {}
    # Filtering on ids rather than joined slugs lets PostgreSQL see how common each value
    # is: a rare speaker is then read by its index, not found by walking the timeline.
    if filters.speakers:
        conditions["speakers"] = PositionQuerySet.speakers_condition(ids.speakers)
    if filters.organisation:
        conditions["organisation"] = PositionQuerySet.speakers_condition(ids.organisation_speakers)
    if filters.country:
        conditions["country"] = PositionQuerySet.country_condition(filters.country)
    if filters.stances:
        conditions["stances"] = PositionQuerySet.stances_condition(filters.stances)
    return conditions


def refresh_planner_statistics() -> bool:
    """On PostgreSQL, take the positions table's statistics afresh; True when taken.

    Its own auto-analyze waits for a tenth of the table to change, so at a million
    positions a tag, outlet or speaker that editors start using stays unknown to the
    planner for months and is taken for common: its newest-first page then walks the
    whole timeline (1.6 s for such a tag in the benchmark, 0.07 ms with statistics)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE positions_position")
    return True


@dataclass(frozen=True)
class SlugIds:
    speakers: list[int]
    organisation_speakers: list[int]
    outlet: list[int]
    tag: list[int]
    # The speakers, outlet and tag no record is known by, as (kind, slug).
    unknown: tuple[tuple[str, str], ...] = ()


def known_filters(filters: TimelineFilters) -> tuple[TimelineFilters, list[tuple[str, str]]]:
    """The filters without a speaker, outlet or tag that nothing is known by, and those
    left out, as (kind, slug): the one rule for such a value on every view (results
    without it, and a message naming it), rather than no results at all."""
    unknown = list(slug_ids(filters).unknown)
    if not unknown:
        return filters, []
    dropped = set(unknown)
    return (
        replace(
            filters,
            speakers=tuple(s for s in filters.speakers if ("speaker", s) not in dropped),
            outlet="" if ("outlet", filters.outlet) in dropped else filters.outlet,
            tag="" if ("tag", filters.tag) in dropped else filters.tag,
        ),
        unknown,
    )


def slug_ids(filters: TimelineFilters) -> SlugIds:
    """The ids behind the filter's slugs, from the cache or else in one query."""
    wanted = [("speaker", slug) for slug in filters.speakers]
    wanted += [
        (kind, slug)
        for kind, slug in (
            ("org", filters.organisation),
            ("outlet", filters.outlet),
            ("tag", filters.tag),
        )
        if slug
    ]
    version = data_version()
    keys = {item: f"slug:{version}:{item[0]}:{item[1]}" for item in wanted}
    cached = cache.get_many(keys.values())
    found = {item: cached[key] for item, key in keys.items() if key in cached}
    missing = [item for item in wanted if item not in found]
    if missing:
        fetched = _fetch_slug_ids(missing)
        cache.set_many({keys[item]: fetched[item] for item in missing}, FACETS_TTL)
        found |= fetched
    return SlugIds(
        speakers=sorted({pk for slug in filters.speakers for pk in found[("speaker", slug)]}),
        organisation_speakers=found.get(("org", filters.organisation), []),
        outlet=found.get(("outlet", filters.outlet), []),
        tag=found.get(("tag", filters.tag), []),
        unknown=tuple(item for item in wanted if item[0] != "org" and not found[item]),
    )


def _fetch_slug_ids(items: list[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
    def slugs(kind: str) -> list[str]:
        return [slug for item_kind, slug in items if item_kind == kind]

    parts = []
    if slugs("speaker"):
        parts.append(
            Speaker.objects.filter(slug__in=slugs("speaker")).values_list(
                Value("speaker"), "slug", "id"
            )
        )
    for slug in slugs("org"):
        # Members now, or at any time through a role.
        members = Speaker.objects.filter(
            Q(organisation__slug=slug) | Q(roles__organisation__slug=slug)
        )
        parts.append(members.values_list(Value("org"), Value(slug), "id"))
    if slugs("outlet"):
        outlets = Outlet.objects.filter(slug__in=slugs("outlet"))
        parts.append(outlets.values_list(Value("outlet"), "slug", "id"))
    if slugs("tag"):
        parts.append(
            Tag.objects.filter(slug__in=slugs("tag")).values_list(Value("tag"), "slug", "id")
        )
    found: dict[tuple[str, str], list[int]] = {item: [] for item in items}
    # A compound query takes no ORDER BY, neither in its parts nor from a model's default.
    parts = [part.order_by() for part in parts]
    for kind, slug, pk in parts[0].union(*parts[1:], all=True).order_by():
        if pk not in found[(kind, slug)]:
            found[(kind, slug)].append(pk)
    return found


def speaker_slugs_matching(text: str, *, limit: int = 5) -> list[str]:
    """Slugs of confirmed speakers whose name or alias contains `text`."""
    if len(text) < 2:
        return []
    return list(
        Speaker.objects.confirmed()
        .filter(Q(full_name__icontains=text) | Q(aliases__name__icontains=text))
        .order_by("full_name")
        .values_list("slug", flat=True)
        .distinct()[:limit]
    )
