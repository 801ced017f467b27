"""What can be checked mechanically in the starter data (apps/positions/starter_data.json):
every source is either verified against a stored copy, with a verbatim excerpt holding
the quote at the offsets given, or marked as such; every outlet behind a citation has a
kind; a direct quote appears in its verified excerpt."""

from __future__ import annotations

import re

import pytest

from apps.positions.starter import read_starter_data

DATA = read_starter_data()
SOURCES = [(index, source) for index, p in enumerate(DATA["positions"]) for source in p["sources"]]
VERIFIED = [(index, source) for index, source in SOURCES if "excerpt" in source]


def normalised(text: str) -> str:
    """Typographic quotes and dashes as plain ones, runs of space as one."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip(" \"'.,").lower()


def test_every_source_is_verified_or_says_its_context_is_not_stored():
    unmarked = [i for i, s in SOURCES if "excerpt" not in s and s.get("context") != "not stored"]
    assert unmarked == []
    assert len(VERIFIED) >= len(DATA["positions"]) * 0.6  # most positions rest on one


@pytest.mark.parametrize(("index", "source"), VERIFIED)
def test_a_verified_source_records_where_and_when_it_was_checked(index, source):
    excerpt = source["excerpt"]
    assert 0 <= source["quote_start"] < source["quote_end"] <= len(excerpt)
    assert len(excerpt) <= 1200, "an excerpt is a few sentences"
    assert source["stored_copy"].startswith("http")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["retrieved"])
    # A title and a date, or the record says which the stored copy did not show.
    for field in ("title", "published"):
        assert source.get(field) or field in source.get("missing", []), field


@pytest.mark.parametrize(
    ("index", "source"),
    [(i, s) for i, s in VERIFIED if DATA["positions"][i]["direct"]],
)
def test_a_direct_quote_is_the_words_of_its_verified_excerpt(index, source):
    quoted = source["excerpt"][source["quote_start"] : source["quote_end"]]
    same = normalised(DATA["positions"][index]["quote"]) == normalised(quoted)
    # A report in other words (another translation) says so; only such a report may differ.
    assert same != (source.get("wording") == "other")


def test_a_direct_quote_stands_in_its_own_words_in_at_least_one_excerpt():
    only_other_words = [
        index
        for index, position in enumerate(DATA["positions"])
        if position["direct"]
        and any("excerpt" in source for source in position["sources"])
        and all(
            source.get("wording") == "other"
            for source in position["sources"]
            if "excerpt" in source
        )
    ]
    assert only_other_words == []


def test_every_outlet_behind_a_citation_has_a_kind():
    used = {source["outlet"] for _, source in SOURCES}
    kinds = {outlet["domain"]: outlet["kind"] for outlet in DATA["outlets"]}
    assert {
        domain: kinds.get(domain) for domain in used if kinds.get(domain) in {None, "other"}
    } == {}


def test_one_speaker_on_one_day_is_one_position_unless_the_data_says_why():
    by_occasion: dict[tuple[str, str], list[dict]] = {}
    for position in DATA["positions"]:
        by_occasion.setdefault((position["speaker"], position["said_on"]), []).append(position)
    unexplained = [
        occasion
        for occasion, positions in by_occasion.items()
        if len(positions) > 1 and not all(p.get("separate_because") for p in positions)
    ]
    assert unexplained == []


def test_an_irreversible_path_is_labelled_one_way():
    labels = {p["stance"] for p in DATA["positions"] if "irreversible path" in p["quote"].lower()}
    assert labels == {"supports_membership_after_war"}
