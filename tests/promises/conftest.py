"""Digests of promise updates are sent to the same loopback SMTP server as other digests."""

from __future__ import annotations

from tests.digests.conftest import smtp  # noqa: F401 - a fixture, found by its name
