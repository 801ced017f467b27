"""Admin for speakers, their aliases and dated roles, organisations, and merging duplicates."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from apps.core.deletion import GuardedDeletionAdmin
from apps.speakers.models import Organisation, Role, Speaker, SpeakerAlias
from apps.speakers.services import merge_preview, speaker_merge


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    """Every other name extraction knows a speaker by, to find who is called what."""

    list_display = ["name", "speaker"]
    list_select_related = ["speaker"]
    search_fields = ["name", "speaker__full_name"]
    autocomplete_fields = ["speaker"]


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["name"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["organisation"]
    fields = ["title", "organisation", "started_on", "ended_on"]


@admin.register(Speaker)
class SpeakerAdmin(GuardedDeletionAdmin, admin.ModelAdmin):
    list_display = ["full_name", "kind", "country", "is_confirmed", "position_count"]
    list_filter = ["is_confirmed", "kind", "country"]
    search_fields = ["full_name", "aliases__name", "wikidata_id"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["organisation"]
    inlines = [SpeakerAliasInline, RoleInline]
    actions = ["merge"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return super().get_queryset(request).annotate(position_count=Count("positions"))

    @admin.display(description="Positions", ordering="position_count")
    def position_count(self, speaker: Speaker) -> int:
        return speaker.position_count

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("speakers.merge_speaker")

    @admin.action(description="Merge the selected speakers into one", permissions=["merge"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Speaker]) -> HttpResponse | None:
        """Ask which speaker to keep, then fold the others into it."""
        speakers = list(
            queryset.order_by("-is_confirmed", "-position_count", "pk").prefetch_related(
                Prefetch("roles", queryset=Role.objects.select_related("organisation")), "aliases"
            )
        )
        if len(speakers) < 2:
            self.message_user(request, "Select two or more speakers to merge.", messages.WARNING)
            return None
        keep = next((s for s in speakers if str(s.pk) == request.POST.get("keep")), None)
        if keep is None:
            return TemplateResponse(
                request,
                "admin/speakers/speaker/merge.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Merge speakers",
                    "opts": self.model._meta,
                    "speakers": [(speaker, merge_preview(speaker)) for speaker in speakers],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        duplicates = [speaker for speaker in speakers if speaker.pk != keep.pk]
        names = ", ".join(speaker.full_name for speaker in duplicates)
        moved = folded = 0
        with transaction.atomic():  # all the duplicates or none
            for duplicate in duplicates:
                result = speaker_merge(keep=keep, duplicate=duplicate)
                moved += result.counts.get("positions_moved", 0)
                folded += result.counts.get("positions_folded", 0)
        self.log_change(request, keep, f"Merged into this speaker: {names}.")
        self.message_user(
            request,
            f"Merged {names} into {keep.full_name}: {moved} position(s) moved, "
            f"{folded} joined with the same statement.",
            messages.SUCCESS,
        )
        return None


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["speaker", "title", "organisation", "started_on", "ended_on"]
    list_select_related = ["speaker", "organisation"]
    search_fields = ["speaker__full_name", "title", "organisation__name"]
    autocomplete_fields = ["speaker", "organisation"]
