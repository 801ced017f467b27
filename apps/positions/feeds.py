"""An Atom feed of any timeline filter, so analysts can follow it in a feed reader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from apps.core.errors import BadRequest
from apps.core.pagination import page_number
from apps.positions.card_data import for_display
from apps.positions.forms import TimelineFilterForm
from apps.positions.models import Position
from apps.positions.timeline import TimelineFilters, filtered_positions, known_filters

FEED_SIZE = 50


class PagedAtomFeed(Atom1Feed):
    """Atom with a link to the next page of entries (RFC 5005's rel="next")."""

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        if self.feed.get("next_link"):
            handler.addQuickElement("link", "", {"rel": "next", "href": self.feed["next_link"]})


@dataclass(frozen=True)
class FeedPage:
    filters: TimelineFilters
    query: str  # the filter's parameters, without the page
    number: int
    total: int

    @property
    def first(self) -> int:
        return (self.number - 1) * FEED_SIZE

    @property
    def has_next(self) -> bool:
        return self.first + FEED_SIZE < self.total


class PositionsFeed(Feed):
    feed_type = PagedAtomFeed
    description_template = "positions/feed_item.html"

    def get_object(self, request: HttpRequest) -> FeedPage:
        form = TimelineFilterForm(request.GET)
        filters, left_out = known_filters(form.filters())
        if form.errors:
            raise BadRequest("Invalid filter in the feed address.")
        if left_out:
            names = ", ".join(f"{kind} {slug!r}" for kind, slug in left_out)
            raise BadRequest(f"Invalid filter in the feed address: nothing is known as {names}.")
        number = page_number(request)
        total = filtered_positions(filters).count()
        if number > 1 and (number - 1) * FEED_SIZE >= total:
            raise Http404(f"There is no page {number} of this feed.")
        query = request.GET.copy()
        query.pop("page", None)
        return FeedPage(filters, query.urlencode(), number, total)

    def title(self, obj: FeedPage) -> str:
        return "Accession Tracker: positions on Ukraine's NATO membership" + (
            "" if obj.filters.is_empty else " (filtered)"
        )

    def link(self, obj: FeedPage) -> str:
        return reverse("positions:timeline") + (f"?{obj.query}" if obj.query else "")

    def subtitle(self, obj: FeedPage) -> str:
        shown = f"{obj.first + 1}–{min(obj.first + FEED_SIZE, obj.total)}" if obj.total else "0"
        return (
            "Approved statements by leaders and institutions, newest first: "
            f"entries {shown} of {obj.total}."
        )

    def feed_extra_kwargs(self, obj: FeedPage) -> dict[str, str]:
        if not obj.has_next:
            return {}
        query = f"{obj.query}&" if obj.query else ""
        return {
            "next_link": f"{settings.SITE_URL}{reverse('positions:feed')}?{query}page={obj.number + 1}"
        }

    def items(self, obj: FeedPage) -> list[Position]:
        positions = for_display(filtered_positions(obj.filters).newest_first())
        return list(positions[obj.first : obj.first + FEED_SIZE])

    def item_title(self, item: Position) -> str:
        return f"{item.speaker.full_name} ({item.said_on_display}): {item.get_stance_display()}"

    def item_link(self, item: Position) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Position) -> dt.datetime:
        return item.reviewed_at or item.created_at

    def item_updateddate(self, item: Position) -> dt.datetime:
        return item.updated_at or timezone.now()

    def item_author_name(self, item: Position) -> str:
        return item.speaker.full_name

    def item_categories(self, item: Position) -> list[str]:
        return [item.get_stance_display(), *(tag.name for tag in item.tags.all())]

    def item_guid(self, item: Position) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"
