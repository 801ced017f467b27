"""How a speaker's stance moved over time: the points where it changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from apps.core.dates import humanize_partial_date
from apps.positions.models import Position
from apps.positions.stances import STANCE_COLOUR, STANCE_LEANING, STANCE_SHORT, Stance


@dataclass
class Point:
    pk: int
    said: str
    stance: Stance
    x: float

    @property
    def colour(self) -> str:
        return STANCE_COLOUR[self.stance]

    @property
    def short(self) -> str:
        return STANCE_SHORT[self.stance]

    @property
    def y(self) -> float:
        # Support at the top, opposition at the bottom of the strip.
        return 60 - STANCE_LEANING[self.stance] * 15


@dataclass
class StanceHistory:
    total: int = 0
    points: list[Point] = field(default_factory=list)
    shifts: list[tuple[Point, Point]] = field(default_factory=list)
    first_year: int | None = None
    last_year: int | None = None
    width: int = 640


def stance_history(positions: QuerySet[Position], *, width: int = 640) -> StanceHistory:
    """Dated positions in order, placed on a time axis; a shift is a change of stance."""
    rows = list(
        positions.order_by("said_on", "id").values_list("pk", "said_on", "said_precision", "stance")
    )
    history = StanceHistory(total=len(rows), width=width)
    dated = [row for row in rows if row[1] is not None]
    if not dated:
        return history
    start, end = dated[0][1], dated[-1][1]
    history.first_year, history.last_year = start.year, end.year
    span = max((end - start).days, 1)
    previous: Point | None = None
    for pk, said_on, precision, stance in dated:
        point = Point(
            pk,
            humanize_partial_date(said_on, precision),
            Stance(stance),
            20 + (said_on - start).days / span * (width - 40),
        )
        history.points.append(point)
        if previous is not None and previous.stance != point.stance:
            history.shifts.append((previous, point))
        previous = point
    return history
