"""Speaker workflows: aliases, merging duplicates, and the gazetteer extraction reads."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from apps.core.text import normalise_name, unique_slug
from apps.speakers.models import Speaker, SpeakerAlias


def speaker_add_alias(*, speaker: Speaker, name: str) -> SpeakerAlias | None:
    """Record another name for `speaker`; a name that normalises like a known one adds nothing."""
    normalised = normalise_name(name)
    if not normalised or normalised == normalise_name(speaker.full_name):
        return None
    alias, _ = SpeakerAlias.objects.get_or_create(
        speaker=speaker, normalised=normalised, defaults={"name": name}
    )
    return alias


def speaker_for_name(*, name: str, kind: str = Speaker.Kind.PERSON, country: str = "") -> Speaker:
    """The speaker called `name` (by full name or alias), or a new unconfirmed one proposed
    for an editor to confirm or merge."""
    speaker = speaker_find(name)
    if speaker is not None:
        return speaker
    slug = unique_slug(Speaker, name, max_length=100)
    try:
        with transaction.atomic():
            return Speaker.objects.create(
                full_name=name[:200], slug=slug, kind=kind, country=country[:2], is_confirmed=False
            )
    except IntegrityError:  # another worker proposed the same name a moment ago
        found = speaker_find(name)
        if found is None:
            raise
        return found


def speaker_find(name: str) -> Speaker | None:
    normalised = normalise_name(name)
    if not normalised:
        return None
    for speaker in Speaker.objects.filter(full_name__iexact=name.strip()).order_by(
        "-is_confirmed", "pk"
    ):
        return speaker
    alias = (
        SpeakerAlias.objects.filter(normalised=normalised)
        .select_related("speaker")
        .order_by("-speaker__is_confirmed", "pk")
        .first()
    )
    if alias is not None:
        return alias.speaker
    candidates = Speaker.objects.filter(full_name__icontains=name.split()[-1])
    return next((s for s in candidates if normalise_name(s.full_name) == normalised), None)
