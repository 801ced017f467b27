"""Errors that views raise and the site answers with a page of its own."""

from __future__ import annotations

from django.core.exceptions import BadRequest as DjangoBadRequest


class BadRequest(DjangoBadRequest):
    """Input a view cannot use; Django answers 400 with the message on the error page."""
