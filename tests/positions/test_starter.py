"""The starter data: real, dated, sourced positions, loaded once however often it runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from apps.core.dates import PartialDate
from apps.positions.models import Citation, Position
from apps.positions.stances import Stance
from apps.positions.starter import read_starter_data, starter_data_load
from apps.promises.models import Promise
from apps.speakers.models import Speaker

pytestmark = pytest.mark.django_db


def test_the_file_covers_every_year_from_2008_to_2026_with_enough_speakers_and_summits():
    data = read_starter_data()
    positions = data["positions"]
    years = {PartialDate.parse(item["said_on"]).date.year for item in positions}
    assert len(positions) >= 60
    assert len({item["speaker"] for item in positions}) >= 20
    assert years == set(range(2008, 2027))
    events = Counter(item["event"] for item in positions)
    for summit in ("Bucharest summit 2008", "Vilnius summit 2023", "Washington summit 2024"):
        assert events[summit] >= 1, summit


def test_every_position_is_sourced_short_and_labelled():
    for item in read_starter_data()["positions"]:
        assert item["sources"], item
        assert all(source["url"].startswith(("https://", "http://")) for source in item["sources"])
        assert 0 < len(item["quote"]) <= 400, item["quote"]
        assert item["stance"] in Stance.values
        PartialDate.parse(item["said_on"])


def loaded_counts() -> tuple[int, ...]:
    """Rows and history entries the starter data makes."""
    return (
        Position.objects.count(),
        Citation.objects.count(),
        Speaker.objects.count(),
        # `make run` loads on every start: an unchanged position gets no history entry.
        Position.history.count(),
        Promise.objects.count(),
        Promise.history.count(),
    )


def test_loading_twice_changes_nothing():
    first = starter_data_load()
    counts = loaded_counts()
    second = starter_data_load()
    assert first.positions_created == first.positions_total
    assert second.positions_created == 0
    assert loaded_counts() == counts
    # A position changed since is put back as the data says, and that is recorded.
    changed = Position.objects.filter(method="starter data").first()
    stance = changed.stance
    Position.objects.filter(pk=changed.pk).update(
        stance="neutral_or_procedural" if stance != "neutral_or_procedural" else "conditional"
    )
    starter_data_load()
    changed.refresh_from_db()
    assert changed.stance == stance
    assert Position.history.count() == counts[3] + 1


def test_starter_positions_are_approved_and_show_the_role_of_their_day():
    starter_data_load()
    assert not Position.objects.exclude(status=Position.Status.APPROVED).exists()
    stoltenberg = Speaker.objects.with_roles().get(slug="jens-stoltenberg")
    rutte = Speaker.objects.with_roles().get(slug="mark-rutte")

    assert stoltenberg.role_on(dt.date(2023, 7, 11)).title == "NATO Secretary General"
    assert stoltenberg.role_on(dt.date(2012, 1, 1)).title == "Prime Minister of Norway"
    assert rutte.role_on(dt.date(2023, 7, 11)).title == "Prime Minister of the Netherlands"
    assert rutte.role_on(dt.date(2025, 6, 25)).title == "NATO Secretary General"


def test_the_tests_starter_snapshot_is_what_the_loader_leaves(starter_data):
    """Most tests restore the starter data from a snapshot (tests/conftest.py): loading it
    for real on top finds nothing to add or change, and the next row gets a fresh id."""
    counts = loaded_counts()
    report = starter_data_load()
    assert report.positions_created == 0
    assert report.positions_total == counts[0] == len(read_starter_data()["positions"])
    assert loaded_counts() == counts
    newest = Speaker.objects.create(full_name="A New Speaker", slug="a-new-speaker")
    assert newest.pk > Speaker.objects.exclude(pk=newest.pk).order_by("-pk").first().pk


def test_reports_in_other_words_are_marked_on_their_citations(starter_data):
    other = [
        (item["speaker"], source["url"])
        for item in read_starter_data()["positions"]
        for source in item["sources"]
        if source.get("wording") == "other"
    ]
    assert other
    marked = Citation.objects.filter(other_wording=True).values_list(
        "position__speaker__full_name", "article__url"
    )
    assert sorted(marked) == sorted(other)


def test_every_starter_citation_marks_its_own_words_in_its_articles_text(starter_data):
    # Some pages are cited by two statements, each with its own passage: the article keeps
    # both, and each citation's offsets mark its own words.
    for item in read_starter_data()["positions"]:
        for source in item["sources"]:
            if "excerpt" not in source:
                continue
            citation = Citation.objects.get(
                position__speaker__full_name=item["speaker"],
                position__quote=item["quote"],
                article__url=source["url"],
            )
            shown = citation.article.text[citation.quote_start : citation.quote_end]
            assert shown == source["excerpt"][source["quote_start"] : source["quote_end"]], source[
                "url"
            ]
