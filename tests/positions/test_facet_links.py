"""The outlet and tag ids each position carries on PostgreSQL for the timeline's counts
(migration 0013): kept by triggers through every way citations and tags change, and
counting what the joins they replace counted."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.positions.facets import timeline_facets
from apps.positions.models import Citation, Position
from apps.positions.timeline import TimelineFilters
from apps.sources.models import Outlet
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.sources.factories import ArticleFactory, OutletFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres")]


def links(position: Position) -> tuple[list[int], list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT outlet_ids, tag_ids FROM positions_position WHERE id = %s", [position.pk]
        )
        outlet_ids, tag_ids = cursor.fetchone()
    return outlet_ids, tag_ids


def test_citations_and_tags_are_mirrored_on_the_position():
    position = PositionFactory()
    assert links(position) == ([], [])
    reuters, kyiv = OutletFactory(name="Reuters"), OutletFactory(name="Kyiv Independent")
    CitationFactory(position=position, article=ArticleFactory(outlet=reuters))
    CitationFactory(position=position, article=ArticleFactory(outlet=reuters))
    CitationFactory(position=position, article=ArticleFactory(outlet=kyiv))
    CitationFactory(position=position, article=ArticleFactory(outlet=None))
    assert links(position)[0] == sorted([reuters.pk, kyiv.pk])

    nato, vilnius = TagFactory(name="nato"), TagFactory(name="vilnius")
    position.tags.add(nato, vilnius)
    assert links(position)[1] == sorted([nato.pk, vilnius.pk])
    position.tags.remove(nato)
    assert links(position)[1] == [vilnius.pk]
    position.tags.clear()
    assert links(position)[1] == []

    # An article moved to another outlet moves its citations (a queryset update).
    kyiv_article = Citation.objects.get(position=position, outlet=kyiv).article
    kyiv_article.outlet = reuters
    kyiv_article.save()
    assert links(position)[0] == [reuters.pk]
    Citation.objects.filter(position=position).delete()
    assert links(position)[0] == []


def test_a_bulk_insert_refreshes_every_position_it_touches():
    positions = PositionFactory.create_batch(3)
    outlet = OutletFactory()
    articles = ArticleFactory.create_batch(3, outlet=outlet)
    Citation.objects.bulk_create(
        Citation(position=p, article=a, outlet=outlet, quote_start=0, quote_end=1)
        for p, a in zip(positions, articles, strict=True)
    )
    assert [links(p)[0] for p in positions] == [[outlet.pk]] * 3


def test_saving_a_position_keeps_its_links():
    position = CitationFactory().position
    before = links(position)
    position.quote = "Ukraine's future is in NATO."
    position.save()
    assert links(position) == before != ([], [])


def test_counts_from_the_arrays_match_the_joins(settings):
    reuters, kyiv = OutletFactory(name="Reuters"), OutletFactory(name="Kyiv Independent")
    nato = TagFactory(name="nato")
    for index, outlets in enumerate([[reuters], [reuters, reuters, kyiv], [kyiv], []]):
        position = PositionFactory(stance="conditional" if index % 2 else "opposes_membership")
        position.tags.add(nato) if index < 2 else None
        for outlet in outlets:
            CitationFactory(position=position, article=ArticleFactory(outlet=outlet))
    PositionFactory(status=Position.Status.PENDING).tags.add(nato)

    for filters in (TimelineFilters(), TimelineFilters(stances=("conditional",))):
        from_arrays = timeline_facets(filters)
        settings.IS_POSTGRES = False  # the joins SQLite uses
        from_joins = timeline_facets(filters)
        settings.IS_POSTGRES = True
        assert from_arrays.outlets == from_joins.outlets
        assert from_arrays.tags == from_joins.tags
    facets = timeline_facets(TimelineFilters())
    assert {value.label: value.count for value in facets.outlets} == {
        "Reuters": 2,
        "Kyiv Independent": 2,
    }
    assert {value.label: value.count for value in facets.tags} == {"nato": 2}


def test_rare_speakers_and_outlets_are_known_to_the_planner():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attstattarget FROM pg_attribute "
            "WHERE (attrelid, attname) IN (('positions_position'::regclass, 'speaker_id'), "
            "('positions_position'::regclass, 'outlet_ids'), "
            "('positions_position'::regclass, 'tag_ids'), "
            "('positions_citation'::regclass, 'outlet_id'), "
            "('positions_position_tags'::regclass, 'tag_id'))"
        )
        targets = {(table, column): target for table, column, target in cursor.fetchall()}
    assert len(targets) == 5
    assert set(targets.values()) == {1000}, targets


def test_the_outlet_and_tag_filters_read_the_arrays_also_inside_a_subquery():
    reuters, kyiv = OutletFactory(name="Reuters"), OutletFactory(name="Kyiv Independent")
    nato = TagFactory(name="nato")
    cited = CitationFactory(article=ArticleFactory(outlet=reuters)).position
    cited.tags.add(nato)
    CitationFactory(article=ArticleFactory(outlet=kyiv))
    matching = Position.objects.reported_by([reuters.pk]).tagged([nato.pk])
    assert "outlet_ids" in str(matching.query)
    assert list(matching) == [cited]
    # As a subquery the positions table has another alias, which the filter follows.
    citations = Citation.objects.filter(position__in=matching)
    assert [citation.position_id for citation in citations] == [cited.pk]
    assert not Position.objects.reported_by([kyiv.pk]).tagged([nato.pk]).exists()


def test_a_filter_that_can_match_nothing_counts_nothing():
    CitationFactory().position.tags.add(TagFactory(name="nato"))
    # An organisation nobody belongs to: no speaker ids, a query Django knows is empty.
    facets = timeline_facets(TimelineFilters(organisation="nobody-belongs"))
    assert (facets.total, facets.outlets, facets.tags) == (0, [], [])


def lead_outlet(position: Position) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lead_outlet FROM positions_position WHERE id = %s", [position.pk])
        return cursor.fetchone()[0]


def test_each_position_carries_its_first_outlet_by_name_for_the_table_order():
    position = PositionFactory()
    assert lead_outlet(position) is None
    reuters, kyiv = OutletFactory(name="Reuters"), OutletFactory(name="Kyiv Independent")
    CitationFactory(position=position, article=ArticleFactory(outlet=reuters))
    assert lead_outlet(position) == "Reuters"
    CitationFactory(position=position, article=ArticleFactory(outlet=kyiv))
    assert lead_outlet(position) == "Kyiv Independent"
    # A renamed outlet reorders what it reported; a save that keeps the name changes nothing.
    kyiv.name = "The Kyiv Independent"
    kyiv.save()
    assert lead_outlet(position) == "Reuters"
    reuters.save()
    assert lead_outlet(position) == "Reuters"
    Citation.objects.filter(position=position, outlet=reuters).delete()
    assert lead_outlet(position) == "The Kyiv Independent"


def source_kinds(position: Position) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_kinds FROM positions_position WHERE id = %s", [position.pk])
        return cursor.fetchone()[0]


def test_each_position_carries_the_kinds_of_outlets_that_reported_it():
    official = OutletFactory(name="Government", kind=Outlet.Kind.OFFICIAL)
    state_paper = OutletFactory(name="State Daily", state_controlled=True)
    position = CitationFactory(article=ArticleFactory(outlet=state_paper)).position
    assert source_kinds(position) == ["newspaper"]
    CitationFactory(position=position, article=ArticleFactory(outlet=official))
    assert source_kinds(position) == ["independent", "newspaper", "official"]
    # Re-rating an outlet re-rates what it reported.
    state_paper.kind, state_paper.state_controlled = Outlet.Kind.NEWS_AGENCY, False
    state_paper.save()
    assert source_kinds(position) == ["independent", "news_agency", "official"]
    official.state_controlled = True
    official.save()
    Citation.objects.filter(position=position, outlet=state_paper).delete()
    assert source_kinds(position) == ["official"]


def test_the_reported_by_filter_reads_the_kinds_and_keeps_what_the_joins_kept(settings):
    agency = OutletFactory(kind=Outlet.Kind.NEWS_AGENCY, state_controlled=True)
    blog = OutletFactory(kind=Outlet.Kind.BLOG)
    for outlets in ([agency], [blog], [agency, blog], []):
        position = PositionFactory(status=Position.Status.APPROVED)
        for outlet in outlets:
            CitationFactory(position=position, article=ArticleFactory(outlet=outlet))
    for source in ("news_agency", "blog", "official", "independent"):
        from_arrays = Position.objects.reported_by_kind(source)
        assert "source_kinds" in str(from_arrays.query)
        settings.IS_POSTGRES = False  # the join SQLite uses
        from_joins = set(Position.objects.reported_by_kind(source).values_list("pk", flat=True))
        settings.IS_POSTGRES = True
        assert set(from_arrays.values_list("pk", flat=True)) == from_joins, source
    assert Position.objects.reported_by_kind("independent").count() == 2


def test_the_nightly_task_tells_the_planner_of_a_tag_new_since_the_last_statistics(settings):
    from apps.positions.tasks import refresh_timeline_statistics

    tag = TagFactory(name="newly started")
    for _ in range(3):
        PositionFactory().tags.add(tag)

    def tags_known() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::int[] FROM pg_stats "
                "WHERE tablename = 'positions_position' AND attname = 'tag_ids'"
            )
            row = cursor.fetchone()
        return (row and row[0]) or []

    assert refresh_timeline_statistics.delay().get() is True
    assert tag.pk in tags_known()
    assert "refresh-timeline-statistics" in settings.CELERY_BEAT_SCHEDULE
