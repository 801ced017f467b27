"""The timeline's filters, queries and counts, shared by the page, the exports and the feed.

Filters arrive as URL parameters with plain names (speaker, org, country, stance, from,
to, outlet, tag, q); `TimelineFilters` is their validated form, and every view composes
the same `filtered_positions()` so a shared link, a CSV export and an Atom feed of one
filter state always hold the same positions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.positions.models import Citation, Position, Tag
from apps.positions.stances import Stance
from apps.sources.models import Outlet
from apps.speakers.models import Role, Speaker

if TYPE_CHECKING:
    from collections.abc import Iterable

SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class TimelineFilters:
    speakers: tuple[str, ...] = ()
    organisation: str = ""
    country: str = ""
    stances: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str = ""
    tag: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == TimelineFilters()

    def without(self, name: str) -> TimelineFilters:
        """The same filters but one: for counting a facet's own values."""
        defaults = TimelineFilters()
        return TimelineFilters(**{**self.__dict__, name: getattr(defaults, name)})


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def filtered_positions(filters: TimelineFilters) -> QuerySet[Position]:
    """Approved positions matching every filter; the one definition of a filter state."""
    positions = Position.objects.approved()
    if filters.speakers:
        positions = positions.filter(speaker__slug__in=filters.speakers)
    if filters.organisation:
        members = Role.objects.filter(organisation__slug=filters.organisation).values("speaker_id")
        positions = positions.filter(
            Q(speaker__organisation__slug=filters.organisation) | Q(speaker_id__in=members)
        )
    if filters.country:
        positions = positions.filter(speaker__country=filters.country)
    if filters.stances:
        positions = positions.filter(stance__in=filters.stances)
    if filters.date_from:
        positions = positions.filter(said_on__gte=filters.date_from)
    if filters.date_to:
        positions = positions.filter(said_on__lte=filters.date_to)
    if filters.outlet:
        # The outlet's id, looked up first, lets PostgreSQL see how common it is.
        outlet_id = Outlet.objects.filter(slug=filters.outlet).values_list("id", flat=True).first()
        positions = positions.filter(
            id__in=Citation.objects.filter(outlet_id=outlet_id).values("position_id")
        )
    if filters.tag:
        positions = positions.filter(tags__slug=filters.tag)
    if filters.text:
        positions = _text_search(positions, filters.text)
    return positions


def _text_search(positions: QuerySet[Position], text: str) -> QuerySet[Position]:
    if settings.IS_POSTGRES:
        # Must match the expression of the GIN index in migration 0002 to use it.
        vector = SearchVector("quote", config=SEARCH_CONFIG)
        return positions.annotate(search=vector).filter(search=search_query(text))
    condition = Q()
    for word in search_words(text):
        condition &= Q(quote__icontains=word)
    return positions.filter(condition)


def search_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[\w'-]+", text) if len(word) > 1][:10]


def page_of(positions: QuerySet[Position], ids: list[int], *, text: str = "") -> list[Position]:
    """The positions with these ids, ready for display and in the given order.

    Pages are cut in two steps: the ids of one page in the timeline's order, from the
    indexes alone, then the display data of those rows only.
    """
    rows = {
        position.pk: position
        for position in for_display(Position.objects.filter(id__in=ids), text=text)
    }
    return [rows[pk] for pk in ids if pk in rows]


def for_display(positions: QuerySet[Position], *, text: str = "") -> QuerySet[Position]:
    """Everything a position card shows, in a fixed number of queries whatever the page size."""
    positions = positions.select_related(
        "speaker", "speaker__organisation", "event"
    ).prefetch_related(
        Prefetch("speaker__roles", queryset=Role.objects.select_related("organisation")),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("article__outlet").order_by(
                "article__first_seen_at", "id"
            ),
        ),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )
    if text and settings.IS_POSTGRES:
        positions = positions.annotate(
            highlighted=SearchHeadline(
                "quote",
                search_query(text),
                config=SEARCH_CONFIG,
                start_sel="<mark>",
                stop_sel="</mark>",
                highlight_all=True,
            )
        )
    return positions.newest_first()


