"""Who said it: the subject of a verb of saying, and who a pronoun, a bare title or "the
allies" stand for. Finding a subject happens while candidates are found; resolving it to
a speaker is a stage of its own, run once per candidate after all are found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from apps.extraction.candidates import Candidate
from apps.extraction.clauses import MEMBERS_OF, is_filler, is_title_gap
from apps.extraction.document import Document
from apps.extraction.names import Mention
from apps.extraction.segments import Sentence
from apps.extraction.vocabulary import COUNTRY_WORDS, TITLE_WORDS, country_in_title

_COORDINATION = re.compile(r"(?:,\s*|\s)(?:but|and|yet)\s+(?:also\s+|later\s+|then\s+)?$")
# Titles anyone named may be called by: "said the politician" is the person last named.
_ANYONES_TITLE = frozenset({"politician", "diplomat", "minister", "leader", "head of state"})
_PERSON_LIKE = {"person", "office"}
# Where a text that speaks is named with its issuer: "the final declaration of the NATO
# summit", "NATO leaders adopted a declaration", "a statement from the Kremlin".
_DOCUMENT_WORD = re.compile(
    r"\b(?:declaration|communiqu[eé]|document|statement|resolution)s?\b", re.IGNORECASE
)
_ISSUER_REACH = 60
# How many sentences back a text's name and issuer are looked for.
_ISSUER_LOOKBACK = 12
_ISSUERS = {"institution", "group", "person", "office"}


def _office_words(title: str) -> set[str]:
    """The words of an office, without its country: {"foreign", "minister"} in "Poland's
    foreign minister"."""
    words = {word.removesuffix("'s") for word in re.findall(r"[\w.']+", title.lower())}
    return {w for w in words if w not in {"the", "a"} and not COUNTRY_WORDS.get(w.rstrip("."))}


def subject_of(
    doc: Document, sentence: Sentence, verb_start: int, *, allow_relative: bool = True
) -> Mention | None:
    """The mention a verb's subject is: right before it, or before a coordinated verb."""
    mentions = [m for m in doc.mentions.get(sentence.index, []) if m.end <= verb_start]
    head = _head_of_relative_clause(doc, sentence, mentions, verb_start)
    if head is not None:
        return head
    text = doc.text
    for mention in reversed(mentions):
        gap = text[mention.end : verb_start]
        if mention.possessive or mention.kind == "object":
            continue
        if is_filler(gap, allow_relative=allow_relative):
            return mention
        members = MEMBERS_OF.match(gap) if mention.kind == "institution" else None
        if members and is_filler(gap[members.end() :], allow_relative=allow_relative):
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
            lead = text[sentence.start : mention.start]
            comma = lead.rfind(",")
            if comma != -1 and is_title_gap(lead[comma + 1 :]):
                return mention
        if re.fullmatch(r"\s*,\s*(?:(?:has|have|had|also)\s+)*", gap):
            continue  # closing an apposition ("..., Special Envoy to the Middle East, has"):
            # the subject is the name before it
        break
    if _COORDINATION.search(text[sentence.start : verb_start]):
        subject = doc.subjects.get(sentence.index)
        if subject is not None and subject.start < verb_start and not subject.possessive:
            return subject
    return None


def _head_of_relative_clause(
    doc: Document, sentence: Sentence, mentions: list[Mention], verb_start: int
) -> Mention | None:
    """'Trump, who spoke with Putin, breaking his isolation, stated ...': the person the
    relative clause describes, not the last name inside it."""
    if not re.search(r",\s*(?:\w+ly\s+)?$", doc.text[sentence.start : verb_start]):
        return None
    for mention in mentions:
        if mention.kind not in _PERSON_LIKE or mention.possessive:
            continue
        if re.match(r"\s*,\s*who\s", doc.text[mention.end : verb_start]):
            return mention
    return None


def inverted_subject(doc: Document, sentence: Sentence, verb: re.Match[str]) -> Mention | None:
    """ "..., said NATO Secretary General Jens Stoltenberg." """
    if not re.search(r",\s*$", doc.text[sentence.start : verb.start()]):
        return None
    mention = next((m for m in doc.mentions.get(sentence.index, []) if m.start >= verb.end()), None)
    if mention is None or not is_title_gap(doc.text[verb.end() : mention.start]):
        return None
    return mention


