"""Judging each attributed candidate: is it about membership, when was it said, what stance
does it take, how sure are we; and the Statement it becomes, with the rules behind it."""

from __future__ import annotations

import bisect
import re

from apps.core.dates import DatePrecision, PartialDate
from apps.extraction import parsing
from apps.extraction.attribute import Speakers
from apps.extraction.candidates import Candidate, Form, Statement
from apps.extraction.cues import suggested_tags
from apps.extraction.dates import find_dates
from apps.extraction.document import Document
from apps.extraction.events import find_event
from apps.extraction.kinds import classify_kind
from apps.extraction.names import Mention
from apps.extraction.segments import Sentence
from apps.extraction.stance import classify_stance
from apps.extraction.topic import about_membership, points_back, speaks_to_membership
from apps.extraction.vocabulary import CONTINUING_VERBS, country_in_title

# "Bratislava, 31 May 2023 –", "KYIV, June 3 (Reuters) -": a place, a date, a dash.
_DATELINE = re.compile(r"[A-Z][\w .'-]{1,40}, [^–—\n]{4,30}?\s[–—-]\s")
_ABOUT_THE_EU = re.compile(r"\b(?:EU|European Union)\b")
_ABOUT_NATO = re.compile(r"\b(?:NATO|Nato|[Aa]lliance|Atlantic|allies)\b")
_STOP_STEMS = frozenset(
    """
    ukrai nato alliance russi said says would could shoul their there these those which
    about after again being other there where while under until with from that this will
    have been were more most also into only such than then they what when your allie
    membe
    """.split()
)
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly|ment|ments|ation|ations)$")


def content_stems(text: str) -> set[str]:
    """Five-letter stems of a text's longer words, without the words every statement here
    shares (Ukraine, NATO, member...)."""
    words = re.findall(r"[a-z]{4,}", text.lower())
    return {_SUFFIX.sub("", word)[:5] for word in words} - _STOP_STEMS


