"""The timeline's cache version: counts and cards are kept under a number every change to
what the timeline shows bumps (signals.py), so nothing stale is ever served."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.cache import cache

if TYPE_CHECKING:
    from apps.positions.timeline import TimelineFilters


# Facet counts change only when positions, citations or names change: they are cached
# under a version number that every such change bumps (see signals.py).
FACETS_TTL = 600
VERSION_KEY = "timeline-version"


def data_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_data_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, None)


def cache_key(kind: str, filters: TimelineFilters) -> str:
    digest = hashlib.sha1(
        repr(sorted(filters.__dict__.items())).encode(), usedforsecurity=False
    ).hexdigest()
    return f"{kind}:{data_version()}:{digest}"