def mention_right_before(doc: Document, sentence: Sentence, position: int) -> Mention | None:
    mentions = [m for m in doc.mentions.get(sentence.index, []) if m.end <= position]
    if mentions and not doc.text[mentions[-1].end : position].strip():
        return mentions[-1]
    return None


def _someone(mention: Mention) -> bool:
    """A person, or an office held by someone the text or the gazetteer names: "he" is
    never "the Danish leader" that nobody was named as."""
    return mention.kind in _PERSON_LIKE and bool(mention.name or mention.known)


@dataclass
class Speakers:
    """Resolves each candidate's subject to a speaker: a name as given, or what a pronoun,
    a bare title or a group stands for, looking back through earlier statements."""

    doc: Document
    candidates: list[Candidate]
    by_sentence: dict[int, list[Candidate]] = field(init=False)
    # How each candidate's speaker was resolved, by candidate id: the rule that decided.
    how: dict[int, str] = field(init=False, default_factory=dict)
    _resolved: dict[int, Mention | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.by_sentence = {}
        for candidate in self.candidates:
            self.by_sentence.setdefault(candidate.sentence.index, []).append(candidate)

    def of(self, candidate: Candidate) -> Mention | None:
        """The speaker's mention, resolved once."""
        key = id(candidate)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(candidate, record=True)
        return self._resolved[key]

    def key(self, candidate: Candidate) -> str:
        """The speaker's name as statements are compared by it."""
        mention = self.of(candidate)
        if mention is None:
            return ""
        return mention.known.name if mention.known else mention.name

    def _resolve(
        self, candidate: Candidate, depth: int = 0, *, record: bool = False
    ) -> Mention | None:
        mention = candidate.mention
        rule = "speaker-named"
        resolved: Mention | None = mention
        if mention.kind in {"pronoun", "object"}:
            rule, resolved = (
                "speaker-pronoun",
                self._antecedent(candidate.sentence, mention.start, depth),
            )
        elif mention.kind == "title":
            rule, resolved = "speaker-title", self._titled(candidate.sentence, mention)
        elif mention.kind == "group":
            rule, resolved = "speaker-group", self._group(candidate.sentence, mention)
        elif mention.kind == "document":
            rule, resolved = "speaker-document", self._issuer(candidate.sentence, mention, depth)
        elif mention.kind == "office" and mention.known is None:
            # an office no known speaker held: whoever the text names with that title nearby
            rule, resolved = (
                "speaker-office-named",
                self._office_holder(candidate.sentence, mention),
            )
        elif mention.kind in {"surname", "institution"} and mention.known is None:
            # an institution not known, or a surname never introduced: too unsure
            resolved = None
        if record:
            self.how[id(candidate)] = rule
        return resolved

    def _antecedent(self, sentence: Sentence, before: int, depth: int = 0) -> Mention | None:
        """The person a "he" or "she" refers to: this sentence's subject, else whoever spoke
        or was the subject most recently."""
        own = self.doc.subjects.get(sentence.index)
        if own is not None and own.start < before and _someone(own):
            return own
        if depth > 6:
            return None
        for previous in reversed(self.doc.sentences_before(sentence, 5)):
            for spoken in reversed(self.by_sentence.get(previous.index, [])):
                resolved = self._resolve(spoken, depth + 1)
                if resolved is not None and _someone(resolved):
                    return resolved
            subject = self.doc.subjects.get(previous.index)
            if subject is not None and _someone(subject):
                return subject
        return None

    def _issuer(self, sentence: Sentence, mention: Mention, depth: int) -> Mention | None:
        """Who a text that speaks was issued by: whoever the article names beside the
        text's name, in its own words ("the statement from the Foreign Ministry said") or
        where it introduced the text, nearest first, looking back a dozen sentences at
        most. "It" is whoever a text or an institution gave words to just before, else the
        issuer of a text named in the last few sentences."""
        reach = _ISSUER_LOOKBACK
        if mention.name.lower() == "it":
            for earlier in reversed([*self.doc.sentences_before(sentence, 2), sentence]):
                for spoken in reversed(self.by_sentence.get(earlier.index, [])):
                    if spoken.mention.start >= mention.start or spoken.mention.kind not in {
                        "document",
                        "institution",
                    }:
                        continue
                    return self._resolve(spoken, depth + 1) if depth < 6 else None
            reach = 3
        else:
            issuer = self._named_beside(sentence, mention.start)
            if issuer is not None:
                return issuer
        for earlier in reversed(self.doc.sentences_up_to(sentence, reach=reach)):
            end = mention.start if earlier.index == sentence.index else earlier.end
            names = self.doc.text[earlier.start : end]
            for word in reversed(list(_DOCUMENT_WORD.finditer(names))):
                issuer = self._named_beside(earlier, earlier.start + word.start())
                if issuer is not None:
                    return issuer
        return None

    def _named_beside(self, sentence: Sentence, at: int) -> Mention | None:
        """The speaker named nearest a text's name, within a few words of it and not in
        the words quoted from it."""
        nearby = sorted(
            (
                m
                for m in self.doc.mentions.get(sentence.index, [])
                if m.kind in _ISSUERS
                and abs(m.start - at) <= _ISSUER_REACH
                and not self.doc.inside_any_quotation(m.start)
            ),
            key=lambda m: abs(m.start - at),
        )
        for named in nearby:
            issuer = self._group(sentence, named) if named.kind == "group" else named
            if issuer is not None and issuer.known is not None:
                return issuer
        return None

    def _office_holder(self, sentence: Sentence, office: Mention) -> Mention | None:
        """ "Poland's foreign minister says ..." and, a sentence on, "Minister Witold
        Waszczykowski spoke ...": the one person named within a few sentences with a title
        that is this office or part of it, and of no other country."""
        words = _office_words(office.role_text)
        country = country_in_title(office.role_text)
        nearby = [*self.doc.sentences_before(sentence, 3), sentence]
        nearby += self.doc.sentences_after(sentence, 2)
        holders = {
            named.name: named
            for other in nearby
            for named in self.doc.mentions.get(other.index, [])
            if named.kind == "person"
            and named.role_text
            and _office_words(named.role_text) <= words
            and country_in_title(named.role_text) in {"", country}
            and (named.known is None or named.known.country in {"", country})
        }
        return next(iter(holders.values())) if len(holders) == 1 else None

    def _titled(self, sentence: Sentence, mention: Mention) -> Mention | None:
        """ "the Chancellor": the person this article last named with that title."""
        title = mention.name.replace("-", " ")
        if title in _ANYONES_TITLE:
            return self._last_speaker(sentence, mention.start)
        for earlier in reversed(self.doc.sentences_up_to(sentence)):
            for candidate in reversed(self.doc.mentions.get(earlier.index, [])):
                if candidate.start >= mention.start or candidate.kind != "person":
                    continue
                role = (candidate.role_text or "").lower().replace("-", " ")
                known_role = (
                    candidate.known.role_on(self.doc.published) if candidate.known else None
                )
                if title in role or (known_role is not None and title in known_role.title.lower()):
                    return candidate
        return None

    def _last_speaker(self, sentence: Sentence, before: int) -> Mention | None:
        """'said the politician': whoever the article last gave words to, or else the last
        known person it named."""
        earlier = self.doc.sentences_up_to(sentence)
        for other in reversed(earlier):
            spoken = [
                c
                for c in self.by_sentence.get(other.index, [])
                if c.start < before and c.mention.kind != "title"
            ]
            for candidate in reversed(spoken):
                resolved = self._resolve(candidate, depth=3)
                if resolved is not None and resolved.kind in _PERSON_LIKE:
                    return resolved
        for other in reversed(earlier):
            for named in reversed(self.doc.mentions.get(other.index, [])):
                if named.start < before and named.kind == "person" and named.known:
                    return named
        return None

    def _group(self, sentence: Sentence, mention: Mention) -> Mention | None:
        """ "The countries affirmed ..." speak for NATO when NATO is who the text is about."""
        nato = self.doc.gazetteer.by_name("NATO")
        if nato is None:
            return None
        phrase = mention.name
        if re.search(r"\b(?:NATO|Nato|allies|alliance)\b", phrase):
            return Mention(mention.start, mention.end, "institution", nato.name, known=nato)
        if not re.match(r"(?:the|The|All|all|they|They)\b", phrase):
            return None
        previous = self.doc.previous_sentence(sentence)
        if previous is None:
            return None
        earlier = self.doc.sentence_text(previous)
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
