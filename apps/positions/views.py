"""The analyst's pages: the timeline, a position, the stance matrix and trends, and exports."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from apps.core.countries import country_name
from apps.core.dates import humanize_partial_date
from apps.core.errors import BadRequest
from apps.core.http import HtmxHttpRequest
from apps.core.pagination import page_number_or_first, paginate, paginate_window
from apps.positions.card_data import for_display
from apps.positions.cards import group_by_month, position_cards
from apps.positions.charts import (
    CHART_MEASURES,
    MATRIX_ORDERS,
    MATRIX_PERIODS,
    stance_chart,
    stance_matrix,
)
from apps.positions.exports import EXPORT_FIELDS, export_row, spreadsheet_safe
from apps.positions.facets import cached_facets, stance_choices
from apps.positions.forms import SOURCE_CHOICES, TimelineFilterForm
from apps.positions.models import Citation, Position
from apps.positions.stances import PROMISE_STATUS_EXPLAINED, CommitmentKind, Stance
from apps.positions.table import (
    DEFAULT_SORT,
    SORT_COLUMNS,
    Sort,
    headings,
    sorted_positions,
    table_rows,
)
from apps.positions.timeline import filtered_positions, known_filters


def timeline_filters(request: HtmxHttpRequest) -> tuple[TimelineFilterForm, object]:
    """The request's filters, for every view that lists positions; a value nothing is known
    by is left out, and named on the form (form.left_out)."""
    form = TimelineFilterForm(request.GET)
    filters, form.left_out = known_filters(form.filters())
    return form, filters


@require_safe
def timeline(request: HtmxHttpRequest) -> TemplateResponse:
    # Results come first, on the page and in HTMX swaps alike. Counts the cache lacks
    # follow in a second request (facets), which also fills in the number of matches.
    return _timeline_page(request, count_now=False)


def _timeline_page(request: HtmxHttpRequest, *, count_now: bool) -> TemplateResponse:
    form, filters = timeline_filters(request)
    fragment = request.htmx.target == "results"
    facets = cached_facets(filters, compute=count_now)
    ids = filtered_positions(filters).newest_first().values_list("id", flat=True)
    per_page = settings.TIMELINE_PAGE_SIZE
    notices: list[str] = []
    number = page_number_or_first(request, notices)
    if facets is None:
        page = paginate_window(request, ids, per_page=per_page, number=number)
    else:
        page = paginate(request, ids, count=facets.total, per_page=per_page, number=number)
    page.object_list = position_cards(list(page.object_list), text=filters.text)
    template_name = "positions/timeline.html"
    if fragment:
        template_name += "#results"
    return TemplateResponse(
        request,
        template_name,
        {
            "form": form,
            "filters": filters,
            "facets": facets,
            "stance_choices": stance_choices(filters),  # until the counts come
            "page": page,
            "months": group_by_month(page.object_list),
            "active_filters": active_filters(request, filters, facets),
            "notices": notices,
        },
    )


@require_safe
def facets(request: HtmxHttpRequest) -> TemplateResponse:
    """The filter counts alone, for the timeline to fetch after its results; without
    JavaScript (a link), the timeline page with its counts."""
    if not request.htmx:
        return _timeline_page(request, count_now=True)
    form, filters = timeline_filters(request)
    return TemplateResponse(
        request,
        "positions/timeline.html#counts",
        {"form": form, "filters": filters, "facets": cached_facets(filters)},
    )


def active_filters(request: HtmxHttpRequest, filters, facets) -> list[tuple[str, str]]:
    """Each active filter with the address of the same view without it."""

    def without(parameter: str, value: str | None = None) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        if value is None:
            query.pop(parameter, None)
        else:
            query.setlist(
                parameter, [v for v in query.getlist(parameter) if v.lower() != value.lower()]
            )
        return f"?{query.urlencode()}" if query else request.path

    labels: dict[str, str] = {stance.value: stance.label for stance in Stance}
    if facets is not None:
        others = [*facets.speakers, *facets.outlets, *facets.tags, *facets.organisations]
        labels |= {value.value: value.label for value in others}
    chips = []
    if filters.text:
        chips.append((f"Text: “{filters.text}”", without("q")))
    chips += [
        (f"Speaker: {labels.get(slug, slug)}", without("speaker", slug))
        for slug in filters.speakers
    ]
    chips += [
        (f"Stance: {labels.get(stance, stance)}", without("stance", stance))
        for stance in filters.stances
    ]
    if filters.country:
        chips.append((f"Country: {country_name(filters.country)}", without("country")))
    labels |= {value: label for value, label in SOURCE_CHOICES if value}
    labels |= dict(CommitmentKind.choices)
    for parameter, value, name in (
        ("org", filters.organisation, "Organisation"),
        ("outlet", filters.outlet, "Outlet"),
        ("source", filters.source, "Reported by"),
        ("kind", filters.kind, "Kind"),
        ("tag", filters.tag, "Tag"),
    ):
        if value:
            chips.append((f"{name}: {labels.get(value, value)}", without(parameter)))
    if filters.date_from:
        chips.append((f"From {humanize_partial_date(filters.date_from, 'day')}", without("from")))
    if filters.date_to:
        chips.append((f"To {humanize_partial_date(filters.date_to, 'day')}", without("to")))
    return chips


@require_safe
def position_detail(request: HtmxHttpRequest, pk: int) -> TemplateResponse:
    """One approved position: its quote in context, every report of it, and how to cite it."""
    position = get_object_or_404(
        for_display(Position.objects.approved(), with_article_text=True), pk=pk
    )
    return TemplateResponse(
        request,
        "positions/detail.html",
        {
            "position": position,
            "cite": cite_text(request, position),
            "report_address": settings.REPORT_ERROR_ADDRESS,
            "report_subject": f"Error in position {position.pk}: {request.build_absolute_uri()}",
        },
    )


@require_safe
def stored_copy(request: HtmxHttpRequest, pk: int, citation_pk: int) -> TemplateResponse:
    """The text ingestion kept of a source, so a quote stays checkable after the page goes
    offline: all of it to staff, to the public the passage around the quote. Shown as
    text, escaped; the page's own markup and scripts are never served."""
    citation = get_object_or_404(
        Citation.objects.select_related("article__outlet", "position__speaker").filter(
            position__status=Position.Status.APPROVED
        ),
        pk=citation_pk,
        position_id=pk,
    )
    if not citation.article.text:
        raise Http404("No copy of this source is stored.")
    staff = request.user.is_active and request.user.is_staff
    return TemplateResponse(
        request,
        "positions/stored_copy.html",
        {
            "citation": citation,
            "article": citation.article,
            "position": citation.position,
            "full_text": citation.article.text if staff else "",
            "passage": citation.context(width=600),
        },
    )