class Judge:
    """Turns attributed candidates into statements, reading each in its article."""

    def __init__(self, doc: Document, candidates: list[Candidate], speakers: Speakers) -> None:
        self.doc = doc
        self.candidates = candidates  # in text order
        self.speakers = speakers
        self._starts = [candidate.start for candidate in candidates]
        self._by_speaker: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            self._by_speaker.setdefault(speakers.key(candidate), []).append(candidate)
        self._speaker_starts = {
            key: [c.start for c in spoken] for key, spoken in self._by_speaker.items()
        }

    def statement(self, candidate: Candidate) -> Statement | None:
        doc = self.doc
        mention = self.speakers.of(candidate)
        if mention is None:
            return None
        topic_rule = self._on_topic(candidate)
        if topic_rule is None:
            return None
        known = mention.known
        said_on, date_rule = self._said_on(candidate)
        country = (known.country if known else "") or country_in_title(mention.role_text)
        quote = doc.span(candidate.start, candidate.end)
        stance = classify_stance(
            quote,
            doc.parse(candidate.start, candidate.end),
            usual_stance=known.usual_stance if known else "",
        )
        kind = classify_kind(quote, verb=candidate.verb)
        role = ""
        if known is not None:
            held = known.role_on(said_on.date if said_on else doc.published)
            role = held.title if held else ""
        return Statement(
            speaker=known.name if known else mention.name,
            role=role or _clean_role(mention.role_text),
            quote=quote,
            quote_start=candidate.start,
            quote_end=candidate.end,
            direct=candidate.direct,
            said_on=said_on,
            stance=stance.stance,
            confidence=_confidence(candidate, mention, stance.score, stance.margin),
            form=candidate.form,
            context=doc.sentence_text(candidate.sentence),
            speaker_known=known is not None,
            speaker_kind=known.kind if known else "person",
            speaker_country=country,
            speaker_key=known.key if known else None,
            rules=(*candidate.rules, self.speakers.how[id(candidate)], topic_rule, date_rule),
            stance_cues=stance.cues,
            tags=suggested_tags(quote),
            kind=kind.kind.value,
            kind_cues=kind.cues,
        )

    # -- topic ----------------------------------------------------------------------------

    def _on_topic(self, candidate: Candidate) -> str | None:
        """About membership: by its own words, by what its attribution says it is about
        ("Biden said, regarding the membership question"), or as the next words of a
        speaker who was just speaking about it (“...,” the NATO chief added). The rule that
        decided, or None when it is off topic."""
        doc = self.doc
        quote = doc.span(candidate.start, candidate.end)
        sentence = self._without_others(candidate, candidate.sentence.start)
        if _ABOUT_THE_EU.search(quote) and not _ABOUT_NATO.search(quote):
            return None  # "Ukraine should be admitted to the European Union": another union
        if speaks_to_membership(quote, sentence):
            return "topic-own-words"
        if points_back(quote) and self._sentence_before_speaks_to_membership(candidate):
            return "topic-points-back"
        if not candidate.direct:
            return None
        if speaks_to_membership(self._attribution(candidate)):
            return "topic-attribution"
        if candidate.continuation and candidate.verb not in CONTINUING_VERBS:
            # a quotation standing alone after another: on topic only by what it says
            return "topic-takes-a-position" if classify_stance(quote).score > 0 else None
        if candidate.verb not in CONTINUING_VERBS:
            return None  # another quotation nearby lends it nothing
        # "..., the NATO chief added": the same statement going on, right after it
        earlier = self._earlier_by_same_speaker(candidate)
        if earlier is None:
            return None
        distance = doc.sentence_distance(earlier.start, candidate.start)
        if not earlier.direct and (distance is None or distance > 1):
            return None
        if candidate.sentence.paragraph - earlier.sentence.paragraph > 1:
            return None
        between = bisect.bisect_left(self._starts, candidate.start) - bisect.bisect_right(
            self._starts, earlier.start
        )
        if between > 0:
            return None  # something else was said in between
        return "topic-speaker-goes-on" if self._speaks_to_membership(earlier) else None

    def _first_sentence(self, candidate: Candidate) -> Sentence:
        """Where the words begin: a quotation of several sentences ends in the sentence
        that names its speaker, and what came before it lies before its first sentence."""
        if candidate.start < candidate.sentence.start:
            return self.doc.sentence_at(candidate.start) or candidate.sentence
        return candidate.sentence

    def _sentence_before_speaks_to_membership(self, candidate: Candidate) -> bool:
        """The sentence just before the statement's words, in its paragraph or the one
        before, is about membership."""
        doc = self.doc
        first = self._first_sentence(candidate)
        before = doc.previous_sentence(first)
        return (
            before is not None
            and first.paragraph - before.paragraph <= 1
            and about_membership(doc.sentence_text(before))
        )

    def _attribution(self, candidate: Candidate) -> str:
        """The words of its sentence around it, without any statement found after it there
        ("“...,” X said, adding that Ukraine will join" lends the quotation nothing: the
        clause is a statement of its own). What came before stays: a quotation may refer
        back to it ("X said Ukraine could forget NATO, claiming, “that's the reason ...”")."""
        before = self.doc.span(candidate.sentence.start, candidate.start)
        return before + " " + self._without_others(candidate, candidate.end)

    def _without_others(self, candidate: Candidate, start: int) -> str:
        """Its sentence from `start` without the words of the other statements found after
        that point: one statement lends another no topic."""
        sentence = candidate.sentence
        cut = sorted(
            (c.start, c.end)
            for c in self.speakers.by_sentence.get(sentence.index, [])
            if c.start >= start and c is not candidate
        )
        pieces, at = [], start
        for cut_start, cut_end in cut:
            pieces.append(self.doc.span(at, max(at, cut_start)))
            at = max(at, cut_end)
        pieces.append(self.doc.span(at, sentence.end))
        return " ".join(pieces)

    def _speaks_to_membership(self, candidate: Candidate) -> bool:
        """What `candidate` says, read in its sentence, is about membership."""
        return speaks_to_membership(
            self.doc.span(candidate.start, candidate.end),
            self.doc.sentence_text(candidate.sentence),
        )

    def _earlier_by_same_speaker(self, candidate: Candidate) -> Candidate | None:
        """The same speaker's statement just before, within two paragraphs."""
        name = self.speakers.key(candidate)
        place = bisect.bisect_left(self._speaker_starts[name], candidate.start) - 1
        if place < 0:
            return None
        earlier = self._by_speaker[name][place]
        if candidate.sentence.paragraph - earlier.sentence.paragraph > 2:
            return None
        return earlier

    # -- dates ----------------------------------------------------------------------------

    def _said_on(self, candidate: Candidate) -> tuple[PartialDate | None, str]:
        explicit = self._explicit_date(candidate)
        if explicit is not None:
            return explicit
        occasion = self._occasion(candidate)
        if occasion is not None:
            return occasion, "date-of-event"
        if candidate.form is Form.STATED or self._no_single_occasion(candidate):
            return None, "date-not-given"
        published = self.doc.published
        return (
            PartialDate(published, self.doc.published_precision) if published else None
        ), "date-publication"

    def _occasion(self, candidate: Candidate) -> PartialDate | None:
        """The date of a known occasion its attribution names ("said at the summit in
        Vilnius"), from the events table."""
        doc, sentence = self.doc, candidate.sentence
        events = doc.gazetteer.events
        for start, end in ((sentence.start, candidate.start), (candidate.end, sentence.end)):
            found = find_event(doc.text, start, end, events, doc.published)
            if found is not None:
                return found.event.date
        return None

    def _no_single_occasion(self, candidate: Candidate) -> bool:
        """The text gives no occasion for the statement: its verb says it was said before
        or over time ("has repeatedly demanded", "said earlier")."""
        if candidate.verb == "according":
            return False
        sentence = candidate.sentence
        verb = parsing.token_at(
            self.doc.parse(sentence.start, sentence.end), candidate.verb_start - sentence.start
        )
        return verb is not None and bool(parsing.no_single_occasion(verb))

    def _explicit_date(
        self, candidate: Candidate, depth: int = 0
    ) -> tuple[PartialDate, str] | None:
        """The date the text gives for this statement: in its attribution, or carried over
        from the sentence before when the same speaker was speaking there on that occasion."""
        doc = self.doc
        dated = [
            d
            for d in candidate.frame_dates
            if d.date is not None and (doc.published is None or d.date.date <= doc.published)
        ]
        if dated:
            closest = min(dated, key=lambda d: abs(d.start - candidate.verb_start))
            dateline = self._dateline(candidate)
            if (
                closest.date.precision == DatePrecision.YEAR
                and dateline is not None
                and dateline.date.year == closest.date.date.year
            ):
                return (
                    dateline,
                    "date-dateline",
                )  # "at the 2023 forum" under "Bratislava, 31 May 2023 –"
            return closest.date, "date-in-attribution"
        if depth > 4:
            return None
        speaker = self.speakers.key(candidate)
        previous = doc.previous_sentence(self._first_sentence(candidate))
        if previous is not None and speaker:
            for other in reversed(self.speakers.by_sentence.get(previous.index, [])):
                if self.speakers.key(other) == speaker:
                    inherited = self._explicit_date(other, depth + 1)
                    if inherited is not None:
                        return inherited[0], "date-from-sentence-before"
            subject = doc.subjects.get(previous.index)
            if (
                subject is not None
                and (subject.known.name if subject.known else subject.name) == speaker
            ):
                opening = self._opening_date(previous, subject)
                if opening is not None:
                    return opening, "date-from-sentence-before"
        earlier = self._earlier_by_same_speaker(candidate)
        inherits = (
            candidate.continuation or candidate.back_reference or candidate.verb in CONTINUING_VERBS
        )
        if earlier is not None and inherits:
            inherited = self._explicit_date(earlier, depth + 1)
            return (inherited[0], "date-of-same-occasion") if inherited else None
        if candidate.mention.kind == "group":
            antecedent = doc.previous_sentence(candidate.sentence)
            if antecedent is not None:
                events = [d for d in doc.dates_in(antecedent) if d.date is not None]
                if events:
                    return events[0].date, "date-of-group-occasion"
        return None

    def _dateline(self, candidate: Candidate) -> PartialDate | None:
        """The day a dateline opening the statement's paragraph gives ("Bratislava, 31 May
        2023 – ..."), if it gives a whole date."""
        doc = self.doc
        paragraph = doc.paragraphs[candidate.sentence.paragraph]
        opening = _DATELINE.match(
            doc.text, paragraph.start, min(paragraph.end, paragraph.start + 80)
        )
        if opening is None:
            return None
        found = find_dates(
            doc.text,
            opening.start(),
            opening.end(),
            doc.published,
            known_to=doc.published_precision,
        )
        return next(
            (d.date for d in found if d.date is not None and d.date.precision == DatePrecision.DAY),
            None,
        )

    def _opening_date(self, sentence: Sentence, subject: Mention) -> PartialDate | None:
        """The date of a sentence about the speaker: "Speaking on Friday to Sky News, Zelensky
        ...", "Scholz mentioned this in an interview with ZDF on October 24"."""
        doc = self.doc
        for found in doc.dates_in(sentence):
            if found.date is None or doc.inside_any_quotation(found.start):
                continue
            if found.start > subject.end and re.search(
                r"\bthat\b", doc.span(subject.end, found.start)
            ):
                continue  # in what the sentence reports ("... that Ukraine joins in 2025")
            if doc.published is not None and found.date.date > doc.published:
                continue  # nothing was said after the article appeared
            return found.date
        return None


def _clean_role(role_text: str) -> str:
    role = re.sub(r"^(?:the|a|an)\s+", "", role_text.strip(), flags=re.IGNORECASE)
    role = re.sub(r"^(?:former|then)\s+", "", role, flags=re.IGNORECASE)
    role = role.replace("’s", "'s")
    return role[:1].upper() + role[1:] if role else ""


def _confidence(
    candidate: Candidate, mention: Mention, stance_score: float, stance_margin: float
) -> float:
    base = 0.85 if candidate.direct else 0.7
    if stance_score <= 0:
        base -= 0.25  # no cue in the words: the label is a weak default
    if candidate.form is Form.STATED:
        base = 0.6
    if candidate.mention.kind in {"pronoun", "group"} or candidate.continuation:
        base -= 0.1
    if mention.known is None:
        base -= 0.15
    base += min(stance_margin, 4) * 0.02
    return max(0.05, min(0.99, base))
