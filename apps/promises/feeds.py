"""An Atom feed of promises' status changes, newest first, paged like the positions feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse

from apps.core.pagination import page_number
from apps.positions.feeds import FEED_SIZE, PagedAtomFeed
from apps.promises.models import StatusChange


class StatusChangesFeed(Feed):
    feed_type = PagedAtomFeed
    title = "Accession Tracker: what became of promises on Ukraine's NATO membership"
    description_template = "promises/feed_item.html"

    def get_object(self, request: HttpRequest) -> tuple[int, int]:
        number = page_number(request)
        total = StatusChange.objects.count()
        if number > 1 and (number - 1) * FEED_SIZE >= total:
            raise Http404(f"There is no page {number} of this feed.")
        return number, total

    def link(self) -> str:
        return reverse("promises:index")

    def subtitle(self, obj: tuple[int, int]) -> str:
        number, total = obj
        first = (number - 1) * FEED_SIZE
        shown = f"{first + 1}–{min(first + FEED_SIZE, total)}" if total else "0"
        return f"Status changes of promises, newest first: entries {shown} of {total}."

    def feed_extra_kwargs(self, obj: tuple[int, int]) -> dict[str, str]:
        number, total = obj
        if number * FEED_SIZE >= total:
            return {}
        return {"next_link": f"{settings.SITE_URL}{reverse('promises:feed')}?page={number + 1}"}

    def items(self, obj: tuple[int, int]) -> list[StatusChange]:
        number, _ = obj
        first = (number - 1) * FEED_SIZE
        changes = StatusChange.objects.select_related("promise__made_by").order_by(
            "-created_at", "-id"
        )
        return list(changes[first : first + FEED_SIZE])

    def item_title(self, item: StatusChange) -> str:
        return f"{item.promise.title}: {item.get_status_display()}"

    def item_link(self, item: StatusChange) -> str:
        return f"{item.promise.get_absolute_url()}#change-{item.pk}"

    def item_pubdate(self, item: StatusChange):
        return item.created_at

    def item_guid(self, item: StatusChange) -> str:
        return f"{settings.SITE_URL}{item.promise.get_absolute_url()}#change-{item.pk}"

    def item_author_name(self, item: StatusChange) -> str:
        return "Accession Tracker editors"
