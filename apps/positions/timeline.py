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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.countries import country_name
from apps.positions.models import (
    SEARCH_CONFIG,
    Citation,
    Position,
    Tag,
    search_query,
    search_words,
)
from apps.positions.stances import Stance
from apps.sources.models import Outlet, outlet_rating
from apps.speakers.models import Role, Speaker

if TYPE_CHECKING:
    pass


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
    # Filtering on ids rather than joined slugs lets PostgreSQL see how common each value
    # is: a rare speaker is then read by its index, not found by walking the timeline.
    if filters.speakers:
        positions = positions.by_speakers(ids.speakers)
    if filters.organisation:
        positions = positions.by_speakers(ids.organisation_speakers)
    if filters.country:
        positions = positions.in_country(filters.country)
    if filters.stances:
        positions = positions.with_stances(filters.stances)
    if filters.kind:
        positions = positions.of_kind(filters.kind)
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


# What a card never shows: the search vector (slow to read back), the context paragraph
# and extraction's reasons.
CARD_DEFERRED_FIELDS = ("search_vector", "context", "extraction_rules", "stance_cues", "kind_cues")


@dataclass(frozen=True)
class CardCitation:
    """What a card shows of one report: where it is and who published it."""

    url: str
    outlet: str
    rating: str


@dataclass(frozen=True)
class CardTag:
    slug: str
    name: str


def page_of(ids: list[int], *, text: str = "") -> list[Position]:
    """The positions with these ids, ready for a card and in the given order.

    Pages are cut in two steps: the ids of one page in the timeline's order, from the
    indexes alone, then the display data of those rows only, in four queries. Citations
    and tags come as plain values (`card_citations`, `card_tags`) holding only what a
    card shows: a card is built on every uncached page, and a model instance and a
    related manager per row cost more than the queries.
    """
    if not ids:
        return []
    positions = (
        Position.objects.filter(id__in=ids)
        .select_related("speaker")
        .defer(*CARD_DEFERRED_FIELDS)
        .prefetch_related(
            Prefetch("speaker__roles", queryset=Role.objects.select_related("organisation"))
        )
    )
    if text:
        positions = with_highlights(positions, text)
    rows = {position.pk: position for position in positions}
    citations = defaultdict(list)
    for position_id, url, outlet, kind, state_controlled in (
        Citation.objects.filter(position_id__in=ids)
        .order_by(*CITATION_ORDER)
        .values_list(
            "position_id",
            "article__url",
            "article__outlet__name",
            "article__outlet__kind",
            "article__outlet__state_controlled",
        )
    ):
        rating = outlet_rating(kind, state_controlled) if outlet else ""
        citations[position_id].append(CardCitation(url, outlet or "", rating))
    tags = defaultdict(list)
    for position_id, slug, name in (
        Position.tags.through.objects.filter(position_id__in=ids)
        .order_by("tag__name")
        .values_list("position_id", "tag__slug", "tag__name")
    ):
        tags[position_id].append(CardTag(slug, name))
    for pk, position in rows.items():
        position.card_citations = citations[pk]
        position.card_tags = tags[pk]
    return [rows[pk] for pk in ids if pk in rows]


# Earliest report first; undated reports after dated ones.
CITATION_ORDER = (F("article__published_on").asc(nulls_last=True), "article__first_seen_at", "id")


def with_highlights(positions: QuerySet[Position], text: str) -> QuerySet[Position]:
    """On PostgreSQL, each quote with the searched words marked (`highlighted`)."""
    if not settings.IS_POSTGRES:
        return positions
    return positions.annotate(
        highlighted=SearchHeadline(
            "quote",
            search_query(text),
            config=SEARCH_CONFIG,
            start_sel="<mark>",
            stop_sel="</mark>",
            highlight_all=True,
        )
    )


