"""Paragraphs and sentences with their character offsets in the article text.

Offsets always point into the original text, so every quote found later can be cited
exactly where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen",
    "rep", "gov", "pres", "st", "mt", "ft", "jr", "sr", "rev", "hon", "no", "vs", "etc", "inc",
    "co", "corp", "ltd", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "approx", "est",
}  # fmt: skip

_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])"
    # Page text glued together ("all the difference.Ukraine is") still ends a sentence.
    r"|(?<=[a-z]{3})[.!?](?=[A-Z][a-z])"
)
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_CAPTION_MARKS = re.compile(
    r"\((?:left|right|centre|center|top|bottom|L|R|C|pictured|file)\)"
    r"|\b(?:Photo|Image|Picture|Credit|Featured Image Credit)s?\s*:"
    r"|/ ?(?:AFP|Getty|Reuters|AP|Alamy|Pool)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Paragraph(Span):
    index: int
    is_body: bool


@dataclass(frozen=True)
class Sentence(Span):
    index: int
    paragraph: int


def paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines, each marked as body text or page furniture (headline, caption)."""
    found: list[Paragraph] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        found.append(Paragraph(start, end, len(found), is_body_text(stripped)))
    return found


def is_body_text(line: str) -> bool:
    """Body paragraphs end in punctuation, or run long; headlines, standfirsts and captions
    are short and unpunctuated, or say they are captions."""
    words = len(line.split())
    if words < 6:
        return False
    if not _TERMINAL.search(line) and words < 25:
        return False
    return not _CAPTION_MARKS.search(line)


def sentences(text: str, paragraph_list: list[Paragraph]) -> list[Sentence]:
    found: list[Sentence] = []
    for paragraph in paragraph_list:
        start = paragraph.start
        for match in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
            if _ends_with_abbreviation(text, paragraph.start, match.start()):
                continue
            end = match.end()
            found.append(Sentence(start, end, len(found), paragraph.index))
            start = end
            while start < paragraph.end and text[start].isspace():
                start += 1
        if start < paragraph.end:
            found.append(Sentence(start, paragraph.end, len(found), paragraph.index))
    return found


def _ends_with_abbreviation(text: str, floor: int, stop: int) -> bool:
    """True when the full stop at `stop` closes an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    word_start = stop
    while (
        word_start > floor
        and not text[word_start - 1].isspace()
        and text[word_start - 1] not in '("“'
    ):
        word_start -= 1
    word = text[word_start:stop].lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial, as in "George W. Bush"
    return word in _ABBREVIATIONS
