"""Direct quotations in every quotation-mark style, with their exact offsets.

Handles typographic and straight double quotes, „German“ and «guillemets», single quotes
(told apart from apostrophes), quotes spanning sentences, and quotes spanning paragraphs
(a paragraph that opens a quotation without closing it continues in the next one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.extraction.segments import Paragraph

_DOUBLE_PAIRS = {"“": "”", "„": "“", "«": "»", "»": "«", "”": "”"}
_SINGLE_OPEN = "‘'‚"
_SINGLE_CLOSE = "’'‘"
_TRAILING = " ,.;:"
_SINGLE_OPENING_MARK = re.compile("[" + re.escape(_SINGLE_OPEN) + "]")
_SINGLE_CLOSING_MARK = re.compile("[" + re.escape(_SINGLE_CLOSE) + "]")
_WORD = re.compile(r"\w", re.UNICODE)
_ATTRIBUTION_WORDS = {
    "he",
    "she",
    "they",
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "according",
    "and",
    "but",
}


@dataclass(frozen=True)
class Quotation:
    """The words between quotation marks: `start`/`end` exclude the marks and trailing commas."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset just after the closing mark (or the paragraph end if unclosed)
    paragraph: int
    closed: bool
    single: bool

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


def find_quotations(text: str, paragraph_list: list[Paragraph]) -> list[Quotation]:
    found: list[Quotation] = []
    for paragraph in paragraph_list:
        doubles = _double_quotes(text, paragraph)
        found.extend(doubles)
        found.extend(_single_quotes(text, paragraph, doubles))
    found.sort(key=lambda quotation: quotation.open_mark)
    return found


def _double_quotes(text: str, paragraph: Paragraph) -> list[Quotation]:
    found: list[Quotation] = []
    position = paragraph.start
    while position < paragraph.end:
        closer = _opening_double(text, position, paragraph)
        if closer is None:
            position += 1
            continue
        close_at = _find_close(text, position + 1, paragraph.end, closer)
        if close_at is None:
            found.append(
                _make(text, position, paragraph.end, paragraph, closed=False, single=False)
            )
            break
        found.append(_make(text, position, close_at, paragraph, closed=True, single=False))
        position = close_at + 1
    return [quotation for quotation in found if quotation.end > quotation.start]


def _opening_double(text: str, position: int, paragraph: Paragraph) -> str | None:
    """The closing mark to look for if `position` opens a double quotation, else None."""
    char = text[position]
    if char == '"':
        return '"'
    if char in "“„«":
        return _DOUBLE_PAIRS[char]
    if char == "”":  # some sites use ” for both marks: an opening one stands before a word
        before = text[position - 1] if position > paragraph.start else " "
        after = text[position + 1] if position + 1 < paragraph.end else " "
        if (before.isspace() or before in "([—–-") and _WORD.match(after):
            return "”"
    if char == "»":  # »German« style
        after = text[position + 1] if position + 1 < paragraph.end else " "
        if _WORD.match(after):
            return "«"
    return None


def _find_close(text: str, start: int, end: int, closer: str) -> int | None:
    """The mark closing a quotation opened just before `start`, stepping over quotations
    nested inside it: "beyond the "red lines" of Russia's interests," he said."""
    closers = {closer} | ({"”"} if closer == '"' else {'"'} if closer == "”" else set())
    openers = {'"', "“"} if closer in {'"', "”"} else {"«"} if closer == "»" else set()
    depth = 0
    for position in range(start, end):
        char = text[position]
        looks_opening = (
            char in openers
            and position > start
            and (text[position - 1].isspace() or text[position - 1] in "([—–-")
            and position + 1 < end
            and _WORD.match(text[position + 1]) is not None
        )
        if looks_opening:
            depth += 1
        elif char in closers:
            if depth == 0:
                return position
            depth -= 1
    return None


def _single_quotes(text: str, paragraph: Paragraph, doubles: list[Quotation]) -> list[Quotation]:
    """Single-quoted spans outside double quotes; an apostrophe inside a word never opens one."""
    found: list[Quotation] = []
    position = paragraph.start
    # Only the marks can open or close one: jump from mark to mark, not character by character.
    for opening in _SINGLE_OPENING_MARK.finditer(text, paragraph.start, paragraph.end):
        if opening.start() < position:
            continue
        at = opening.start()
        if _inside(at, doubles) or not _opens_single(text, at, paragraph):
            continue
        # A closing mark counts only before the next double quotation begins.
        limit = min(
            (max(q.open_mark, at + 2) for q in doubles if q.close_mark > at + 2),
            default=paragraph.end,
        )
        close_at = next(
            (
                closing.start()
                for closing in _SINGLE_CLOSING_MARK.finditer(text, at + 2, limit)
                if _closes_single(text, closing.start(), paragraph)
            ),
            None,
        )
        if close_at is None:
            continue
        quotation = _make(text, at, close_at, paragraph, closed=True, single=True)
        if quotation.words(text) >= 1:
            found.append(quotation)
        position = close_at + 1
    return found


def _opens_single(text: str, position: int, paragraph: Paragraph) -> bool:
    if text[position] not in _SINGLE_OPEN:
        return False
    before = text[position - 1] if position > paragraph.start else " "
    after = text[position + 1] if position + 1 < paragraph.end else " "
    return (before.isspace() or before in "([—–-:") and bool(_WORD.match(after))


def _closes_single(text: str, position: int, paragraph: Paragraph) -> bool:
    if text[position] not in _SINGLE_CLOSE:
        return False
    before = text[position - 1]
    after = text[position + 1] if position + 1 < paragraph.end else " "
    if _WORD.match(after):
        return False  # an apostrophe inside a word: it's, Ukraine's
    if before == "s" and after == " ":
        # "partners’ understanding": a plural possessive goes on with a lower-case word,
        # where a closing mark is followed by punctuation, a capital or "he said".
        following = re.match(r" ([a-z]+)", text[position + 1 : position + 20])
        if following and following.group(1) not in _ATTRIBUTION_WORDS:
            return False
    return not before.isspace()


def _inside(position: int, quotations: list[Quotation]) -> bool:
    return any(q.open_mark <= position < q.close_mark for q in quotations)


def _make(
    text: str, open_mark: int, close_mark: int, paragraph: Paragraph, *, closed: bool, single: bool
) -> Quotation:
    start = open_mark + 1
    end = close_mark
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return Quotation(
        start=start,
        end=end,
        open_mark=open_mark,
        close_mark=close_mark + 1 if closed else close_mark,
        paragraph=paragraph.index,
        closed=closed,
        single=single,
    )
