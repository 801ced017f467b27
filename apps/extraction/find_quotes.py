"""Finding direct quotations and who they are attributed to: “...,” he said; X said: “...”;
Kuleba: “...”; a quotation going on from the one before; a transcript's own words."""

from __future__ import annotations

import re
from dataclasses import replace

from apps.extraction.attribute import subject_of
from apps.extraction.candidates import Candidate, Form, Spans
from apps.extraction.clauses import VERB, frame_dates, is_filler, is_title_gap, refers_back, trim
from apps.extraction.document import FULL_QUOTE_WORDS, Document
from apps.extraction.names import Mention, find_mentions
from apps.extraction.quotes import Quotation
from apps.extraction.segments import Sentence
from apps.extraction.stance import classify_stance
from apps.extraction.topic import speaks_to_membership
from apps.extraction.vocabulary import (
    DOCUMENT_VERBS,
    QUOTING_VERBS,
    SAY_VERBS,
    SAYING_PARTICIPLES,
)

# Attribution text allowed between a speech verb and a quotation it introduces.
ATTRIBUTION_GAP = 60
# What introduces a headline or a title, not speech: 'with the headline: “...”'.
_TITLED = re.compile(
    r"\b(?:headlines?|headlined|titled|entitled|title|caption|slogan|hashtag)\s*[:,]?\s*$",
    re.IGNORECASE,
)
# "“...,” TASS quoted Peskov as saying": an agency names who spoke as the verb's object.
_QUOTED_BY = re.compile(
    r"(?:[A-Za-z][\w.&-]*\s+){1,5}(?P<verb>"
    + "|".join(sorted(verb for verb in QUOTING_VERBS if verb.endswith("d")))  # quoted, cited
    + r")\s"
)
_UKRAINE_OR_JOINING = re.compile(r"Ukrain|Kyiv|Kiev|\bmember|\baccession|\bjoin|\bdoor", re.I)
# The heading of a transcript on an official site ("Press conference by ...", "Remarks by
# ..."): a line of its own, not "a statement by the minister said" inside a report.
_TRANSCRIPT = re.compile(
    r"(?:^|\n)[ \t]*(?:[Jj]oint )?(?:[Pp]ress (?:conference|point|statement)|[Ss]peech|[Rr]emarks|"
    r"[Ss]tatement|[Aa]ddress|[Dd]oorstep|[Oo]pening remarks)\b[^.\n]{0,20}?\n*[ \t]*\bby\s+"
)


def direct_quotes(doc: Document) -> list[Candidate]:
    """Each quotation with an attribution, or going on from the quotation before it."""
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    for quotation in doc.quotations:
        sentence = doc.sentence_at(quotation.open_mark)
        end_sentence = doc.sentence_at(max(quotation.close_mark - 1, quotation.start))
        if sentence is None or end_sentence is None:
            continue
        if _TITLED.search(
            doc.text, max(sentence.start, quotation.open_mark - 40), quotation.open_mark
        ):
            continue  # a headline or a title quoted, not words anyone said
        candidate = None
        if not _embedded(doc, quotation, sentence, end_sentence):
            candidate = _attribute_after(doc, quotation, end_sentence) or _attribute_before(
                doc, quotation, sentence
            )
        if candidate is None and previous is not None and _continues(doc, previous, quotation):
            candidate = _continuation(previous, quotation, sentence, "quote-continues")
        if candidate is None:
            continue
        # A quoted phrase inside reported speech: the reported pass takes the clause.
        if (
            quotation.words(doc.text) < FULL_QUOTE_WORDS
            and not candidate.continuation
            and not _quote_is_whole_statement(doc, quotation, candidate)
        ):
            continue
        candidates.append(candidate)
        previous = candidate
    return candidates


