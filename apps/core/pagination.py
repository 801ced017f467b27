"""Pagination that answers bad page numbers with 400 or 404, never a 500."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest

from apps.core.errors import BadRequest

PAGE_SIZE = 25
MAX_PAGE = 10_000_000


def paginate(
    request: HttpRequest, items, *, count: int | None = None, per_page: int = PAGE_SIZE
) -> Page:
    """The requested page of `items`; `count`, when known already, spares a COUNT query."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) <= MAX_PAGE:
        raise BadRequest("The page number must be a whole number from 1.")
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not queried again
    try:
        return paginator.page(int(raw))
    except EmptyPage as error:
        raise Http404(f"There is no page {raw} for this filter.") from error
