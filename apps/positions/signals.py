"""Keep cached timeline counts and cards honest: a change to what they show bumps the version.

Only changes the timeline can see count. Ingestion saves articles, pending candidates
and their citations all day; bumping on those would empty the cache for nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from apps.positions.timeline_cache import bump_data_version


def _remember_status(instance, **kwargs) -> None:
    # From __dict__: reading a deferred field here would cost a query per row.
    instance._status_on_load = instance.__dict__.get("status")


def _position_changed(instance, **kwargs) -> None:
    approved = instance.Status.APPROVED
    if approved in {instance.status, getattr(instance, "_status_on_load", None)}:
        bump_data_version()
    instance._status_on_load = instance.status


# Positions whose citations changed inside citations_batched(), refreshed at its end.
_batched: ContextVar[set[int] | None] = ContextVar("citations_batched", default=None)


@contextmanager
def citations_batched() -> Iterator[None]:
    """Inside, a saved citation's position has its dates refreshed once, at the end, with
    the cache version bumped once: a bulk load saves hundreds of citations."""
    from apps.positions.services import positions_dates_refresh

    token = _batched.set(set())
    try:
        yield
        position_ids = _batched.get()
    finally:
        _batched.reset(token)
    if position_ids:
        positions_dates_refresh(position_ids)
        bump_data_version()


def _citation_changed(instance, **kwargs) -> None:
    from apps.positions.models import Position
    from apps.positions.services import positions_dates_refresh

    batched = _batched.get()
    if batched is not None:
        batched.add(instance.position_id)
        return
    positions_dates_refresh([instance.position_id])
    if Position.objects.approved().filter(pk=instance.position_id).exists():
        bump_data_version()


def _article_changed(instance, created: bool = False, update_fields=None, **kwargs) -> None:
    from apps.positions.models import Citation, Position
    from apps.positions.services import positions_dates_refresh

    if created:
        return
    cited = Citation.objects.filter(article=instance)
    if not cited.exists():
        return  # most saves: an article being fetched or read, cited by nothing yet
    if update_fields is None or "published_on" in update_fields:
        # Its publication date may have been corrected: the first-reported dates follow.
        positions_dates_refresh(cited.values("position_id"))
    if cited.filter(position__status=Position.Status.APPROVED).exists():
        bump_data_version()


def _speaker_changed(instance, created: bool = False, **kwargs) -> None:
    # A speaker just created by ingestion has no approved positions yet.
    if not created:
        bump_data_version()


def _tags_changed(instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and getattr(instance, "status", "approved") == "approved":
        bump_data_version()


def _bump(**kwargs) -> None:
    bump_data_version()


def connect() -> None:
    from apps.positions.models import Citation, Event, Position, Tag
    from apps.sources.models import Article, Outlet
    from apps.speakers.models import Organisation, Role, Speaker, SpeakerAlias

    post_init.connect(_remember_status, sender=Position, dispatch_uid="position-status-on-load")
    receivers = {
        Position: _position_changed,
        Citation: _citation_changed,
        Article: _article_changed,
        Speaker: _speaker_changed,
    }
    for model in (Tag, Event, Outlet, Role, Organisation, SpeakerAlias):
        receivers[model] = _bump
    for model, receiver in receivers.items():
        post_save.connect(receiver, sender=model, dispatch_uid=f"bump-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")
    m2m_changed.connect(_tags_changed, sender=Position.tags.through, dispatch_uid="bump-tags")