def quotes_standing_alone(doc: Document, taken: list[Candidate]) -> list[Candidate]:
    """A paragraph that is nothing but a quotation, after one whose statement has a
    speaker (“Peskov added that ... .” / “In fact, ...”), goes on from that speaker."""
    found: list[Candidate] = []
    spans = Spans(taken)
    by_paragraph: dict[int, list[Candidate]] = {}
    for candidate in taken:
        by_paragraph.setdefault(candidate.sentence.paragraph, []).append(candidate)
    for quotation in doc.quotations:
        if any(
            c.start <= quotation.start
            for c in spans.overlapping(quotation.start, quotation.start + 1)
        ):
            continue
        paragraph = doc.paragraphs[quotation.paragraph]
        rest = doc.span(paragraph.start, quotation.open_mark) + doc.span(
            quotation.close_mark, paragraph.end
        )
        sentence = doc.sentence_at(quotation.open_mark)
        # A label may head it: "Quote: “...”"
        rest = re.sub(r"^\s*(?:Quote|Quotes|Direct speech)\s*:", "", rest)
        if sentence is None or re.search(r"\w", rest) or quotation.paragraph == 0:
            continue
        before = by_paragraph.get(quotation.paragraph - 1, [])
        if before:
            found.append(
                _continuation(
                    max(before, key=lambda c: c.end), quotation, sentence, "quote-standing-alone"
                )
            )
    return found


def transcript(doc: Document, taken: list[Candidate]) -> list[Candidate]:
    """A transcript ("Press conference by NATO Secretary General Jens Stoltenberg") is
    its speaker's own words, without quotation marks: each run of sentences in a
    paragraph that speaks to membership, names no one else and takes a position."""
    speaker = _transcript_speaker(doc)
    if speaker is None:
        return []
    runs: list[list[Sentence]] = []
    for sentence in doc.sentences:
        if not _speaker_own_words(doc, sentence, taken):
            continue
        # One block: transcripts break lines within a paragraph, blank lines between them.
        if (
            runs
            and runs[-1][-1].index == sentence.index - 1
            and ("\n\n" not in doc.span(runs[-1][-1].end, sentence.start))
        ):
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    found = []
    for run in runs:
        start, end = trim(doc, run[0].start, run[-1].end)
        text = doc.span(start, end)
        if not _UKRAINE_OR_JOINING.search(text) or classify_stance(text).score <= 0:
            continue
        found.append(
            Candidate(
                mention=speaker,
                start=start,
                end=end,
                form=Form.TRANSCRIPT,
                sentence=run[0],
                verb="",
                verb_start=run[0].start,
                rules=["transcript"],
            )
        )
    return found


def _continuation(
    previous: Candidate, quotation: Quotation, sentence: Sentence, rule: str
) -> Candidate:
    return replace(
        previous,
        start=quotation.start,
        end=quotation.end,
        form=Form.CONTINUED,
        sentence=sentence,
        rules=[rule],
        follows=previous,
    )


def _speaker_own_words(doc: Document, sentence: Sentence, taken: list[Candidate]) -> bool:
    """A transcript sentence about membership that reports no one else's words."""
    others = [
        m
        for m in doc.mentions.get(sentence.index, [])
        if m.kind in {"person", "surname", "office", "pronoun"}
    ]
    return not (
        others
        or any(c.sentence.index == sentence.index and c.mention.kind != "group" for c in taken)
        or any(q.open_mark < sentence.end and q.close_mark > sentence.start for q in doc.quotations)
        or not speaks_to_membership(doc.sentence_text(sentence))
    )


def _transcript_speaker(doc: Document) -> Mention | None:
    header = _TRANSCRIPT.search(doc.text, 0, 600)
    if header is None:
        return None
    line_end = doc.text.find("\n", header.end())
    line_end = len(doc.text) if line_end == -1 else line_end
    mentions = find_mentions(doc.text, header.end(), line_end, doc.names, doc.published)
    return next((m for m in mentions if m.kind in {"person", "office"} and m.name), None)


