"""Finding reported speech and stated positions: "X said (that) ...", "..., X said",
"according to X, ...", "X has long opposed ...", "X, who has repeatedly called for ..."."""

from __future__ import annotations

import re

from apps.extraction.attribute import inverted_subject, mention_right_before, subject_of
from apps.extraction.candidates import Candidate, Form, Spans
from apps.extraction.clauses import (
    VERB,
    auxiliaries_start,
    clause_before,
    clause_end,
    complementiser,
    frame_dates,
    is_title_gap,
    only_frame_after,
    refers_back,
    trim,
)
from apps.extraction.document import Document
from apps.extraction.segments import Sentence
from apps.extraction.vocabulary import PARTICLE_REQUIRED, SAY_VERBS, STANCE_VERBS, VERB_PARTICLES

_ACCORDING = re.compile(r"\b[Aa]ccording to\b")


def reported_speech(doc: Document, taken: list[Candidate]) -> list[Candidate]:
    """Each verb of saying or of taking a stance, with its subject and what it reports,
    where a direct quotation found before does not already cover it."""
    candidates: list[Candidate] = []
    spans = Spans(taken)
    attribution_verbs = {candidate.verb_start for candidate in taken}
    for sentence in doc.sentences:
        for candidate in _according_to(doc, sentence):
            if not covered(candidate, spans):
                candidates.append(candidate)
                spans.add(candidate)
        for verb in VERB.finditer(doc.text, sentence.start, sentence.end):
            word = verb.group()
            if doc.inside_long_quotation(verb.start()) or verb.start() in attribution_verbs:
                continue
            if word not in SAY_VERBS and word not in STANCE_VERBS and word != "clear":
                continue
            candidate = _reported(doc, sentence, verb)
            if candidate is None or covered(candidate, spans):
                continue
            candidates.append(candidate)
            spans.add(candidate)
    return candidates


def _reported(doc: Document, sentence: Sentence, verb: re.Match[str]) -> Candidate | None:
    word = verb.group()
    verb_start = verb.start()
    rules = []
    if word == "clear":  # "has made it clear that ..."
        made = re.search(
            r"\bmade (?:it\s+)?$", doc.span(max(sentence.start, verb_start - 12), verb_start)
        )
        if made is None:
            return None
        verb_start = verb_start - len(made.group())
        rules.append("made-it-clear")
    after = doc.span(verb.end(), sentence.end)
    particle = VERB_PARTICLES.get(word)
    particle_match = (
        # "called on", "pressed hard for", "repeatedly called for"
        re.match(r"\s+(?:(?:hard|\w+ly)\s+)?(" + "|".join(particle) + r")\b", after)
        if particle
        else None
    )
    is_say = word in SAY_VERBS or word == "clear"
    that = complementiser(doc, verb.end(), sentence) if is_say else None
    if word in STANCE_VERBS and that is None and not (is_say and word in {"said", "says", "told"}):
        if word in PARTICLE_REQUIRED and particle_match is None:
            return None
        return _stated_position(doc, sentence, verb, verb_start)
    if not is_say:
        return None
    mention = subject_of(doc, sentence, verb_start)
    inverted = False
    if mention is None:
        mention = inverted_subject(doc, sentence, verb)
        inverted = mention is not None
    if mention is None:
        return None
    before_subject = doc.span(sentence.start, min(mention.start, verb_start))
    comma = clause_before(before_subject)
    if comma is not None and not inverted and not only_frame_after(doc, verb.end(), sentence):
        comma = None
    if comma is not None and (that is None or inverted):
        start, end = trim(doc, sentence.start, sentence.start + comma)
        rules.append("reported-before-verb")
    else:
        if inverted:
            return None
        if that is None and only_frame_after(doc, verb.end(), sentence):
            return None  # "said at the end of the first evening": nothing said here
        if that is None:
            return None  # "X said Ukraine will ...": the parse reads that (find_parsed)
        start, end = trim(doc, that, clause_end(doc, that, sentence))
        rules.append("reported-that")
    if end - start < 12 or len(doc.span(start, end).split()) < 3:
        return None
    return Candidate(
        mention=mention,
        start=start,
        end=end,
        form=Form.REPORTED,
        sentence=sentence,
        verb=word,
        verb_start=verb_start,
        rules=rules,
        frame_dates=frame_dates(
            doc, sentence, exclude=(start, end), verb_start=verb_start, subject_start=mention.start
        ),
        back_reference=refers_back(doc, sentence),
    )


