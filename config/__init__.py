"""Project configuration; importing it binds @shared_task to our Celery app."""

from __future__ import annotations

from config.celery import app as celery_app

__all__ = ("celery_app",)
