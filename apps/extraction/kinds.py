"""The kind of commitment a statement makes: promise, demand, assessment, condition or
refusal (the About page defines each), by weighted cue phrases (data/kind.toml).

Each kind sums the weights of its cues in the quote and in the verb that introduces it
("urged", "vowed": what the reporter says the speaker did); the highest wins, ties going to
refusal, then condition, demand and promise. A statement with no cue is an assessment:
describing or forecasting binds no one. How kinds and stances combine: a refusal is also
opposed to membership; a condition may go with any stance; a promise may bind the speaker
to any outcome. The label is a suggestion that an editor confirms, with its cues shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from apps.extraction.cues import KIND_CUES, for_cues


class Kind(StrEnum):
    PROMISE = "promise"
    DEMAND = "demand"
    ASSESSMENT = "assessment"
    CONDITION = "condition"
    REFUSAL = "refusal"


_TIE_ORDER = [Kind.REFUSAL, Kind.CONDITION, Kind.DEMAND, Kind.PROMISE, Kind.ASSESSMENT]


@dataclass(frozen=True)
class KindCue:
    id: str
    kind: Kind
    weight: float
    words: str
    # "verb" when found in the verb that introduces the statement, not in its words.
    reads: str = "quote"


@dataclass(frozen=True)
class KindResult:
    kind: Kind
    score: float
    cues: tuple[KindCue, ...]


def classify_kind(quote: str, *, verb: str = "") -> KindResult:
    """The kind the quote's cues, and the verb that introduces it, add up to."""
    quote = for_cues(quote)
    lowered = quote.lower()
    scores = dict.fromkeys(Kind, 0.0)
    found = []
    for cue in KIND_CUES:
        if cue.reads == "verb":
            match = cue.search(verb) if verb else None
        else:
            match = cue.search(quote, lowered)
        if match:
            hit = KindCue(cue.id, Kind(cue.kind), cue.weight, match.group().lower(), cue.reads)
            scores[hit.kind] += hit.weight
            found.append(hit)
    best = max(_TIE_ORDER, key=lambda kind: (scores[kind], -_TIE_ORDER.index(kind)))
    if scores[best] <= 0:
        return KindResult(Kind.ASSESSMENT, 0.0, tuple(found))
    return KindResult(best, scores[best], tuple(found))
