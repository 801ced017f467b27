"""What a digest holds: the positions approved in a week (imported starter data is not
news), which of them depart from the speaker's last stance, the promises whose status
changed that week, and which of these each subscriber asked for."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Prefetch, Value

from apps.digests.models import Subscription
from apps.digests.weeks import week_bounds
from apps.positions.models import Citation, Position, PositionQuerySet
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


def week_positions(week: str) -> PositionQuerySet:
    """The positions approved in `week`; starter data loaded that week is not news: it was
    imported, not approved then."""
    start, end = week_bounds(week)
    return (
        Position.objects.approved()
        .filter(reviewed_at__gte=start, reviewed_at__lt=end)
        .exclude(method=STARTER_METHOD)
    )


def week_content(week: str) -> WeekContent:
    """Positions approved in `week` (week_positions), and which of them depart from the
    speaker's last stance."""
    positions = list(
        week_positions(week)
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
    changes = list(status_changes_between(*week_bounds(week)))
    content = WeekContent(week, positions, status_changes=changes)
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


# Subscribers with the same choices share one subquery; this many subqueries make one
# query (SQLite takes at most 500 parts in a compound query).
SUBQUERIES_PER_QUERY = 200


class Choices(NamedTuple):
    """What a subscriber chose to follow, by id and value, sorted: subscribers with the
    same choices share their digest's query. None at all: everything."""

    speakers: tuple[int, ...]
    stances: tuple[str, ...]
    kinds: tuple[str, ...]
    tags: tuple[int, ...]

    @classmethod
    def of(cls, subscription: Subscription) -> Choices:
        return cls(
            tuple(sorted(speaker.pk for speaker in subscription.speakers.all())),
            tuple(sorted(subscription.stances)),
            tuple(sorted(subscription.kinds)),
            tuple(sorted(tag.pk for tag in subscription.tags.all())),
        )


def chosen_positions(choices: Choices, positions: PositionQuerySet) -> PositionQuerySet:
    """The positions among `positions` a subscriber's choices keep: each choice is the
    timeline's own filter (PositionQuerySet), so a digest and the timeline agree."""
    if choices.speakers:
        positions = positions.by_speakers(list(choices.speakers))
    if choices.stances:
        positions = positions.with_stances(choices.stances)
    if choices.kinds:
        positions = positions.of_kinds(choices.kinds)
    if choices.tags:
        positions = positions.tagged(list(choices.tags))
    return positions


def matching_each(content: WeekContent, subscriptions: list[Subscription]) -> dict[int, Selected]:
    """What each subscriber asked for from the week (by subscription id): the positions
    their choices keep (no choice: all of them), found for a whole batch in one query
    per few hundred distinct choices, and the status changes of promises made by a speaker
    they follow or tagged as they chose (all of them when they chose no speaker and no
    tag: stances and kinds do not apply)."""
    by_choices: dict[Choices, list[Subscription]] = defaultdict(list)
    for subscription in subscriptions:
        by_choices[Choices.of(subscription)].append(subscription)
    kept = _kept_by_choices(content, [choices for choices in by_choices if any(choices)])
    selected = {}
    for choices, members in by_choices.items():
        positions = [
            position
            for position in content.positions
            if not any(choices) or position.pk in kept[choices]
        ]
        speakers, tags = set(choices.speakers), set(choices.tags)
        changes = [
            change
            for change in content.status_changes
            if (not speakers and not tags)
            or change.promise.made_by_id in speakers
            or tags & {tag.pk for tag in change.promise.tags.all()}
        ]
        for subscription in members:
            selected[subscription.pk] = Selected(positions, changes)
    return selected


def _kept_by_choices(content: WeekContent, chosen: list[Choices]) -> dict[Choices, set[int]]:
    """For each set of choices, the ids of the week's positions it keeps: one compound
    query for up to SUBQUERIES_PER_QUERY of them."""
    kept: dict[Choices, set[int]] = {choices: set() for choices in chosen}
    # The week as a filter rather than a list of its ids: each part of the compound query
    # repeats it, and a long list would pass SQLite's limit on parameters. Read live, as
    # each batch is: a position re-tagged during a run is chosen by its new tags.
    week = week_positions(content.week)
    for start in range(0, len(chosen) if content.positions else 0, SUBQUERIES_PER_QUERY):
        group = chosen[start : start + SUBQUERIES_PER_QUERY]
        parts = [
            chosen_positions(choices, week)
            .order_by()
            .annotate(group_index=Value(index))
            .values_list("group_index", "pk")
            for index, choices in enumerate(group)
        ]
        # A compound query takes no ORDER BY, not even the model's default.
        for index, pk in parts[0].union(*parts[1:], all=True).order_by():
            kept[group[index]].add(pk)
    return kept


def matching(content: WeekContent, subscription: Subscription) -> Selected:
    """What one subscriber asked for from the week (see matching_each)."""
    return matching_each(content, [subscription])[subscription.pk]


def chosen(content: WeekContent, subscription: Subscription | None) -> Selected:
    if subscription:
        return matching(content, subscription)
    return Selected(content.positions, content.status_changes)
