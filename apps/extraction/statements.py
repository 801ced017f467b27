"""From article text to statements: who said what about Ukraine's NATO membership, and when.

Pure functions over text: no database and no network, so the worker, `manage.py extract`
and the quality benchmark all run exactly this code.

The passes, in order: direct quotations and their attributions; reported speech ("X said
that ...", "..., X said", "according to X, ..."); positions stated as a predicate ("X has
long opposed ...", "X, who has repeatedly called for ..."). Then: keep statements about
membership, date them, classify their stance, drop a reported sentence that only
paraphrases the direct quote beside it, and merge repeats.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from apps.core.dates import PartialDate
from apps.core.text import normalise_quote, quotes_match
from apps.extraction.dates import DateMention, find_dates
from apps.extraction.labels import Stance
from apps.extraction.lexicon import (
    COUNTRY_WORDS,
    MONTHS,
    PARTICLE_REQUIRED,
    SAY_VERBS,
    STANCE_VERBS,
    TITLE_WORDS,
    VERB_PARTICLES,
    WEEKDAYS,
)
from apps.extraction.names import (
    ArticleNames,
    Gazetteer,
    KnownSpeaker,
    Mention,
    find_mentions,
)
from apps.extraction.quotes import Quotation, find_quotations
from apps.extraction.segments import Sentence, paragraphs, sentences
from apps.extraction.stance import classify_stance
from apps.extraction.topic import speaks_to_membership

# A quotation this long is a statement in its own right, even inside a reported clause.
FULL_QUOTE_WORDS = 8
# Attribution text allowed between a speech verb and a quotation it introduces.
ATTRIBUTION_GAP = 60


@dataclass(frozen=True)
class Statement:
    """One statement found in an article, with where its quote stands in the text."""

    speaker: str
    role: str
    quote: str
    quote_start: int
    quote_end: int
    direct: bool
    said_on: PartialDate | None
    stance: Stance
    confidence: float
    method: str
    context: str
    speaker_known: bool = True
    speaker_kind: str = "person"
    speaker_country: str = ""
    stance_cues: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "quote": self.quote,
            "direct": self.direct,
            "said_on": self.said_on.isoformat() if self.said_on else None,
            "stance": self.stance.value,
            "confidence": round(self.confidence, 2),
            "method": self.method,
            "speaker_known": self.speaker_known,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "context": self.context,
        }


@dataclass
class _Candidate:
    mention: Mention
    start: int
    end: int
    direct: bool
    method: str
    sentence: Sentence
    verb: str
    verb_start: int
    frame_dates: list[DateMention] = field(default_factory=list)
    speaker: KnownSpeaker | None = None
    speaker_name: str = ""
    role: str = ""
    back_reference: bool = False
    continuation: bool = False
    # For a continuation, the statement it goes on from.
    follows: _Candidate | None = None


_VERB = re.compile(r"\b[a-z]+\b")
_FILLER_WORDS = (
    frozenset(
        [
            "has",
            "have",
            "had",
            "is",
            "was",
            "were",
            "would",
            "will",
            "'s",
            "’s",
            "also",
            "even",
            "again",
            "then",
            "now",
            "still",
            "once",
            "just",
            "already",
            "never",
            "not",
            "long",
            "further",
            "on",
            "in",
            "at",
            "last",
            "this",
            "earlier",
            "later",
            "late",
            "early",
            "today",
            "yesterday",
            "tonight",
            "morning",
            "afternoon",
            "evening",
            "night",
            "week",
            "month",
            "year",
            "a",
            "an",
            "the",
        ]
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
_FRAME_START = re.compile(
    r"^(?:in|on|at|to|during|after|before|via|through|from|earlier|last|this|when|while|"
    r"with|him|her|them|us|me|reporters|journalists|lawmakers|the press|parliament|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|[A-Z])\b"
    # whom it was told: "German reporters", "CNN in an interview", "the BBC"
    r"|^(?:[A-Z][\w.&’'-]*\s+)?(?:reporters|journalists|lawmakers|media|press|broadcasters?)\b"
    r"|^(?:[A-Z][\w.&’'-]*\s*){1,3}(?:$|(?:in|on|at|during|after|before|via|from|with|while|when)\b)"
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|can|could|should|must|has|have|had|agree[sd]?|"
    r"do|does|did|may|might)\b"
)
_CLAUSE_END = re.compile(
    r",[”\"’]?\s+(?:which|who|whom|that|concerns|adding|advancing|declaring|saying|citing|amid|as|while|"
    r"whereas|despite|even though|although|though|according to|because|since|"
    r"[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,4} (?:reported|reports|said|says|added|told)\b|"
    r"(?:suggesting|noting|arguing|warning|stressing|insisting|claiming|explaining|referring|"
    r"indicating|emphasi[sz]ing|calling|describing)\b|"
    r"(?:a|an|the) (?:[\w-]+ ){0,5}(?:that|which|who)\b|in (?:a|an|the) \w+ (?:that|which)\b)"
    r"|;\s|\s[—–]\s|\s--\s"
    # any other participle after a comma: ", expressing ...", ", citing ..."
    r"|,[”\"’]?\s+(?!including\b|according\b|during\b|notwithstanding\b)[a-z]+ing\b"
)
_NARRATED_CLAUSE_END = re.compile(
    _CLAUSE_END.pattern
    + r"|,\s+(?:but|and|yet)\s|\s(?:but|and)\s+(?:has|had|have|is|was|also|will|would)\b"
)
_BACK_REFERENCE = re.compile(
    r"\b(?:in|on) the (?:same )?(?:cable|letter|interview|statement|speech|post|article|"
    r"op-ed|video|address|declaration|communiqu[eé]|remarks)\b|\bthe (?:declaration|communiqu[eé]|statement) (?:said|says|added)"
)
_CONTINUING_VERBS = frozenset({"added", "adds", "continued", "continues", "went"})
_ABOUT_THE_EU = re.compile(r"\b(?:EU|European Union)\b")
_ABOUT_NATO = re.compile(r"\b(?:NATO|Nato|[Aa]lliance|Atlantic|allies)\b")
# Those who speak for an institution: "NATO leaders", "NATO foreign ministers".
_MEMBERS_OF = re.compile(
    r"\s*(?:leaders|allies|members|member states|countries|nations|foreign ministers|"
    r"defen[cs]e ministers|heads of state(?: and government)?)\b"
)
# Participles that add to what the sentence's subject said: "..., claiming, “...”".
_SAYING = frozenset(
    "adding noting saying stressing insisting warning arguing claiming emphasising "
    "emphasizing explaining".split()
)
# Titles anyone named may be called by: "said the politician" is the person last named.
_ANYONES_TITLE = frozenset({"politician", "diplomat", "minister", "leader", "head of state"})
_UKRAINE_OR_JOINING = re.compile(
    r"Ukrain|Kyiv|Kiev|\bmember|\baccession|\bjoin|\bdoor", re.IGNORECASE
)
# Openings of a phrase that sets the scene rather than says anything.
_FRAME_OPENING = re.compile(
    r"\s*(?:As a result of|In|At|After|During|Following|Before|On|Amid|Despite|Ahead of|"
    r"Speaking|Since|Until|Over)\b"
)
# The heading of a transcript on an official site ("Press conference by ...", "Remarks by
# ..."): a line of its own, not "a statement by the minister said" inside a report.
_TRANSCRIPT = re.compile(
    r"(?:^|\n)[ \t]*(?:[Jj]oint )?(?:[Pp]ress (?:conference|point|statement)|[Ss]peech|[Rr]emarks|"
    r"[Ss]tatement|[Aa]ddress|[Dd]oorstep|[Oo]pening remarks)\b[^.\n]{0,20}?\n*[ \t]*\bby\s+"
)
# A statement opening by referring back to what came before ("Of course, this is ...").
_POINTS_BACK = re.compile(r"^\W*(?:[\w’']+\W+){0,3}?(?:this|that|it|these|such)\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_COORDINATION = re.compile(r"(?:,\s*|\s)(?:but|and|yet)\s+(?:also\s+|later\s+|then\s+)?$")


def extract_statements(
    text: str, *, published: dt.date | None = None, gazetteer: Gazetteer | None = None
) -> list[Statement]:
    """Statements about Ukraine's NATO membership in `text`, in the order they appear."""
    return _Extraction(text, published, gazetteer or Gazetteer()).run()


