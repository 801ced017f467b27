"""An Atom feed of any timeline filter, so analysts can follow it in a feed reader."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from apps.core.errors import BadRequest
from apps.positions.forms import TimelineFilterForm
from apps.positions.models import Position
from apps.positions.timeline import TimelineFilters, filtered_positions, for_display

FEED_SIZE = 50


class PositionsFeed(Feed):
    feed_type = Atom1Feed
    description_template = "positions/feed_item.html"

    def get_object(self, request: HttpRequest) -> tuple[TimelineFilters, str]:
        form = TimelineFilterForm(request.GET)
        filters = form.filters()
        if form.errors:
            raise BadRequest("Invalid filter in the feed address.")
        return filters, request.GET.urlencode()

    def title(self, obj) -> str:
        filters, _ = obj
        return "Accession Tracker: positions on Ukraine's NATO membership" + (
            "" if filters.is_empty else " (filtered)"
        )

    def link(self, obj) -> str:
        _, query = obj
        return reverse("positions:timeline") + (f"?{query}" if query else "")

    def subtitle(self, obj) -> str:
        return "Approved statements by leaders and institutions, newest first."

    def items(self, obj) -> list[Position]:
        filters, _ = obj
        return list(for_display(filtered_positions(filters))[:FEED_SIZE])

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
