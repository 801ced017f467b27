"""What a position card shows, read in a fixed number of queries: a page of positions by
id with their citations and tags as small values, the quote with the searched words
marked, and everything the position page and exports need (for_display)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline
from django.db.models import F, Prefetch, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.positions.models import (
    SEARCH_CONFIG,
    Citation,
    Position,
    Tag,
    search_query,
    search_words,
)
from apps.sources.models import outlet_rating
from apps.speakers.models import Role

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
