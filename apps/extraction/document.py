"""One article read once: its paragraphs, body sentences, quotations and the mentions of
possible speakers in each sentence, with lookups by offset and by sentence.

Every stage reads the same Document; nothing in it changes after it is built.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from apps.core.dates import DatePrecision, PartialDate
from apps.extraction import parsing
from apps.extraction.dates import DateMention, find_dates
from apps.extraction.names import ArticleNames, Gazetteer, Mention, find_mentions
from apps.extraction.quotes import Quotation, find_quotations
from apps.extraction.segments import Paragraph, Sentence, paragraphs, sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# A quotation this long is a statement in its own right, even inside a reported clause.
FULL_QUOTE_WORDS = 8
# A preposition right before a name and its title: "alongside [President] Zelensky".
_AFTER_PREPOSITION = re.compile(
    r"\b(?:of|with|to|by|for|from|about|against|alongside|beside|besides|than)\s+(?:the\s+)?$"
)


@dataclass(frozen=True)
class Document:
    text: str
    # The latest day the article can have appeared, and how precisely that is known.
    published: dt.date | None
    gazetteer: Gazetteer
    names: ArticleNames
    paragraphs: list[Paragraph]
    # Body sentences only: headlines, captions and page furniture are left out.
    sentences: list[Sentence]
    quotations: list[Quotation]
    mentions: dict[int, list[Mention]]
    # The sentence's subject, if it names one: its first non-possessive person or office.
    subjects: dict[int, Mention | None]
    # The spaCy pipeline that parses what the rules ask about (parsing.py).
    parser_model: str = parsing.DEFAULT_MODEL
    published_precision: DatePrecision = DatePrecision.DAY

    @classmethod
    def read(
        cls,
        text: str,
        published: dt.date | PartialDate | None,
        gazetteer: Gazetteer,
        parser_model: str = parsing.DEFAULT_MODEL,
    ) -> Document:
        publication = PartialDate(published) if isinstance(published, dt.date) else published
        names = ArticleNames(gazetteer)
        paragraph_list = paragraphs(text)
        body_sentences = [
            sentence
            for sentence in sentences(text, paragraph_list)
            if paragraph_list[sentence.paragraph].is_body
        ]
        body = [paragraph for paragraph in paragraph_list if paragraph.is_body]
        document = cls(
            text=text,
            published=publication.last_day if publication else None,
            published_precision=publication.precision if publication else DatePrecision.DAY,
            gazetteer=gazetteer,
            names=names,
            paragraphs=paragraph_list,
            sentences=body_sentences,
            quotations=find_quotations(text, body),
            mentions={},
            subjects={},
            parser_model=parser_model,
        )
        # Names are read in order: "Scholz" later in the article means the Scholz named before.
        for sentence in body_sentences:
            document._read_mentions(sentence)
        return document

    def _read_mentions(self, sentence: Sentence) -> None:
        found = find_mentions(self.text, sentence.start, sentence.end, self.names, self.published)
        mentions = [m for m in found if not self.inside_long_quotation(m.start)]
        self.mentions[sentence.index] = mentions
        # People named inside a quotation speak only for what the quotation recounts of them.
        self.quoted_people[sentence.index] = [
            m for m in found if m.kind == "person" and self.inside_long_quotation(m.start)
        ]
        # Not a person named after a preposition: "Standing alongside Zelensky, he said",
        # "In the presence of Zelensky, Orban refused ... but also said".
        people = [
            m
            for m in mentions
            if m.kind in {"person", "office"} and not self._after_preposition(sentence, m)
        ]
        institutions = [m for m in mentions if m.kind == "institution" and not m.possessive]
        self.subjects[sentence.index] = next(
            (m for m in people if not m.possessive), people[0] if people else None
        ) or (institutions[0] if institutions else None)

    def _after_preposition(self, sentence: Sentence, mention: Mention) -> bool:
        """The name, with the title before it ("Secretary of State Antony Blinken"), follows
        a preposition: "in the presence of Zelensky", "alongside President Zelensky"."""
        title_start = mention.start
        if mention.role_text:
            found = self.text.rfind(mention.role_text, sentence.start, mention.start)
            title_start = found if found != -1 else mention.start
        return bool(
            _AFTER_PREPOSITION.search(self.text, max(sentence.start, title_start - 30), title_start)
        )

    # -- lookups ---------------------------------------------------------------------------

    def dates_in(self, sentence: Sentence) -> list[DateMention]:
        """The dates a sentence gives, resolved against publication; read once per sentence."""
        cached = self._dates.get(sentence.index)
        if cached is None:
            cached = self._dates[sentence.index] = find_dates(
                self.text,
                sentence.start,
                sentence.end,
                self.published,
                known_to=self.published_precision,
            )
        return cached

    def parse(self, start: int, end: int) -> SpacyDoc:
        """The parse of text[start:end], made once; its tokens' offsets count from `start`."""
        cached = self._parses.get((start, end))
        if cached is None:
            cached = self._parses[(start, end)] = parsing.parse(
                self.text[start:end].replace("’", "'"), self.parser_model
            )
        return cached

    def parse_ahead(self, spans: list[tuple[int, int]]) -> None:
        """Parse these spans in one batch, for parse() to find them made."""
        wanted = list(dict.fromkeys(span for span in spans if span not in self._parses))
        texts = [self.text[start:end].replace("’", "'") for start, end in wanted]
        for span, parsed in zip(wanted, parsing.parse_many(texts, self.parser_model), strict=True):
            self._parses[span] = parsed

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def sentence_at(self, position: int) -> Sentence | None:
        """The body sentence holding `position` (its end counts, for a quote ending there)."""
        starts = self._sentence_starts
        at = bisect.bisect_right(starts, position) - 1
        for sentence in self.sentences[max(at - 1, 0) : at + 1]:
            if sentence.start <= position < sentence.end or (
                position == sentence.end and position > sentence.start
            ):
                return sentence
        return None

    def order(self, sentence: Sentence) -> int:
        """The sentence's place among the body sentences."""
        return self._order[sentence.index]

    def previous_sentence(self, sentence: Sentence) -> Sentence | None:
        """The body sentence before this one (headlines and captions between are skipped)."""
        place = bisect.bisect_left(self._sentence_starts, sentence.start)
        return self.sentences[place - 1] if place > 0 else None

    def sentences_before(self, sentence: Sentence, reach: int) -> list[Sentence]:
        """Up to `reach` body sentences before this one, nearest last."""
        place = bisect.bisect_left(self._sentence_starts, sentence.start)
        return self.sentences[max(place - reach, 0) : place]

    def sentences_up_to(self, sentence: Sentence, reach: int = 12) -> list[Sentence]:
        """The sentence and the `reach` - 1 before it: how far back a title looks."""
        place = bisect.bisect_right(self._sentence_starts, sentence.start)
        return self.sentences[max(place - reach, 0) : place]

    def sentences_after(self, sentence: Sentence, count: int) -> list[Sentence]:
        place = bisect.bisect_right(self._sentence_starts, sentence.start)
        return self.sentences[place : place + count]

    def sentence_distance(self, first: int, second: int) -> int | None:
        one, two = self.sentence_at(first), self.sentence_at(second)
        if one is None or two is None:
            return None
        return self.order(two) - self.order(one)

    def inside_long_quotation(self, position: int) -> bool:
        """Within the words of a quotation long enough to be a statement of its own."""
        at = bisect.bisect_right(self._long_starts, position) - 1
        while at >= 0 and self._long_reach[at] > position:
            quotation = self._long_quotations[at]
            if quotation.start <= position < quotation.end:
                return True
            at -= 1
        return False

    def inside_any_quotation(self, position: int) -> bool:
        return any(
            q.open_mark <= position < q.close_mark for q in self._quotations_around(position)
        )

    def previous_quote_end(self, quotation: Quotation, sentence: Sentence) -> int:
        """Where the last quotation before this one in the sentence closes, else the
        sentence's start."""
        ends = [
            q.close_mark
            for q in self._quotations_reaching(quotation.open_mark, sentence.start)
            if sentence.start < q.close_mark <= quotation.open_mark
        ]
        return max(ends, default=sentence.start)

    def _quotations_around(self, position: int) -> list[Quotation]:
        return [
            q for q in self._quotations_reaching(position + 1, position) if q.open_mark <= position
        ]

    def _quotations_reaching(self, before: int, past: int) -> list[Quotation]:
        """Quotations opened before `before` that close after `past`, nearest first: a
        backwards walk that stops once nothing earlier reaches that far."""
        found = []
        at = bisect.bisect_left(self._open_marks, before) - 1
        while at >= 0 and self._furthest_close[at] > past:
            quotation = self.quotations[at]
            if max(quotation.close_mark, quotation.end) > past:
                found.append(quotation)
            at -= 1
        return found

    @cached_property
    def _long_quotations(self) -> list[Quotation]:
        return sorted(
            (q for q in self.quotations if q.words(self.text) >= FULL_QUOTE_WORDS),
            key=lambda q: q.start,
        )

    @cached_property
    def _long_starts(self) -> list[int]:
        return [q.start for q in self._long_quotations]

    @cached_property
    def _long_reach(self) -> list[int]:
        """For each long quotation, the furthest any long one up to it reaches."""
        reach, furthest = -1, []
        for quotation in self._long_quotations:
            reach = max(reach, quotation.end)
            furthest.append(reach)
        return furthest

    @cached_property
    def _parses(self) -> dict[tuple[int, int], SpacyDoc]:
        return {}

    @cached_property
    def _dates(self) -> dict[int, list[DateMention]]:
        return {}

    @cached_property
    def quoted_people(self) -> dict[int, list[Mention]]:
        """By sentence, the people named inside a long quotation ("President Biden clearly
        said that ..." in another speaker's words): left out of `mentions`."""
        return {}

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    @cached_property
    def _order(self) -> dict[int, int]:
        return {sentence.index: place for place, sentence in enumerate(self.sentences)}

    @cached_property
    def _open_marks(self) -> list[int]:
        return [quotation.open_mark for quotation in self.quotations]

    @cached_property
    def _furthest_close(self) -> list[int]:
        """For each quotation, the furthest any quotation up to it reaches."""
        furthest, reach = [], -1
        for quotation in self.quotations:
            reach = max(reach, quotation.close_mark, quotation.end)
            furthest.append(reach)
        return furthest
