"""Is a text about Ukraine and NATO, and is a statement about Ukraine's membership? The
cues are data (data/topic.toml, and stance cues marked `topic`)."""

from __future__ import annotations

import re

from apps.extraction.cues import RELEVANCE, TOPIC_CUES

_UKRAINE = re.compile(RELEVANCE["ukraine"], re.IGNORECASE)
_NATO = re.compile(RELEVANCE["nato"])
_ALLIANCE_WORD = re.compile(RELEVANCE["alliance_word"], re.IGNORECASE)
_POINTS_BACK = re.compile(RELEVANCE["points_back"], re.IGNORECASE)


def is_about_ukraine_and_nato(text: str) -> bool:
    """Cheap test run on every article before any statement extraction."""
    return bool(_UKRAINE.search(text)) and bool(_NATO.search(text))


def about_membership(text: str) -> bool:
    lowered = text.lower()
    return any(cue.search(text, lowered) for cue in TOPIC_CUES)


def speaks_to_membership(quote: str, sentence: str = "") -> bool:
    """A quote about membership, or one naming the alliance in a sentence about membership."""
    if about_membership(quote):
        return True
    return bool(sentence) and bool(_ALLIANCE_WORD.search(quote)) and about_membership(sentence)


def points_back(quote: str) -> bool:
    """The quote speaks of "such plans" or "this issue": what the sentence before named."""
    return bool(_POINTS_BACK.search(quote))
