"""Playwright on Debian's Chromium, against the test server pytest-django starts."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import need

# Playwright's sync API keeps an event loop running in the test thread; the tests still use
# the ORM synchronously, which Django allows once told so.
# https://playwright.dev/python/docs/library#incompatible-with-selectoreventloop-of-asyncio-on-windows
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Chromium's own background traffic (updates, sync, DNS prefetch) is blocked here; these
# switches keep it from trying.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    need(
        bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)),
        f"browser tests need Chromium at {CHROMIUM}",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
