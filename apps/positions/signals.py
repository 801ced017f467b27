"""Keep cached timeline counts honest: any change to what they count bumps the version."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.positions.timeline import bump_data_version


def _bump(**kwargs) -> None:
    bump_data_version()


def connect() -> None:
    from apps.positions.models import Citation, Event, Position, Tag
    from apps.sources.models import Article, Outlet
    from apps.speakers.models import Organisation, Role, Speaker

    for model in (Position, Citation, Tag, Event, Outlet, Article, Speaker, Role, Organisation):
        post_save.connect(_bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")
    m2m_changed.connect(_bump, sender=Position.tags.through, dispatch_uid="bump-position-tags")