def highlight(quote: str, text: str, highlighted: str | None = None) -> SafeString:
    """The quote, escaped, with the searched words marked.

    PostgreSQL's headline marks stemmed matches; it is re-escaped here except for our own
    <mark> tags, since quotes come from articles. Elsewhere the words are marked as typed.
    """
    if highlighted is not None:
        parts = re.split(r"(</?mark>)", highlighted)
        marked = "".join(part if part in {"<mark>", "</mark>"} else escape(part) for part in parts)
        return mark_safe(marked)  # noqa: S308 - escaped but for our own <mark> tags
    escaped = str(escape(quote))
    for word in search_words(text):
        escaped = re.sub(rf"(?i)\b({re.escape(str(escape(word)))})", r"<mark>\1</mark>", escaped)
    return mark_safe(escaped)  # noqa: S308 - built from escaped text and our own tags


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    total: int = 0
    stances: list[FacetValue] = field(default_factory=list)
    speakers: list[FacetValue] = field(default_factory=list)
    countries: list[FacetValue] = field(default_factory=list)
    organisations: list[FacetValue] = field(default_factory=list)
    outlets: list[FacetValue] = field(default_factory=list)
    tags: list[FacetValue] = field(default_factory=list)


def timeline_facets(
    filters: TimelineFilters, *, speaker_limit: int = 25, outlet_limit: int = 30
) -> Facets:
    """Counts for every filter value, each facet counted with the other filters applied.

    One grouped query by speaker and stance serves the total and the stance, speaker,
    country and organisation counts; outlets and tags take one query each.
    """
    base = TimelineFilters(
        date_from=filters.date_from,
        date_to=filters.date_to,
        outlet=filters.outlet,
        tag=filters.tag,
        text=filters.text,
    )
    groups = list(
        filtered_positions(base).order_by().values("speaker_id", "stance").annotate(n=Count("id"))
    )
    speaker_ids = {row["speaker_id"] for row in groups}
    speakers = {
        row["id"]: row
        for row in Speaker.objects.filter(
            Q(id__in=speaker_ids) | Q(slug__in=filters.speakers)
        ).values("id", "slug", "full_name", "country", "organisation__slug", "organisation__name")
    }
    memberships: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for speaker_id, slug, name in Role.objects.filter(
        speaker_id__in=speaker_ids, organisation__isnull=False
    ).values_list("speaker_id", "organisation__slug", "organisation__name"):
        memberships[speaker_id].add((slug, name))
    for speaker in speakers.values():
        if speaker["organisation__slug"]:
            memberships[speaker["id"]].add(
                (speaker["organisation__slug"], speaker["organisation__name"])
            )

    def passes(row: dict, *, skip: str = "") -> bool:
        speaker = speakers.get(row["speaker_id"])
        if speaker is None:
            return False
        if skip != "speakers" and filters.speakers and speaker["slug"] not in filters.speakers:
            return False
        if skip != "stances" and filters.stances and row["stance"] not in filters.stances:
            return False
        if skip != "country" and filters.country and speaker["country"] != filters.country:
            return False
        if skip == "organisation" or not filters.organisation:
            return True
        return filters.organisation in {slug for slug, _ in memberships[row["speaker_id"]]}

    facets = Facets(total=sum(row["n"] for row in groups if passes(row)))
    stance_counts = Counter({row["stance"]: 0 for row in groups})
    for row in groups:
        if passes(row, skip="stances"):
            stance_counts[row["stance"]] += row["n"]
    facets.stances = [
        FacetValue(
            stance.value,
            stance.label,
            stance_counts.get(stance.value, 0),
            stance.value in filters.stances,
        )
        for stance in Stance
    ]
    speaker_counts: Counter[int] = Counter()
    country_counts: Counter[str] = Counter()
    organisation_counts: Counter[tuple[str, str]] = Counter()
    for row in groups:
        if passes(row, skip="speakers"):
            speaker_counts[row["speaker_id"]] += row["n"]
        if passes(row, skip="country") and speakers.get(row["speaker_id"], {}).get("country"):
            country_counts[speakers[row["speaker_id"]]["country"]] += row["n"]
        if passes(row, skip="organisation"):
            for membership in memberships[row["speaker_id"]]:
                organisation_counts[membership] += row["n"]
    top = [speaker_id for speaker_id, _ in speaker_counts.most_common(speaker_limit)]
    selected = [
        sid for sid, s in speakers.items() if s["slug"] in filters.speakers and sid not in top
    ]
    facets.speakers = sorted(
        (
            FacetValue(
                speakers[sid]["slug"],
                speakers[sid]["full_name"],
                speaker_counts.get(sid, 0),
                speakers[sid]["slug"] in filters.speakers,
            )
            for sid in top + selected
        ),
        key=lambda value: (not value.selected, -value.count, value.label),
    )
    facets.countries = sorted(
        (FacetValue(code, code, n, code == filters.country) for code, n in country_counts.items()),
        key=lambda value: (-value.count, value.value),
    )
    facets.organisations = sorted(
        (
            FacetValue(slug, name, n, slug == filters.organisation)
            for (slug, name), n in organisation_counts.items()
        ),
        key=lambda value: (-value.count, value.label),
    )
    facets.outlets = _outlet_facet(filters, outlet_limit)
    facets.tags = _tag_facet(filters)
    return facets


