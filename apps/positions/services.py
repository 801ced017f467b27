"""Position workflows: recording what extraction found, reviewing it, tagging it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from textwrap import shorten
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from apps.core.text import quote_fingerprint, quotes_match
from apps.positions.models import Citation, Position, Tag
from apps.speakers.models import Speaker
from apps.speakers.services import speaker_for_name

if TYPE_CHECKING:
    from apps.extraction import Statement
    from apps.sources.models import Article

logger = logging.getLogger(__name__)

# Two reports of one statement are at most this far apart in their dates.
SAME_STATEMENT_WINDOW = dt.timedelta(days=7)


@transaction.atomic
def positions_record(*, article: Article, statements: Sequence[Statement]) -> list[Position]:
    """Queue what extraction found for review: one position per statement, however many
    outlets report it, and one citation per article, pointing at the quote in its text."""
    recorded: list[Position] = []
    for statement in statements:
        if article.text[statement.quote_start : statement.quote_end] != statement.quote:
            logger.warning(
                "Quote not found verbatim in article %s: %r", article.pk, statement.quote
            )
            continue
        speaker = _speaker_of(statement)
        # One worker at a time matches statements against a speaker's positions.
        Speaker.objects.select_for_update().filter(pk=speaker.pk).exists()
        position = _same_statement(speaker, statement) or _new_position(speaker, statement)
        Citation.objects.get_or_create(
            position=position,
            article=article,
            defaults={"quote_start": statement.quote_start, "quote_end": statement.quote_end},
        )
        recorded.append(position)
    return recorded


def _speaker_of(statement: Statement) -> Speaker:
    """The known speaker extraction named by key; only a name it did not know is matched."""
    if statement.speaker_key is not None:
        known = Speaker.objects.filter(pk=statement.speaker_key).first()
        if known is not None:
            return known
    return speaker_for_name(
        name=statement.speaker,
        kind=Speaker.Kind.INSTITUTION
        if statement.speaker_kind == "institution"
        else Speaker.Kind.PERSON,
        country=statement.speaker_country,
    )


def _same_statement(speaker: Speaker, statement: Statement) -> Position | None:
    """The position this statement already is: the same words, or nearly, said about then."""
    exact = Position.objects.filter(
        speaker=speaker, quote_fingerprint=quote_fingerprint(statement.quote)
    ).first()
    if exact is not None:
        return exact
    nearby = Position.objects.filter(speaker=speaker)
    if statement.said_on is not None:
        day = statement.said_on.date
        nearby = nearby.filter(
            Q(said_on__isnull=True)
            | Q(said_on__range=(day - SAME_STATEMENT_WINDOW, day + SAME_STATEMENT_WINDOW))
        )
    for position in nearby.only("pk", "quote")[:200]:
        if quotes_match(position.quote, statement.quote):
            return position
    return None


def _new_position(speaker: Speaker, statement: Statement) -> Position:
    said = statement.said_on
    position = Position(
        speaker=speaker,
        reported_role=statement.role[:200],
        quote=statement.quote,
        is_direct=statement.direct,
        context=statement.context,
        said_on=said.date if said else None,
        said_precision=said.precision if said else "",
        stance=statement.stance,
        status=Position.Status.PENDING,
        confidence=round(statement.confidence, 3),
        method=statement.method[:80],
        extraction_rules=list(statement.rules),
        stance_cues=[
            {
                "id": cue.id,
                "words": cue.words,
                "stance": cue.stance.value,
                "weight": cue.weight,
                "scope": cue.scope,
            }
            for cue in statement.stance_cues
        ],
        kind=statement.kind,
        kind_cues=[
            {
                "id": cue.id,
                "words": cue.words,
                "kind": cue.kind.value,
                "weight": cue.weight,
                "reads": cue.reads,
            }
            for cue in statement.kind_cues
        ],
    )
    try:
        with transaction.atomic():
            position.save()
    except IntegrityError:  # the same statement, recorded by another worker meanwhile
        return Position.objects.get(speaker=speaker, quote_fingerprint=position.quote_fingerprint)
    # Suggested by the statement's words; editors add the rest.
    position.tags.set(Tag.objects.filter(slug__in=statement.tags))
    return position


# What a review vouches for: a change to any of these in a published position is unreviewed.
REVIEWED_FIELDS = (
    "speaker",
    "reported_role",
    "quote",
    "is_direct",
    "context",
    "said_on",
    "said_precision",
    "stance",
    "kind",
    "event",
)


def positions_dates_refresh(position_ids: Iterable[int] | QuerySet) -> None:
    """Each position's first-reported date (the earliest publication date among its
    sources) and its place on the timeline (the date said, else that), in one UPDATE."""
    earliest = (
        Citation.objects.filter(position=OuterRef("pk"), article__published_on__isnull=False)
        .order_by("article__published_on")
        .values("article__published_on")[:1]
    )
    Position.objects.filter(pk__in=position_ids).update(
        reported_on=Subquery(earliest), dated_on=Coalesce("said_on", Subquery(earliest))
    )


def positions_sample_lines(speaker: Speaker, *, limit: int = 3) -> list[str]:
    """A speaker's latest statements as short lines, for an editor deciding a merge."""
    latest = Position.objects.filter(speaker=speaker).newest_first()[:limit]
    return [
        f"{position.said_on_display}: “{shorten(position.quote, width=90, placeholder=' …')}” "
        f"({position.get_status_display().lower()})"
        for position in latest
    ]


