from __future__ import annotations

from django.apps import AppConfig


class PromisesConfig(AppConfig):
    name = "apps.promises"

    def ready(self) -> None:
        from apps.positions.starter import starter_data_loaded
        from apps.promises.services import promises_move_to_speaker
        from apps.promises.starter import load_with_starter_data
        from apps.speakers.services import register_merge_step

        register_merge_step(promises_move_to_speaker)
        starter_data_loaded.connect(load_with_starter_data, dispatch_uid="promises-starter")
