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
    for statement in statements:
        same_words = next(
            (
                o
                for o in kept
                if o.speaker == statement.speaker and quotes_match(o.quote, statement.quote)
            ),
            None,
        )
        if same_words is not None:
            kept[kept.index(same_words)] = (
                statement if not same_words.direct or statement.direct else same_words
            )
            continue
        restated = any(
            other.speaker == statement.speaker
            and not other.direct
            and not statement.direct
            and other.stance == statement.stance
            and other.said_on == statement.said_on
            and statement.form is not Form.STATED
            and _paragraph_distance(doc, other, statement) <= 2
            and len(content_stems(other.quote) & content_stems(statement.quote)) >= 2
            for other in kept
        )
        if not restated:
            kept.append(statement)
    return kept


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
        and (shared or reported.stance == later.stance or len(reported.quote.split()) <= 10)
    ):
        return True
    return bool(shared) and reported.stance == later.stance


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
