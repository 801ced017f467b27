"""Reported speech found by the parse: a verb of saying or of taking a stance, its subject
and its clausal complement, wherever they stand and in either voice ("X said that ...",
"..., X said", "..., as X put it", "it was stated by X that ...").

The word rules (find_reported) run first; the parse adds what they cannot see. Only
sentences that speak of membership and name someone are parsed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from apps.extraction.candidates import Candidate, Form, Spans
from apps.extraction.clauses import VERB, clause_end, frame_dates, refers_back, trim
from apps.extraction.document import Document
from apps.extraction.find_reported import covered
from apps.extraction.names import Mention
from apps.extraction.segments import Sentence
from apps.extraction.vocabulary import (
    ADDRESSEE_VERBS,
    QUOTING_VERBS,
    SAY_VERBS,
    SAYING_PARTICIPLES,
    STANCE_VERBS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SUBJECTS = {"nsubj", "nsubjpass"}
# The speaker again, as the subject of what they said they think: "said he expected".
_SAME_SPEAKER = {"he", "she", "they", "i", "we"}
# Words that point back at the claim made in the sentence before: "X said this".
_POINTERS = {"this", "that", "so"}


def parsed_speech(doc: Document, taken: list[Candidate]) -> list[Candidate]:
    """Statements the parse finds that no candidate found before covers."""
    spans = Spans(taken)
    attribution_verbs = {candidate.verb_start for candidate in taken}
    found: list[Candidate] = []
    speaking = [
        s
        for s in doc.sentences
        if (doc.mentions.get(s.index) or doc.quoted_people.get(s.index)) and _speaks(doc, s)
    ]
    doc.parse_ahead([(s.start, s.end) for s in speaking])
    for sentence in speaking:
        parsed = doc.parse(sentence.start, sentence.end)
        for verb in parsed:
            verb_start = sentence.start + verb.idx
            if verb_start in attribution_verbs:
                continue
            # Inside another speaker's quotation, only what it recounts of someone named
            # ("President Biden clearly said that ...") is a statement: theirs.
            recounted = doc.inside_long_quotation(verb_start)
            if recounted and not _named_subject(verb):
                continue
            if (
                verb.lower_ not in SAY_VERBS
                and verb.lower_ not in STANCE_VERBS
                and not _adds_to_what_was_said(verb)
                and not _makes_clear(verb)
                and _quoted_as_saying(verb) is None
            ):
                continue
            candidate = _reported(doc, sentence, parsed, verb, recounted=recounted)
            if candidate is None or (covered(candidate, spans) and not recounted):
                continue
            found.append(candidate)
            spans.add(candidate)
    return found


def _speaks(doc: Document, sentence: Sentence) -> bool:
    return any(
        verb.group() in SAY_VERBS
        or verb.group() in STANCE_VERBS
        or verb.group() in QUOTING_VERBS
        or verb.group() == "clear"  # "has made clear ..."
        for verb in VERB.finditer(doc.text, sentence.start, sentence.end)
    )


def _quoted_as_saying(verb: Token) -> Token | None:
    """The object of "quoted ... as saying" when `verb` is that "saying"."""
    if verb.lower_ != "saying" or verb.dep_ != "pcomp" or verb.head.lower_ != "as":
        return None
    quoting = verb.head.head
    if quoting.lower_ not in QUOTING_VERBS:
        return None
    return next((c for c in quoting.children if c.dep_ == "dobj"), None)


def _reported(
    doc: Document, sentence: Sentence, parsed: Span, verb: Token, *, recounted: bool = False
) -> Candidate | None:
    complement = next((child for child in verb.children if child.dep_ == "ccomp"), None)
    if complement is None:
        return None if recounted else _said_before(doc, sentence, verb)
    speaker, rule = _speaker(doc, sentence, verb, recounted=recounted)
    rule = "parse-recounted" if recounted else rule
    if speaker is None:
        return None
    complement = _innermost(complement)
    if _recounts_another(complement):
        return None  # the verb inside is the statement's own, with its own speaker
    that = next((c for c in complement.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    # what follows "that" ("said, as reported by Reuters, that ..."), else the whole clause
    words = [
        t
        for t in complement.subtree
        if (t.i > that.i if that is not None else not (t.dep_ == "mark" and t.head is complement))
    ]
    subject = _object_taken_for_subject(verb, complement) if that is None else None
    if subject is not None:
        words = [*subject.subtree, *words]
    start = sentence.start + words[0].idx
    if complement.i < verb.i:  # "..., X said": what was said ends where the parse says
        last = words[-1]
        end = sentence.start + last.idx + len(last.text)
    else:  # "X said that ...": up to where the clause ends, as the word rules read it
        end = clause_end(doc, start, sentence)
    start, end = trim(doc, start, end)
    if doc.span(start, start + 5) == "that ":  # a complementiser the parse hung elsewhere
        start += 5
    made_clear = re.match(r"(?:it\s+)?clear\s+", doc.span(start, end))
    if made_clear and _makes_clear(verb):
        start += made_clear.end()
    if len(doc.span(start, end).split()) < 3 or speaker.start < end and speaker.end > start:
        return None
    return _candidate(
        doc, sentence, verb, speaker, (start, end), sentence, rule, refers_back(doc, sentence)
    )


def _object_taken_for_subject(verb: Token, complement: Token) -> Token | None:
    """ "Macron underlined the path to NATO is open": the small model reads "the path" as
    the verb's object and leaves the clause after it without a subject. A clause with no
    subject of its own, right after the verb's object, has that object for its subject."""
    if verb.lower_ in ADDRESSEE_VERBS or complement.i < verb.i:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in complement.children):
        return None
    if not any(c.dep_ in {"aux", "auxpass", "cop"} for c in complement.children) and (
        complement.tag_ not in {"VBZ", "VBD", "VBP", "MD"}
    ):
        return None  # not a finite clause ("urged to act")
    thing = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i), None)
    if thing is None or thing.lower_ in _POINTERS:
        return None
    return thing if thing.right_edge.i + 1 == complement.left_edge.i else None


