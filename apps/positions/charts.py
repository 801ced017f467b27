"""Server-rendered charts: positions per stance over time, and the stance matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from apps.positions.models import Position
from apps.positions.stances import STANCE_COLOUR, STANCE_SHORT, Stance

# Stances stacked from most to least in favour, so the bars read as a spectrum.
STANCE_ORDER = [
    Stance.SUPPORTS_NOW, Stance.SUPPORTS_AFTER_WAR, Stance.SUPPORTS_LONG_TERM, Stance.CONDITIONAL,
    Stance.NEUTRAL, Stance.ALTERNATIVE_GUARANTEES, Stance.OPPOSES,
]  # fmt: skip


@dataclass
class Segment:
    stance: Stance
    count: int
    y: float
    height: float
    # of its year's positions, 0 to 1
    share: float = 0.0

    @property
    def percent(self) -> str:
        return f"{self.share:.0%}"

    @property
    def colour(self) -> str:
        return STANCE_COLOUR[self.stance]


@dataclass
class Bar:
    label: str
    total: int
    x: float
    segments: list[Segment] = field(default_factory=list)
    # Whether its year is written under it: every year where they fit, else every other.
    labelled: bool = True
    label_x: float = 0.0


@dataclass
class StanceChart:
    bars: list[Bar]
    width: int
    height: int
    bar_width: float
    maximum: int
    legend: list[tuple[str, str, str]]
    # (y, label) of each horizontal grid line
    ticks: list[tuple[float, str]]
    measure: str = "counts"

    @property
    def axis_title(self) -> str:
        return CHART_MEASURES[self.measure]


# What the bars' heights stand for: the number of positions, or each stance's share of its
# year (so years with few positions compare with busy ones).
CHART_MEASURES = {"counts": "Positions", "shares": "Share of the year's positions"}


def stance_chart(
    positions: QuerySet[Position],
    *,
    measure: str = "counts",
    width: int = 960,
    height: int = 240,
) -> StanceChart:
    """Yearly bars of positions, stacked by stance, spread over the chart's width; one
    grouped query. Empty years between the first and the last are kept as gaps."""
    rows = (
        # by the date the timeline places each at, so a bar and its timeline agree
        positions.exclude(dated_on__isnull=True)
        .order_by()
        .annotate(year=ExtractYear("dated_on"))
        .values("year", "stance")
        .annotate(n=Count("id"))
    )
    by_year: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        by_year[row["year"]][row["stance"]] += row["n"]
    years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
    maximum = max((sum(c.values()) for c in by_year.values()), default=0)
    plot_left, plot_bottom, plot_height = 44, height - 20, height - 46
    slot = (width - plot_left - 6) / len(years) if years else 0
    bar_width = round(min(48.0, slot * 0.75), 1)
    bars = []
    for index, year in enumerate(years):
        counts = by_year.get(year, Counter())
        total = sum(counts.values())
        if measure == "shares":
            scale = plot_height / total if total else 0
        else:
            scale = plot_height / maximum if maximum else 0
        bar = Bar(str(year), total, plot_left + index * slot + (slot - bar_width) / 2)
        bar.label_x = round(bar.x + bar_width / 2, 1)
        bar.labelled = slot >= 30 or index % 2 == 0 or index == len(years) - 1
        y = plot_bottom
        for stance in STANCE_ORDER:
            n = counts.get(stance.value, 0)
            if n:
                y -= n * scale
                bar.segments.append(Segment(stance, n, y, n * scale, share=n / total))
        bars.append(bar)
    if measure == "shares":
        ticks = [(plot_bottom - plot_height * p / 100, f"{p}%") for p in (0, 25, 50, 75, 100)]
    else:
        scale = plot_height / maximum if maximum else 0
        ticks = [(plot_bottom - value * scale, str(value)) for value in _ticks(maximum)]
    legend = [(s.value, STANCE_SHORT[s], s.label) for s in STANCE_ORDER]
    return StanceChart(bars, width, height, bar_width, maximum, legend, ticks, measure)


def _ticks(maximum: int) -> list[int]:
    if maximum <= 0:
        return []
    step = max(1, round(maximum / 4))
    return list(range(0, maximum + 1, step))


@dataclass
class MatrixCell:
    stance: Stance | None
    count: int
    title: str
    # The period's first and last day, for the cell's link to those positions.
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def short(self) -> str:
        return STANCE_SHORT[self.stance] if self.stance else ""


@dataclass
class MatrixRow:
    slug: str
    name: str
    cells: list[MatrixCell]
    shifted: bool
    total: int = 0


@dataclass
class StanceMatrix:
    periods: list[str]
    rows: list[MatrixRow]
    legend: list[tuple[Stance, str, str]] = field(default_factory=list)


MATRIX_ORDERS = {"activity": "Most positions first", "name": "By name"}
MATRIX_PERIODS = {"year": "years", "half": "half years"}


def _period_of(year: int, month: int, period: str) -> tuple[int, int]:
    return (year, 0) if period == "year" else (year, 1 if month <= 6 else 2)


def _period_label(key: tuple[int, int]) -> str:
    year, half = key
    return str(year) if not half else f"{year} H{half}"


def _period_days(key: tuple[int, int]) -> tuple[dt.date, dt.date]:
    year, half = key
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if half == 2:
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _every_period(keys: set[tuple[int, int]], period: str) -> list[tuple[int, int]]:
    """From the first period with a position to the last, empty ones included, so a
    silent year shows as a gap rather than vanishing (as in Trends)."""
    if not keys:
        return []
    first, last = min(keys), max(keys)
    halves = (0,) if period == "year" else (1, 2)
    return [
        (year, half)
        for year in range(first[0], last[0] + 1)
        for half in halves
        if first <= (year, half) <= last
    ]


def stance_matrix(
    positions: QuerySet[Position],
    *,
    period: str = "year",
    order: str = "activity",
    within: tuple[dt.date | None, dt.date | None] = (None, None),
    max_speakers: int = 40,
) -> StanceMatrix:
    """The most active speakers as rows, every period from the first to the last as
    columns; a cell shows the stance a speaker took most in that period (the latest one
    on a tie). Rows by activity (most positions first) or by name. A cell's dates are
    its period's, narrowed to the filter's dates (`within`), so its link finds what it
    counted."""
    rows = (
        positions.exclude(dated_on__isnull=True)
        .order_by()
        .annotate(year=ExtractYear("dated_on"), month=ExtractMonth("dated_on"))
        .values("speaker__slug", "speaker__full_name", "year", "month", "stance", "dated_on")
    )
    cells: dict[str, dict[tuple[int, int], Counter]] = defaultdict(lambda: defaultdict(Counter))
    latest: dict[tuple[str, tuple[int, int]], tuple] = {}
    names: dict[str, str] = {}
    totals: Counter[str] = Counter()
    for row in rows:
        key = _period_of(row["year"], row["month"], period)
        slug = row["speaker__slug"]
        names[slug] = row["speaker__full_name"]
        cells[slug][key][row["stance"]] += 1
        totals[slug] += 1
        if (slug, key) not in latest or row["dated_on"] > latest[(slug, key)][0]:
            latest[(slug, key)] = (row["dated_on"], row["stance"])
    periods = _every_period({key for by_period in cells.values() for key in by_period}, period)
    matrix_rows = []
    for slug, total in totals.most_common(max_speakers):
        row_cells = []
        for key in periods:
            label, (start, end) = _period_label(key), _period_days(key)
            start, end = max(start, within[0] or start), min(end, within[1] or end)
            counts = cells[slug].get(key)
            if not counts:
                row_cells.append(MatrixCell(None, 0, f"{names[slug]}, {label}: no position"))
                continue
            top = max(counts.values())
            candidates = {s for s, n in counts.items() if n == top}
            stance = (
                latest[(slug, key)][1]
                if latest[(slug, key)][1] in candidates
                else sorted(candidates)[0]
            )
            detail = ", ".join(f"{Stance(s).label}: {n}" for s, n in counts.most_common())
            row_cells.append(
                MatrixCell(
                    Stance(stance), sum(counts.values()), f"{names[slug]}, {label}: {detail}",
                    start, end,
                )
            )  # fmt: skip
        stances = [cell.stance for cell in row_cells if cell.stance]
        matrix_rows.append(
            MatrixRow(slug, names[slug], row_cells, shifted=len(set(stances)) > 1, total=total)
        )
    if order == "name":
        matrix_rows.sort(key=lambda r: r.name)
    else:
        matrix_rows.sort(key=lambda r: (-r.total, r.name))
    legend = [(stance, STANCE_SHORT[stance], stance.label) for stance in STANCE_ORDER]
    return StanceMatrix([_period_label(key) for key in periods], matrix_rows, legend)
