"""Speaker workflows: aliases, merging duplicates, and the gazetteer extraction reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from apps.core.countries import country_name
from apps.core.text import normalise_name, unique_slug
from apps.speakers.models import Organisation, Speaker, SpeakerAlias


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


@dataclass
class MergeResult:
    positions_moved: int = 0
    positions_folded: int = 0
    aliases_moved: int = 0
    roles_moved: int = 0
    links_moved: int = 0


@transaction.atomic
def speaker_merge(*, keep: Speaker, duplicate: Speaker) -> MergeResult:
    """Fold `duplicate` into `keep`: its positions, aliases, roles and name move over.

    A statement both speakers were credited with becomes one position, with the reports,
    tags and the more advanced review of both. The duplicate's name becomes an alias, so
    extraction finds the kept speaker by it from now on.
    """
    from apps.positions.models import Position

    if keep.pk == duplicate.pk:
        raise ValueError("A speaker cannot be merged into itself.")
    # Lock both rows, in id order so that two merges cannot deadlock.
    list(Speaker.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk"))
    result = MergeResult()
    kept_positions = {p.quote_fingerprint: p for p in Position.objects.filter(speaker=keep)}
    for position in Position.objects.filter(speaker=duplicate).prefetch_related("tags"):
        same = kept_positions.get(position.quote_fingerprint)
        if same is None:
            position.speaker = keep
            position.save(update_fields=["speaker", "updated_at"])
            result.positions_moved += 1
            continue
        reported_in = set(same.citations.values_list("article_id", flat=True))
        position.citations.exclude(article_id__in=reported_in).update(position=same)
        same.tags.add(*position.tags.all())
        if _review_rank(position.status) > _review_rank(same.status):
            same.status = position.status
            same.reviewed_by_id, same.reviewed_at = position.reviewed_by_id, position.reviewed_at
            same.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        position.delete()
        result.positions_folded += 1

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
    for field in ("country", "photo_url", "organisation_id"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
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


def _review_rank(status: str) -> int:
    # An approval outranks a pending candidate; a rejection outranks nothing.
    return {"approved": 2, "pending": 1}.get(status, 0)


def speaker_directory(*, search: str = "", country: str = "", organisation: str = "") -> QuerySet:
    """Confirmed speakers with their number of approved positions and their latest stance,
    most active first; searched by name or alias (accents ignored), country and
    organisation (as a body, or through any role)."""
    from apps.positions.models import Position

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