def _embedded(
    doc: Document, quotation: Quotation, sentence: Sentence, end_sentence: Sentence
) -> bool:
    """A quoted phrase inside a clause ("The debate was "probably the reason," Trump said";
    "said 'I would like specifics' from Biden about ..."): the statement is the clause,
    found by the reported-speech pass. Long quotations ending a clause stay direct."""
    before = doc.span(
        max(sentence.start, doc.previous_quote_end(quotation, sentence)), quotation.open_mark
    )
    after = doc.span(quotation.close_mark, end_sentence.end)
    words_after = re.findall(
        r"[A-Za-z]+", after.split(",")[0] if after.lstrip().startswith(",") else after
    )
    said_before = any(v.group() in SAY_VERBS for v in VERB.finditer(before))
    introduced = re.search(r"\b[a-z]+[\s,:]*$", before)
    if (
        introduced
        and introduced.group().strip(" ,:") in SAY_VERBS
        and re.match(r"\s*(?:as|when|while|after|before|during|in|on|at|ahead)\b", after)
    ):
        return False  # 'said “...” as he flew out': the quotation is what was said
    if said_before and re.search(r"\b(?:that|whether)\s+(?:[^\s,]+\s+){2,}$", before):
        return True  # 'said that the U.S. and others “don't want ...”': one clause
    if said_before:
        # the quotation ends a reported clause unless more of the clause follows it
        return (
            quotation.closed
            and len(words_after) >= 2
            and not after.lstrip().startswith((",", ".", ";"))
        )
    if re.search(r":\s*$", before):
        return False  # a colon introduces a quotation of its own
    short = quotation.words(doc.text) < FULL_QUOTE_WORDS
    return short and len(re.findall(r"[A-Za-z]+", before)) >= 3


def _attribute_after(doc: Document, quotation: Quotation, sentence: Sentence) -> Candidate | None:
    """“...,” he said. / “...,” said Stoltenberg. / “...,” the NATO chief added."""
    after_start = quotation.close_mark
    after = doc.span(after_start, sentence.end)
    lead = re.match(r"^[\s,]*", after)
    offset = after_start + (lead.end() if lead else 0)
    if offset - after_start > 3 or not after.strip() or after.strip()[0] in "“\"‘'":
        return None
    mentions = [m for m in doc.mentions.get(sentence.index, []) if offset <= m.start < sentence.end]
    quoted_by = _QUOTED_BY.match(doc.text, offset, sentence.end)
    if quoted_by:  # “...,” TASS quoted Peskov (as saying).
        spoke = next((m for m in mentions if m.start >= quoted_by.end()), None)
        if (
            spoke
            and spoke.kind != "institution"
            and not spoke.possessive  # "Zelensky cited Biden's pledge": no one quoted
            and is_title_gap(doc.span(quoted_by.end(), spoke.start))
        ):
            verb = VERB.match(doc.text, quoted_by.start("verb"))
            return _candidate(doc, spoke, quotation, sentence, verb, "quote-quoted-by")
        return None
    verb = VERB.match(doc.text, offset)
    if verb and verb.group() in SAY_VERBS:  # inverted: “...,” said X.
        mention = next((m for m in mentions if m.start >= verb.end()), None)
        if mention and mention.start - verb.end() <= 40:
            return _candidate(doc, mention, quotation, sentence, verb, "quote-said-after")
        return None
    if not mentions or mentions[0].start - offset > 45:
        return None
    mention = mentions[0]
    if not is_title_gap(doc.span(offset, mention.start)):
        return None
    for verb in VERB.finditer(doc.text, mention.end, min(sentence.end, mention.end + 40)):
        if verb.group() in SAY_VERBS or (
            mention.kind == "document" and verb.group() in DOCUMENT_VERBS
        ):
            if is_filler(doc.span(mention.end, verb.start())):
                return _candidate(doc, mention, quotation, sentence, verb, "quote-said-after")
            return None
    return None


