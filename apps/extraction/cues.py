"""Cue phrases, read from data/: what marks a stance (stance.toml), what makes a statement
about membership (topic.toml), and what suggests a tag (any cue's `tag`; tags.toml for
cues that do nothing else), and what kind of commitment it makes (kind.toml). A phrase is
listed once, with every role it plays."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from apps.extraction.labels import Stance
from apps.extraction.phrases import compile_phrase

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Cue:
    id: str
    pattern: re.Pattern[str]
    example: str
    # Where it must not fire; every stance cue has one.
    counter: str = ""
    stance: Stance | None = None
    # The kind of commitment it marks (kind.py), for a kind cue.
    kind: str = ""
    weight: float = 0.0
    # What a kind cue reads: the quote, or the verb that introduces it ("urged", "vowed").
    reads: str = "quote"
    # Found in a statement, it makes the statement about membership.
    topic: bool = False
    tag: str = ""
    # A phrase is compiled in lower case and searched in lower-cased text: the same matches
    # as ignoring case, a third faster (every quote meets every stance cue).
    lowered: bool = False

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """The cue in `text`; pass `lowered` (text.lower()) when searching many cues."""
        if self.lowered:
            return self.pattern.search(text.lower() if lowered is None else lowered)
        return self.pattern.search(text)


# Quotation marks inside a quote ("would not be “on the table”") would split a cue's
# words; read as spaces, they keep every character where the parse has it.
_INNER_QUOTES = str.maketrans({"“": " ", "”": " ", '"': " ", "’": "'"})


def for_cues(text: str) -> str:
    """The text as cues read it: straight apostrophes, inner quotation marks as spaces;
    the same length, so a match's offsets hold in the text."""
    return text.translate(_INNER_QUOTES)


def _read(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def _cues(entries: list[dict], *, shorthands: dict[str, str], topic: bool = False) -> list[Cue]:
    lowered_shorthands = {name: phrase.lower() for name, phrase in shorthands.items()}

    def compiled(entry: dict) -> re.Pattern[str]:
        """Stance cues are phrases (phrases.py); topic and tag cues, regular expressions."""
        if "phrase" in entry:
            return re.compile(compile_phrase(entry["phrase"].lower(), lowered_shorthands))
        return re.compile(entry["pattern"], re.IGNORECASE)

    return [
        Cue(
            id=entry["id"],
            pattern=compiled(entry),
            example=entry["example"],
            counter=entry.get("counter", ""),
            stance=Stance(entry["stance"]) if "stance" in entry else None,
            kind=entry.get("kind", ""),
            weight=float(entry.get("weight", 0)),
            reads=_reads(entry),
            topic=topic or entry.get("topic", False),
            tag=entry.get("tag", ""),
            lowered="phrase" in entry,
        )
        for entry in entries
    ]


def _reads(entry: dict) -> str:
    reads = entry.get("reads", "quote")
    if reads not in {"quote", "verb"}:
        raise ValueError(f"Cue {entry['id']}: reads is 'quote' or 'verb', not {reads!r}.")
    return reads


_stance = _read("stance.toml")
_kind = _read("kind.toml")
_topic = _read("topic.toml")

STANCE_CUES = _cues(_stance["cue"], shorthands=_stance.get("shorthands", {}))
MEMBERSHIP_CUES = _cues(_topic["membership"], shorthands={}, topic=True)
TAG_ONLY_CUES = _cues(_read("tags.toml")["cue"], shorthands={})
KIND_CUES = _cues(_kind["cue"], shorthands=_kind.get("shorthands", {}))
ALL_CUES = [*STANCE_CUES, *MEMBERSHIP_CUES, *TAG_ONLY_CUES, *KIND_CUES]
TOPIC_CUES = [cue for cue in ALL_CUES if cue.topic]
TAG_CUES = [cue for cue in ALL_CUES if cue.tag]
RELEVANCE = _topic["relevance"]


def suggested_tags(quote: str) -> tuple[str, ...]:
    """The tags whose cues the quote holds, each once, in the order of the data files."""
    quote = quote.replace("’", "'")
    lowered = quote.lower()
    return tuple(dict.fromkeys(cue.tag for cue in TAG_CUES if cue.search(quote, lowered)))
