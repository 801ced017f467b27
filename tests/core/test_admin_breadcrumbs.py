"""The admin pages of our own carry the admin's trail: Home, the app, the model's list,
then the page, as every page the admin makes does."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("admin:positions_position_review", "positions", "positions_position", "Review queue"),
    ("admin:sources_feed_health", "sources", "sources_feed", "Feed health"),
    ("admin:sources_feed_import", "sources", "sources_feed", "Import feeds from OPML"),
    ("admin:sources_article_submit", "sources", "sources_article", "Add an article"),
    ("admin:digests_subscription_preview", "digests", "digests_subscription", "Digest preview"),
]


def assert_admin_trail(html: str, app: str, model: str, title: str) -> None:
    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S)
    assert trail, "no breadcrumbs"
    links = re.findall(r'href="([^"]+)"', trail.group(1))
    assert links == [
        reverse("admin:index"),
        reverse("admin:app_list", kwargs={"app_label": app}),
        reverse(f"admin:{model}_changelist"),
    ]
    assert title in trail.group(1)


@pytest.mark.parametrize(("page", "app", "model", "title"), PAGES)
def test_custom_admin_pages_have_the_admin_trail(client, admin_user, page, app, model, title):
    client.force_login(admin_user)
    assert_admin_trail(client.get(reverse(page)).content.decode(), app, model, title)


def test_the_speaker_merge_page_has_the_admin_trail(client, admin_user):
    client.force_login(admin_user)
    speakers = [SpeakerFactory().pk, SpeakerFactory().pk]
    response = client.post(
        reverse("admin:speakers_speaker_changelist"),
        {"action": "merge", "_selected_action": speakers},
    )
    assert_admin_trail(response.content.decode(), "speakers", "speakers_speaker", "Merge speakers")