def for_display(
    positions: QuerySet[Position], *, text: str = "", with_article_text: bool = False
) -> QuerySet[Position]:
    """Everything a position card shows, in a fixed number of queries whatever the page size.

    Articles' texts, needed only to show a quote in context, stay in the database unless
    asked for; stored pages always do. The order is the caller's.
    """
    heavy_fields = ["article__raw_compressed", "article__error"]
    if not with_article_text:
        heavy_fields.append("article__text")
    positions = positions.select_related(
        "speaker", "speaker__organisation", "event"
    ).prefetch_related(
        Prefetch("speaker__roles", queryset=Role.objects.select_related("organisation")),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("article__outlet")
            .defer(*heavy_fields)
            .order_by(*CITATION_ORDER),
        ),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )
    if text:
        positions = with_highlights(positions, text)
    return positions


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
    cache_key: str = ""  # also keys their rendered HTML
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
        source=filters.source,
        kind=filters.kind,
        tag=filters.tag,
        text=filters.text,
    )
    groups = list(
        filtered_positions(base).order_by().values("speaker_id", "stance").annotate(n=Count("id"))
    )
    speaker_ids = {row["speaker_id"] for row in groups}
    # Speakers with their organisations, their own and their roles', in one query: a row
    # per role.
    speakers: dict[int, dict] = {}
    memberships: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for row in Speaker.objects.filter(Q(id__in=speaker_ids) | Q(slug__in=filters.speakers)).values(
        "id",
        "slug",
        "full_name",
        "country",
        "organisation__slug",
        "organisation__name",
        "roles__organisation__slug",
        "roles__organisation__name",
    ):
        speakers[row["id"]] = row
        for prefix in ("organisation__", "roles__organisation__"):
            if row[f"{prefix}slug"]:
                memberships[row["id"]].add((row[f"{prefix}slug"], row[f"{prefix}name"]))

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
        (
            FacetValue(code, country_name(code), n, code == filters.country)
            for code, n in country_counts.items()
        ),
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
    if settings.IS_POSTGRES:
        rows = _count_links(positions, "outlet", limit)
    else:
        rows = (
            Citation.objects.filter(position__in=positions, outlet__isnull=False)
            .values_list("outlet__slug", "outlet__name")
            .annotate(n=Count("position_id", distinct=True))
            .order_by("-n", "outlet__name")[:limit]
        )
    values = [FacetValue(slug, name, n, slug == filters.outlet) for slug, name, n in rows]
    if filters.outlet and not any(value.selected for value in values):
        values.insert(0, FacetValue(filters.outlet, filters.outlet, 0, True))
    return values


def _tag_facet(filters: TimelineFilters) -> list[FacetValue]:
    positions = filtered_positions(filters.without("tag"))
    if settings.IS_POSTGRES:
        rows = _count_links(positions, "tag")
    else:
        # A position has a tag once, so the rows of the through table need no DISTINCT.
        rows = (
            Position.tags.through.objects.filter(position__in=positions)
            .values_list("tag__slug", "tag__name")
            .annotate(n=Count("id"))
            .order_by("-n", "tag__name")
        )
    return [FacetValue(slug, name, n, slug == filters.tag) for slug, name, n in rows]


# Each position's array of linked ids (migration 0013), and the table the ids name.
LINK_ARRAYS = {"outlet": ("outlet_ids", "sources_outlet"), "tag": ("tag_ids", "positions_tag")}


def _count_links(
    positions: QuerySet[Position], link: str, limit: int | None = None
) -> list[tuple[str, str, int]]:
    """(slug, name, positions) for each outlet or tag of the matching positions, most
    first: counted from each position's own array of ids (migration 0013), read with the
    filters from one index, instead of joining every citation or tag link."""
    column, table = LINK_ARRAYS[link]
    column_sql = f'"positions_position"."{column}"'
    arrays = positions.order_by().annotate(ids=RawSQL(column_sql, ()))  # noqa: S611 - ours
    try:
        inner, params = arrays.values_list("ids").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an organisation of no one)
        return []
    sql = f"""
        SELECT named.slug, named.name, counted.n
        FROM (
            SELECT linked_id, count(*) AS n
            FROM (SELECT unnest(matching.ids) AS linked_id FROM ({inner}) AS matching(ids)) AS links
            GROUP BY linked_id
        ) AS counted
        JOIN "{table}" AS named ON named.id = counted.linked_id
        ORDER BY counted.n DESC, named.name
    """  # noqa: S608 - our own column and table names; values are parameters
    if limit is not None:
        sql += " LIMIT %s"
        params = (*params, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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


def _cache_key(kind: str, filters: TimelineFilters) -> str:
    digest = hashlib.sha1(
        repr(sorted(filters.__dict__.items())).encode(), usedforsecurity=False
    ).hexdigest()
    return f"{kind}:{data_version()}:{digest}"


def warm_counts() -> int:
    """Count the landing views ahead of visitors: the whole timeline and each stance alone.
    Returns how many were not in the cache for the current data version."""
    landing = [TimelineFilters()] + [TimelineFilters(stances=(stance.value,)) for stance in Stance]
    missing = [filters for filters in landing if cached_facets(filters, compute=False) is None]
    for filters in missing:
        cached_facets(filters)
    return len(missing)


def cached_facets(filters: TimelineFilters, *, compute: bool = True) -> Facets | None:
    """The facets of a filter from the cache; computed and kept when asked to."""
    key = _cache_key("facets", filters)
    facets = cache.get(key)
    if facets is None and compute:
        facets = timeline_facets(filters)
        facets.cache_key = key
        cache.set(key, facets, FACETS_TTL)
    return facets
