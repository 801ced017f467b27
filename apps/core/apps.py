from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib import admin

        from apps.core import checks  # noqa: F401 - registers the deploy checks
        from apps.core.login_throttle import ThrottledAdminLoginForm

        admin.site.login_form = ThrottledAdminLoginForm
