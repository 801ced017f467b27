"""Every rule and stance cue runs its examples: rules as data, each with sentences it must
handle, and each stance cue with a counter-example where it must not fire."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.extraction import extract_statements
from apps.extraction.cues import ALL_CUES, STANCE_CUES, suggested_tags
from apps.extraction.evaluation import load_corpus
from apps.extraction.rules import registered_rules
from apps.positions.gazetteer import gazetteer_from_starter_data
from tests.conftest import REPO_ROOT

RULE_EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}-{number}")
    for rule in registered_rules().values()
    for number, example in enumerate(rule.examples, start=1)
]


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_from_starter_data()


def test_every_rule_has_a_purpose_and_an_example():
    for rule in registered_rules().values():
        assert rule.purpose, rule.id
        assert rule.examples, rule.id


@pytest.mark.parametrize(("rule", "example"), RULE_EXAMPLES)
def test_rule_examples(rule, example, gazetteer):
    found = extract_statements(
        example.text, published=dt.date.fromisoformat(example.published), gazetteer=gazetteer
    )
    expect = dict(example.expect)
    if "statements" in expect:
        assert len(found) == expect["statements"], [s.quote for s in found]
        return
    by_rule = [s for s in found if rule.id in s.rules]
    assert by_rule, f"{rule.id} did not fire: {[(s.quote, s.rules) for s in found]}"
    statement = next((s for s in by_rule if s.quote == expect.pop("quote", s.quote)), None)
    assert statement is not None, [(s.quote, s.rules) for s in by_rule]
    got = {
        "speaker": statement.speaker,
        # TOML has no null: an undated statement's example says said_on = "".
        "said_on": statement.said_on.isoformat() if statement.said_on else "",
        "stance": statement.stance.value,
    }
    assert {key: got[key] for key in expect} == expect


def test_every_rule_a_statement_names_is_registered(gazetteer):
    articles, _ = load_corpus(REPO_ROOT / "eval" / "corpus", "dev")
    named = {
        rule
        for article in articles
        for statement in extract_statements(
            article.text, published=article.published, gazetteer=gazetteer
        )
        for rule in statement.rules
    }
    assert named
    assert named <= set(registered_rules())


@pytest.mark.parametrize("cue", ALL_CUES, ids=[cue.id for cue in ALL_CUES])
def test_cue_examples(cue):
    assert cue.search(cue.example.replace("’", "'")), cue.example
    if cue.counter:
        assert not cue.search(cue.counter.replace("’", "'")), cue.counter


def test_every_stance_cue_has_a_counter_example():
    assert all(cue.counter for cue in STANCE_CUES)


def test_no_cue_is_listed_twice():
    assert len({cue.id for cue in ALL_CUES}) == len(ALL_CUES)
    assert len({cue.pattern.pattern for cue in ALL_CUES}) == len(ALL_CUES)


def test_tags_are_suggested_by_the_cues_that_carry_them():
    assert suggested_tags("Ukraine’s path is irreversible, and Budapest vetoed the talks") == (
        "irreversible",
        "veto",
    )
    assert suggested_tags("Ukraine needs weapons") == ()
