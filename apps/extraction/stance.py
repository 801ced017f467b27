"""Stance of a statement on Ukraine's NATO membership, by weighted cue phrases.

Rules rather than a model: the cues are visible to editors ("irreversible", "too early to
say", "never join"), they run in microseconds on the CPU, and no model has to ship or load.
Each label collects the weights of its cues found in the quote; the highest total wins.
A negative weight cancels a cue in a context that turns it around. A small prior by the
speaker's country breaks ties and decides quotes with no cue at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.extraction.cues import STANCE_CUES
from apps.extraction.labels import Stance


@dataclass(frozen=True)
class CueHit:
    """A cue found in a quote: which, for which label, and the words it found."""

    id: str
    stance: Stance
    weight: float
    words: str


# Guarantees demanded as a bridge to membership are not an alternative to it.
_INTERIM_GUARANTEE = re.compile(
    r"(?:period|until|before|pending|on the way to|bridge to)[^.;]{0,40}\bmembership\b",
    re.IGNORECASE,
)
_JOINING = re.compile(r"member|accession|\bjoin", re.IGNORECASE)
# A speaker's record: below any single cue, so the words decide when they speak clearly.
USUAL_STANCE_WEIGHT = 1.0
# What officials of a country most often mean when the words alone do not say.
_PRIOR_BY_COUNTRY = {
    "UA": (Stance.SUPPORTS_NOW, 0.5),
    "RU": (Stance.OPPOSES, 1.5),
    "BY": (Stance.OPPOSES, 1.5),
}
# Ties go to the label that claims least: a procedural remark over a position.
_TIE_ORDER = [
    Stance.NEUTRAL,
    Stance.CONDITIONAL,
    Stance.ALTERNATIVE_GUARANTEES,
    Stance.SUPPORTS_AFTER_WAR,
    Stance.SUPPORTS_LONG_TERM,
    Stance.OPPOSES,
    Stance.SUPPORTS_NOW,
]


@dataclass(frozen=True)
class StanceResult:
    stance: Stance
    score: float
    margin: float
    cues: tuple[CueHit, ...]


def classify_stance(
    quote: str, *, speaker_country: str = "", usual_stance: str = ""
) -> StanceResult:
    """The stance whose cues weigh most in the quote; what the speaker usually says, and
    failing that their country, weighs in when the cues are few or tied."""
    quote = quote.replace("’", "'")  # cues are written with straight apostrophes
    scores: dict[Stance, float] = dict.fromkeys(Stance, 0.0)
    cues: list[CueHit] = []
    lowered = quote.lower()
    for cue in STANCE_CUES:
        match = cue.search(quote, lowered)
        if match:
            scores[cue.stance] += cue.weight
            cues.append(CueHit(cue.id, cue.stance, cue.weight, match.group().lower()))
    if scores[Stance.ALTERNATIVE_GUARANTEES] and _INTERIM_GUARANTEE.search(quote):
        scores[Stance.ALTERNATIVE_GUARANTEES] = 0.0
    if usual_stance in scores:
        scores[Stance(usual_stance)] += USUAL_STANCE_WEIGHT
    else:
        prior = _PRIOR_BY_COUNTRY.get(speaker_country)
        if prior is not None:
            scores[prior[0]] += prior[1]
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _TIE_ORDER.index(item[0])))
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score <= 0:
        # Joining, with nothing said of when or how, is a long-term prospect.
        about_joining = _JOINING.search(quote)
        fallback = Stance.SUPPORTS_LONG_TERM if about_joining else Stance.NEUTRAL
        return StanceResult(fallback, 0.0, 0.0, ())
    return StanceResult(best, best_score, best_score - second_score, tuple(cues))
