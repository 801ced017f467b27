"""Pagination that answers bad page numbers with 400 or 404, never a 500."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest

from apps.core.errors import BadRequest
from apps.core.numbers import ascii_int

PAGE_SIZE = 25
MAX_PAGE = 10_000_000


def page_number(request: HttpRequest) -> int:
    number = ascii_int(request.GET.get("page", "1"))
    if number is None or not 0 < number <= MAX_PAGE:
        raise BadRequest("The page number must be a whole number from 1.")
    return number


def page_number_or_first(request: HttpRequest, notices: list[str]) -> int:
    """For an HTML page: a page number that is not one shows the first page, and a notice
    says so (the one rule for a bad parameter on a page; feeds and exports answer 400)."""
    try:
        return page_number(request)
    except BadRequest:
        notices.append(
            f"“{request.GET.get('page', '')[:20]}” is not a page number: the first page is shown."
        )
        return 1


def paginate(
    request: HttpRequest,
    items,
    *,
    count: int | None = None,
    per_page: int = PAGE_SIZE,
    number: int | None = None,
) -> Page:
    """The requested page of `items` (or page `number`); `count`, when known already,
    spares a COUNT query."""
    number = page_number(request) if number is None else number
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not queried again
    try:
        return paginator.page(number)
    except EmptyPage as error:
        raise Http404(f"There is no page {number} for this filter.") from error


@dataclass
class WindowPage:
    """A page known only by its rows and whether more follow: no count needed."""

    number: int
    object_list: list
    has_next: bool
    paginator: None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_window(
    request: HttpRequest, items, *, per_page: int = PAGE_SIZE, number: int | None = None
) -> WindowPage:
    """The requested page of `items` (or page `number`), reading one row more to know if
    another page follows.

    For when counting every match would cost more than showing the first of them.
    """
    number = page_number(request) if number is None else number
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404(f"There is no page {number} for this filter.")
    return WindowPage(number, rows[:per_page], has_next=len(rows) > per_page)
