"""Django's Redis cache, failing soft: while Redis is unreachable a read is a miss and a write is dropped.

Nothing Datalek keeps in the cache is the only copy of anything (an import's progress counter, at most), so a
page must not fail because Redis is down; Django's own ``RedisCache`` raises instead. The outage is logged (once
a minute at most, per process); the connect and read timeouts are short (``OPTIONS`` in the settings).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60.0


class FailSoftRedisCache(RedisCache):
    _last_logged = 0.0

    def _unreachable(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - FailSoftRedisCache._last_logged >= LOG_EVERY_SECONDS:
            FailSoftRedisCache._last_logged = now
            logger.warning("The cache (Redis) is unreachable, carrying on without it: %s", exc)

    def _soft(self, fallback: Any, method, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as exc:
            self._unreachable(exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._soft(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None) -> Any:
        return self._soft(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._soft(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._soft(False, super().touch, key, timeout, version)

    def delete(self, key, version=None) -> bool:
        return self._soft(False, super().delete, key, version)

    def get_many(self, keys, version=None) -> dict:
        return self._soft({}, super().get_many, keys, version)

    def has_key(self, key, version=None) -> bool:
        return self._soft(False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._soft(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None) -> None:
        self._soft(None, super().delete_many, keys, version)

    def clear(self) -> None:
        self._soft(None, super().clear)
