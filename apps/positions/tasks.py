"""Thin Celery tasks over the timeline's functions; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from apps.positions.facets import warm_counts
from apps.positions.timeline import refresh_planner_statistics


@shared_task(acks_late=True)
def warm_timeline_counts() -> int:
    """Keep the landing views' counts computed, so no visitor waits for them after a change."""
    return warm_counts()


@shared_task(acks_late=True)
def refresh_timeline_statistics() -> bool:
    """Keep the planner's picture of tags, outlets and speakers current (nightly)."""
    return refresh_planner_statistics()