def _said_before(doc: Document, sentence: Sentence, verb: Token) -> Candidate | None:
    """ "This was stated by X.", "X said this on Tuesday.": the claim is the sentence
    before, when nothing there says who made it."""
    pointer = next(
        (
            child
            for child in verb.children
            if child.dep_ in {"dobj", "nsubjpass"} and child.lower_ in _POINTERS
        ),
        None,
    )
    if pointer is None or verb.dep_ != "ROOT":
        return None
    claim = doc.previous_sentence(sentence)
    if claim is None or sentence.paragraph - claim.paragraph > 1:
        return None
    speaker, _ = _speaker(doc, sentence, verb)
    if speaker is None:
        return None
    start, end = trim(doc, claim.start, claim.end)
    return _candidate(doc, sentence, verb, speaker, (start, end), claim, "parse-points-back")


def _recounts_another(complement: Token) -> bool:
    """ "Zelensky said that Biden told him Ukraine would join": what Biden said is Biden's
    statement, found at its own verb; Zelensky only recounts it."""
    if complement.lower_ not in SAY_VERBS:
        return False
    subject = next((c for c in complement.children if c.dep_ == "nsubj"), None)
    inner = next((c for c in complement.children if c.dep_ == "ccomp"), None)
    return (
        subject is not None
        and inner is not None
        and subject.pos_ == "PROPN"
        and subject.lower_ not in _SAME_SPEAKER
    )


