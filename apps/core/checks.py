"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs) -> list[Warning]:
    """Emails carry long-lived signed links built on SITE_URL: plain http exposes them."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}; digest emails would link to it without HTTPS.",
            hint="Set SITE_URL to the public https:// address of the site.",
            id="accession.W001",
        )
    ]
