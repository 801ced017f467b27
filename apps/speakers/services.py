"""Speaker workflows: aliases, merging duplicates, and the gazetteer extraction reads."""

from __future__ import annotations

from apps.core.text import normalise_name
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
