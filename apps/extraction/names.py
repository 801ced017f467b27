"""Who is speaking: the gazetteer of known speakers, and the mentions of people in a sentence.

A mention is a full name ("NATO Secretary-General Jens Stoltenberg"), a surname known from
earlier in the article or the gazetteer ("Stoltenberg"), an office resolved by date ("the
NATO chief", "Ukraine's president"), an institution the gazetteer knows ("NATO"), a pronoun,
or a group ("the allies").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from apps.core.text import normalise_name
from apps.extraction.events import KnownEvent
from apps.extraction.vocabulary import (
    COUNTRY_WORDS,
    NOT_NAME_WORDS,
    ORGANISATION_WORDS,
    TITLE_WORDS,
)


@dataclass(frozen=True)
class KnownRole:
    title: str
    organisation: str = ""
    country: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None

    def held_on(self, date: dt.date) -> bool:
        return (self.started_on is None or self.started_on <= date) and (
            self.ended_on is None or date <= self.ended_on
        )


@dataclass(frozen=True)
class KnownSpeaker:
    name: str
    kind: str = "person"
    country: str = ""
    aliases: tuple[str, ...] = ()
    roles: tuple[KnownRole, ...] = ()
    # Who the speaker is where the gazetteer came from (a database id), carried through to
    # the statement so recording it needs no second lookup by name.
    key: int | None = None
    # The stance most of their approved statements take (usual_stance): a weak default
    # for words of theirs that carry no cue.
    usual_stance: str = ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def role_on(self, date: dt.date | None) -> KnownRole | None:
        ordered = sorted(self.roles, key=lambda role: role.started_on or dt.date.min)
        if date is None:
            return ordered[-1] if ordered else None
        held = [role for role in ordered if role.held_on(date)]
        return held[-1] if held else None


# Offices named without a name: (pattern, words the role title must contain, scope).
# The scope is a country code, or "NATO" for the alliance's own offices.
_COUNTRY_ALTERNATION = "|".join(
    re.escape(word) for word in sorted(COUNTRY_WORDS, key=len, reverse=True) if "." not in word
)
_OFFICE_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...], str | None]] = [
    (
        re.compile(
            r"\b(?:the\s+)?(?:NATO|Nato|alliance)(?:'s|’s)?\s+(?:chief|boss|head|secretary[- ]general)\b",
            re.IGNORECASE,
        ),
        ("secretary general",),
        "NATO",
    ),
    (
        re.compile(
            r"\b(?:the\s+)?Kremlin(?:'s|’s)?\s+(?:spokes(?:man|woman|person)|press secretary)\b",
            re.I,
        ),
        ("spokes",),
        "RU",
    ),
    (
        re.compile(r"\b(?:the\s+)?Kremlin(?:'s|’s)?\s+(?:chief|leader|boss|head|ruler)\b", re.I),
        ("president",),
        "RU",
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<country>{_COUNTRY_ALTERNATION}|U\.S\.|U\.K\.)(?:'s|’s)?\s+"
            r"(?P<office>president|prime minister|premier|chancellor|foreign minister|foreign secretary|"
            r"secretary of state|defen[cs]e (?:minister|secretary)|secretary of defen[cs]e|leader)\b",
            re.IGNORECASE,
        ),
        (),
        None,
    ),
]
_OFFICE_TITLE_WORDS = {
    "president": ("president",),
    "prime minister": ("prime minister",),
    "premier": ("prime minister",),
    "chancellor": ("chancellor",),
    "foreign minister": ("foreign",),
    "foreign secretary": ("foreign",),
    "secretary of state": ("secretary of state",),
    "defence minister": ("defen",),
    "defense minister": ("defen",),
    "defence secretary": ("defen",),
    "defense secretary": ("defen",),
    "secretary of defense": ("defen",),
    "secretary of defence": ("defen",),
    "leader": ("president",),
}


# A speaker's record counts once it holds this many approved statements.
USUAL_STANCE_MINIMUM = 2


def usual_stance(stances: Counter[str]) -> str:
    """The stance most often taken among a speaker's approved statements, or nothing for a
    record too short to speak of a habit or split evenly between two labels."""
    ranked = stances.most_common(2)
    if sum(stances.values()) < USUAL_STANCE_MINIMUM or (
        len(ranked) == 2 and ranked[0][1] == ranked[1][1]
    ):
        return ""
    return ranked[0][0]


class Gazetteer:
    """Known speakers by name, alias, unique surname and office held on a date; and known
    occasions."""

    def __init__(
        self, speakers: Iterable[KnownSpeaker] = (), events: Iterable[KnownEvent] = ()
    ) -> None:
        self.speakers: list[KnownSpeaker] = list(speakers)
        # Occasions to date statements by (events.py), the latest first.
        self.events: list[KnownEvent] = sorted(events, key=lambda e: e.starts_on, reverse=True)
        self._by_name: dict[str, KnownSpeaker] = {}
        surnames: dict[str, list[KnownSpeaker]] = {}
        for speaker in self.speakers:
            for name in (speaker.name, *speaker.aliases):
                self._by_name.setdefault(normalise_name(name), speaker)
            if speaker.kind == "person" and len(speaker.name.split()) > 1:
                surnames.setdefault(normalise_name(speaker.surname), []).append(speaker)
        self._by_surname = {key: found[0] for key, found in surnames.items() if len(found) == 1}
        self._by_surname_skeleton: dict[str, list[KnownSpeaker]] = {}
        for key, found in surnames.items():
            self._by_surname_skeleton.setdefault(_skeleton(key), []).extend(found)
        phrases = sorted(
            {alias for speaker in self.speakers for alias in (speaker.name, *speaker.aliases)},
            key=len,
            reverse=True,
        )
        # "the alliance" also begins sentences as "The alliance".
        alternatives = [
            f"[Tt]he {re.escape(p[4:])}" if p.startswith("the ") else re.escape(p) for p in phrases
        ]
        self._alias_pattern = (
            re.compile(r"\b(?:" + "|".join(alternatives) + r")(?!\w)") if phrases else None
        )

    def __len__(self) -> int:
        return len(self.speakers)

    def by_name(self, name: str) -> KnownSpeaker | None:
        """By full name or alias, or by surname and a first name spelt another way
        ("Andrei Sybiha" for Andrii, "Arseny" for Arseniy)."""
        found = self._by_name.get(normalise_name(name))
        if found is not None or len(name.split()) < 2:
            return found
        first, surname = normalise_name(name).split()[0], name.split()[-1]
        known = self.by_surname(surname)
        if known is not None and _same_first_name(normalise_name(known.name).split()[0], first):
            return known
        # The surname transliterated another way too ("Vadim Pristayko" for Vadym
        # Prystaiko): the first name alike and the surname's consonants the same, if only
        # one known speaker has them.
        skeleton = _skeleton(normalise_name(surname))
        if len(skeleton) < _SKELETON_LENGTH:
            return None  # too few letters to tell names apart: "Kerr" is not Kerry
        alike = [
            speaker
            for speaker in self._by_surname_skeleton.get(skeleton, [])
            if _same_first_name(normalise_name(speaker.name).split()[0], first)
        ]
        return alike[0] if len(alike) == 1 else None

    def by_surname(self, surname: str) -> KnownSpeaker | None:
        return self._by_surname.get(normalise_name(surname))

    def by_office(
        self, words: tuple[str, ...], scope: str, date: dt.date | None
    ) -> tuple[KnownSpeaker, KnownRole] | None:
        """Who held the office on `date`: the most recent appointment wins."""
        if date is None:
            return None
        best: tuple[KnownSpeaker, KnownRole] | None = None
        for speaker in self.speakers:
            for role in speaker.roles:
                if not _title_heads(role.title, words) or not role.held_on(date):
                    continue
                if scope == "NATO":
                    in_scope = role.organisation == "NATO"
                else:
                    in_scope = role.country == scope or (
                        not role.country and speaker.country == scope
                    )
                if not in_scope:
                    continue
                if best is None or (role.started_on or dt.date.min) > (
                    best[1].started_on or dt.date.min
                ):
                    best = (speaker, role)
        return best

    def alias_matches(self, text: str, start: int, end: int) -> Iterable[re.Match[str]]:
        if self._alias_pattern is None:
            return ()
        return self._alias_pattern.finditer(text, start, end)


_SKELETON_LENGTH = 4


def _consonants(word: str) -> str:
    """The word without its vowels, a doubled letter once: "emmanuel" is "mnl"."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyj]", "", word))


