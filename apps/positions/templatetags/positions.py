"""Template helpers for showing positions."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from apps.positions.card_data import highlight
from apps.positions.models import Position

register = template.Library()


@register.simple_tag
def highlighted_quote(position: Position, text: str = "") -> SafeString:
    """The quote, escaped, with searched words marked."""
    return highlight(position.quote, text, getattr(position, "highlighted", None) if text else None)


@register.filter
def web_link(url: str) -> bool:
    """Only web addresses become links; pasted texts and files have internal identifiers."""
    return url.startswith(("https://", "http://"))


@register.filter
def stance_class(value: str) -> str:
    """The class giving a stance its colour (site.css): a class, not a style attribute,
    which the Content-Security-Policy would refuse."""
    from apps.positions.stances import Stance

    return f"stance-colour-{value}" if value in Stance.values else ""


@register.filter
def stance_label(value: str) -> str:
    """ "Supports membership now" for its code."""
    from apps.positions.stances import Stance

    return Stance(value).label if value in Stance.values else value


@register.filter
def country_name(code: str) -> str:
    from apps.core.countries import country_name as name

    return name(code)
