"""What the stages pass along: a candidate statement while it is being found and judged,
and the Statement the pipeline returns."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from apps.core.dates import PartialDate
from apps.extraction.dates import DateMention
from apps.extraction.kinds import KindCue
from apps.extraction.labels import Stance
from apps.extraction.names import Mention
from apps.extraction.segments import Sentence
from apps.extraction.stance import CueHit


class Form(StrEnum):
    """How a statement stands in the text; the editor sees it as `method`."""

    DIRECT = "direct quote"
    CONTINUED = "direct quote, continued"
    REPORTED = "reported speech"
    STATED = "stated position"
    TRANSCRIPT = "transcript"


@dataclass
class Candidate:
    mention: Mention
    start: int
    end: int
    form: Form
    sentence: Sentence
    verb: str
    verb_start: int
    # The rule that found it, then those that attributed, dated and judged it.
    rules: list[str]
    frame_dates: list[DateMention] = field(default_factory=list)
    back_reference: bool = False
    # For a continuation, the statement it goes on from.
    follows: Candidate | None = None

    @property
    def direct(self) -> bool:
        return self.form in {Form.DIRECT, Form.CONTINUED}

    @property
    def continuation(self) -> bool:
        return self.form is Form.CONTINUED


class Spans:
    """Candidates by where they stand in the text, to ask which overlap a span without
    looking at every one of them (pages may hold tens of thousands)."""

    def __init__(self, candidates: Iterable[Candidate] = ()) -> None:
        self._starts: list[int] = []
        self._candidates: list[Candidate] = []
        self._longest = 0
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: Candidate) -> None:
        place = bisect.bisect_right(self._starts, candidate.start)
        self._starts.insert(place, candidate.start)
        self._candidates.insert(place, candidate)
        self._longest = max(self._longest, candidate.end - candidate.start)

    def overlapping(self, start: int, end: int) -> Iterator[Candidate]:
        """Those sharing at least a character with text[start:end]."""
        place = bisect.bisect_left(self._starts, end) - 1
        while place >= 0 and self._starts[place] > start - self._longest:
            candidate = self._candidates[place]
            if candidate.end > start:
                yield candidate
            place -= 1


@dataclass(frozen=True)
class Statement:
    """One statement found in an article, with where its quote stands in the text."""

    speaker: str
    role: str
    quote: str
    quote_start: int
    quote_end: int
    direct: bool
    said_on: PartialDate | None
    stance: Stance
    confidence: float
    form: Form
    context: str
    speaker_known: bool = True
    speaker_kind: str = "person"
    speaker_country: str = ""
    # The gazetteer's key for a known speaker (the database id where it came from there).
    speaker_key: int | None = None
    rules: tuple[str, ...] = ()
    stance_cues: tuple[CueHit, ...] = ()
    # Slugs of the tags its words suggest, for the editor to keep or change.
    tags: tuple[str, ...] = ()
    # The kind of commitment (kinds.py) and the cues behind it; a suggestion to review.
    kind: str = "assessment"
    kind_cues: tuple[KindCue, ...] = ()

    @property
    def stance_decided(self) -> bool:
        """Its words carry a cue that counts; otherwise the label is a weak default."""
        return any(cue.weight > 0 for cue in self.stance_cues)

    @property
    def method(self) -> str:
        return f"rules: {self.form.value}"

    def as_dict(self) -> dict[str, object]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "quote": self.quote,
            "direct": self.direct,
            "said_on": self.said_on.isoformat() if self.said_on else None,
            "stance": self.stance.value,
            "confidence": round(self.confidence, 2),
            "method": self.method,
            "speaker_known": self.speaker_known,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "context": self.context,
            "rules": list(self.rules),
            "stance_cues": [cue.id for cue in self.stance_cues],
            "tags": list(self.tags),
            "kind": self.kind,
            "kind_cues": [cue.id for cue in self.kind_cues],
        }