class _Extraction:
    def __init__(self, text: str, published: dt.date | None, gazetteer: Gazetteer) -> None:
        self.text = text
        self.published = published
        self.gazetteer = gazetteer
        self.names = ArticleNames(gazetteer)
        self.paragraphs = paragraphs(text)
        self.sentences = [
            sentence
            for sentence in sentences(text, self.paragraphs)
            if self.paragraphs[sentence.paragraph].is_body
        ]
        body = [paragraph for paragraph in self.paragraphs if paragraph.is_body]
        self.quotations = find_quotations(text, body)
        self.mentions: dict[int, list[Mention]] = {}
        self.subjects: dict[int, Mention | None] = {}

    # -- the passes -----------------------------------------------------------------------

    def run(self) -> list[Statement]:
        for sentence in self.sentences:
            self._read_sentence(sentence)
        candidates = self._direct_quotes()
        candidates += self._reported_speech(taken=candidates)
        candidates += self._quotes_standing_alone(taken=candidates)
        candidates += self._transcript(taken=candidates)
        self.by_sentence: dict[int, list[_Candidate]] = {}
        for candidate in self._ordered(candidates):
            self.by_sentence.setdefault(candidate.sentence.index, []).append(candidate)
        statements = [
            s for s in (self._finish(c, candidates) for c in self._ordered(candidates)) if s
        ]
        statements = self._drop_paraphrases(statements)
        return self._merge_repeats(statements)

    def _read_sentence(self, sentence: Sentence) -> None:
        mentions = find_mentions(
            self.text, sentence.start, sentence.end, self.names, self.published
        )
        mentions = [m for m in mentions if not self._inside_long_quotation(m.start)]
        self.mentions[sentence.index] = mentions
        people = [m for m in mentions if m.kind in {"person", "office"}]
        institutions = [m for m in mentions if m.kind == "institution" and not m.possessive]
        self.subjects[sentence.index] = next(
            (m for m in people if not m.possessive), people[0] if people else None
        ) or (institutions[0] if institutions else None)

    def _ordered(self, candidates: list[_Candidate]) -> list[_Candidate]:
        return sorted(candidates, key=lambda candidate: candidate.start)

    # -- direct quotations ----------------------------------------------------------------

    def _direct_quotes(self) -> list[_Candidate]:
        candidates: list[_Candidate] = []
        previous: _Candidate | None = None
        for quotation in self.quotations:
            sentence = self._sentence_at(quotation.open_mark)
            end_sentence = self._sentence_at(max(quotation.close_mark - 1, quotation.start))
            if sentence is None or end_sentence is None:
                continue
            candidate = None
            if not self._embedded(quotation, sentence, end_sentence):
                candidate = self._attribute_after(
                    quotation, end_sentence
                ) or self._attribute_before(quotation, sentence)
            if candidate is None and previous is not None and self._continues(previous, quotation):
                candidate = self._continuation(previous, quotation, sentence)
            if candidate is None:
                continue
            # A quoted phrase inside reported speech: the reported pass takes the clause.
            if (
                quotation.words(self.text) < FULL_QUOTE_WORDS
                and not candidate.continuation
                and not self._quote_is_whole_statement(quotation, candidate)
            ):
                continue
            candidates.append(candidate)
            previous = candidate
        return candidates

    def _continuation(
        self, previous: _Candidate, quotation: Quotation, sentence: Sentence
    ) -> _Candidate:
        return replace(
            previous,
            start=quotation.start,
            end=quotation.end,
            direct=True,
            sentence=sentence,
            method="direct quote, continued",
            continuation=True,
            follows=previous,
        )

    def _quotes_standing_alone(self, taken: list[_Candidate]) -> list[_Candidate]:
        """A paragraph that is nothing but a quotation, after one whose statement has a
        speaker (“Peskov added that ... .” / “In fact, ...”), goes on from that speaker."""
        found: list[_Candidate] = []
        for quotation in self.quotations:
            if any(c.start <= quotation.start < c.end for c in taken):
                continue
            paragraph = self.paragraphs[quotation.paragraph]
            rest = (
                self.text[paragraph.start : quotation.open_mark]
                + self.text[quotation.close_mark : paragraph.end]
            )
            sentence = self._sentence_at(quotation.open_mark)
            # A label may head it: "Quote: “...”"
            rest = re.sub(r"^\s*(?:Quote|Quotes|Direct speech)\s*:", "", rest)
            if sentence is None or re.search(r"\w", rest) or quotation.paragraph == 0:
                continue
            before = [c for c in taken if c.sentence.paragraph == quotation.paragraph - 1]
            if before:
                found.append(
                    self._continuation(max(before, key=lambda c: c.end), quotation, sentence)
                )
        return found

    def _transcript(self, taken: list[_Candidate]) -> list[_Candidate]:
        """A transcript ("Press conference by NATO Secretary General Jens Stoltenberg") is
        its speaker's own words, without quotation marks: each run of sentences in a
        paragraph that speaks to membership, names no one else and takes a position."""
        speaker = self._transcript_speaker()
        if speaker is None:
            return []
        runs: list[list[Sentence]] = []
        for sentence in self.sentences:
            if not self._speaker_own_words(sentence, taken):
                continue
            # One block: transcripts break lines within a paragraph, blank lines between them.
            if (
                runs
                and runs[-1][-1].index == sentence.index - 1
                and ("\n\n" not in self.text[runs[-1][-1].end : sentence.start])
            ):
                runs[-1].append(sentence)
            else:
                runs.append([sentence])
        found = []
        for run in runs:
            start, end = self._trim(run[0].start, run[-1].end)
            text = self.text[start:end]
            if not _UKRAINE_OR_JOINING.search(text) or classify_stance(text).score <= 0:
                continue
            found.append(
                _Candidate(
                    mention=speaker,
                    start=start,
                    end=end,
                    direct=False,
                    method="transcript",
                    sentence=run[0],
                    verb="",
                    verb_start=run[0].start,
                )
            )
        return found

    def _speaker_own_words(self, sentence: Sentence, taken: list[_Candidate]) -> bool:
        """A transcript sentence about membership that reports no one else's words."""
        others = [
            m
            for m in self.mentions.get(sentence.index, [])
            if m.kind in {"person", "surname", "office", "pronoun"}
        ]
        return not (
            others
            or any(c.sentence.index == sentence.index and c.mention.kind != "group" for c in taken)
            or any(
                q.open_mark < sentence.end and q.close_mark > sentence.start
                for q in self.quotations
            )
            or not speaks_to_membership(self.text[sentence.start : sentence.end])
        )

    def _transcript_speaker(self) -> Mention | None:
        header = _TRANSCRIPT.search(self.text, 0, 600)
        if header is None:
            return None
        line_end = self.text.find("\n", header.end())
        line_end = len(self.text) if line_end == -1 else line_end
        mentions = find_mentions(self.text, header.end(), line_end, self.names, self.published)
        return next((m for m in mentions if m.kind in {"person", "office"} and m.name), None)

    def _embedded(self, quotation: Quotation, sentence: Sentence, end_sentence: Sentence) -> bool:
        """A quoted phrase inside a clause ("The debate was "probably the reason," Trump said";
        "said 'I would like specifics' from Biden about ..."): the statement is the clause,
        found by the reported-speech pass. Long quotations ending a clause stay direct."""
        before = self.text[
            max(sentence.start, self._previous_quote_end(quotation, sentence)) : quotation.open_mark
        ]
        after = self.text[quotation.close_mark : end_sentence.end]
        words_after = re.findall(
            r"[A-Za-z]+", after.split(",")[0] if after.lstrip().startswith(",") else after
        )
        said_before = any(v.group() in SAY_VERBS for v in _VERB.finditer(before))
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
        short = quotation.words(self.text) < FULL_QUOTE_WORDS
        return short and len(re.findall(r"[A-Za-z]+", before)) >= 3

    def _attribute_after(self, quotation: Quotation, sentence: Sentence) -> _Candidate | None:
        """“...,” he said. / “...,” said Stoltenberg. / “...,” the NATO chief added."""
        after_start = quotation.close_mark
        after = self.text[after_start : sentence.end]
        lead = re.match(r"^[\s,]*", after)
        offset = after_start + (lead.end() if lead else 0)
        if offset - after_start > 3 or not after.strip() or after.strip()[0] in "“\"‘'":
            return None
        mentions = [
            m for m in self.mentions.get(sentence.index, []) if offset <= m.start < sentence.end
        ]
        verb = _VERB.match(self.text, offset)
        if verb and verb.group() in SAY_VERBS:  # inverted: “...,” said X.
            mention = next((m for m in mentions if m.start >= verb.end()), None)
            if mention and mention.start - verb.end() <= 40:
                return self._candidate(mention, quotation, sentence, verb, "direct quote")
            return None
        if not mentions or mentions[0].start - offset > 45:
            return None
        mention = mentions[0]
        if not self._title_gap(self.text[offset : mention.start]):
            return None
        for verb in _VERB.finditer(self.text, mention.end, min(sentence.end, mention.end + 40)):
            if verb.group() in SAY_VERBS:
                if self._is_filler(self.text[mention.end : verb.start()]):
                    return self._candidate(mention, quotation, sentence, verb, "direct quote")
                return None
        return None

    def _attribute_before(self, quotation: Quotation, sentence: Sentence) -> _Candidate | None:
        """He said: “...” / Zelensky said the pair discussed issues, including “...” /
        Quote from Kuleba: “...”"""
        before_start = max(sentence.start, self._previous_quote_end(quotation, sentence))
        introduced = self._introduced_by_name(quotation, sentence, before_start)
        if introduced is not None:
            return introduced
        for verb in reversed(list(_VERB.finditer(self.text, before_start, quotation.open_mark))):
            if verb.group() in _SAYING:
                if re.search(r"\w", self.text[verb.end() : quotation.open_mark]):
                    continue  # "noting that the “wording ...”": a clause quoting a phrase
                # "..., claiming, “...”": said by the subject of the sentence's verb of saying
                main = next(
                    (v for v in _VERB.finditer(self.text, sentence.start, verb.start())
                     if v.group() in SAY_VERBS),
                    None,
                )  # fmt: skip
                mention = self._subject_of(sentence, main.start()) if main else None
                if mention is not None:
                    return self._candidate(mention, quotation, sentence, verb, "direct quote")
                continue
            if verb.group() not in SAY_VERBS:
                continue
            gap = self.text[verb.end() : quotation.open_mark]
            if len(gap) > ATTRIBUTION_GAP and quotation.words(self.text) < FULL_QUOTE_WORDS:
                return None
            mention = self._subject_of(sentence, verb.start())
            if mention is None:
                return None
            return self._candidate(mention, quotation, sentence, verb, "direct quote")
        return None

    def _introduced_by_name(
        self, quotation: Quotation, sentence: Sentence, before_start: int
    ) -> _Candidate | None:
        """A name and a colon, with at most a few words before them, introduce a quotation
        (“Kuleba: ...”, “Quote from the minister: ...”)."""
        colon = re.search(r":\s*$", self.text[before_start : quotation.open_mark])
        if colon is None:
            return None
        colon_at = before_start + colon.start()
        people = [
            m
            for m in self.mentions.get(sentence.index, [])
            if m.kind in {"person", "office", "pronoun"} and before_start <= m.start < colon_at
        ]
        if not people or re.search(r"\w", self.text[people[-1].end : colon_at]):
            return None
        lead = self.text[before_start : people[-1].start]
        if len(re.findall(r"\w+", lead)) > 4 or any(
            v.group() in SAY_VERBS for v in _VERB.finditer(lead)
        ):
            return None
        verb = re.compile(":").match(self.text, colon_at)
        return self._candidate(people[-1], quotation, sentence, verb, "direct quote")

    def _previous_quote_end(self, quotation: Quotation, sentence: Sentence) -> int:
        ends = [
            q.close_mark
            for q in self.quotations
            if q.close_mark <= quotation.open_mark and q.close_mark > sentence.start
        ]
        return max(ends, default=sentence.start)

    def _continues(self, previous: _Candidate, quotation: Quotation) -> bool:
        """A quotation standing alone right after one by a known speaker continues it."""
        paragraph = self.paragraphs[quotation.paragraph]
        previous_paragraph = self.paragraphs[previous.sentence.paragraph]
        if quotation.paragraph - previous_paragraph.index > 1:
            return False
        between = self.text[previous.end : quotation.open_mark]
        if re.search(r"[”\"’']\s*[^\s”\"’'][^.]*\.\s*$", between) is None and between.strip(
            " ,.”\"’'\n"
        ):
            return False
        return quotation.open_mark == paragraph.start or bool(
            re.search(r"[.!?][”\"’']?\s*$", between)
        )

    def _quote_is_whole_statement(self, quotation: Quotation, candidate: _Candidate) -> bool:
        """Short quotations count when they are all that was said ("“Never,” he said.")."""
        if candidate.verb_start > quotation.end:
            return True
        gap = self.text[candidate.verb_start + len(candidate.verb) : quotation.open_mark]
        return not re.search(r"\w", gap)

    def _candidate(
        self,
        mention: Mention,
        quotation: Quotation,
        sentence: Sentence,
        verb: re.Match[str],
        method: str,
    ) -> _Candidate:
        frame = self._frame_dates(
            sentence,
            exclude=(quotation.open_mark, quotation.close_mark),
            verb_start=verb.start(),
            subject_start=mention.start,
        )
        return _Candidate(
            mention=mention,
            start=quotation.start,
            end=quotation.end,
            direct=True,
            method=method,
            sentence=sentence,
            verb=verb.group(),
            verb_start=verb.start(),
            frame_dates=frame,
            back_reference=bool(_BACK_REFERENCE.search(self.text, sentence.start, sentence.end)),
        )

    # -- reported speech ------------------------------------------------------------------

    def _reported_speech(self, taken: list[_Candidate]) -> list[_Candidate]:
        candidates: list[_Candidate] = []
        attribution_verbs = {candidate.verb_start for candidate in taken}
        for sentence in self.sentences:
            candidates += [
                c for c in self._according_to(sentence) if not self._covered(c, taken + candidates)
            ]
            for verb in _VERB.finditer(self.text, sentence.start, sentence.end):
                word = verb.group()
                if self._inside_long_quotation(verb.start()) or verb.start() in attribution_verbs:
                    continue
                if word not in SAY_VERBS and word not in STANCE_VERBS and word != "clear":
                    continue
                candidate = self._reported(sentence, verb)
                if candidate is None or self._covered(candidate, taken + candidates):
                    continue
                candidates.append(candidate)
        return candidates

    def _reported(self, sentence: Sentence, verb: re.Match[str]) -> _Candidate | None:
        word = verb.group()
        verb_start = verb.start()
        if word == "clear":  # "has made it clear that ..."
            made = re.search(
                r"\bmade (?:it\s+)?$", self.text[max(sentence.start, verb_start - 12) : verb_start]
            )
            if made is None:
                return None
            verb_start = verb_start - len(made.group())
        after = self.text[verb.end() : sentence.end]
        particle = VERB_PARTICLES.get(word)
        particle_match = (
            # "called on", "pressed hard for", "repeatedly called for"
            re.match(r"\s+(?:(?:hard|\w+ly)\s+)?(" + "|".join(particle) + r")\b", after)
            if particle
            else None
        )
        is_say = word in SAY_VERBS or word == "clear"
        that = self._complementiser(verb.end(), sentence) if is_say else None
        if (
            word in STANCE_VERBS
            and that is None
            and not (is_say and word in {"said", "says", "told"})
        ):
            if word in PARTICLE_REQUIRED and particle_match is None:
                return None
            return self._predicate(sentence, verb, verb_start)
        if not is_say:
            return None
        mention = self._subject_of(sentence, verb_start)
        inverted = False
        if mention is None:
            mention = self._inverted_subject(sentence, verb)
            inverted = mention is not None
        if mention is None:
            return None
        before_subject = self.text[sentence.start : min(mention.start, verb_start)]
        clause_before = self._clause_before(before_subject, mention, verb_start)
        if (
            clause_before is not None
            and not inverted
            and not self._only_frame_after(verb.end(), sentence)
        ):
            clause_before = None
        if clause_before is not None and (that is None or inverted):
            start, end = self._trim(sentence.start, sentence.start + clause_before)
            method = "reported speech"
        else:
            if inverted:
                return None
            if that is None and self._only_frame_after(verb.end(), sentence):
                return None  # "said at the end of the first evening": nothing said here
            clause_start = that if that is not None else self._clause_start(verb.end(), sentence)
            if clause_start is None:
                return None
            start, end = self._trim(clause_start, self._clause_end(clause_start, sentence))
            method = "reported speech"
        if end - start < 12 or len(self.text[start:end].split()) < 3:
            return None
        frame = self._frame_dates(
            sentence, exclude=(start, end), verb_start=verb_start, subject_start=mention.start
        )
        return _Candidate(
            mention=mention,
            start=start,
            end=end,
            direct=False,
            method=method,
            sentence=sentence,
            verb=word,
            verb_start=verb_start,
            frame_dates=frame,
            back_reference=bool(_BACK_REFERENCE.search(self.text, sentence.start, sentence.end)),
        )

    def _predicate(
        self, sentence: Sentence, verb: re.Match[str], verb_start: int
    ) -> _Candidate | None:
        """ "Putin has long bitterly opposed ..." or "Zelensky, who has repeatedly called for ..." """
        mention = self._subject_of(sentence, verb_start, allow_relative=False)
        relative = None
        if mention is None:
            relative = re.search(r",\s+who\s+([^,]*)$", self.text[sentence.start : verb_start])
            if relative is None:
                return None
            who_at = sentence.start + relative.start()
            mention = self._mention_before(sentence, who_at)
            if mention is None:
                return None
            start = sentence.start + relative.start(1)
        else:
            start = self._auxiliaries_start(mention.end, verb_start)
        end = self._clause_end(
            verb.end(), sentence, stop_at_comma=relative is not None, narrated=True
        )
        start, end = self._trim(start, end)
        if len(self.text[start:end].split()) < 3:
            return None
        # A stated position is the event itself: a date inside it ("promised in 2008") counts.
        frame = self._frame_dates(
            sentence, exclude=(end, end), verb_start=verb_start, subject_start=mention.start
        )
        return _Candidate(
            mention=mention,
            start=start,
            end=end,
            direct=False,
            method="stated position",
            sentence=sentence,
            verb=verb.group(),
            verb_start=verb_start,
            frame_dates=frame,
        )

    def _according_to(self, sentence: Sentence) -> list[_Candidate]:
        found: list[_Candidate] = []
        for match in _ACCORDING.finditer(self.text, sentence.start, sentence.end):
            # "according to Zelenskyy's chief of staff, Andrii Yermak": not the possessive
            mention = next(
                (
                    m
                    for m in self.mentions.get(sentence.index, [])
                    if m.start >= match.end() and not m.possessive
                ),
                None,
            )
            if mention is None or not self._title_gap(self.text[match.end() : mention.start]):
                continue
            if match.start() == sentence.start or self.text[
                sentence.start : match.start()
            ].strip() in {"But", "And"}:
                rest = self.text[mention.end : sentence.end]
                relative = re.match(r"\s*,\s+who\b[^,]*,", rest)
                comma = relative.end() - 1 if relative else rest.find(",")
                if comma == -1:
                    continue
                start, end = self._trim(
                    mention.end + comma + 1, self._clause_end(mention.end + comma + 1, sentence)
                )
            else:
                start, end = self._trim(sentence.start, match.start())
            if len(self.text[start:end].split()) < 3 or mention.kind == "group":
                continue
            found.append(
                _Candidate(
                    mention=mention,
                    start=start,
                    end=end,
                    direct=False,
                    method="reported speech",
                    sentence=sentence,
                    verb="according",
                    verb_start=match.start(),
                    frame_dates=self._frame_dates(
                        sentence,
                        exclude=(start, end),
                        verb_start=match.start(),
                        subject_start=match.start(),
                    ),
                )
            )
        return found

    # -- subjects -------------------------------------------------------------------------

    def _subject_of(
        self, sentence: Sentence, verb_start: int, *, allow_relative: bool = True
    ) -> Mention | None:
        """The mention a verb's subject is: right before it, or before a coordinated verb."""
        mentions = [m for m in self.mentions.get(sentence.index, []) if m.end <= verb_start]
        head = self._head_of_relative_clause(sentence, mentions, verb_start)
        if head is not None:
            return head
        for mention in reversed(mentions):
            gap = self.text[mention.end : verb_start]
            if mention.possessive or mention.kind == "object":
                continue
            if self._is_filler(gap, allow_relative=allow_relative):
                return mention
            members = _MEMBERS_OF.match(gap) if mention.kind == "institution" else None
            if members and self._is_filler(gap[members.end() :], allow_relative=allow_relative):
                return mention  # "NATO leaders pledged ...": the alliance speaking
            if allow_relative and re.fullmatch(
                r"\s*,\s*who\s+(?:(?:has|had|also|later|then|\w+ly)\s+)*", gap
            ):
                return mention  # "... from Bush, who said: ..."
            title = re.fullmatch(r"\s*,\s*((?:[\w’'.-]+\s+){0,5}([\w-]+))\s*", gap)
            if title and title.group(2).lower() in TITLE_WORDS:
                return mention  # a title in apposition: "Dmitry Medvedev, Russia's new president commented"
            if re.fullmatch(r"\s*,\s*", gap):
                # a name in apposition: "The U.S. envoy, General Keith Kellogg, said ..."
                lead = self.text[sentence.start : mention.start]
                comma = lead.rfind(",")
                if comma != -1 and self._title_gap(lead[comma + 1 :]):
                    return mention
            if re.fullmatch(r"\s*,\s*(?:(?:has|have|had|also)\s+)*", gap):
                continue  # closing an apposition ("..., Special Envoy to the Middle East, has"):
                # the subject is the name before it
            break
        if _COORDINATION.search(self.text[sentence.start : verb_start]):
            subject = self.subjects.get(sentence.index)
            if subject is not None and subject.start < verb_start and not subject.possessive:
                return subject
        return None

    def _head_of_relative_clause(
        self, sentence: Sentence, mentions: list[Mention], verb_start: int
    ) -> Mention | None:
        """'Trump, who spoke with Putin, breaking his isolation, stated ...': the person the
        relative clause describes, not the last name inside it."""
        if not re.search(r",\s*(?:\w+ly\s+)?$", self.text[sentence.start : verb_start]):
            return None
        for mention in mentions:
            if mention.kind not in {"person", "office"} or mention.possessive:
                continue
            if re.match(r"\s*,\s*who\s", self.text[mention.end : verb_start]):
                return mention
        return None

    def _inverted_subject(self, sentence: Sentence, verb: re.Match[str]) -> Mention | None:
        """ "..., said NATO Secretary General Jens Stoltenberg." """
        if not re.search(r",\s*$", self.text[sentence.start : verb.start()]):
            return None
        mention = next(
            (m for m in self.mentions.get(sentence.index, []) if m.start >= verb.end()), None
        )
        if mention is None or not self._title_gap(self.text[verb.end() : mention.start]):
            return None
        return mention

    def _mention_before(self, sentence: Sentence, position: int) -> Mention | None:
        mentions = [m for m in self.mentions.get(sentence.index, []) if m.end <= position]
        if mentions and not self.text[mentions[-1].end : position].strip():
            return mentions[-1]
        return None

    def _is_filler(self, gap: str, *, allow_relative: bool = True) -> bool:
        gap = re.sub(r"^\s*\([^()]{1,40}\)", " ", gap)  # "NATO (the alliance) said"
        if allow_relative:
            gap = re.sub(r"^\s*,[^,]{1,160},", " ", gap, count=1)
        if "," in gap or len(gap) > 60:
            return False
        # "Zelenskiy in an interview with news wires also said": a phrase of place or occasion
        gap = re.sub(
            r"^\s*(?:(?:also|then|later|again)\s+)?(?:in|at|on|during|after|before|from|with|speaking)\s+(?:[\w’'.-]+\s+){0,6}?(?=(?:also|later|then|has|had|again|\w+ly)\b|$)",
            " ",
            gap,
        )
        words = re.findall(r"[\w’'.]+", gap)
        return all(
            word.lower().strip(".") in _FILLER_WORDS
            or word.lower().endswith("ly")
            or word[:1].isdigit()
            for word in words
        )

    def _title_gap(self, gap: str) -> bool:
        words = re.findall(r"[\w’'.-]+", gap)
        return all(
            word.lower().removesuffix("'s").removesuffix("’s").strip(".")
            in TITLE_WORDS | {"the", "of", "a", "an", "and"}
            or word.lower().removesuffix("'s").removesuffix("’s").strip(".") in COUNTRY_WORDS
            or word[:1].isupper()
            for word in words
        )

    def _auxiliaries_start(self, after_subject: int, verb_start: int) -> int:
        """Where a stated position starts: at "has long opposed", not at "’s asked"."""
        gap = self.text[after_subject:verb_start]
        stripped = re.sub(r"^\s*,[^,]{1,160},", "", gap, count=1)
        stripped = re.sub(r"^['’]s\b", "", stripped)
        members = _MEMBERS_OF.match(stripped)
        stripped = stripped[members.end() :] if members else stripped  # "NATO leaders"
        offset = verb_start - len(stripped)
        return offset + (len(stripped) - len(stripped.lstrip()))

    # -- clauses --------------------------------------------------------------------------

    def _complementiser(self, after_verb: int, sentence: Sentence) -> int | None:
        """Where the clause starts after "that", if "that" follows a frame ("said in 2008 that")."""
        window = self.text[after_verb : min(sentence.end, after_verb + 160)]
        match = re.search(r"\bthat\b\s*", window)
        if match is None:
            return None
        frame = window[: match.start()].strip(" ,")
        if "," in re.sub(r"\d, \d{4}", "", frame):
            return None  # "said Wednesday, advancing assurances that ...": another clause
        if (
            frame
            and not _FRAME_START.match(frame)
            and (_FINITE.search(frame) or len(frame.split()) > 8)
        ):
            return None
        if self._inside_long_quotation(after_verb + match.start()):
            return None
        return after_verb + match.end()

    def _clause_start(self, after_verb: int, sentence: Sentence) -> int | None:
        rest = self.text[after_verb : sentence.end]
        skip = re.match(
            r"^\s*(?::\s*)?(?:(?:on\s+|last\s+|this\s+|earlier\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)"
            r"(?:\s+(?:morning|afternoon|evening|night))?,?\s+)?"
            r"(?:(?:reporters|journalists|him|her|them|us|me|lawmakers)\s+)?",
            rest,
        )
        start = after_verb + (skip.end() if skip else 0)
        if start >= sentence.end or self.text[start] in ",.":
            return None
        return start

    def _clause_end(
        self, start: int, sentence: Sentence, *, stop_at_comma: bool = False, narrated: bool = False
    ) -> int:
        """Where what was said ends; a stated position also ends at ", but" (the narrator's)."""
        end = sentence.end
        search_from = start
        pattern = _CLAUSE_END if not stop_at_comma else re.compile(r",\s")
        if narrated and not stop_at_comma:
            pattern = _NARRATED_CLAUSE_END
        while True:
            match = pattern.search(self.text, search_from, end)
            if match is None:
                return end
            closes_quote = self.text[match.start() + 1 : match.start() + 2] in '”"’'
            if self._inside_any_quotation(match.start()) and not closes_quote:
                search_from = match.end()
                continue
            return match.start()

    def _only_frame_after(self, after_verb: int, sentence: Sentence) -> bool:
        """ "..., Blinken said Wednesday at the summit, advancing ...": nothing said after the verb."""
        rest = self.text[after_verb : sentence.end]
        head = re.split(r"[,;]", rest, maxsplit=1)[0].strip(" .")
        head = re.sub(r"^(?:this|that|it|so)\s+(?=(?:in|on|at|to|during|after)\b)", "", head)
        words = re.findall(r"\w[\w’'.]*", head)
        if _FINITE.search(head) or re.search(r"\bthat\b", head):
            return False
        return len(words) <= 3 or bool(_FRAME_START.match(head))

    def _clause_before(self, before_subject: str, mention: Mention, verb_start: int) -> int | None:
        """ "An invitation ... is part of the plan, the head of the Office Andriy Yermak said" """
        comma = before_subject.rstrip().rfind(",")
        if comma == -1 or len(before_subject[:comma].split()) < 3:
            return None
        if _FRAME_OPENING.match(before_subject) and not _FINITE.search(before_subject[:comma]):
            return None  # "As a result of the summit in Vilnius, NATO leaders agreed": a frame
        if not _FINITE.search(before_subject[:comma]) and not re.search(
            r"\w+(?:ed|s)\b", before_subject[:comma]
        ):
            return None
        if not self._title_gap(before_subject[comma + 1 :]):
            return None
        return comma

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and (self.text[start].isspace() or self.text[start] in ",:"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",.;:"):
            end -= 1
        # A closing quotation mark belongs to the clause only if its opening one does.
        if (
            end > start
            and self.text[end - 1] in "”\"’'"
            and self._inside_any_quotation(end - 1) is False
        ):
            end -= 1
        return start, end

    # -- dates ----------------------------------------------------------------------------

    def _frame_dates(
        self, sentence: Sentence, *, exclude: tuple[int, int], verb_start: int, subject_start: int
    ) -> list[DateMention]:
        """Dates in the attribution, not in what was said: in the verb's own clause ("said
        in March 2022 that", "on Sept. 24 reiterated", "said Wednesday"), or opening the
        sentence ("In 2008, NATO suggested"); never across a comma into another clause."""
        found = find_dates(self.text, sentence.start, sentence.end, self.published)
        frame: list[DateMention] = []
        for mention in found:
            if exclude[0] <= mention.start < exclude[1]:
                continue
            if mention.end <= verb_start:
                between = self.text[mention.end : verb_start]
                same_clause = "," not in between and len(between) <= 60
                same_occasion = bool(
                    re.fullmatch(
                        r"[^,]{0,20},\s+(?:in which|during which|where|when|at which)\s+\w+\s*",
                        between,
                    )
                )
                lead = self.text[sentence.start : mention.start]
                to_subject = self.text[mention.end : subject_start]
                opens_sentence = (
                    mention.end <= subject_start and "," not in lead and "," in to_subject
                )
                if same_clause or same_occasion or opens_sentence:
                    frame.append(mention)
            else:
                between = self.text[verb_start : mention.start]
                if "," not in between and len(between) <= 90:
                    frame.append(mention)
        return frame

    # -- finishing ------------------------------------------------------------------------

    def _finish(self, candidate: _Candidate, everything: list[_Candidate]) -> Statement | None:
        mention = self._resolve(candidate)
        if mention is None:
            return None
        known = mention.known
        speaker = known.name if known else mention.name
        quote = self.text[candidate.start : candidate.end]
        context = self.text[candidate.sentence.start : candidate.sentence.end]
        if not self._on_topic(candidate, everything):
            return None
        said_on = self._said_on(candidate, everything)
        country = (known.country if known else "") or self._country_from_title(mention.role_text)
        stance = classify_stance(
            quote, speaker_country=country, usual_stance=known.usual_stance if known else ""
        )
        role = ""
        if known is not None:
            held = known.role_on(said_on.date if said_on else self.published)
            role = held.title if held else ""
        role = role or _clean_role(mention.role_text)
        candidate.speaker, candidate.speaker_name, candidate.role = known, speaker, role
        confidence = _confidence(candidate, mention, stance.margin)
        return Statement(
            speaker=speaker,
            role=role,
            quote=quote,
            quote_start=candidate.start,
            quote_end=candidate.end,
            direct=candidate.direct,
            said_on=said_on,
            stance=stance.stance,
            confidence=confidence,
            method=f"rules: {candidate.method}",
            context=context,
            speaker_known=known is not None,
            speaker_kind=known.kind if known else "person",
            speaker_country=country,
            stance_cues=stance.cues,
        )

    def _resolve(self, candidate: _Candidate, depth: int = 0) -> Mention | None:
        mention = candidate.mention
        if mention.kind in {"pronoun", "object"}:
            return self._antecedent(candidate.sentence, mention.start, depth)
        if mention.kind == "title":
            return self._titled(candidate.sentence, mention)
        if mention.kind == "group":
            return self._group(candidate.sentence, mention)
        if mention.kind == "office" and mention.known is None:
            return None
        if mention.kind == "surname" and mention.known is None:
            return None  # a surname never introduced: too unsure to attribute
        if mention.kind == "institution" and mention.known is None:
            return None
        return mention

    def _antecedent(self, sentence: Sentence, before: int, depth: int = 0) -> Mention | None:
        """The person a "he" or "she" refers to: this sentence's subject, else whoever spoke
        or was the subject most recently."""
        own = self.subjects.get(sentence.index)
        if own is not None and own.start < before and own.kind in {"person", "office"}:
            return own
        if depth > 6:
            return None
        earlier = [s for s in self.sentences if s.start < sentence.start][-5:]
        for previous in reversed(earlier):
            for spoken in reversed(self.by_sentence.get(previous.index, [])):
                resolved = self._resolve(spoken, depth + 1)
                if resolved is not None and resolved.kind in {"person", "office"}:
                    return resolved
            subject = self.subjects.get(previous.index)
            if subject is not None and subject.kind in {"person", "office"}:
                return subject
        return None

    def _titled(self, sentence: Sentence, mention: Mention) -> Mention | None:
        """ "the Chancellor": the person this article last named with that title."""
        title = mention.name.replace("-", " ")
        if title in _ANYONES_TITLE:
            return self._last_speaker(sentence, mention.start)
        for earlier in reversed(self._sentences_up_to(sentence)):
            for candidate in reversed(self.mentions.get(earlier.index, [])):
                if candidate.start >= mention.start or candidate.kind != "person":
                    continue
                role = (candidate.role_text or "").lower().replace("-", " ")
                known_role = candidate.known.role_on(self.published) if candidate.known else None
                if title in role or (known_role is not None and title in known_role.title.lower()):
                    return candidate
        return None

    def _sentences_up_to(self, sentence: Sentence, reach: int = 12) -> list[Sentence]:
        """The sentence and the `reach` - 1 before it: how far back a title looks."""
        return [s for s in self.sentences if s.start <= sentence.start][-reach:]

    def _last_speaker(self, sentence: Sentence, before: int) -> Mention | None:
        """'said the politician': whoever the article last gave words to, or else the last
        known person it named."""
        earlier = self._sentences_up_to(sentence)
        for other in reversed(earlier):
            spoken = [
                c
                for c in self.by_sentence.get(other.index, [])
                if c.start < before and c.mention.kind != "title"
            ]
            for candidate in reversed(spoken):
                resolved = self._resolve(candidate, depth=3)
                if resolved is not None and resolved.kind in {"person", "office"}:
                    return resolved
        for other in reversed(earlier):
            for named in reversed(self.mentions.get(other.index, [])):
                if named.start < before and named.kind == "person" and named.known:
                    return named
        return None

    def _group(self, sentence: Sentence, mention: Mention) -> Mention | None:
        """ "The countries affirmed ..." speak for NATO when NATO is who the text is about."""
        nato = self.gazetteer.by_name("NATO")
        if nato is None:
            return None
        phrase = mention.name
        if re.search(r"\b(?:NATO|Nato|allies|alliance)\b", phrase):
            return Mention(mention.start, mention.end, "institution", nato.name, known=nato)
        if not re.match(r"(?:the|The|All|all|they|They)\b", phrase):
            return None
        previous = self._previous_sentence(sentence)
        if previous is None:
            return None
        earlier = self.text[previous.start : previous.end]
        nato_at = re.search(r"\b(?:NATO|Nato|allies|alliance)\b", earlier)
        country_at = min(
            (
                m.start()
                for word in COUNTRY_WORDS
                if (m := re.search(rf"\b{re.escape(word)}\b", earlier, re.I))
            ),
            default=None,
        )
        if nato_at is None or (country_at is not None and country_at < nato_at.start()):
            return None
        return Mention(mention.start, mention.end, "institution", nato.name, known=nato)

    def _said_on(self, candidate: _Candidate, everything: list[_Candidate]) -> PartialDate | None:
        explicit = self._explicit_date(candidate, everything)
        if explicit is not None:
            return explicit
        return PartialDate(self.published) if self.published else None

    def _explicit_date(
        self, candidate: _Candidate, everything: list[_Candidate], depth: int = 0
    ) -> PartialDate | None:
        """The date the text gives for this statement: in its attribution, or carried over
        from the sentence before when the same speaker was speaking there on that occasion."""
        dated = [
            d
            for d in candidate.frame_dates
            if d.date is not None and (self.published is None or d.date.date <= self.published)
        ]
        if dated:
            closest = min(dated, key=lambda d: abs(d.start - candidate.verb_start))
            return closest.date
        if depth > 4:
            return None
        speaker = self._speaker_key(candidate)
        previous = self._previous_sentence(candidate.sentence)
        if previous is not None and speaker:
            for other in reversed(self.by_sentence.get(previous.index, [])):
                if self._speaker_key(other) == speaker:
                    inherited = self._explicit_date(other, everything, depth + 1)
                    if inherited is not None:
                        return inherited
            subject = self.subjects.get(previous.index)
            if (
                subject is not None
                and (subject.known.name if subject.known else subject.name) == speaker
            ):
                opening = self._opening_date(previous, subject)
                if opening is not None:
                    return opening
        earlier = self._earlier_by_same_speaker(candidate, everything)
        inherits = (
            candidate.continuation
            or candidate.back_reference
            or candidate.verb in _CONTINUING_VERBS
        )
        if earlier is not None and inherits:
            return self._explicit_date(earlier, everything, depth + 1)
        if candidate.mention.kind == "group":
            antecedent = self._previous_sentence(candidate.sentence)
            if antecedent is not None:
                events = [
                    d
                    for d in find_dates(self.text, antecedent.start, antecedent.end, self.published)
                    if d.date is not None
                ]
                if events:
                    return events[0].date
        return None

    def _opening_date(self, sentence: Sentence, subject: Mention) -> PartialDate | None:
        """The date of a sentence about the speaker: "Speaking on Friday to Sky News, Zelensky
        ...", "Scholz mentioned this in an interview with ZDF on October 24"."""
        for found in find_dates(self.text, sentence.start, sentence.end, self.published):
            if found.date is None or self._inside_any_quotation(found.start):
                continue
            if found.start > subject.end and re.search(
                r"\bthat\b", self.text[subject.end : found.start]
            ):
                continue  # in what the sentence reports ("... that Ukraine joins in 2025")
            if self.published is not None and found.date.date > self.published:
                continue  # nothing was said after the article appeared
            return found.date
        return None

    def _earlier_by_same_speaker(
        self, candidate: _Candidate, everything: list[_Candidate]
    ) -> _Candidate | None:
        name = self._speaker_key(candidate)
        earlier = [
            other
            for other in everything
            if other.start < candidate.start
            and other is not candidate
            and self._speaker_key(other) == name
            and candidate.sentence.paragraph - other.sentence.paragraph <= 2
        ]
        return max(earlier, key=lambda other: other.start, default=None)

    def _speaker_key(self, candidate: _Candidate) -> str:
        mention = self._resolve(candidate) if hasattr(self, "by_sentence") else candidate.mention
        if mention is None:
            return ""
        return mention.known.name if mention.known else mention.name

    def _on_topic(self, candidate: _Candidate, everything: list[_Candidate]) -> bool:
        """About membership: by its own words, by what its attribution says it is about
        ("Biden said, regarding the membership question"), or as the next words of a
        speaker who was just speaking about it (“...,” the NATO chief added)."""
        quote = self.text[candidate.start : candidate.end]
        sentence = self.text[candidate.sentence.start : candidate.sentence.end]
        if _ABOUT_THE_EU.search(quote) and not _ABOUT_NATO.search(quote):
            return False  # "Ukraine should be admitted to the European Union": another union
        if speaks_to_membership(quote, sentence):
            return True
        if candidate.direct:
            attribution = (
                self.text[candidate.sentence.start : candidate.start]
                + self.text[candidate.end : candidate.sentence.end]
            )
            if speaks_to_membership(attribution):
                return True
        if not candidate.direct:
            return False
        if candidate.continuation and candidate.verb not in _CONTINUING_VERBS:
            # a quotation standing alone, after another: on topic by what it says, or by
            # pointing back ("this is one of the reasons") at a statement that was
            points_back = _POINTS_BACK.match(quote) and candidate.follows is not None
            return bool(points_back and self._speaks_to_membership(candidate.follows)) or (
                classify_stance(quote).score > 0
            )
        if self._restates_earlier_point(candidate, everything):
            return True
        earlier = self._earlier_by_same_speaker(candidate, everything)
        if earlier is None:
            return False
        distance = self._sentence_distance(earlier.start, candidate.start)
        if not earlier.direct and (distance is None or distance > 1):
            return False
        if candidate.sentence.paragraph - earlier.sentence.paragraph > 1:
            return False
        if any(earlier.start < c.start < candidate.start for c in everything):
            return False  # something else was said in between
        return self._speaks_to_membership(earlier)

    def _speaks_to_membership(self, candidate: _Candidate) -> bool:
        """What `candidate` says, read in its sentence, is about membership."""
        return speaks_to_membership(
            self.text[candidate.start : candidate.end],
            self.text[candidate.sentence.start : candidate.sentence.end],
        )

    def _restates_earlier_point(self, candidate: _Candidate, everything: list[_Candidate]) -> bool:
        """A quotation in the speaker's words of a point the article already gave as theirs,
        on membership ('proposal for NATO membership is not a question “to be rushed”' ...
        “These are not questions to be rushed”)."""
        words = content_stems(self.text[candidate.start : candidate.end])
        speaker = self._speaker_key(candidate)
        for other in everything:
            if other.start >= candidate.start or self._speaker_key(other) != speaker:
                continue
            shared = words & content_stems(self.text[other.start : other.end])
            if len(shared) >= 2 and self._speaks_to_membership(other):
                return True
        return False

    def _country_from_title(self, role_text: str) -> str:
        for word in re.findall(r"[\w.]+", role_text.lower()):
            code = COUNTRY_WORDS.get(word.removesuffix("'s").rstrip("."))
            if code:
                return code
        return ""

    # -- after extraction -----------------------------------------------------------------

    def _drop_paraphrases(self, statements: list[Statement]) -> list[Statement]:
        """A reported sentence that a direct quote by the same speaker soon repeats in their
        own words paraphrases it: right before it, or a little earlier on the same point."""
        kept: list[Statement] = []
        for index, statement in enumerate(statements):
            if not statement.direct and any(
                self._paraphrases(statement, later) for later in statements[index + 1 :]
            ):
                continue
            kept.append(statement)
        return kept

    def _paraphrases(self, reported: Statement, later: Statement) -> bool:
        if not later.direct or later.speaker != reported.speaker:
            return False
        if later.method.endswith("continued"):
            return False  # it goes on from what was said before, in the speaker's words
        distance = self._sentence_distance(reported.quote_start, later.quote_start)
        if distance is None or distance > 4:
            return False
        fragments = [normalise_quote(f) for f in _QUOTED_FRAGMENT.findall(reported.quote)]
        if fragments:
            # It quotes the speaker: a paraphrase only if the later quote has those words.
            later_words = normalise_quote(later.quote)
            return any(fragment and fragment in later_words for fragment in fragments)
        shared = content_stems(reported.quote) & content_stems(later.quote)
        if (
            distance <= self._quoting_run(reported, later)
            and "stated position" not in reported.method
            # a short summary leads into the quote; a longer clause on its own point stays
            and (shared or reported.stance == later.stance or len(reported.quote.split()) <= 10)
        ):
            return True
        return bool(shared) and reported.stance == later.stance

    def _quoting_run(self, reported: Statement, later: Statement) -> int:
        """How far "right before" reaches: the next sentence, or further while the sentences
        between are the same speaker's quotes (“Everyone understands,” he said. “Every ...”)."""
        reach = 1
        sentence = self._sentence_at(reported.quote_start)
        following = [s for s in self.sentences if sentence is not None and s.start > sentence.start]
        for step, between in enumerate(following[:3], start=1):
            spoken = [
                c
                for c in self.by_sentence.get(between.index, [])
                if c.direct and self._speaker_key(c) == reported.speaker
            ]
            if not spoken:
                break
            reach = step + 1
        return reach

    def _sentence_distance(self, first: int, second: int) -> int | None:
        one, two = self._sentence_at(first), self._sentence_at(second)
        if one is None or two is None:
            return None
        positions = [s.index for s in self.sentences]
        return positions.index(two.index) - positions.index(one.index)

    def _merge_repeats(self, statements: list[Statement]) -> list[Statement]:
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
                and "stated position" not in statement.method
                and self._paragraph_distance(other, statement) <= 2
                and len(content_stems(other.quote) & content_stems(statement.quote)) >= 2
                for other in kept
            )
            if not restated:
                kept.append(statement)
        return kept

    def _paragraph_distance(self, one: Statement, two: Statement) -> int:
        first, second = self._sentence_at(one.quote_start), self._sentence_at(two.quote_start)
        if first is None or second is None:
            return 99
        return abs(second.paragraph - first.paragraph)

    # -- helpers --------------------------------------------------------------------------

    def _previous_sentence(self, sentence: Sentence) -> Sentence | None:
        """The body sentence before this one (headlines and captions between are skipped)."""
        earlier = [s for s in self.sentences if s.start < sentence.start]
        return earlier[-1] if earlier else None

    def _sentence_at(self, position: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end or (
                position == sentence.end and position > sentence.start
            ):
                return sentence
        return None

    def _inside_long_quotation(self, position: int) -> bool:
        return any(
            q.start <= position < q.end and q.words(self.text) >= FULL_QUOTE_WORDS
            for q in self.quotations
        )

    def _inside_any_quotation(self, position: int) -> bool:
        return any(q.open_mark <= position < q.close_mark for q in self.quotations)

    def _covered(self, candidate: _Candidate, others: list[_Candidate]) -> bool:
        """Reported speech around a direct quote already taken adds nothing."""
        for other in others:
            overlap = min(candidate.end, other.end) - max(candidate.start, other.start)
            if overlap > 0.6 * (candidate.end - candidate.start) or overlap > 0.8 * (
                other.end - other.start
            ):
                return True
        return False


_STOP_STEMS = frozenset(
    """
    ukrai nato alliance russi said says would could shoul their there these those which
    about after again being other there where while under until with from that this will
    have been were more most also into only such than then they what when your allie
    membe
    """.split()
)


# A quoted phrase, also one whose closing mark the clause's end cut off ('“to be rushed').
_QUOTED_FRAGMENT = re.compile(r"[“\"‘«]([^”\"’»]{3,200})(?:[”\"’»]|$)")
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly|ment|ments|ation|ations)$")


def content_stems(text: str) -> set[str]:
    """Five-letter stems of a text's longer words, without the words every statement here
    shares (Ukraine, NATO, member...)."""
    words = re.findall(r"[a-z]{4,}", text.lower())
    return {_SUFFIX.sub("", word)[:5] for word in words} - _STOP_STEMS


def _clean_role(role_text: str) -> str:
    role = re.sub(r"^(?:the|a|an)\s+", "", role_text.strip(), flags=re.IGNORECASE)
    role = re.sub(r"^(?:former|then)\s+", "", role, flags=re.IGNORECASE)
    role = role.replace("’s", "'s")
    return role[:1].upper() + role[1:] if role else ""


def _confidence(candidate: _Candidate, mention: Mention, stance_margin: float) -> float:
    base = 0.85 if candidate.direct else 0.7
    if candidate.method == "stated position":
        base = 0.6
    if candidate.mention.kind in {"pronoun", "group"} or candidate.continuation:
        base -= 0.1
    if mention.known is None:
        base -= 0.15
    base += min(stance_margin, 4) * 0.02
    return max(0.05, min(0.99, base))
