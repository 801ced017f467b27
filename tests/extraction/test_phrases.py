"""The phrase syntax stance cues are written in."""

from __future__ import annotations

import re

import pytest

from apps.extraction.phrases import PhraseError, compile_phrase


@pytest.mark.parametrize(
    ("phrase", "matches", "misses"),
    [
        ("after the war", "joins after  the War ends", "after a war"),
        ("oppos*", "she opposed it", "a supposed plan"),
        ("doors? ~2 open", "the door will remain open", "the doors are closed"),
        ("will [eventually] become", "will become", "will not become"),
        ("[the] red line", "a red line", "a red"),
        ("(must|should) not join", "should not join", "could not join"),
        ("never ...20 join", "never, in my view, join", "never. Join"),
        ("too (soon|early) !(to say)", "too early for this", "too early to say"),
        ("*n't ready", "isn't ready", "is ready"),
        ("non-?aligned", "nonaligned", "non aligned"),
        ("Ukraine's bid", "Ukraine’s bid", "Ukraine bid"),
        ("{join}", "accede", "accept"),
    ],
)
def test_phrases_match_what_they_say(phrase, matches, misses):
    pattern = re.compile(compile_phrase(phrase, {"join": "(join|accede)"}), re.IGNORECASE)
    assert pattern.search(matches)
    assert not pattern.search(misses)


@pytest.mark.parametrize("phrase", ["(never", "never)", "a | | b", "{missing}", "join [it"])
def test_a_malformed_phrase_is_refused_with_a_message(phrase):
    with pytest.raises(PhraseError):
        compile_phrase(phrase, {})
