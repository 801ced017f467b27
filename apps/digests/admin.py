from __future__ import annotations

from django.contrib import admin

from apps.digests.models import DigestSend, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmed_at", "unsubscribed_at", "created_at"]
    list_filter = ["confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    autocomplete_fields = ["speakers", "tags"]


@admin.register(DigestSend)
class DigestSendAdmin(admin.ModelAdmin):
    list_display = ["subscription", "week", "position_count", "claimed_at", "sent_at"]
    list_filter = ["week"]
    search_fields = ["subscription__email"]
