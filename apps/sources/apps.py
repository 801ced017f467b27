from __future__ import annotations

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "apps.sources"

    def ready(self) -> None:
        from celery.signals import worker_init
        from django.db.models.signals import post_delete

        from apps.sources.models import Feed
        from apps.sources.services.feed_lists import feed_removed

        worker_init.connect(warm_up_worker, dispatch_uid="sources-warm-up", weak=False)
        post_delete.connect(feed_removed, sender=Feed, dispatch_uid="feed-removed")


def warm_up_worker(**kwargs) -> None:
    """Load the language identifier once at a worker's start, not in the first task."""
    from apps.sources.services.pages import detect_language

    detect_language("Warm up the language identifier.")
