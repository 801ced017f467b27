"""Each count beside a filter value is what the timeline would hold with that value chosen
and the other filters kept: counts and results come from one definition of each filter."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from apps.positions.facets import timeline_facets
from apps.positions.models import INDEPENDENT_SOURCE, Position, Tag
from apps.positions.stances import Stance
from apps.positions.timeline import TimelineFilters, filtered_positions
from apps.sources.models import Outlet
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.sources.factories import OutletFactory
from tests.speakers.factories import OrganisationFactory, RoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assorted():
    """Speakers of three countries and two organisations (one through a role), with
    positions of every stance over a few years, reported by up to two of three outlets
    and tagged with up to two of three tags."""
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    nato, eu = OrganisationFactory(slug="nato"), OrganisationFactory(slug="eu")
    speakers = [
        SpeakerFactory(slug=f"speaker-{index}", country=country, organisation=organisation)
        for index, (country, organisation) in enumerate(
            [("UA", None), ("DE", nato), ("DE", None), ("HU", eu), ("UA", nato)]
        )
    ]
    RoleFactory(speaker=speakers[2], organisation=eu)
    outlets = [OutletFactory(name=f"Outlet {letter}") for letter in "abc"]
    tags = [TagFactory(name=f"tag {letter}") for letter in "abc"]
    for _ in range(60):
        position = PositionFactory(
            speaker=rng.choice(speakers),
            stance=rng.choice(list(Stance)),
            said_on=dt.date(rng.randrange(2019, 2025), rng.randrange(1, 13), 1),
            status=Position.Status.APPROVED,
        )
        for outlet in rng.sample(outlets, rng.randrange(0, 3)):
            CitationFactory(position=position, article__outlet=outlet)
        position.tags.add(*rng.sample(tags, rng.randrange(0, 3)))


FILTER_STATES = [
    TimelineFilters(),
    TimelineFilters(stances=(Stance.OPPOSES.value, Stance.CONDITIONAL.value)),
    TimelineFilters(country="DE"),
    TimelineFilters(organisation="eu", date_from=dt.date(2021, 1, 1)),
    TimelineFilters(speakers=("speaker-0", "speaker-4"), stances=(Stance.OPPOSES.value,)),
    TimelineFilters(organisation="nato", country="UA", date_to=dt.date(2023, 6, 1)),
    TimelineFilters(outlet="outlet-a", stances=(Stance.OPPOSES.value, Stance.NEUTRAL.value)),
    TimelineFilters(tag="tag-b", country="DE"),
    TimelineFilters(outlet="outlet-c", tag="tag-a"),
]


@pytest.mark.parametrize("filters", FILTER_STATES)
def test_every_count_is_the_timeline_with_that_value_chosen(assorted, filters):
    def count(**chosen) -> int:
        return filtered_positions(replace(filters, **chosen)).count()

    facets = timeline_facets(filters)
    assert facets.total == filtered_positions(filters).count()
    for value in facets.stances:
        assert value.count == count(stances=(value.value,)), value
    for value in facets.speakers:
        assert value.count == count(speakers=(value.value,)), value
    for value in facets.countries:
        assert value.count == count(country=value.value), value
    for value in facets.organisations:
        assert value.count == count(organisation=value.value), value
    assert {value.value for value in facets.organisations} <= {"nato", "eu"}
    # Every outlet and tag that any matching position has is listed, most first; a chosen
    # outlet no position has stays listed, with none.
    outlets = {slug: count(outlet=slug) for slug in Outlet.objects.values_list("slug", flat=True)}
    expected = {slug: n for slug, n in outlets.items() if n or slug == filters.outlet}
    assert {value.value: value.count for value in facets.outlets} == expected
    tags = {slug: count(tag=slug) for slug in Tag.objects.values_list("slug", flat=True)}
    assert {value.value: value.count for value in facets.tags} == {
        s: n for s, n in tags.items() if n
    }
    for listed in (facets.outlets, facets.tags):
        assert listed
        assert [value.count for value in listed] == sorted(
            (value.count for value in listed), reverse=True
        )


def test_no_outlet_kind_is_called_independent():
    # Each position's source_kinds (migration 0015) holds outlet kinds and this marker.
    assert INDEPENDENT_SOURCE not in Outlet.Kind.values
