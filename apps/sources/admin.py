from __future__ import annotations

from django.contrib import admin

from apps.sources.models import Article, Feed, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "is_active", "last_polled_at", "last_error"]
    list_filter = ["is_active"]
    search_fields = ["url", "title", "outlet__name"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "next_poll_at", "error_count"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published_on", "status", "first_seen_at"]
    list_filter = ["status", "origin", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "first_seen_at"
    autocomplete_fields = ["outlet", "feed"]
    readonly_fields = ["content_hash", "first_seen_at", "fetched_at", "analysed_at", "attempts"]
