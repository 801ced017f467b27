"""Pointing the test process's Celery app at another broker for a while."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from config.celery import app as celery_app

_URL_SETTINGS = ("broker_url", "broker_read_url", "broker_write_url")


@contextmanager
def broker_at(url: str, **options: object) -> Iterator[None]:
    """Publish to (and read from) `url`; Celery resolves its read and write URLs once, so
    all three are set, and pooled connections are dropped before and after."""
    previous = {name: celery_app.conf[name] for name in (*_URL_SETTINGS, *options)}
    celery_app.conf.update(dict.fromkeys(_URL_SETTINGS, url), **options)
    drop_connections()
    try:
        yield
    finally:
        celery_app.conf.update(previous)
        drop_connections()


def drop_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
