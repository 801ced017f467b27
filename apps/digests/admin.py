"""Admin for subscriptions and the send log, with a digest preview and test sends."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path

from apps.core.numbers import ascii_int
from apps.digests.models import DigestSend, Subscription
from apps.digests.weekly import digest_preview, send_test_digest
from apps.digests.weeks import previous_week, week_bounds


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmed_at", "unsubscribed_at", "created_at"]
    list_filter = ["confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    autocomplete_fields = ["speakers", "tags"]
    readonly_fields = ["confirmation_sent_at", "confirmed_at", "unsubscribed_at"]

    def get_urls(self):
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="digests_subscription_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Any week's digest, for everyone or as one subscriber gets it; a test to oneself."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        week = request.GET.get("week") or previous_week()
        try:
            week_bounds(week)
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
            week = previous_week()
        chosen = request.GET.get("subscription", "")
        if chosen and ascii_int(chosen) is None:
            raise BadRequest("A subscription is chosen by its number.")
        subscription = Subscription.objects.filter(pk=ascii_int(chosen) or 0).first()
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            return self._send_test(request, week, subscription)
        return TemplateResponse(
            request,
            "admin/digests/subscription/preview.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Digest preview, {week}",
                "opts": self.model._meta,
                "subscription": subscription,
                **digest_preview(week, subscription),
            },
        )

    def _send_test(
        self, request: HttpRequest, week: str, subscription: Subscription | None
    ) -> HttpResponse:
        if not request.user.email:
            self.message_user(
                request, "Add an email address to your account first.", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        if send_test_digest(week, subscription, request.user.email):
            self.message_user(
                request, f"Test digest sent to {request.user.email}.", messages.SUCCESS
            )
        else:
            self.message_user(request, f"Nothing to send for {week}.", messages.WARNING)
        return HttpResponseRedirect(request.get_full_path())


@admin.register(DigestSend)
class DigestSendAdmin(admin.ModelAdmin):
    list_display = ["subscription", "week", "position_count", "claimed_at", "sent_at", "error"]
    list_filter = ["week"]
    search_fields = ["subscription__email"]
    list_select_related = ["subscription"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the log is written by digest runs only

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