def positions_move_to_speaker(keep: Speaker, duplicate: Speaker) -> dict[str, int]:
    """The step speakers.speaker_merge asks of positions: the duplicate's positions go to
    the kept speaker, and a statement both were credited with becomes one position, with
    the reports, tags and the more advanced review of both."""
    moved = folded = 0
    kept_positions = {p.quote_fingerprint: p for p in Position.objects.filter(speaker=keep)}
    for position in Position.objects.filter(speaker=duplicate).prefetch_related("tags"):
        same = kept_positions.get(position.quote_fingerprint)
        if same is None:
            position.speaker = keep
            position.save(update_fields=["speaker", "updated_at"])
            moved += 1
            continue
        reported_in = set(same.citations.values_list("article_id", flat=True))
        position.citations.exclude(article_id__in=reported_in).update(position=same)
        same.tags.add(*position.tags.all())
        if _review_rank(position.status) > _review_rank(same.status):
            same.status = position.status
            same.reviewed_by_id, same.reviewed_at = position.reviewed_by_id, position.reviewed_at
            same.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        position.delete()
        folded += 1
    return {"positions_moved": moved, "positions_folded": folded}


def _review_rank(status: str) -> int:
    # An approval outranks a pending candidate; a rejection outranks nothing.
    return {"approved": 2, "pending": 1}.get(status, 0)


def can_review(user: object) -> bool:
    return user.has_perms(["positions.review_position", "positions.change_position"])


def reviewed_fields_changed(
    stored: Position, edited: Position, *, tags: Iterable[Tag] | None = None
) -> list[str]:
    """The reviewed fields (and tags, where given) in which `edited` differs from `stored`."""
    changed = [
        name
        for name in REVIEWED_FIELDS
        if getattr(stored, Position._meta.get_field(name).attname)
        != getattr(edited, Position._meta.get_field(name).attname)
    ]
    if tags is not None and {tag.pk for tag in tags} != set(
        stored.tags.values_list("pk", flat=True)
    ):
        changed.append("tags")
    return changed


def position_edited(
    position: Position, *, stored: Position, changed: Sequence[str], by: object
) -> None:
    """Settle the review state of an edit before it is saved.

    Status and reviewer always come from the stored row, never from a form or an old
    version in the history. A published position whose reviewed fields changed goes back
    to review, unless the editor may review: then the edit is reviewed by them, now.
    """
    position.status = stored.status
    position.reviewed_by_id = stored.reviewed_by_id
    position.reviewed_at = stored.reviewed_at
    reason = f"Edited {', '.join(changed)}" if changed else "Edited"
    if changed and stored.status == Position.Status.APPROVED:
        if can_review(by):
            position.reviewed_by = by
            position.reviewed_at = timezone.now()
            reason += f"; reviewed by {by}"
        else:
            position.status = Position.Status.PENDING
            position.reviewed_by = None
            position.reviewed_at = None
            reason += "; back to review"
    position._change_reason = reason


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    """The tags with these names, made where they do not exist yet."""
    tags = []
    for name in dict.fromkeys(name.strip() for name in names):
        slug = slugify(name)[:80]
        if not slug:
            raise ValueError(f"“{name}” cannot be a tag: it needs letters or digits.")
        tag = Tag.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
        tags.append(tag or Tag.objects.create(name=name[:80], slug=slug))
    return tags
