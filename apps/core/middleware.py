"""Middleware shared by every app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_vary_headers

from apps.core.text import has_control_characters


class HtmxVaryMiddleware:
    """Add `Vary: HX-Request` so a cached fragment is never shown as a whole page.

    https://django-htmx.readthedocs.io/en/latest/tips.html
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class RefuseControlCharactersMiddleware:
    """Answer 400 to a query holding a control character (NUL, form feed, escape...).

    No filter, search or page number needs one, PostgreSQL cannot compare text with a NUL
    in it, and refusing them at the door spares every view from guarding against them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if any(has_control_characters(text) for text in [key, *values]):
                return HttpResponseBadRequest(
                    "The address holds a control character; remove it and try again.",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
