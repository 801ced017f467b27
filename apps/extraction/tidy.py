"""The last stage: a reported sentence that only paraphrases a quotation beside it goes, and
the same statement found twice (a standfirst and the body) counts once."""

from __future__ import annotations

import re

from apps.core.text import normalise_quote, quotes_match
from apps.extraction.attribute import Speakers
from apps.extraction.candidates import Form, Statement
from apps.extraction.document import Document
from apps.extraction.judge import content_stems

# A quoted phrase, also one whose closing mark the clause's end cut off ('“to be rushed').
_QUOTED_FRAGMENT = re.compile(r"[“\"‘«]([^”\"’»]{3,200})(?:[”\"’»]|$)")


def drop_paraphrases(
    doc: Document, speakers: Speakers, statements: list[Statement]
) -> list[Statement]:
    """A reported sentence that a direct quote by the same speaker soon repeats in their
    own words paraphrases it: right before it, or a little earlier on the same point."""
    kept: list[Statement] = []
    for index, statement in enumerate(statements):
        if not statement.direct and any(
            _paraphrases(doc, speakers, statement, later) for later in statements[index + 1 :]
        ):
            continue
        kept.append(statement)
    return kept


def merge_repeats(doc: Document, statements: list[Statement]) -> list[Statement]:
    """The same words twice (a standfirst and the body) count once, at the later place;
    a reported claim restated nearby counts once, at its first mention."""
    kept: list[Statement] = []
    repeats = _RepeatIndex(statements)
    by_paragraph: dict[int, set[int]] = {}
    for statement in statements:
        place = next(
            (
                place
                for place in repeats.candidates(statement)
                if kept[place].speaker == statement.speaker
                and quotes_match(kept[place].quote, statement.quote)
            ),
            None,
        )
        if place is not None:
            if kept[place].direct and not statement.direct:
                continue
            _file(doc, by_paragraph, kept[place], place, remove=True)
            repeats.forget(place)
            kept[place] = statement
        elif _restated(doc, statement, kept, by_paragraph):
            continue
        else:
            place = len(kept)
            kept.append(statement)
        repeats.remember(statement, place)
        _file(doc, by_paragraph, statement, place)
    return kept


def _paragraph_of(doc: Document, statement: Statement) -> int | None:
    sentence = doc.sentence_at(statement.quote_start)
    return sentence.paragraph if sentence is not None else None


def _file(
    doc: Document, by_paragraph: dict[int, set[int]], statement: Statement, place: int,
    *, remove: bool = False,
) -> None:  # fmt: skip
    paragraph = _paragraph_of(doc, statement)
    if paragraph is None:
        return
    places = by_paragraph.setdefault(paragraph, set())
    if remove:
        places.discard(place)
    else:
        places.add(place)


def _restated(
    doc: Document, statement: Statement, kept: list[Statement], by_paragraph: dict[int, set[int]]
) -> bool:
    """A reported claim said again within two paragraphs, in the same sense, of no other
    occasion."""
    paragraph = _paragraph_of(doc, statement)
    if statement.direct or statement.form is Form.STATED or paragraph is None:
        return False
    nearby = [
        kept[place]
        for near in range(paragraph - 2, paragraph + 3)
        for place in by_paragraph.get(near, ())
    ]
    return any(
        other.speaker == statement.speaker
        and not other.direct
        and other.stance == statement.stance
        # the restatement names the same occasion, or none ("has made it clear")
        and statement.said_on in (None, other.said_on)
        and len(content_stems(other.quote) & content_stems(statement.quote)) >= 2
        for other in nearby
    )


