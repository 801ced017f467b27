"""The timeline as a table, for analysts used to spreadsheets: the same filters, one row per
position, sortable by date, speaker, country, stance or outlet."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, IntegerField, Min, QuerySet, Value, When

from apps.core.countries import country_name
from apps.positions.card_data import page_of
from apps.positions.charts import STANCE_ORDER
from apps.positions.models import LeadOutlet, Position
from apps.speakers.models import Speaker

# Column names as they appear in `?sort=`; a leading "-" reverses the order.
SORT_COLUMNS = {
    "date": "Date",
    "speaker": "Speaker",
    "country": "Country",
    "stance": "Stance",
    "outlet": "Outlet",
}
DEFAULT_SORT = "-date"


@dataclass(frozen=True)
class Sort:
    column: str
    descending: bool

    @classmethod
    def parse(cls, value: str) -> Sort | None:
        """`date`, `-speaker`...; None for anything else."""
        column = value.removeprefix("-")
        if column not in SORT_COLUMNS:
            return None
        return cls(column, value.startswith("-"))

    def __str__(self) -> str:
        return f"{'-' if self.descending else ''}{self.column}"

    def toggled(self, column: str) -> str:
        """The sort a column's heading links to: the other direction if it is this column,
        else that column (dates newest first, the rest from A)."""
        if column == self.column:
            return str(Sort(column, not self.descending))
        return str(Sort(column, column == "date"))

    def aria(self, column: str) -> str:
        if column != self.column:
            return ""
        return "descending" if self.descending else "ascending"


@dataclass(frozen=True)
class Heading:
    column: str
    label: str
    # The `sort` its link asks for, and its aria-sort ("" when the table is not sorted by it).
    link: str
    direction: str


def headings(sort: Sort) -> list[Heading]:
    return [
        Heading(column, label, sort.toggled(column), sort.aria(column))
        for column, label in SORT_COLUMNS.items()
    ]


def sorted_positions(positions: QuerySet[Position], sort: Sort) -> QuerySet[Position]:
    """The positions in the table's order; within a speaker, country, stance or outlet the
    newest first, as on the timeline. A position with no date or no outlet comes last
    either way."""
    newest = (F("dated_on").desc(nulls_last=True), F("id").desc())
    if sort.column == "date":
        if sort.descending:
            return positions.order_by(*newest)
        return positions.order_by(F("dated_on").asc(nulls_last=True), "id")
    if sort.column == "speaker":
        key = F("speaker__full_name")
    elif sort.column == "country":
        key = _country_name_rank()
    elif sort.column == "stance":
        # From most to least in favour, as in the charts, rather than by the codes' spelling.
        key = Case(
            *(
                When(stance=stance.value, then=Value(rank))
                for rank, stance in enumerate(STANCE_ORDER)
            ),
            output_field=IntegerField(),
        )
    elif settings.IS_POSTGRES:
        # Each row lists its outlets by name; it sorts by the first of them, which each
        # position carries there (grouping every citation took three times as long).
        key = LeadOutlet()
    else:
        positions = positions.annotate(first_outlet=Min("citations__outlet__name"))
        key = F("first_outlet")
    ordered = key.desc(nulls_last=True) if sort.descending else key.asc(nulls_last=True)
    return positions.order_by(ordered, *newest)


def table_rows(ids: list[int], *, text: str = "") -> list[Position]:
    """The positions of one page, in its order, each listing its outlets by name, as the
    outlet column sorts them (unnamed sources last)."""
    rows = page_of(ids, text=text)
    for row in rows:
        row.card_citations.sort(key=lambda citation: citation.outlet.casefold() or "\uffff")
    return rows


def _country_name_rank() -> Case:
    """Speakers' countries by their names ("Germany" before "Ukraine"), not their codes;
    only the countries some speaker has, so the expression stays short."""
    codes = Speaker.objects.exclude(country="").values_list("country", flat=True).distinct()
    by_name = sorted(set(codes), key=country_name)
    return Case(
        *(When(speaker__country=code, then=Value(rank)) for rank, code in enumerate(by_name)),
        default=None,
        output_field=IntegerField(),
    )
