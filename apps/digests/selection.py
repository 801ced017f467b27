"""What a digest holds: the positions approved in a week (imported starter data is not
news), which of them depart from the speaker's last stance, and which each subscriber
asked for."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from apps.digests.models import Subscription
from apps.digests.weeks import week_bounds
from apps.positions.models import Citation, Position
from apps.positions.stances import Stance
from apps.positions.starter import STARTER_METHOD

if TYPE_CHECKING:
    from apps.digests.rendering import Sections


@dataclass
class Shift:
    """A speaker saying something other than they said before."""

    before: str
    before_on: dt.date | None


@dataclass
class WeekContent:
    week: str
    positions: list[Position]
    shifts: dict[int, Shift] = field(default_factory=dict)  # by position id
    items: dict[int, Sections] = field(default_factory=dict)  # each position, rendered


def week_content(week: str) -> WeekContent:
    """Positions approved in `week`, and which of them depart from the speaker's last stance.
    Starter data loaded that week is not news: it was imported, not approved then."""
    start, end = week_bounds(week)
    positions = list(
        Position.objects.approved()
        .filter(reviewed_at__gte=start, reviewed_at__lt=end)
        .exclude(method=STARTER_METHOD)
        .select_related("speaker")
        .prefetch_related(
            "tags",
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("article__outlet")
                .only("position_id", "article__url", "article__outlet__name")
                .order_by("article__first_seen_at", "id"),
            ),
        )
        .order_by("stance", "speaker__full_name", "said_on")
    )
    content = WeekContent(week, positions)
    if not positions:
        return content
    earlier = defaultdict(list)
    for speaker_id, stance, said_on, pk in (
        Position.objects.approved()
        .filter(speaker_id__in={p.speaker_id for p in positions})
        .exclude(said_on=None)
        .order_by("said_on", "pk")
        .values_list("speaker_id", "stance", "said_on", "pk")
    ):
        earlier[speaker_id].append((said_on, pk, stance))
    for position in positions:
        before = [
            (said_on, stance)
            for said_on, pk, stance in earlier[position.speaker_id]
            if pk != position.pk and position.said_on and said_on < position.said_on
        ]
        if before and before[-1][1] != position.stance:
            content.shifts[position.pk] = Shift(Stance(before[-1][1]).label, before[-1][0])
    return content


def matching(content: WeekContent, subscription: Subscription) -> list[Position]:
    """The week's positions this subscriber asked for (no filter: all of them)."""
    speakers = {speaker.pk for speaker in subscription.speakers.all()}
    tags = {tag.pk for tag in subscription.tags.all()}
    stances = set(subscription.stances)
    return [
        position
        for position in content.positions
        if (not speakers or position.speaker_id in speakers)
        and (not stances or position.stance in stances)
        and (not tags or tags & {tag.pk for tag in position.tags.all()})
    ]


def chosen(content: WeekContent, subscription: Subscription | None) -> list[Position]:
    return matching(content, subscription) if subscription else content.positions
