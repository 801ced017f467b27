"""No public address answers 5xx, whatever its parameters: a property-based test over every
URL of the URLconf outside the admin, with arbitrary text in each parameter it reads.

A URL added later without an entry in PARAMETERS fails the coverage test, so it is fuzzed
too. Run on PostgreSQL in CI, where NUL bytes and odd text reach the database for real.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.positions.forms import TimelineFilterForm
from tests.positions.factories import CitationFactory, PositionFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

FILTERS = [TimelineFilterForm.URL_NAMES.get(name, name) for name in TimelineFilterForm().fields]
# What each public view reads from the query string; the timeline's filters are read by
# every view that lists positions.
PARAMETERS: dict[str, list[str]] = {
    "positions:timeline": [*FILTERS, "page"],
    "positions:facets": FILTERS,
    "positions:detail": [],
    "positions:stored_copy": [],
    "positions:table": [*FILTERS, "sort", "page"],
    "positions:matrix": [*FILTERS, "period", "order"],
    "positions:trends": [*FILTERS, "show"],
    "positions:export_csv": [*FILTERS, "sort"],
    "positions:export_json": [*FILTERS, "sort"],
    "positions:feed": [*FILTERS, "page"],
    "positions:health": [],
    "positions:about": [],
    "speakers:suggest": [*FILTERS, "speaker_q"],
    "speakers:detail": ["page"],
    "speakers:directory": ["q", "country", "org", "page"],
    "promises:index": ["speaker", "status", "from", "to"],
    "promises:detail": [],
    "promises:feed": ["page"],
    "digests:subscribe": [],
    "digests:confirm": [],
    "digests:manage": [],
    "digests:unsubscribe": [],
    "digests:view": [],
}

# Text as people and machines send it: any Unicode, digits of other scripts, control
# characters, very long values.
values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["²", "١٢", "-1", "0", "99999999999999999999", "\x00", "\x0c", "’", "%00"]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
)


def public_url_names() -> set[str]:
    def walk(patterns, namespace: str | None = None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace != "admin":
                yield f"{namespace}:{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_public_url_is_fuzzed():
    assert public_url_names() == set(PARAMETERS)
    assert max(len(names) for names in PARAMETERS.values()) <= 16  # all get a value


def address(name: str, token: str, number: int, slug: str) -> str:
    arguments = {
        "positions:detail": [number],
        "positions:stored_copy": [number, number],
        "speakers:detail": [slug],
        "promises:detail": [slug],
        "digests:confirm": [token],
        "digests:manage": [token],
        "digests:unsubscribe": [token],
        "digests:view": ["2025-W10", token],
    }.get(name, [])
    return reverse(name, args=arguments)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.lists(st.tuples(st.text(max_size=12), values), max_size=4),
    chosen=st.lists(values, min_size=16, max_size=16),
    token=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789:_-", max_size=80).filter(bool),
    number=st.integers(min_value=1, max_value=2**31 - 1),
)
def test_no_public_url_answers_5xx(name, query, chosen, token, number, world):
    client = Client(raise_request_exception=False)
    parameters = dict(query)
    for parameter, value in zip(PARAMETERS[name], chosen, strict=False):
        parameters[parameter] = value
    url = address(name, token, number, world.slug)
    response = client.get(url, parameters)
    assert response.status_code < 500, (url, parameters, response.status_code)
    htmx = client.get(url, parameters, headers={"HX-Request": "true", "HX-Target": "results"})
    assert htmx.status_code < 500, (url, parameters, htmx.status_code)


@pytest.fixture
def world():
    speaker = SpeakerFactory(full_name="Jens Stoltenberg", is_confirmed=True)
    CitationFactory(position=PositionFactory(speaker=speaker))
    return speaker
