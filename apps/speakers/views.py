"""Speaker suggestions for the timeline's filter; the speaker pages themselves are a
filtered timeline and live with it (positions/speaker_pages.py)."""

from __future__ import annotations

from django.db.models import Q
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.core.http import HtmxHttpRequest
from apps.speakers.models import Speaker

SUGGESTIONS = 8


@require_safe
def speaker_suggest(request: HtmxHttpRequest) -> TemplateResponse:
    """Speakers whose name or alias starts a word like the text typed, as links that add
    them to the current filter."""
    typed = request.GET.get("speaker_q", "").strip()[:60]
    matches = []
    if len(typed) >= 2:
        matches = list(
            Speaker.objects.confirmed()
            .filter(Q(full_name__icontains=typed) | Q(aliases__name__icontains=typed))
            .distinct()
            .order_by("full_name")[:SUGGESTIONS]
        )
    query = request.GET.copy()
    for name in ("speaker_q", "page"):
        query.pop(name, None)
    for name in list(query):
        query.setlist(name, [value for value in query.getlist(name) if value])
    links = []
    for speaker in matches:
        with_speaker = query.copy()
        if speaker.slug not in with_speaker.getlist("speaker"):
            with_speaker.appendlist("speaker", speaker.slug)
        links.append((speaker, with_speaker.urlencode()))
    return TemplateResponse(request, "speakers/_suggestions.html", {"links": links, "typed": typed})