def cite_text(request: HtmxHttpRequest, position: Position) -> str:
    citations = list(position.citations.all())
    first = citations[0] if citations else None
    role = position.role_display
    speaker = f"{position.speaker.full_name}{f' ({role})' if role else ''}"
    source = (
        f" Reported by {first.article.outlet or first.article.url}: {first.article.url}."
        if first
        else ""
    )
    permalink = request.build_absolute_uri(position.get_absolute_url())
    opener, closer = ("“", "”") if position.is_direct else ("", "")
    return (
        f"{speaker}, {position.said_on_display}: {opener}{position.quote}{closer}.{source} "
        f"Accession Tracker, {permalink} (accessed {timezone.localdate():%d %B %Y})."
    )


def choice_or_default(
    request: HtmxHttpRequest,
    parameter: str,
    choices: dict[str, str],
    default: str,
    refusal: str,
    notices: list[str],
) -> str:
    """The parameter's value if it is one of `choices`, else `default` and a notice naming
    the value: the one rule for a bad parameter on a page (shown without it, and named)."""
    value = request.GET.get(parameter, default)
    if value in choices:
        return value
    notices.append(f"“{value[:40]}” {refusal}.")
    return default


@require_safe
def matrix(request: HtmxHttpRequest) -> TemplateResponse:
    """Speakers by period, each cell coloured by the stance they took then."""
    form, filters = timeline_filters(request)
    notices: list[str] = []
    period = choice_or_default(
        request, "period", MATRIX_PERIODS, "year", "is not a period here: shown by year", notices
    )
    order = choice_or_default(
        request,
        "order",
        MATRIX_ORDERS,
        "activity",
        "is not an order here: most positions first",
        notices,
    )
    table = stance_matrix(
        filtered_positions(filters),
        period=period,
        order=order,
        within=(filters.date_from, filters.date_to),
    )
    return TemplateResponse(
        request,
        "positions/matrix.html",
        {
            "form": form,
            "filters": filters,
            "table": table,
            "period": period,
            "order": order,
            "orders": MATRIX_ORDERS,
            "notices": notices,
        },
    )


@require_safe
def trends(request: HtmxHttpRequest) -> TemplateResponse:
    """Positions per year stacked by stance, as counts or as each stance's share."""
    form, filters = timeline_filters(request)
    notices: list[str] = []
    measure = choice_or_default(
        request,
        "show",
        CHART_MEASURES,
        "counts",
        "is not something to show here: shown as counts",
        notices,
    )
    chart = stance_chart(filtered_positions(filters), measure=measure)
    return TemplateResponse(
        request,
        "positions/trends.html",
        {
            "form": form,
            "filters": filters,
            "chart": chart,
            "measures": CHART_MEASURES,
            "notices": notices,
        },
    )


