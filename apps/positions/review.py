"""The editors' review queue: machine-extracted candidates waiting for a decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from apps.positions.models import Citation, Position, Tag
from apps.sources.models import Outlet

# Extraction confidence bands an editor can filter by: (lowest, below).
CONFIDENCE_BANDS = {
    "low": ("Low (under 0.5)", 0.0, 0.5),
    "medium": ("Medium (0.5 to 0.8)", 0.5, 0.8),
    "high": ("High (0.8 and over)", 0.8, 1.01),
}


@dataclass(frozen=True)
class ReviewFilters:
    outlet: str = ""
    confidence: str = ""
    stance: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def review_queue(filters: ReviewFilters) -> QuerySet[Position]:
    """Pending candidates, newest first, with what a review card shows."""
    candidates = (
        Position.objects.filter(status=Position.Status.PENDING)
        .select_related("speaker")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("article__outlet")
                .defer("article__raw_compressed")
                .order_by("article__first_seen_at", "id"),
            ),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
        )
        .order_by("-created_at", "-id")
    )
    # The timeline's own definitions of each filter (PositionQuerySet), plus confidence.
    if filters.outlet:
        outlet_ids = list(Outlet.objects.filter(slug=filters.outlet).values_list("id", flat=True))
        candidates = candidates.reported_by(outlet_ids)
    if filters.confidence in CONFIDENCE_BANDS:
        _, lowest, below = CONFIDENCE_BANDS[filters.confidence]
        candidates = candidates.filter(confidence__gte=lowest, confidence__lt=below)
    if filters.stance:
        candidates = candidates.with_stances([filters.stance])
    return candidates.dated_between(filters.date_from, filters.date_to)
