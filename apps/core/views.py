"""Error pages that say what went wrong, rendered with the site's layout."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    response = TemplateResponse(request, "400.html", {"exception": str(exception)}, status=400)
    return response.render()


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = (
        str(exception) if exception and "matches the given query" not in str(exception) else ""
    )
    response = TemplateResponse(request, "404.html", {"exception": message}, status=404)
    return response.render()
