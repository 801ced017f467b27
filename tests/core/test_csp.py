"""The Content-Security-Policy allows the site's own scripts and styles only, and the
stance colours it moved from style attributes into site.css match the palette."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from apps.positions.stances import STANCE_COLOUR
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.django_db


def test_pages_carry_a_policy_without_inline_scripts_or_styles(client):
    response = client.get(reverse("positions:timeline"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_no_template_writes_a_style_attribute_or_an_inline_script():
    offenders = []
    for path in (REPO_ROOT / "templates").rglob("*.html"):
        if "email" in path.parts:
            continue  # mail clients, not browsers under the policy
        text = path.read_text(encoding="utf-8")
        if re.search(r'\sstyle="|<style\b|<script(?![^>]*\bsrc=)(?![^>]*application/json)', text):
            offenders.append(str(path.relative_to(REPO_ROOT)))
    assert offenders == []


def test_the_stance_classes_in_site_css_match_the_palette():
    css = (REPO_ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
    found = dict(
        re.findall(r"\.stance-colour-(\w+) \{ --stance-colour: (#[0-9A-Fa-f]{6}); \}", css)
    )
    assert found == {stance.value: colour for stance, colour in STANCE_COLOUR.items()}
