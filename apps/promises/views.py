"""Promises for analysts: the index, a promise's page, and a feed of status changes."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.core.http import HtmxHttpRequest
from apps.positions.cards import position_cards
from apps.positions.stances import PROMISE_STATUS_EXPLAINED
from apps.promises.forms import PromiseFilterForm
from apps.promises.models import Promise
from apps.promises.services import promise_story, promises_for_index
from apps.speakers.models import Speaker


@require_safe
def promise_index(request: HtmxHttpRequest) -> TemplateResponse:
    """Every promise, filtered by who made it, its status and when it was first made."""
    form = PromiseFilterForm(request.GET)
    chosen = form.valid_data()
    notices: list[str] = []
    promises = promises_for_index()
    if "speaker" in chosen:
        if Speaker.objects.filter(slug=chosen["speaker"], promises__isnull=False).exists():
            promises = promises.made_by(chosen["speaker"])
        else:
            notices.append(f"No one who made a promise is known as “{chosen['speaker']}”.")
    if "status" in chosen:
        promises = promises.with_status(chosen["status"])
    promises = promises.first_made_between(chosen.get("date_from"), chosen.get("date_to"))
    promisers = Speaker.objects.filter(promises__isnull=False).distinct().order_by("full_name")
    return TemplateResponse(
        request,
        "promises/index.html",
        {
            "form": form,
            "promises": list(promises),
            "promisers": promisers,
            "notices": notices,
            "statuses": PROMISE_STATUS_EXPLAINED,
        },
    )


@require_safe
def promise_detail(request: HtmxHttpRequest, slug: str) -> TemplateResponse:
    """A promise, its status history and its statements as a small timeline."""
    promise = get_object_or_404(
        Promise.objects.select_related("made_by").prefetch_related("tags"), slug=slug
    )
    story = promise_story(promise)
    cards = {card.pk: card for card in position_cards([item.position_id for item in story])}
    return TemplateResponse(
        request,
        "promises/detail.html",
        {
            "promise": promise,
            "changes": promise.status_changes.select_related("set_by").all(),
            "story": [(item, cards.get(item.position_id)) for item in story],
            "status_explained": PROMISE_STATUS_EXPLAINED.get(promise.status, ""),
        },
    )
