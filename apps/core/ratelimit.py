"""Counting uses of something per fixed window, in the shared cache.

A limit is a safeguard, not a gate the site depends on: when the cache cannot count, the
use is allowed and a line is logged, so a cache outage never locks people out.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def within_limit(key: str, *, limit: int, window: dt.timedelta) -> bool:
    """Count one more use of `key`; False once the window's uses pass `limit`."""
    seconds = max(int(window.total_seconds()), 1)
    bucket = f"ratelimit:{key}:{int(time.time() // seconds)}"
    try:
        if cache.add(bucket, 1, timeout=seconds):
            return True
        return cache.incr(bucket) <= limit
    except ValueError:  # expired between add and incr, or the cache could not count
        return True
    except Exception:  # noqa: BLE001 - any cache failure: let the use through, say so
        logger.warning("Rate limit for %s not counted: the cache failed", key, exc_info=True)
        return True
