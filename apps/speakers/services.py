"""Speaker workflows: aliases, merging duplicates, and the gazetteer extraction reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from apps.core.countries import country_name
from apps.core.text import normalise_name, unique_slug
from apps.speakers.models import Organisation, Role, Speaker, SpeakerAlias


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


def speaker_confirm(speaker: Speaker, *, role: str) -> None:
    """An editor vouches for a speaker extraction proposed, with the role they hold."""
    Role.objects.create(speaker=speaker, title=role[:200], started_on=None)
    speaker.is_confirmed = True
    speaker.save(update_fields=["is_confirmed"])


def likely_duplicates(speaker: Speaker, *, limit: int = 3) -> list[Speaker]:
    """Other speakers this one may be: the same name once accents, case and spelling
    variants are folded, a name one of them goes by, or the same surname with matching
    initials ("J. Stoltenberg", "Stoltenberg"). Confirmed ones first."""
    name = normalise_name(speaker.full_name)
    words = name.split()
    if not words:
        return []
    surname = words[-1]
    found = []
    others = (
        Speaker.objects.exclude(pk=speaker.pk)
        # Names are stored with their accents: narrow by the surname's first letters, then
        # compare folded names here.
        .filter(Q(full_name__icontains=surname[:3]) | Q(aliases__normalised__contains=surname))
        .prefetch_related("aliases")
        .distinct()
        .order_by("-is_confirmed", "full_name")
    )
    for other in others:
        names = [normalise_name(other.full_name), *(a.normalised for a in other.aliases.all())]
        if any(_same_person(words, candidate.split()) for candidate in names):
            found.append(other)
        if len(found) == limit:
            break
    return found


def _same_person(words: list[str], other: list[str]) -> bool:
    """Same surname, and every given name either missing or agreeing with the other's
    (an initial agrees with a name it begins)."""
    if not other or words[-1] != other[-1]:
        return False
    given, other_given = words[:-1], other[:-1]
    return all(a.startswith(b) or b.startswith(a) for a, b in zip(given, other_given, strict=False))


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


@dataclass
class MergeResult:
    aliases_moved: int = 0
    roles_moved: int = 0
    links_moved: int = 0
    # What the apps above moved in their own steps ("positions_moved", "positions_folded").
    counts: dict[str, int] = field(default_factory=dict)


# The steps apps above add to a merge (positions folds the two speakers' statements into
# one set), registered in their apps.py: each takes (keep, duplicate) and returns counts.
MergeStep = Callable[[Speaker, Speaker], dict[str, int]]
_merge_steps: list[MergeStep] = []


def register_merge_step(step: MergeStep) -> None:
    if step not in _merge_steps:
        _merge_steps.append(step)


# What apps above show of a speaker on the merge form, so an editor sees whose statements
# are whose before folding them (positions gives a few quotes): lines of plain text.
MergePreview = Callable[[Speaker], list[str]]
_merge_previews: list[MergePreview] = []


def register_merge_preview(preview: MergePreview) -> None:
    if preview not in _merge_previews:
        _merge_previews.append(preview)


def merge_preview(speaker: Speaker) -> list[str]:
    return [line for preview in _merge_previews for line in preview(speaker)]


@transaction.atomic
def speaker_merge(*, keep: Speaker, duplicate: Speaker) -> MergeResult:
    """Fold `duplicate` into `keep`: what other apps hold of it (its positions), its
    aliases, roles and name move over. The duplicate's name becomes an alias, so
    extraction finds the kept speaker by it from now on.
    """
    if keep.pk == duplicate.pk:
        raise ValueError("A speaker cannot be merged into itself.")
    # Lock both rows, in id order so that two merges cannot deadlock.
    list(Speaker.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk"))
    result = MergeResult()
    for step in _merge_steps:
        result.counts.update(step(keep, duplicate))

    known = set(keep.aliases.values_list("normalised", flat=True))
    known.add(normalise_name(keep.full_name))
    for alias in duplicate.aliases.all():
        if alias.normalised in known:
            continue
        alias.speaker = keep
        alias.save()
        known.add(alias.normalised)
        result.aliases_moved += 1
    speaker_add_alias(speaker=keep, name=duplicate.full_name)

    held = {(r.title, r.organisation_id, r.started_on, r.ended_on) for r in keep.roles.all()}
    for role in duplicate.roles.all():
        if (role.title, role.organisation_id, role.started_on, role.ended_on) in held:
            continue
        role.speaker = keep
        role.save()
        result.roles_moved += 1

    result.links_moved = _move_many_to_many_links(keep, duplicate)

    # What the kept record lacks, the duplicate may know.
    wikidata_id = duplicate.wikidata_id
    for name in ("country", "photo_url", "organisation_id"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    duplicate.delete()
    if not keep.wikidata_id and wikidata_id:
        keep.wikidata_id = wikidata_id
    keep.is_confirmed = keep.is_confirmed or duplicate.is_confirmed
    keep.save()
    return result


def _move_many_to_many_links(keep: Speaker, duplicate: Speaker) -> int:
    """Point every many-to-many link to `duplicate` (a subscriber following them, say) at
    `keep`, so deleting the duplicate loses no one's choice. Found through the model's
    relations, so links added by other apps later are moved too."""
    moved = 0
    for relation in Speaker._meta.related_objects:
        if not relation.many_to_many:
            continue
        through = relation.through
        owner, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
        linked_to_keep = through.objects.filter(**{target: keep}).values(owner)
        moved += (
            through.objects.filter(**{target: duplicate})
            .exclude(**{f"{owner}__in": linked_to_keep})
            .update(**{target: keep})
        )
    return moved


def directory_choices() -> tuple[list[tuple[str, str]], QuerySet]:
    """What the directory can be narrowed to: the countries confirmed speakers come from,
    as (code, name) by name, and the organisations they speak for or hold roles in."""
    codes = (
        Speaker.objects.confirmed().exclude(country="").values_list("country", flat=True).distinct()
    )
    countries = sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])
    organisations = (
        Organisation.objects.filter(
            Q(roles__speaker__is_confirmed=True) | Q(institution_speakers__is_confirmed=True)
        )
        .distinct()
        .order_by("name")
    )
    return countries, organisations
