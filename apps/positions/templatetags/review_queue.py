"""The number of candidates waiting, for the admin's front page."""

from __future__ import annotations

from django import template

from apps.positions.models import Position

register = template.Library()


@register.simple_tag
def pending_count() -> int:
    return Position.objects.filter(status=Position.Status.PENDING).count()