def _stated_position(
    doc: Document, sentence: Sentence, verb: re.Match[str], verb_start: int
) -> Candidate | None:
    """ "Putin has long bitterly opposed ..." or "Zelensky, who has repeatedly called for ..." """
    mention = subject_of(doc, sentence, verb_start, allow_relative=False)
    relative = None
    if mention is None:
        relative = re.search(r",\s+who\s+([^,]*)$", doc.span(sentence.start, verb_start))
        if relative is None:
            return None
        mention = mention_right_before(doc, sentence, sentence.start + relative.start())
        if mention is None:
            return None
        start = sentence.start + relative.start(1)
    else:
        start = auxiliaries_start(doc, mention.end, verb_start)
    end = clause_end(doc, verb.end(), sentence, stop_at_comma=relative is not None, narrated=True)
    start, end = trim(doc, start, end)
    if len(doc.span(start, end).split()) < 3:
        return None
    return Candidate(
        mention=mention,
        start=start,
        end=end,
        form=Form.STATED,
        sentence=sentence,
        verb=verb.group(),
        verb_start=verb_start,
        rules=["stated-position-who" if relative is not None else "stated-position"],
        # A stated position is the event itself: a date inside it ("promised in 2008") counts.
        frame_dates=frame_dates(
            doc, sentence, exclude=(end, end), verb_start=verb_start, subject_start=mention.start
        ),
    )


def _according_to(doc: Document, sentence: Sentence) -> list[Candidate]:
    found: list[Candidate] = []
    for match in _ACCORDING.finditer(doc.text, sentence.start, sentence.end):
        # "according to Zelenskyy's chief of staff, Andrii Yermak": not the possessive
        mention = next(
            (
                m
                for m in doc.mentions.get(sentence.index, [])
                if m.start >= match.end() and not m.possessive
            ),
            None,
        )
        if mention is None or not is_title_gap(doc.span(match.end(), mention.start)):
            continue
        if match.start() == sentence.start or doc.span(sentence.start, match.start()).strip() in {
            "But",
            "And",
        }:
            rest = doc.span(mention.end, sentence.end)
            relative = re.match(r"\s*,\s+who\b[^,]*,", rest)
            comma = relative.end() - 1 if relative else rest.find(",")
            if comma == -1:
                continue
            clause = mention.end + comma + 1
            start, end = trim(doc, clause, clause_end(doc, clause, sentence))
        else:
            start, end = trim(doc, sentence.start, match.start())
        if len(doc.span(start, end).split()) < 3 or mention.kind == "group":
            continue
        found.append(
            Candidate(
                mention=mention,
                start=start,
                end=end,
                form=Form.REPORTED,
                sentence=sentence,
                verb="according",
                verb_start=match.start(),
                rules=["according-to"],
                frame_dates=frame_dates(
                    doc,
                    sentence,
                    exclude=(start, end),
                    verb_start=match.start(),
                    subject_start=match.start(),
                ),
            )
        )
    return found


def covered(candidate: Candidate, spans: Spans) -> bool:
    """Reported speech around a direct quote already taken adds nothing."""
    for other in spans.overlapping(candidate.start, candidate.end):
        overlap = min(candidate.end, other.end) - max(candidate.start, other.start)
        if overlap > 0.6 * (candidate.end - candidate.start) or overlap > 0.8 * (
            other.end - other.start
        ):
            return True
    return False
