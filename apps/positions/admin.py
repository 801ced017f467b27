from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.positions.models import Citation, Event, Position, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "location"]
    list_filter = ["kind"]
    search_fields = ["name", "location"]
    prepopulated_fields = {"slug": ["name"]}


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "quote_start", "quote_end"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["speaker", "quote", "said_on", "stance", "status"]
    list_filter = ["status", "stance", "is_direct"]
    list_select_related = ["speaker"]
    search_fields = ["quote", "speaker__full_name"]
    autocomplete_fields = ["speaker", "tags", "event"]
    inlines = [CitationInline]