class _RepeatIndex:
    """Which kept statements could repeat a new one, without comparing it with all of them.

    Quotes that match share their words, so one holding the other holds all its word
    pairs, and near copies share most. The kept quotes worth comparing with a new one are
    those holding its rarest pair (rarest over the article), and those whose three rarest
    pairs it holds. Quotes of fewer than three words are compared with every kept one.
    """

    def __init__(self, statements: list[Statement]) -> None:
        self.pairs = {id(s): _word_pairs(s.quote) for s in statements}
        self.frequency: dict[tuple[str, str], int] = {}
        for pairs in self.pairs.values():
            for pair in pairs:
                self.frequency[pair] = self.frequency.get(pair, 0) + 1
        self.holding: dict[tuple[str, str], set[int]] = {}
        self.rarest_of: dict[tuple[str, str], set[int]] = {}
        self.short: set[int] = set()
        self.everyone: set[int] = set()
        self.filed: dict[int, list[tuple[dict, tuple[str, str]]]] = {}
        self._ranked: dict[int, list[tuple[str, str]]] = {}

    def _rarest(self, statement: Statement, count: int) -> list[tuple[str, str]]:
        ranked = self._ranked.get(id(statement))
        if ranked is None:
            ranked = self._ranked[id(statement)] = sorted(
                self.pairs[id(statement)], key=lambda pair: (self.frequency[pair], pair)
            )[:3]
        return ranked[:count]

    def candidates(self, statement: Statement) -> list[int]:
        pairs = self.pairs[id(statement)]
        if len(pairs) < 2:
            return sorted(self.everyone)
        found = set(self.short)
        for pair in self._rarest(statement, 1):
            found |= self.holding.get(pair, set())
        for pair in pairs:
            found |= self.rarest_of.get(pair, set())
        return sorted(found)

    def remember(self, statement: Statement, place: int) -> None:
        self.everyone.add(place)
        pairs = self.pairs[id(statement)]
        if len(pairs) < 2:
            self.short.add(place)
            return
        filed = [(self.holding, pair) for pair in pairs]
        filed += [(self.rarest_of, pair) for pair in self._rarest(statement, 3)]
        for index, pair in filed:
            index.setdefault(pair, set()).add(place)
        self.filed[place] = filed

    def forget(self, place: int) -> None:
        self.everyone.discard(place)
        self.short.discard(place)
        for index, pair in self.filed.pop(place, []):
            index[pair].discard(place)


def _word_pairs(quote: str) -> set[tuple[str, str]]:
    words = normalise_quote(quote).split()
    return set(zip(words, words[1:], strict=False))


def _paraphrases(doc: Document, speakers: Speakers, reported: Statement, later: Statement) -> bool:
    if not later.direct or later.speaker != reported.speaker:
        return False
    if later.form is Form.CONTINUED:
        return False  # it goes on from what was said before, in the speaker's words
    distance = doc.sentence_distance(reported.quote_start, later.quote_start)
    if distance is None or distance > 4:
        return False
    fragments = [normalise_quote(f) for f in _QUOTED_FRAGMENT.findall(reported.quote)]
    if fragments:
        # It quotes the speaker: a paraphrase only if the later quote has those words.
        later_words = normalise_quote(later.quote)
        return any(fragment and fragment in later_words for fragment in fragments)
    shared = content_stems(reported.quote) & content_stems(later.quote)
    if (
        distance <= _quoting_run(doc, speakers, reported)
        and reported.form is not Form.STATED
        # a short summary leads into the quote; a longer clause on its own point stays
        and (shared or _agree(reported, later) or len(reported.quote.split()) <= 10)
    ):
        return True
    return bool(shared) and _agree(reported, later)


def _agree(one: Statement, other: Statement) -> bool:
    """Same stance, or one whose words decide none (its label is a weak default)."""
    return one.stance == other.stance or not (one.stance_decided and other.stance_decided)


def _quoting_run(doc: Document, speakers: Speakers, reported: Statement) -> int:
    """How far "right before" reaches: the next sentence, or further while the sentences
    between are the same speaker's quotes (“Everyone understands,” he said. “Every ...”)."""
    reach = 1
    sentence = doc.sentence_at(reported.quote_start)
    following = doc.sentences_after(sentence, 3) if sentence is not None else []
    for step, between in enumerate(following, start=1):
        spoken = [
            c
            for c in speakers.by_sentence.get(between.index, [])
            if c.direct and speakers.key(c) == reported.speaker
        ]
        if not spoken:
            break
        reach = step + 1
    return reach


def _paragraph_distance(doc: Document, one: Statement, two: Statement) -> int:
    first, second = doc.sentence_at(one.quote_start), doc.sentence_at(two.quote_start)
    if first is None or second is None:
        return 99
    return abs(second.paragraph - first.paragraph)