def _attribute_before(doc: Document, quotation: Quotation, sentence: Sentence) -> Candidate | None:
    """He said: “...” / Zelensky said the pair discussed issues, including “...” /
    Quote from Kuleba: “...”"""
    before_start = max(sentence.start, doc.previous_quote_end(quotation, sentence))
    introduced = _introduced_by_name(doc, quotation, sentence, before_start)
    if introduced is not None:
        return introduced
    for verb in reversed(list(VERB.finditer(doc.text, before_start, quotation.open_mark))):
        if verb.group() in SAYING_PARTICIPLES:
            if re.search(r"\w", doc.span(verb.end(), quotation.open_mark)):
                continue  # "noting that the “wording ...”": a clause quoting a phrase
            # "..., claiming, “...”": said by the subject of the sentence's verb of saying
            main = next(
                (v for v in VERB.finditer(doc.text, sentence.start, verb.start())
                 if v.group() in SAY_VERBS),
                None,
            )  # fmt: skip
            mention = subject_of(doc, sentence, main.start()) if main else None
            if mention is not None:
                return _candidate(doc, mention, quotation, sentence, verb, "quote-participle")
            continue
        if verb.group() not in SAY_VERBS:
            continue
        gap = doc.span(verb.end(), quotation.open_mark)
        if len(gap) > ATTRIBUTION_GAP and quotation.words(doc.text) < FULL_QUOTE_WORDS:
            return None
        mention = subject_of(doc, sentence, verb.start())
        if mention is None:
            return None
        return _candidate(doc, mention, quotation, sentence, verb, "quote-said-before")
    return None


def _introduced_by_name(
    doc: Document, quotation: Quotation, sentence: Sentence, before_start: int
) -> Candidate | None:
    """A name and a colon, with at most a few words before them, introduce a quotation
    (“Kuleba: ...”, “Quote from the minister: ...”)."""
    colon = re.search(r":\s*$", doc.span(before_start, quotation.open_mark))
    if colon is None:
        return None
    colon_at = before_start + colon.start()
    people = [
        m
        for m in doc.mentions.get(sentence.index, [])
        if m.kind in {"person", "office", "pronoun"} and before_start <= m.start < colon_at
    ]
    if not people or re.search(r"\w", doc.span(people[-1].end, colon_at)):
        return None
    lead = doc.span(before_start, people[-1].start)
    if len(re.findall(r"\w+", lead)) > 4 or any(
        v.group() in SAY_VERBS for v in VERB.finditer(lead)
    ):
        return None
    verb = re.compile(":").match(doc.text, colon_at)
    return _candidate(doc, people[-1], quotation, sentence, verb, "quote-name-colon")


def _continues(doc: Document, previous: Candidate, quotation: Quotation) -> bool:
    """A quotation standing alone right after one by a known speaker continues it."""
    paragraph = doc.paragraphs[quotation.paragraph]
    previous_paragraph = doc.paragraphs[previous.sentence.paragraph]
    if quotation.paragraph - previous_paragraph.index > 1:
        return False
    between = doc.span(previous.end, quotation.open_mark)
    if re.search(r"[”\"’']\s*[^\s”\"’'][^.]*\.\s*$", between) is None and between.strip(
        " ,.”\"’'\n"
    ):
        return False
    return quotation.open_mark == paragraph.start or bool(re.search(r"[.!?][”\"’']?\s*$", between))


def _quote_is_whole_statement(doc: Document, quotation: Quotation, candidate: Candidate) -> bool:
    """Short quotations count when they are all that was said ("“Never,” he said.")."""
    if candidate.verb_start > quotation.end:
        return True
    gap = doc.span(candidate.verb_start + len(candidate.verb), quotation.open_mark)
    return not re.search(r"\w", gap)


def _candidate(
    doc: Document,
    mention: Mention,
    quotation: Quotation,
    sentence: Sentence,
    verb: re.Match[str],
    rule: str,
) -> Candidate:
    return Candidate(
        mention=mention,
        start=quotation.start,
        end=quotation.end,
        form=Form.DIRECT,
        sentence=sentence,
        verb=verb.group(),
        verb_start=verb.start(),
        rules=[rule],
        frame_dates=frame_dates(
            doc,
            sentence,
            exclude=(quotation.open_mark, quotation.close_mark),
            verb_start=verb.start(),
            subject_start=mention.start,
        ),
        back_reference=refers_back(doc, sentence),
    )
