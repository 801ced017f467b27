"""What a digest holds: the positions approved in a week (imported starter data is not
news), which of them depart from the speaker's last stance, the promises whose status
changed that week, and which of these each subscriber asked for."""

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
from apps.promises.models import StatusChange
from apps.promises.services import status_changes_between

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
    status_changes: list[StatusChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.positions or self.status_changes)


@dataclass(frozen=True)
class Selected:
    """What one digest holds: positions, and status changes of promises."""

    positions: list[Position]
    changes: list[StatusChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.positions or self.changes)

    @property
    def key(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Digests holding the same items are rendered once."""
        return tuple(p.pk for p in self.positions), tuple(c.pk for c in self.changes)


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
    content = WeekContent(week, positions, status_changes=list(status_changes_between(start, end)))
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


def matching(content: WeekContent, subscription: Subscription) -> Selected:
    """The week's positions this subscriber asked for (no filter: all of them), and the
    status changes of promises made by a speaker they follow or tagged as they chose
    (all of them when they chose no speaker and no tag: stances and kinds do not apply)."""
    speakers = {speaker.pk for speaker in subscription.speakers.all()}
    tags = {tag.pk for tag in subscription.tags.all()}
    stances = set(subscription.stances)
    kinds = set(subscription.kinds)
    positions = [
        position
        for position in content.positions
        if (not speakers or position.speaker_id in speakers)
        and (not stances or position.stance in stances)
        and (not kinds or position.kind in kinds)
        and (not tags or tags & {tag.pk for tag in position.tags.all()})
    ]
    changes = [
        change
        for change in content.status_changes
        if (not speakers and not tags)
        or change.promise.made_by_id in speakers
        or tags & {tag.pk for tag in change.promise.tags.all()}
    ]
    return Selected(positions, changes)


def chosen(content: WeekContent, subscription: Subscription | None) -> Selected:
    if subscription:
        return matching(content, subscription)
    return Selected(content.positions, content.status_changes)
