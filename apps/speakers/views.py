"""Speaker pages: positions over time, roles held, and how the stance changed."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.core.http import HtmxHttpRequest
from apps.core.pagination import paginate
from apps.positions.cards import group_by_month, position_cards
from apps.positions.timeline import TimelineFilters, filtered_positions
from apps.speakers.models import Speaker
from apps.speakers.services import directory_choices, speaker_directory
from apps.speakers.stance_history import stance_history

SUGGESTIONS = 8


@require_safe
def speaker_detail(request: HtmxHttpRequest, slug: str) -> TemplateResponse:
    speaker = get_object_or_404(
        Speaker.objects.with_roles().select_related("organisation"), slug=slug
    )
    # A speaker only extraction has proposed is public once an editor approved them a word.
    if not speaker.is_confirmed and not speaker.positions.approved().exists():
        raise Http404("No such speaker.")
    positions = filtered_positions(TimelineFilters(speakers=(speaker.slug,)))
    history = stance_history(positions)
    page = paginate(
        request, positions.newest_first().values_list("id", flat=True), count=history.total
    )
    page.object_list = position_cards(list(page.object_list))
    template_name = "speakers/detail.html"
    if request.htmx.target == "results":
        template_name += "#results"
    return TemplateResponse(
        request,
        template_name,
        {
            "speaker": speaker,
            "roles": sorted(
                speaker.roles.all(),
                key=lambda role: role.started_on or role.ended_on or role.id,
                reverse=True,
            ),
            "history": history,
            "page": page,
            "months": group_by_month(page.object_list),
        },
    )


@require_safe
def directory(request: HtmxHttpRequest) -> TemplateResponse:
    """Every confirmed speaker, most active first, found by name, country or organisation."""
    search = request.GET.get("q", "").strip()[:100]
    country = request.GET.get("country", "").strip()[:2]
    organisation = request.GET.get("org", "").strip()[:80]
    speakers = speaker_directory(search=search, country=country, organisation=organisation)
    countries, organisations = directory_choices()
    return TemplateResponse(
        request,
        "speakers/directory.html",
        {
            "page": paginate(request, speakers, per_page=50),
            "search": search,
            "country": country.upper(),
            "organisation": organisation,
            "countries": countries,
            "organisations": organisations,
        },
    )


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
