"""Subscribing, confirming, managing and leaving the weekly digest; a digest in the browser.

Links in emails open a page with a button rather than acting on GET: mail scanners
follow links, and must not confirm or unsubscribe anyone. The one exception is the
one-click unsubscribe of RFC 8058, a POST that mail clients make without a CSRF token;
the signed token in its address is what authorises it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from apps.digests.forms import PreferencesForm, SubscribeForm
from apps.digests.services import (
    EmailNotSent,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
    subscription_update,
)
from apps.digests.tokens import InvalidToken, Purpose, read_token
from apps.digests.weekly import digest_preview
from apps.digests.weeks import send_day, week_bounds


def _outcome(request: HttpRequest, title: str, message: str, *, status: int = 200, **extra):
    return TemplateResponse(
        request,
        "digests/outcome.html",
        {"title": title, "message": message, **extra},
        status=status,
    )


def _invalid_link(request: HttpRequest, error: InvalidToken) -> TemplateResponse:
    return _outcome(request, "This link cannot be used", str(error), status=400, subscribe=True)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> TemplateResponse:
    form = SubscribeForm(request.POST or None)
    if request.method != "POST":
        return _subscribe_page(request, form)
    if not form.is_valid():
        return _subscribe_page(request, form, status=400)
    data = form.cleaned_data
    try:
        subscription_request(
            email=data["email"],
            speakers=data["speakers"],
            stances=data["stances"],
            kinds=data["kinds"],
            tags=data["tags"],
            client=request.META.get("REMOTE_ADDR", ""),
        )
    except EmailNotSent as error:
        form.add_error(None, str(error))
        return _subscribe_page(request, form, status=503)
    # The same answer whether or not the address was known: no one learns who reads.
    return _outcome(
        request,
        "Check your inbox",
        f"If {data['email']} can receive the digest, a message is on its way to it. "
        "Nothing else is sent until the link in it is followed.",
    )


def _subscribe_page(request: HttpRequest, form: SubscribeForm, *, status: int = 200):
    context = {"form": form, "send_day": send_day()}
    return TemplateResponse(request, "digests/subscribe.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> TemplateResponse:
    try:
        subscription = read_token(token, Purpose.CONFIRM)
    except InvalidToken as error:
        return _invalid_link(request, error)
    if request.method != "POST":
        return TemplateResponse(request, "digests/confirm.html", {"subscription": subscription})
    subscription_confirm(subscription)
    return _outcome(
        request,
        "Subscribed",
        f"{subscription.email} will receive the weekly digest. Every digest has a link to "
        "change what it holds or to unsubscribe.",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> TemplateResponse:
    try:
        subscription = read_token(token, Purpose.MANAGE)
    except InvalidToken as error:
        return _invalid_link(request, error)
    initial = {
        "speakers": subscription.speakers.all(),
        "stances": subscription.stances,
        "kinds": subscription.kinds,
        "tags": subscription.tags.all(),
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        subscription_update(subscription, **form.cleaned_data)
        saved = True
    return TemplateResponse(
        request,
        "digests/manage.html",
        {"subscription": subscription, "form": form, "token": token, "saved": saved},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # RFC 8058 one-click: the signed token authorises the request.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> TemplateResponse:
    try:
        subscription = read_token(token, Purpose.MANAGE)
    except InvalidToken as error:
        return _invalid_link(request, error)
    if request.method != "POST":
        return TemplateResponse(request, "digests/unsubscribe.html", {"subscription": subscription})
    subscription_unsubscribe(subscription)
    return _outcome(
        request,
        "Unsubscribed",
        f"No more digests will go to {subscription.email}.",
        subscribe=True,
    )


@require_safe
def view_in_browser(request: HttpRequest, week: str, token: str) -> TemplateResponse:
    try:
        subscription = read_token(token, Purpose.MANAGE)
        week_bounds(week)
    except InvalidToken as error:
        return _invalid_link(request, error)
    except ValueError as error:
        return _outcome(request, "No such week", str(error), status=404)
    return TemplateResponse(
        request,
        "digests/view.html",
        {**digest_preview(week, subscription), "subscription": subscription, "token": token},
    )
