"""Error pages that say what went wrong, rendered with the site's layout."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import Resolver404


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    response = TemplateResponse(request, "400.html", {"exception": str(exception)}, status=400)
    return response.render()


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A view's own words ("There is no page 9 for this filter") are shown; the resolver's
    # (every URL pattern tried) and the ORM's (model names) are not.
    said = exception.args[0] if exception and exception.args else ""
    message = (
        said
        if isinstance(said, str)
        and not isinstance(exception, Resolver404)
        and "matches the given query" not in said
        else ""
    )
    response = TemplateResponse(request, "404.html", {"exception": message}, status=404)
    return response.render()
