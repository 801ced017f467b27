"""Position cards, rendered once per data version and reused by every page that lists them.

Building a card takes most of a timeline request (the speaker's roles, every citation with
its outlet, the tags); its HTML changes only when the data does. So a page asks the cache
for its cards by id and renders only the ones it lacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.positions.card_data import page_of
from apps.positions.timeline_cache import FACETS_TTL, data_version


@dataclass(frozen=True)
class Card:
    pk: int
    # Where the timeline places it: the date said, or (not given) the date first reported.
    dated_on: dt.date | None
    said_precision: str
    html: SafeString


def _card_key(version: int, pk: int, text: str) -> str:
    searched = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16] if text else ""
    return f"card:{version}:{pk}:{searched}"


def position_cards(ids: list[int], *, text: str = "") -> list[Card]:
    """The cards of these positions, in this order, with `text`'s words highlighted."""
    version = data_version()
    keys = {pk: _card_key(version, pk, text) for pk in ids}
    cached = cache.get_many(keys.values())
    cards = {}
    for pk, key in keys.items():
        if key in cached:
            dated_on, said_precision, html = cached[key]
            cards[pk] = Card(pk, dated_on, said_precision, mark_safe(html))  # noqa: S308 - ours
    missing = [pk for pk in ids if pk not in cards]
    fresh = {}
    for position in page_of(missing, text=text):
        html = render_to_string(
            "positions/_cards.html#position_card", {"position": position, "search_text": text}
        )
        precision = position.said_precision if position.date_given else "day"
        cards[position.pk] = Card(position.pk, position.dated_on, precision, html)
        fresh[keys[position.pk]] = (position.dated_on, precision, str(html))
    cache.set_many(fresh, FACETS_TTL)
    return [cards[pk] for pk in ids if pk in cards]


@dataclass
class Month:
    label: str
    cards: list[Card]


def group_by_month(cards: list[Card]) -> list[Month]:
    """Consecutive cards of one month under one heading; undated ones under their own."""
    months: list[Month] = []
    for card in cards:
        if card.dated_on is None:
            label = "Date unknown"
        elif card.said_precision == "year":
            label = str(card.dated_on.year)
        else:
            label = card.dated_on.strftime("%B %Y")
        if not months or months[-1].label != label:
            months.append(Month(label, []))
        months[-1].cards.append(card)
    return months