def _skeleton(surname: str) -> str:
    """A surname's first letter and its consonants after it: "pristayko" and "prystaiko"
    are both "prstk"."""
    return surname[:1] + _consonants(surname[1:])


def _same_first_name(one: str, other: str) -> bool:
    """One first name in two spellings: "Andrii" and "Andrei", or, by their consonants
    (a doubled one once: "Emanuel" for "Emmanuel"), the Ukrainian and Russian forms
    "Volodymyr" and "Vladimir", "Dmytro" and "Dmitry"."""
    if one[:3] == other[:3]:
        return True

    def consonants(name: str) -> str:
        return _consonants(name.replace("w", "v"))[:4]

    return len(consonants(one)) >= 3 and consonants(one) == consonants(other)


def _title_heads(title: str, words: tuple[str, ...]) -> bool:
    """True when the office words head the title: "US Secretary of State", not "Head of the
    Office of the President" for a president, nor "Vice President" for one."""
    lowered = title.lower()
    qualifiers = lowered.split()
    for word in words:
        at = lowered.find(word)
        if at == -1:
            return False
        before = lowered[:at].split()
        if len(before) > 1 or (before and before[0] not in COUNTRY_WORDS and before[0] != "nato"):
            return False
    return bool(qualifiers)


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # person, surname, office, institution, pronoun, group, state, document
    name: str = ""
    role_text: str = ""
    known: KnownSpeaker | None = None
    possessive: bool = False

    @property
    def is_person_like(self) -> bool:
        return self.kind in {"person", "surname", "office"}