@require_safe
def table(request: HtmxHttpRequest) -> TemplateResponse:
    """The timeline's positions as rows, sorted by the column the analyst picked."""
    form, filters = timeline_filters(request)
    notices: list[str] = []
    sort = Sort.parse(request.GET.get("sort", DEFAULT_SORT))
    if sort is None:
        notices.append(f"“{request.GET['sort'][:40]}” is not a column to sort by: newest first.")
        sort = Sort.parse(DEFAULT_SORT)
    positions = filtered_positions(filters)
    # The count the timeline keeps, when there is one; else one COUNT of the unsorted rows.
    facets = cached_facets(filters, compute=False)
    page = paginate(
        request,
        sorted_positions(positions, sort).values_list("id", flat=True),
        count=facets.total if facets else positions.count(),
        per_page=settings.TIMELINE_PAGE_SIZE,
        number=page_number_or_first(request, notices),
    )
    rows = table_rows(list(page.object_list), text=filters.text)
    return TemplateResponse(
        request,
        "positions/table.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "sort": sort,
            "headings": headings(sort),
            "notices": notices,
        },
    )


def _export_positions(request: HtmxHttpRequest) -> QuerySet[Position]:
    """The positions of the request's filters in the table's order (newest first unless
    `sort` says otherwise), or a 400 naming the parameter that cannot be used."""
    form, filters = timeline_filters(request)
    if form.errors:
        messages = "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()
        )
        raise BadRequest(f"Invalid filter: {messages}")
    if form.left_out:
        names = ", ".join(f"{kind} {slug!r}" for kind, slug in form.left_out)
        raise BadRequest(f"Invalid filter: nothing is known as {names}.")
    sort = Sort.parse(request.GET.get("sort", DEFAULT_SORT))
    if sort is None:
        raise BadRequest(
            f"Invalid sort: {request.GET['sort'][:40]!r} is not a column "
            f"({', '.join(SORT_COLUMNS)}, each reversed with a leading '-')."
        )
    return for_display(sorted_positions(filtered_positions(filters), sort))


@require_safe
def export_csv(request: HtmxHttpRequest) -> StreamingHttpResponse:
    """Every position of the filter as CSV, streamed row by row."""
    positions = _export_positions(request)

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(EXPORT_FIELDS)
        for position in positions.iterator(chunk_size=500):
            row = export_row(position, site_url=settings.SITE_URL)
            yield writer.writerow([spreadsheet_safe(row[name]) for name in EXPORT_FIELDS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="accession-tracker-positions.csv"'
    return response


@require_safe
def export_json(request: HtmxHttpRequest) -> StreamingHttpResponse:
    """Every position of the filter as a JSON list, streamed."""
    positions = _export_positions(request)

    def chunks() -> Iterator[str]:
        yield "["
        for index, position in enumerate(positions.iterator(chunk_size=500)):
            yield ("," if index else "") + json.dumps(
                export_row(position, site_url=settings.SITE_URL), ensure_ascii=False
            )
        yield "]"

    return StreamingHttpResponse(chunks(), content_type="application/json")


def health(request: HtmxHttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


# The stance labels explained with the kind of statement each stands for
# (../shared/docs/domain.md gives the definitions the annotators follow).
STANCE_EXPLAINED = [
    (Stance.SUPPORTS_NOW, "Membership or an invitation now, as soon as possible.",
     "We need an invitation now."),
    (Stance.SUPPORTS_AFTER_WAR, "Ukraine will join, but after the war, or when conditions are met; an irreversible path, not yet.",
     "Ukraine will become a member once the war is over."),
    (Stance.SUPPORTS_LONG_TERM, "Ukraine will become a member eventually, with no timing.",
     "Membership is a long-term perspective."),
    (Stance.CONDITIONAL, "Membership tied to reforms, corruption or consensus, without endorsing it.",
     "Ukraine must clean up corruption first."),
    (Stance.ALTERNATIVE_GUARANTEES, "Security guarantees or support instead of, or not requiring, membership.",
     "Membership is not necessary for that guarantee."),
    (Stance.OPPOSES, "Against Ukraine joining, now or ever, or demanding that Ukraine renounce it.",
     "Ukraine must never join NATO."),
    (Stance.NEUTRAL, "About the process, with no position.", "It is too early to say when."),
]  # fmt: skip


KIND_EXPLAINED = [
    (CommitmentKind.PROMISE, "The speaker binds themself or their institution: “will”, “we commit”, a summit declaration's decision.",
     "We will continue to support Ukraine on its irreversible path."),
    (CommitmentKind.DEMAND, "Asks others to act.", "NATO must invite Ukraine now."),
    (CommitmentKind.ASSESSMENT, "Describes or forecasts, binding no one. A statement with no other kind is this one.",
     "There is no unanimity among allies."),
    (CommitmentKind.CONDITION, "Sets terms without committing.", "Ukraine will join only when conditions are met."),
    (CommitmentKind.REFUSAL, "Refuses or vetoes: the speaker's own side will not.", "We will never accept Ukraine in NATO."),
]  # fmt: skip


@require_safe
def about(request: HtmxHttpRequest) -> TemplateResponse:
    """What the site holds and how: statements, stance labels, method, limits, citing."""
    return TemplateResponse(
        request,
        "about.html",
        {
            "stances": STANCE_EXPLAINED,
            "kinds": KIND_EXPLAINED,
            "promise_statuses": PROMISE_STATUS_EXPLAINED,
            "report_address": settings.REPORT_ERROR_ADDRESS,
        },
    )
