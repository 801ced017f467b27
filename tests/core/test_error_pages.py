"""Error pages speak to people and show nothing of the server."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_address_that_matches_nothing_gets_a_friendly_page_without_the_url_patterns(
    client, settings
):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing at this address." in html
    assert "tried" not in html
    assert "pattern" not in html.lower()
    assert "/work/" not in html
    assert "speakers/" not in html.split("<main", 1)[-1]


def test_a_view_that_names_what_is_missing_still_says_it(client, settings):
    settings.DEBUG = False
    response = client.get("/?page=999")
    assert response.status_code == 404
    assert "There is no page 999 for this filter." in response.content.decode()
