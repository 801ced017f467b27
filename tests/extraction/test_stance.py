"""Stance from cue phrases, on sentences written for these tests."""

from __future__ import annotations

from collections import Counter

import pytest

from apps.extraction import Stance, parsing, usual_stance
from apps.extraction.kinds import classify_kind
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


def scoped(quote: str):
    return classify_stance(quote, parsing.parse(quote))


def test_with_no_cue_the_label_is_a_weak_default():
    result = scoped("this is a question for later")
    assert (result.stance, result.score) == (Stance.NEUTRAL, 0.0)
    # No cue reads this one's support: the label says the words decide nothing.
    result = scoped("accession should not depend on who controls the territory")
    assert (result.stance, result.score) == (Stance.NEUTRAL, 0.0)
    result = scoped("Ukraine's membership was discussed at the meeting")
    assert (result.stance, result.score) == (Stance.NEUTRAL, 0.0)
    assert [cue.id for cue in result.cues] == ["joining-unqualified"]


def test_the_speakers_usual_stance_labels_only_words_that_decide_nothing():
    usual = Stance.OPPOSES.value
    words = "Ukraine's membership was discussed at the meeting"
    result = classify_stance(words, parsing.parse(words), usual_stance=usual)
    assert (result.stance, result.score) == (Stance.OPPOSES, 0.0)
    assert [(cue.id, cue.words) for cue in result.cues] == [("speaker-usual-stance", "")]
    # A cue in the words decides, whatever the speaker usually says.
    words = "Ukraine will join NATO once the war is over"
    result = classify_stance(words, parsing.parse(words), usual_stance=usual)
    assert result.stance == Stance.SUPPORTS_AFTER_WAR
    # So does joining denied by the sentence.
    words = "There is no possibility of Ukraine joining the alliance"
    supports = Stance.SUPPORTS_NOW.value
    result = classify_stance(words, parsing.parse(words), usual_stance=supports)
    assert (result.stance, result.cues[-1].scope) == (Stance.OPPOSES, "negated")


def test_a_usual_stance_needs_a_record_of_more_than_one_statement():
    assert usual_stance(Counter({"opposes_membership": 1})) == ""
    assert usual_stance(Counter({"opposes_membership": 2, "conditional": 1})) == (
        "opposes_membership"
    )
    # an even split is no habit
    assert usual_stance(Counter({"supports_membership_now": 2, "conditional": 2})) == ""
    assert usual_stance(Counter()) == ""


@pytest.mark.parametrize(
    "quote",
    [
        "We will never accept Ukraine in NATO",
        "I don't think they will ever be able to join NATO",
        "There is no possibility of Ukraine joining the alliance",
        "Ukraine has no intention of bidding to become a member",
    ],
)
def test_joining_denied_by_the_sentence_is_opposed(quote):
    result = scoped(quote)
    assert (result.stance, result.score) == (Stance.OPPOSES, 0.0)
    assert result.cues[-1].scope == "negated"


@pytest.mark.parametrize(
    "quote",
    [
        # what the clause is about, not what it denies
        "Joining the alliance is not a matter to be rushed",
        # "no" that affirms
        "There is no doubt that Ukraine will join the alliance",
        # someone else's view, reported
        "Some say Ukraine should never join",
        # a denial denied, or an effect on joining denied
        "He did not rule out Ukraine's entry into NATO",
        "Talks with Moscow should not affect Ukraine's membership of the alliance",
    ],
)
def test_joining_not_denied_by_the_speaker_stays_the_default(quote):
    assert scoped(quote).stance != Stance.OPPOSES


def test_a_negated_cue_of_support_counts_against_membership():
    words = "We do not support an invitation for Ukraine"
    assert classify_stance(words).stance == Stance.SUPPORTS_NOW  # read without its scope
    result = scoped(words)
    assert result.stance == Stance.OPPOSES
    assert [cue.scope for cue in result.cues] == ["negated"]


def test_a_cue_in_someone_elses_reported_view_does_not_count():
    words = "Moscow claims that NATO's expansion is a threat to Russia"
    assert classify_stance(words).stance == Stance.OPPOSES
    result = scoped(words)
    assert result.stance != Stance.OPPOSES
    assert result.cues[0].scope == "view of Moscow"


def test_a_conceded_cue_counts_half():
    plain = scoped("Ukraine will join NATO when the war is over")
    conceded = scoped("Although Ukraine will join NATO when the war is over, today we need weapons")
    assert conceded.cues[0].scope == "conceded"
    assert conceded.score == pytest.approx(plain.score / 2)


@pytest.mark.parametrize(
    ("quote", "kind"),
    [
        ("We will never accept Ukraine in NATO", "refusal"),
        ("Hungary will veto any invitation", "refusal"),
        ("NATO must invite Ukraine this year", "demand"),
        ("We call on allies to decide", "demand"),
        ("We will continue to support Ukraine on its path", "promise"),
        ("Allies reaffirmed that Ukraine will become a member", "promise"),
        ("Ukraine will join only when conditions are met", "condition"),
        ("There is no consensus among allies on this", "assessment"),
    ],
)
def test_the_kind_of_commitment_comes_from_cues(quote, kind):
    result = classify_kind(quote)
    assert result.kind == kind
    assert (result.score > 0) == (kind != "assessment")
