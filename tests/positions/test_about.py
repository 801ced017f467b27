"""The About and methodology page, linked from every page and the fetcher's User-Agent, and
the way to report an error in a position."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from apps.positions.stances import Stance
from tests.positions.factories import CitationFactory

pytestmark = pytest.mark.django_db


def test_the_about_page_explains_statements_stances_review_and_citing(client):
    response = client.get(reverse("positions:about"))
    html = response.content.decode()
    assert response.status_code == 200
    for stance in Stance:
        assert stance.label in html
    for heading in ["What counts as a statement", "How statements are found and reviewed",
                    "Coverage and its limits", "How to cite", "Reporting an error"]:  # fmt: skip
        assert heading in html


def test_every_page_links_the_about_page_and_the_fetcher_names_it(client):
    html = client.get(reverse("positions:timeline")).content.decode()
    assert f'href="{reverse("positions:about")}"' in html
    assert django_settings.FETCH_USER_AGENT.endswith(f"{django_settings.SITE_URL}/about/)")


def test_a_position_page_offers_to_report_an_error_where_an_address_is_set(client, settings):
    position = CitationFactory().position
    url = reverse("positions:detail", args=[position.pk])
    settings.REPORT_ERROR_ADDRESS = ""
    assert "Report an error" not in client.get(url).content.decode()
    settings.REPORT_ERROR_ADDRESS = "corrections@example.org"
    html = client.get(url).content.decode()
    assert "Report an error" in html
    assert "mailto:corrections@example.org?subject=" in html
    assert f"position%20{position.pk}" in html
