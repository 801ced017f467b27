"""A Redis cache the site outlives: when Redis fails, pages are served from the database.

Every operation that fails with a Redis error is logged and counted, answers as a miss
(reads give the default, writes do nothing, `add` grants what it guards), and the cache
is not tried again for `retry_after` seconds, so an outage costs one timeout, not one per
query. When Redis answers again the cache is emptied first: what was written before the
outage may be stale, since the changes made during it could not invalidate it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
# Short: a cache that takes longer than this to answer is slower than the database.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
_DOWN = object()


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("retry_after", 10))
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_OPTIONS, **options}})
        self.failures = 0
        self._down_until = 0.0
        self._was_down = False

    def _guarded(self, operation: str, call: Callable[[], Result], fallback: Result) -> Result:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            if self._was_down:
                super().clear()  # back after an outage: drop what may have gone stale
                self._was_down = False
                logger.warning("The cache answers again; it was emptied.")
            return call()
        except RedisError as error:
            self.failures += 1
            self._was_down = True
            self._down_until = time.monotonic() + self.retry_after
            logger.warning(
                "Cache %s failed (%s failures so far); serving from the database: %s",
                operation,
                self.failures,
                error,
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self._guarded("get", lambda: RedisCache.get(self, key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded("has_key", lambda: RedisCache.has_key(self, key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set", lambda: RedisCache.set(self, key, value, timeout, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set_many", lambda: RedisCache.set_many(self, data, timeout, version), list(data)
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # What `add` guards (a turn, a claim) is granted: waiting forever on a dead cache
        # would stop the work it spaces out.
        return self._guarded(
            "add", lambda: RedisCache.add(self, key, value, timeout, version), True
        )

    def incr(self, key, delta=1, version=None):
        result = self._guarded("incr", lambda: RedisCache.incr(self, key, delta, version), _DOWN)
        if result is _DOWN:
            # As for a missing key: the caller then sets it, which also fails softly.
            raise ValueError(f"Key {key!r} not found: the cache is down.")
        return result

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guarded("delete", lambda: RedisCache.delete(self, key, version), False)

    def delete_many(self, keys, version=None):
        return self._guarded(
            "delete_many", lambda: RedisCache.delete_many(self, keys, version), None
        )

    def clear(self):
        return self._guarded("clear", lambda: RedisCache.clear(self), False)
