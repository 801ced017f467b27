from __future__ import annotations

from django.contrib import admin

from apps.speakers.models import Organisation, Role, Speaker, SpeakerAlias


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "country"]
    prepopulated_fields = {"slug": ["name"]}


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
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "country", "is_confirmed"]
    list_filter = ["is_confirmed", "kind", "country"]
    search_fields = ["full_name", "aliases__name", "wikidata_id"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["organisation"]
    inlines = [SpeakerAliasInline, RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["speaker", "title", "organisation", "started_on", "ended_on"]
    list_select_related = ["speaker", "organisation"]
    search_fields = ["speaker__full_name", "title", "organisation__name"]
    autocomplete_fields = ["speaker", "organisation"]