@dataclass
class ArticleNames:
    """Full names seen so far in one article, so "Scholz" later means "Olaf Scholz"."""

    gazetteer: Gazetteer
    by_surname: dict[str, Mention] = field(default_factory=dict)

    def remember(self, mention: Mention, written: str = "") -> None:
        """File a full name by its surname, also as the text spells it: "Yanukovich" later
        is the Viktor Yanukovych a known alias ("Viktor Yanukovich") named before."""
        if mention.kind != "person" or len(mention.name.split()) < 2:
            return
        for name in (mention.name, written):
            if len(name.split()) > 1:
                self.by_surname.setdefault(normalise_name(name.split()[-1]), mention)

    def named_from(self, country: str) -> tuple[KnownSpeaker, KnownRole] | None:
        """The known speaker from `country` this article named first, with a role."""
        for mention in self.by_surname.values():
            known = mention.known
            if known is not None and country and known.country == country and known.roles:
                return known, known.roles[-1]
        return None


_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S.
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial: George W. Bush
    r"|[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-]*"  # a capitalised word, with 's or a hyphen
)
_CONNECTORS = {
    "de",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "du",
    "al",
    "bin",
    "of",
    "for",
    "da",
    "dos",
}
_PRONOUN = re.compile(r"\b(he|she|He|She|they|They|him|her)\b")
# "the Chancellor", "the president": whoever the article last named with that title.
_BARE_TITLE = re.compile(
    r"\b[Tt]he (?P<title>[Pp]resident|[Pp]rime [Mm]inister|[Cc]hancellor|[Ff]oreign [Mm]inister|"
    r"[Ss]ecretary[- ][Gg]eneral|[Ss]pokes(?:man|woman|person)|[Pp]remier|[Ss]ecretary of [Ss]tate|"
    r"[Dd]efen[cs]e (?:[Mm]inister|[Ss]ecretary)|[Ee]nvoy|[Aa]mbassador|[Pp]olitician|[Dd]iplomat|"
    r"[Mm]inister|[Ll]eader|[Hh]ead of [Ss]tate)\b(?!\s+(?:of\b|[A-Z]))"
)
_GROUP = re.compile(
    r"\b(?:the\s+|all\s+|The\s+|All\s+)?(?:\d+\s+)?(?:NATO\s+|Nato\s+|alliance\s+)?"
    r"(?:[Aa]llies|[Mm]ember [Ss]tates|[Mm]embers|[Cc]ountries|[Ll]eaders|[Nn]ations)\b",
)
_GROUP_WORDS = frozenset({"allies", "members", "countries", "leaders", "nations", "states"})
# A text speaking for whoever issued it: "the declaration says", "“...,” the document
# reads", "“...,” it says" (attribute.Speakers finds the issuer where the text is named).
_DOCUMENT = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Ii]ts|[Tt]heir)\s+"
    r"(?:(?:[A-Z][\w-]*|final|joint|summit|official|closing|adopted|\d{4})\s+){0,4}"
    r"(?:[Dd]eclaration|[Cc]ommuniqu[eé]|[Dd]ocument|[Ss]tatement|[Rr]esolution|[Tt]ext)\b"
    # “...”, it says / “...,” it says
    r"|(?<=[”\"’'],\s|[,.?!][”\"’']\s)it"
    r"(?=\s+(?:says|said|reads|read|states|stated|adds|added|notes|noted)\b)"
)