def _candidate(
    doc: Document,
    sentence: Sentence,
    verb: Token,
    speaker: Mention,
    span: tuple[int, int],
    holder: Sentence,
    rule: str,
    back_reference: bool = False,
) -> Candidate:
    """What `speaker` said at `verb` in `sentence`: the words at `span`, in `holder` (the
    same sentence, or the one before); dated by the attribution's own frame."""
    verb_start = sentence.start + verb.idx
    return Candidate(
        mention=speaker,
        start=span[0],
        end=span[1],
        form=Form.REPORTED,
        sentence=holder,
        verb=verb.lower_,
        verb_start=verb_start,
        rules=[rule],
        frame_dates=frame_dates(
            doc, sentence, exclude=span, verb_start=verb_start, subject_start=speaker.start
        ),
        back_reference=back_reference,
    )


def _innermost(complement: Token) -> Token:
    """ "X said he expected Kyiv to receive ...": what the speaker said they think, hope or
    expect is the statement itself."""
    while complement.lower_ in SAY_VERBS or complement.lower_ in STANCE_VERBS:
        # active voice only: "he was told that ..." reports what others said to him
        subject = next((c for c in complement.children if c.dep_ == "nsubj"), None)
        inner = next((c for c in complement.children if c.dep_ == "ccomp"), None)
        if subject is None or subject.lower_ not in _SAME_SPEAKER or inner is None:
            break
        complement = inner
    return complement


def _makes_clear(verb: Token) -> bool:
    """ "X has made (it) clear NATO membership was ...": a verb of saying, whose "clear"
    the parse may hang on the clause's first noun. With "that" the word rule reads it."""
    if verb.lower_ not in {"make", "makes", "made", "making"}:
        return False
    clear = next((t for t in verb.doc[verb.i + 1 : verb.i + 3] if t.lower_ == "clear"), None)
    return clear is not None and verb.doc[clear.i + 1 : clear.i + 2].text.lower() != "that"


def _adds_to_what_was_said(verb: Token) -> bool:
    """ "X said ..., adding that ...": a participle of saying that goes with a verb of
    saying says what its subject said next."""
    return (
        verb.lower_ in SAYING_PARTICIPLES
        and verb.dep_ in {"advcl", "conj"}
        and verb.head.lower_ in SAY_VERBS
    )


def _named_subject(verb: Token) -> bool:
    """The verb's subject is someone named ("President Biden clearly said"), not "I" or
    "we": the quoted speaker recounting what another said."""
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    return subject is not None and subject.pos_ == "PROPN"


def _speaker(
    doc: Document, sentence: Sentence, verb: Token, *, recounted: bool = False
) -> tuple[Mention | None, str]:
    """The mention the verb's subject is (or, in the passive, its agent; for "adding that
    ...", the subject of the verb of saying it goes with), and the rule."""
    if _adds_to_what_was_said(verb):
        speaker, _ = _speaker(doc, sentence, verb.head)
        return speaker, "parse-participle"
    quoted = _quoted_as_saying(verb)
    subject = quoted or next((child for child in verb.children if child.dep_ in _SUBJECTS), None)
    rule = "parse-quoted-as-saying" if quoted is not None else "parse-subject"
    if subject is None or verb.tag_ == "VBN" and subject.dep_ == "nsubjpass":
        agent = next((child for child in verb.children if child.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        rule = "parse-agent"
    if subject is None:
        return None, rule
    left = sentence.start + subject.left_edge.idx
    right = sentence.start + subject.right_edge.idx + len(subject.right_edge.text)
    head = sentence.start + subject.idx
    named = (doc.quoted_people if recounted else doc.mentions).get(sentence.index, [])
    inside = [m for m in named if m.start < right and m.end > left and not m.possessive]
    # the person whose name is its head word ("(Brussels Morning) Kremlin spokesman Dmitry
    # Peskov"), else a person named in the phrase ("the alliance's chief, Secretary General
    # Mark Rutte"), else the mention holding its head word, else the first in it
    people = [m for m in inside if m.kind == "person"]
    holding = [m for m in inside if m.start <= head < m.end]
    named_by_head = [m for m in holding if m.kind == "person"]
    chosen = (named_by_head or people or holding or inside or [None])[0]
    return chosen, rule