def _outlet_facet(filters: TimelineFilters, limit: int) -> list[FacetValue]:
    positions = filtered_positions(filters.without("outlet"))
    rows = (
        Citation.objects.filter(position__in=positions, outlet__isnull=False)
        .values("outlet__slug", "outlet__name")
        .annotate(n=Count("position_id", distinct=True))
        .order_by("-n", "outlet__name")[:limit]
    )
    values = [
        FacetValue(
            row["outlet__slug"],
            row["outlet__name"],
            row["n"],
            row["outlet__slug"] == filters.outlet,
        )
        for row in rows
    ]
    if filters.outlet and not any(value.selected for value in values):
        values.insert(0, FacetValue(filters.outlet, filters.outlet, 0, True))
    return values


def _tag_facet(filters: TimelineFilters) -> list[FacetValue]:
    positions = filtered_positions(filters.without("tag"))
    rows = (
        Tag.objects.filter(positions__in=positions)
        .values("slug", "name")
        .annotate(n=Count("positions", distinct=True))
        .order_by("-n", "name")
    )
    return [
        FacetValue(row["slug"], row["name"], row["n"], row["slug"] == filters.tag) for row in rows
    ]


@dataclass
class MonthGroup:
    label: str
    positions: list[Position]


def group_by_month(positions: Iterable[Position]) -> list[MonthGroup]:
    """Consecutive positions of one month under one heading; undated ones under their own."""
    groups: list[MonthGroup] = []
    for position in positions:
        if position.said_on is None:
            label = "Date unknown"
        elif position.said_precision == "year":
            label = str(position.said_on.year)
        else:
            label = position.said_on.strftime("%B %Y")
        if not groups or groups[-1].label != label:
            groups.append(MonthGroup(label, []))
        groups[-1].positions.append(position)
    return groups


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


# Facet counts change only when positions, citations or names change: they are cached
# under a version number that every such change bumps (see signals.py).
FACETS_TTL = 600
VERSION_KEY = "timeline-version"


def data_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_data_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, None)


def _cache_key(filters: TimelineFilters) -> str:
    digest = hashlib.sha1(
        repr(sorted(filters.__dict__.items())).encode(), usedforsecurity=False
    ).hexdigest()
    return f"facets:{data_version()}:{digest}"


def cached_facets(filters: TimelineFilters, *, compute: bool = True) -> Facets | None:
    """The facets of a filter from the cache; computed and kept when asked to."""
    key = _cache_key(filters)
    facets = cache.get(key)
    if facets is None and compute:
        facets = timeline_facets(filters)
        cache.set(key, facets, FACETS_TTL)
    return facets
