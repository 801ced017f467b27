"""The timeline's counts: for every filter value, how many positions match with the other
filters applied; computed in a few grouped queries and cached by data version."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from apps.core.countries import country_name
from apps.positions.models import (
    Citation,
    Position,
)
from apps.positions.stances import Stance
from apps.positions.timeline import (
    TimelineFilters,
    filtered_positions,
    slug_ids,
    speaker_and_stance_conditions,
)
from apps.positions.timeline_cache import FACETS_TTL, cache_key
from apps.speakers.models import Speaker


@dataclass
class FacetValue:
    value: str
    label: str
    count: int | None  # None: not counted yet
    selected: bool = False


def stance_choices(filters: TimelineFilters) -> list[FacetValue]:
    """Every stance to filter by, chosen or not, before anything is counted."""
    return [
        FacetValue(stance.value, stance.label, None, stance.value in filters.stances)
        for stance in Stance
    ]


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
    country and organisation counts (each a count under the other filters' conditions,
    the same conditions the timeline filters by); outlets and tags take one query each.
    """
    # Every other filter narrows the grouped rows; these four are counted by condition.
    base = replace(filters, speakers=(), organisation="", country="", stances=())
    conditions = speaker_and_stance_conditions(filters, slug_ids(filters))

    def counted_without(own: str) -> Count:
        """Positions kept by every condition but the facet's own ("" for the total)."""
        kept = Q()
        for name, condition in conditions.items():
            if name != own:
                kept &= condition
        # Counting a column of the facets index (never null), not the id: the index alone
        # then answers, without reading the table (an index-only scan, twice as fast).
        return Count("speaker_id", filter=kept) if kept else Count("speaker_id")

    groups = list(
        filtered_positions(base)
        .order_by()
        .values("speaker_id", "stance")
        .annotate(
            n=counted_without(""),
            n_stances=counted_without("stances"),
            n_speakers=counted_without("speakers"),
            n_country=counted_without("country"),
            n_organisation=counted_without("organisation"),
        )
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

    facets = Facets(total=sum(row["n"] for row in groups))
    stance_counts = Counter({row["stance"]: 0 for row in groups})
    for row in groups:
        stance_counts[row["stance"]] += row["n_stances"]
    facets.stances = [
        replace(choice, count=stance_counts.get(choice.value, 0))
        for choice in stance_choices(filters)
    ]
    speaker_counts: Counter[int] = Counter()
    country_counts: Counter[str] = Counter()
    organisation_counts: Counter[tuple[str, str]] = Counter()
    for row in groups:
        if row["n_speakers"]:
            speaker_counts[row["speaker_id"]] += row["n_speakers"]
        # A speaker merged away between the two queries has no row: counted under none.
        country = speakers.get(row["speaker_id"], {}).get("country")
        if row["n_country"] and country:
            country_counts[country] += row["n_country"]
        for membership in memberships[row["speaker_id"]] if row["n_organisation"] else ():
            organisation_counts[membership] += row["n_organisation"]
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
    outlet_rows, tag_rows = _link_counts(filters, outlet_limit)
    facets.outlets = [
        FacetValue(slug, name, n, slug == filters.outlet) for slug, name, n in outlet_rows
    ]
    if filters.outlet and not any(value.selected for value in facets.outlets):
        facets.outlets.insert(0, FacetValue(filters.outlet, filters.outlet, 0, True))
    facets.tags = [FacetValue(slug, name, n, slug == filters.tag) for slug, name, n in tag_rows]
    return facets


Counted = list[tuple[str, str, int]]  # (slug, name, positions), most first


def _link_counts(filters: TimelineFilters, outlet_limit: int) -> tuple[Counted, Counted]:
    """The outlets (the first `outlet_limit`) and the tags of the matching positions, each
    counted under every filter but its own."""
    if not settings.IS_POSTGRES:
        outlets = (
            Citation.objects.filter(
                position__in=filtered_positions(filters.without("outlet")), outlet__isnull=False
            )
            .values_list("outlet__slug", "outlet__name")
            .annotate(n=Count("position_id", distinct=True))
            .order_by("-n", "outlet__name")[:outlet_limit]
        )
        # A position has a tag once, so the rows of the through table need no DISTINCT.
        tags = (
            Position.tags.through.objects.filter(
                position__in=filtered_positions(filters.without("tag"))
            )
            .values_list("tag__slug", "tag__name")
            .annotate(n=Count("id"))
            .order_by("-n", "tag__name")
        )
        return list(outlets), list(tags)
    if not filters.outlet and not filters.tag:
        # Both counted over the same positions: one pass reads each one's two arrays.
        both = _count_links(filtered_positions(filters), ["outlet", "tag"])
        return both["outlet"][:outlet_limit], both["tag"]
    outlets = _count_links(filtered_positions(filters.without("outlet")), ["outlet"])
    tags = _count_links(filtered_positions(filters.without("tag")), ["tag"])
    return outlets["outlet"][:outlet_limit], tags["tag"]


# Each position's array of linked ids (migration 0013), and the table the ids name.
LINK_ARRAYS = {"outlet": ("outlet_ids", "sources_outlet"), "tag": ("tag_ids", "positions_tag")}


def _count_links(positions: QuerySet[Position], links: list[str]) -> dict[str, Counted]:
    """For each of `links` ("outlet", "tag"), the linked records of the matching
    positions with how many each links, most first: counted from each position's own
    arrays of ids (migration 0013), read with the filters from one index, instead of
    joining every citation or tag link. Two links are counted in one pass (grouping sets
    over the arrays unnested side by side: set-returning functions in one select list run
    in step, the shorter padded with nulls, which no join keeps)."""
    columns = [LINK_ARRAYS[link][0] for link in links]
    arrays = positions.order_by().annotate(
        **{
            f"{column}_": RawSQL(f'"positions_position"."{column}"', ())  # noqa: S611 - ours
            for column in columns
        }
    )
    found: dict[str, Counted] = {link: [] for link in links}
    try:
        inner, params = arrays.values_list(
            *(f"{column}_" for column in columns)
        ).query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an organisation of no one)
        return found
    unnested = ", ".join(f"unnest(matching.{column}) AS {column}" for column in columns)
    parts = " UNION ALL ".join(
        f"SELECT '{link}', named.slug, named.name, counted.n FROM counted "  # noqa: S608 - ours
        f'JOIN "{table}" AS named ON named.id = counted.{column}'
        for link, (column, table) in ((link, LINK_ARRAYS[link]) for link in links)
    )
    sql = f"""
        WITH counted AS (
            SELECT {", ".join(columns)}, count(*) AS n
            FROM (SELECT {unnested} FROM ({inner}) AS matching({", ".join(columns)})) AS links
            GROUP BY GROUPING SETS ({", ".join(f"({column})" for column in columns)})
        )
        {parts}
        ORDER BY 1, 4 DESC, 3, 2
    """  # noqa: S608 - our own column and table names; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for link, slug, name, n in cursor.fetchall():
            found[link].append((slug, name, n))
    return found


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
    key = cache_key("facets", filters)
    facets = cache.get(key)
    if facets is None and compute:
        facets = timeline_facets(filters)
        facets.cache_key = key
        cache.set(key, facets, FACETS_TTL)
    return facets
