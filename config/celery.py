"""The Celery app: settings come from Django's, under the CELERY_ namespace.

https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("accession")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_models_before_the_first_task(**kwargs) -> None:
    """Load the language models once at start (and before forking), not in the first task."""
    from django.conf import settings

    from apps.extraction import parsing
    from apps.sources.services.pages import detect_language

    detect_language("Warm up the language identifier.")
    parsing.load(settings.EXTRACTION_PARSER_MODEL)
