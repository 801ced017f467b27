"""Stance from cue phrases, on sentences written for these tests."""

from __future__ import annotations

import pytest

from apps.extraction import Stance
from apps.extraction.stance import classify_stance


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Ukraine must never join NATO", Stance.OPPOSES),
        ("it is too soon to give Ukraine a membership action plan", Stance.OPPOSES),
        ("Ukraine's membership of the alliance is excluded", Stance.OPPOSES),
        ("the talk of joining NATO was the reason the whole thing started", Stance.OPPOSES),
        ("we will do everything to prevent Ukraine's accession", Stance.OPPOSES),
        ("I don't think Ukraine is ready for membership", Stance.CONDITIONAL),
        ("there is no unanimity among allies on bringing Ukraine in", Stance.CONDITIONAL),
        ("Ukraine must clean up corruption before it joins", Stance.CONDITIONAL),
        ("Ukraine will join NATO once the war is over", Stance.SUPPORTS_AFTER_WAR),
        ("the path to membership is irreversible", Stance.SUPPORTS_AFTER_WAR),
        ("Ukraine's rightful place is in NATO", Stance.SUPPORTS_LONG_TERM),
        ("accession should not depend on who controls the territory", Stance.SUPPORTS_LONG_TERM),
        ("Ukraine would join the alliance as a sovereign country", Stance.SUPPORTS_LONG_TERM),
        ("we need an invitation now, without delay", Stance.SUPPORTS_NOW),
        (
            "security guarantees are possible without membership, instead of it",
            Stance.ALTERNATIVE_GUARANTEES,
        ),
        ("NATO would stand by the language of Bucharest in 2008", Stance.SUPPORTS_LONG_TERM),
        (
            "we cannot think of security through the prism of NATO only",
            Stance.ALTERNATIVE_GUARANTEES,
        ),
        (
            "NATO was the reason for the invasion, the prospect of Ukraine eventually joining",
            Stance.OPPOSES,
        ),
        ("it is too early to say when", Stance.NEUTRAL),
        ("the weather was fine", Stance.NEUTRAL),
    ],
)
def test_cues_decide_the_stance(quote, expected):
    assert classify_stance(quote).stance == expected


def test_a_speakers_country_decides_a_quote_without_cues():
    assert classify_stance("this is a question for later").stance == Stance.NEUTRAL
    assert classify_stance("this is a question for later", speaker_country="RU").stance == (
        Stance.OPPOSES
    )


def test_what_a_speaker_usually_says_decides_a_quote_without_cues_but_not_against_them():
    assert classify_stance(
        "this is a question for later", usual_stance="opposes_membership"
    ).stance == (Stance.OPPOSES)
    # Clear words outweigh the record.
    assert (
        classify_stance(
            "Ukraine must receive an invitation without delay", usual_stance="opposes_membership"
        ).stance
        == Stance.SUPPORTS_NOW
    )