def find_mentions(
    text: str, start: int, end: int, names: ArticleNames, date: dt.date | None
) -> list[Mention]:
    """Every mention of a possible speaker in text[start:end], in order, not overlapping."""
    found: list[Mention] = []
    gazetteer = names.gazetteer
    for pattern, words, scope in _OFFICE_PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(_overlaps(match, mention) for mention in found):
                continue
            office_words, office_scope = words, scope
            if scope is None:
                office = match.group("office").lower()
                office_words = _OFFICE_TITLE_WORDS.get(office, (office,))
                office_scope = COUNTRY_WORDS.get(match.group("country").lower().rstrip("."), "")
                if match.group("country").upper().startswith("U.S"):
                    office_scope = "US"
            held = None
            if scope is None and match.group("office").lower() == "leader":
                # "the German leader": the country's leader the article has named already
                # (a chancellor in one country is a president in another).
                held = names.named_from(office_scope)
            held = held or gazetteer.by_office(office_words, office_scope, date)
            mention = Mention(match.start(), match.end(), "office", role_text=match.group())
            if held:
                mention.known, mention.name = held[0], held[0].name
                mention.role_text = held[1].title
            found.append(mention)
    for match in gazetteer.alias_matches(text, start, end):
        known = gazetteer.by_name(match.group())
        if known is None or any(_overlaps(match, mention) for mention in found):
            continue
        kind = "institution" if known.kind == "institution" else "person"
        found.append(
            Mention(
                match.start(),
                match.end(),
                kind,
                known.name,
                known=known,
                possessive=_possessive(text, match.end()),
            )
        )
    for match in _capitalised_runs(text, start, end):
        overlapping = [mention for mention in found if _overlaps(match, mention)]
        if overlapping:
            last = max(overlapping, key=lambda mention: mention.end)
            if match.end() <= last.end + 1:
                continue
            if last.kind == "office":
                # "Latvian Foreign Minister Anna Ozola": the office is found, the name follows it.
                match = _RunMatch(text, last.end + 1, match.end())
            elif last.kind == "institution" and last.start == match.start():
                # "NATO spokesman James Appathurai": a person speaking for the institution.
                person = _name_mention(text, match, names)
                if person is None or person.kind not in {"person", "surname"}:
                    continue
                found.remove(last)
                found.append(person)
                continue
            else:
                continue
        mention = _name_mention(text, match, names)
        if mention is not None:
            found.append(mention)
    for match in _BARE_TITLE.finditer(text, start, end):
        if not any(_overlaps(match, mention) for mention in found):
            found.append(
                Mention(match.start(), match.end(), "title", name=match.group("title").lower())
            )
    for match in _PRONOUN.finditer(text, start, end):
        if not any(_overlaps(match, mention) for mention in found):
            word = match.group().lower()
            kind = "group" if word == "they" else "object" if word in {"him", "her"} else "pronoun"
            found.append(Mention(match.start(), match.end(), kind, name=match.group().lower()))
    for match in _GROUP.finditer(text, start, end):
        if not any(_overlaps(match, mention) for mention in found):
            found.append(Mention(match.start(), match.end(), "group", name=match.group()))
    for match in _DOCUMENT.finditer(text, start, end):
        if not any(_overlaps(match, mention) for mention in found):
            found.append(Mention(match.start(), match.end(), "document", name=match.group()))
    found.sort(key=lambda mention: mention.start)
    found = _fold_offices_into_names(text, found)
    _attach_titles(text, start, found)
    for mention in found:
        names.remember(mention, text[mention.start : mention.end])
    return found


def _overlaps(match: re.Match[str] | _RunMatch, mention: Mention) -> bool:
    return match.start() < mention.end and mention.start < match.end()


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in {"'s", "’s"}


def _capitalised_runs(text: str, start: int, end: int) -> Iterable[re.Match[str]]:
    """Runs of capitalised words ("U.S. Secretary of State Antony Blinken")."""
    tokens = list(_TOKEN.finditer(text, start, end))
    run: list[re.Match[str]] = []
    for token in tokens:
        if run and _joins(text, run[-1], token):
            run.append(token)
            continue
        if run:
            yield _run_match(text, run)
        run = [token]
    if run:
        yield _run_match(text, run)


def _joins(text: str, previous: re.Match[str], token: re.Match[str]) -> bool:
    gap = text[previous.end() : token.start()]
    if gap == " ":
        return not previous.group().endswith(("'s", "’s"))
    words = gap.split()
    return gap.startswith(" ") and gap.endswith(" ") and len(words) == 1 and words[0] in _CONNECTORS


