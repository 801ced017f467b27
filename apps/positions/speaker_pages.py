"""Speaker pages: a speaker's positions over time (a timeline filtered to them), roles held
and how the stance changed; and the directory of speakers by how much they said. They
live with the timeline, whose filters and cards they use; their URLs are /speakers/...
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.core.http import HtmxHttpRequest
from apps.core.pagination import page_number_or_first, paginate
from apps.core.text import normalise_name
from apps.positions.cards import group_by_month, position_cards
from apps.positions.models import Position
from apps.positions.stance_history import stance_history
from apps.positions.timeline import TimelineFilters, filtered_positions
from apps.speakers.models import Speaker, SpeakerAlias
from apps.speakers.services import directory_choices


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
    notices: list[str] = []
    page = paginate(
        request,
        positions.newest_first().values_list("id", flat=True),
        count=history.total,
        number=page_number_or_first(request, notices),
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
            "notices": notices,
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
    notices: list[str] = []
    page = paginate(request, speakers, per_page=50, number=page_number_or_first(request, notices))
    return TemplateResponse(
        request,
        "speakers/directory.html",
        {
            "page": page,
            "notices": notices,
            "search": search,
            "country": country.upper(),
            "organisation": organisation,
            "countries": countries,
            "organisations": organisations,
        },
    )


def speaker_directory(*, search: str = "", country: str = "", organisation: str = "") -> QuerySet:
    """Confirmed speakers with their number of approved positions and their latest stance,
    most active first; searched by name or alias (accents ignored), country and
    organisation (as a body, or through any role)."""
    approved = Position.objects.approved().filter(speaker=OuterRef("pk"))
    speakers = Speaker.objects.confirmed().annotate(
        position_count=Count("positions", filter=Q(positions__status=Position.Status.APPROVED)),
        latest_stance=Subquery(approved.newest_first().values("stance")[:1]),
    )
    if search:
        wanted = normalise_name(search)
        matching = [
            speaker_id
            for speaker_id, name in Speaker.objects.confirmed().values_list("pk", "full_name")
            if wanted in normalise_name(name)
        ]
        matching += SpeakerAlias.objects.filter(normalised__contains=wanted).values_list(
            "speaker_id", flat=True
        )
        speakers = speakers.filter(pk__in=matching)
    if country:
        speakers = speakers.filter(country=country.upper())
    if organisation:
        members = Speaker.objects.filter(
            Q(organisation__slug=organisation) | Q(roles__organisation__slug=organisation)
        )
        speakers = speakers.filter(pk__in=members.values("pk"))
    return speakers.order_by("-position_count", "full_name")
