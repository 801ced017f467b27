"""Editors group statements into promises; a user with review permission sets a
promise's status, with a dated note and evidence. Past status changes stay as recorded."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from apps.promises.models import Promise, PromiseLink, StatusChange
from apps.promises.services import refresh_status

REVIEW_PERMISSION = "positions.review_position"


class PromiseLinkInline(admin.TabularInline):
    model = PromiseLink
    extra = 1
    autocomplete_fields = ["position"]
    fields = ["position", "relation", "note"]


class StatusChangeInline(admin.StackedInline):
    """New changes only: a recorded change is the promise's history and is not rewritten."""

    model = StatusChange
    extra = 0
    fields = ["status", "changed_on", "note", "evidence", "set_by", "created_at"]
    readonly_fields = ["set_by", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Promise)
class PromiseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "made_by", "made_to", "first_made_on", "status", "status_since"]
    list_filter = ["status"]
    search_fields = ["title", "content", "made_by__full_name"]
    autocomplete_fields = ["made_by", "tags"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "status_since"]
    fields = [
        "title", "slug", "made_by", "made_to", "first_made_on", "first_made_precision", "content",
        "tags",
        "status", "status_since",
    ]  # fmt: skip
    inlines = [PromiseLinkInline, StatusChangeInline]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        changes = formset.save(commit=False)
        for item in changes:
            if isinstance(item, StatusChange) and item.pk is None:
                item.set_by = request.user
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()
        if formset.model is StatusChange:
            refresh_status(form.instance)