class _RunMatch:
    """A stand-in for re.Match covering several tokens."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


def _run_match(text: str, run: list[re.Match[str]]) -> _RunMatch:
    return _RunMatch(text, run[0].start(), run[-1].end())


def _without_possessive(name: str) -> tuple[str, bool]:
    """The name without a possessive ending ("Scholz's", a plural's "the United States'"),
    and whether it had one."""
    if name.endswith(("'s", "’s")):
        return name[:-2], True
    if name.endswith(("s'", "s’")):
        return name[:-1], True
    return name, False


def _bare(word: str) -> str:
    return _without_possessive(word.lower())[0].rstrip(".")


_TITLE_OR_COUNTRY = TITLE_WORDS | frozenset(COUNTRY_WORDS)


def _name_mention(text: str, run: _RunMatch, names: ArticleNames) -> Mention | None:
    """A person's name at the end of a capitalised run, with the title words before it."""
    words = run.group().split()
    offsets = [m.start() for m in re.finditer(r"\S+", run.group())]
    first_name_word = 0
    for index, word in enumerate(words):
        bare = _bare(word)
        # a country in two words ends a title too: "ambassador to the United Kingdom Vadim"
        pair = f"{_bare(words[index - 1])} {bare}" if index else ""
        if {bare, pair} & _TITLE_OR_COUNTRY or bare in _CONNECTORS:
            first_name_word = index + 1
        elif bare in ORGANISATION_WORDS:
            return None  # "Presidential Office" and the like end in an institution
    name_words = words[first_name_word:]
    if not name_words:
        return None
    if any(_bare(word) in NOT_NAME_WORDS or _bare(word) in _CONNECTORS for word in name_words[:1]):
        return None
    if any(
        _bare(word) in COUNTRY_WORDS or _bare(word) in ORGANISATION_WORDS for word in name_words
    ):
        return None
    if any(word.isupper() and len(word.rstrip(".")) > 1 for word in name_words):
        return None  # acronyms are not people
    if _bare(name_words[-1]) in _GROUP_WORDS:
        return None  # "All Allies", "NATO Members": a group, found as one below
    name, possessive = _without_possessive(" ".join(name_words))
    mention_start = run.start() + offsets[first_name_word]
    mention_end = mention_start + len(name)
    role_text = run.group()[: offsets[first_name_word]].strip()
    gazetteer = names.gazetteer
    if len(name_words) == 1:
        earlier = names.by_surname.get(normalise_name(name))
        if earlier is not None:
            return Mention(
                mention_start,
                mention_end,
                "person",
                earlier.name,
                role_text or earlier.role_text,
                known=earlier.known,
                possessive=possessive,
            )
        known = gazetteer.by_surname(name)
        if known is None:
            return Mention(
                mention_start, mention_end, "surname", name, role_text, possessive=possessive
            )
        return Mention(
            mention_start,
            mention_end,
            "person",
            known.name,
            role_text,
            known=known,
            possessive=possessive,
        )
    if len(name_words) > 4:
        return None
    known = gazetteer.by_name(name)
    return Mention(
        mention_start,
        mention_end,
        "person",
        known.name if known else name,
        role_text,
        known=known,
        possessive=possessive,
    )


def _fold_offices_into_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Ukraine's president Volodymyr Zelenskyy" is one mention: the name, with its title."""
    folded: list[Mention] = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            mention.kind == "office"
            and following is not None
            and following.kind in {"person", "surname"}
            and not text[mention.end : following.start].strip()
        ):
            if not following.role_text:
                following.role_text = text[mention.start : mention.end]
            continue
        folded.append(mention)
    return folded


def _attach_titles(text: str, floor: int, mentions: list[Mention]) -> None:
    """Give each name the lower-case title that precedes it ("NATO's secretary general")."""
    for mention in mentions:
        if mention.kind != "person" or mention.role_text:
            continue
        before = text[max(floor, mention.start - 80) : mention.start]
        words = before.split()
        title: list[str] = []
        for word in reversed(words):
            bare = _bare(word.strip(",;:"))
            if word.endswith((",", ";", ":")):
                break
            if bare in TITLE_WORDS or bare in COUNTRY_WORDS or bare in {"of", "the"}:
                title.insert(0, word)
                continue
            break
        while title and _bare(title[0]) in {"the", "of"}:
            title.pop(0)
        if title and any(_bare(word) in TITLE_WORDS for word in title):
            mention.role_text = " ".join(title)
