from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_admin_group_every_permission(**kwargs) -> None:
    """Keep the Admin group complete as later migrations add models and permissions."""
    from django.contrib.auth.models import Group, Permission

    admin_group = Group.objects.filter(name="Admin").first()
    if admin_group is not None:
        admin_group.permissions.set(Permission.objects.all())


class PositionsConfig(AppConfig):
    name = "apps.positions"

    def ready(self) -> None:
        from celery.signals import worker_init

        from apps.positions import ingest, signals
        from apps.positions.services import positions_move_to_speaker
        from apps.sources.signals import article_text_ready
        from apps.speakers.services import register_merge_preview, register_merge_step

        # After every app's signal, not only this one's: apps listed later (digests) get
        # their permissions made after this app's signal has gone.
        post_migrate.connect(grant_admin_group_every_permission)
        signals.connect()
        article_text_ready.connect(ingest.analyse_when_ready, dispatch_uid="positions-analyse")
        worker_init.connect(warm_up_worker, dispatch_uid="positions-warm-up", weak=False)
        register_merge_step(positions_move_to_speaker)
        register_merge_preview(positions_sample)


def positions_sample(speaker) -> list[str]:
    from apps.positions.services import positions_sample_lines

    return positions_sample_lines(speaker)


def warm_up_worker(**kwargs) -> None:
    from apps.positions.ingest import warm_up

    warm_up()
