"""Where an attribution and what it reports begin and end: the words allowed between a
speaker and a verb, titles, the clause after "said (that)", and the dates of the telling."""

from __future__ import annotations

import re

from apps.extraction.dates import DateMention
from apps.extraction.document import Document
from apps.extraction.segments import Sentence
from apps.extraction.vocabulary import (
    ATTRIBUTION_AFTER,
    COUNTRY_WORDS,
    MONTHS,
    SAY_VERBS,
    TITLE_WORDS,
    WEEKDAYS,
)

VERB = re.compile(r"\b[a-z]+\b")
_FILLER_WORDS = (
    frozenset(
        """
        has have had is was were would will 's ’s also even again then now still once just
        already never not long further on in at last this earlier later late early today
        yesterday tonight morning afternoon evening night week month year a an the
        """.split()
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
FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|can|could|should|must|has|have|had|agree[sd]?|"
    r"do|does|did|may|might)\b"
)
_CLAUSE_END = re.compile(
    r",[”\"’]?\s+(?:which|who|whom|that|concerns|amid|as|while|"
    r"whereas|despite|even though|although|though|according to|because|since|"
    # ", Blinken said": an attribution after the clause ends it
    r"[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,4} (?:" + "|".join(sorted(ATTRIBUTION_AFTER)) + r")\b|"
    r"(?:a|an|the) (?:[\w-]+ ){0,5}(?:that|which|who)\b|in (?:a|an|the) \w+ (?:that|which)\b)"
    r"|;\s|\s[—–]\s|\s--\s"
    # any other participle after a comma: ", expressing ...", ", citing ...", but not one
    # that says what the speaker called it: ", labeling it a threat" is part of the claim
    r"|,[”\"’]?\s+(?!including\b|according\b|during\b|notwithstanding\b)"
    r"(?!(?:labell?ing|describing|branding|terming|calling)\s+(?:it|this|that|them|such)\b)"
    r"[a-z]+ing\b"
)
_NARRATED_CLAUSE_END = re.compile(
    _CLAUSE_END.pattern
    + r"|,\s+(?:but|and|yet)\s|\s(?:but|and)\s+(?:has|had|have|is|was|also|will|would)\b"
    # "ruled out membership and said Europe must ...": a verb of saying starts another
    + r"|\s(?:and|but)\s+(?:"
    + "|".join(sorted(SAY_VERBS - {"say", "tell", "insist"}))
    + r")\b"
)
_BACK_REFERENCE = re.compile(
    r"\b(?:in|on) the (?:same )?(?:cable|letter|interview|statement|speech|post|article|"
    r"op-ed|video|address|declaration|communiqu[eé]|remarks)\b|\bthe (?:declaration|communiqu[eé]|statement) (?:said|says|added)"
)
# Openings of a phrase that sets the scene rather than says anything.
_FRAME_OPENING = re.compile(
    r"\s*(?:As a result of|In|At|After|During|Following|Before|On|Amid|Despite|Ahead of|"
    r"Speaking|Since|Until|Over)\b"
)
# Those who speak for an institution: "NATO leaders", "NATO foreign ministers".
MEMBERS_OF = re.compile(
    r"\s*(?:leaders|allies|members|member states|countries|nations|foreign ministers|"
    r"defen[cs]e ministers|heads of state(?: and government)?)\b"
)


def is_filler(gap: str, *, allow_relative: bool = True) -> bool:
    """Words that may stand between a subject and its verb: "has also", "in an interview
    on Tuesday", an aside in commas."""
    gap = re.sub(r"^\s*\([^()]{1,40}\)", " ", gap)  # "NATO (the alliance) said"
    if allow_relative:
        gap = re.sub(r"^\s*,[^,]{1,160},", " ", gap, count=1)
    if "," in gap or len(gap) > 60:
        return False
    # "Zelenskiy in an interview with news wires also said": a phrase of place or occasion
    # (never across "and": "met Biden on Tuesday and said" is Biden's object, not subject)
    gap = re.sub(
        r"^\s*(?:(?:also|then|later|again)\s+)?(?:in|at|on|during|after|before|from|with|speaking)\s+(?:(?!(?:and|but|or)\b)[\w’'.-]+\s+){0,6}?(?=(?:also|later|then|has|had|again|\w+ly)\b|$)",
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


def is_title_gap(gap: str) -> bool:
    """Only titles, countries and capitalised words: "NATO Secretary General", "the U.S."."""
    words = re.findall(r"[\w’'.-]+", gap)
    return all(
        word.lower().removesuffix("'s").removesuffix("’s").strip(".")
        in TITLE_WORDS | {"the", "of", "a", "an", "and"}
        or word.lower().removesuffix("'s").removesuffix("’s").strip(".") in COUNTRY_WORDS
        or word[:1].isupper()
        for word in words
    )


def refers_back(doc: Document, sentence: Sentence) -> bool:
    """ "In the same interview ...": the sentence goes on from an occasion already given."""
    return bool(_BACK_REFERENCE.search(doc.text, sentence.start, sentence.end))


def complementiser(doc: Document, after_verb: int, sentence: Sentence) -> int | None:
    """Where the clause starts after "that", if "that" follows a frame ("said in 2008 that")."""
    window = doc.text[after_verb : min(sentence.end, after_verb + 160)]
    match = re.search(r"\bthat\b\s*", window)
    if match is None:
        return None
    frame = window[: match.start()].strip(" ,")
    if "," in re.sub(r"\d, \d{4}", "", frame):
        return None  # "said Wednesday, advancing assurances that ...": another clause
    if frame and not _FRAME_START.match(frame) and (FINITE.search(frame) or len(frame.split()) > 8):
        return None
    if doc.inside_long_quotation(after_verb + match.start()):
        return None
    return after_verb + match.end()


def clause_start(doc: Document, after_verb: int, sentence: Sentence) -> int | None:
    """Where a clause without "that" starts: after a day and whom it was told."""
    rest = doc.text[after_verb : sentence.end]
    skip = re.match(
        r"^\s*(?::\s*)?(?:(?:on\s+|last\s+|this\s+|earlier\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)"
        r"(?:\s+(?:morning|afternoon|evening|night))?,?\s+)?"
        r"(?:(?:reporters|journalists|him|her|them|us|me|lawmakers)\s+)?",
        rest,
    )
    start = after_verb + (skip.end() if skip else 0)
    if start >= sentence.end or doc.text[start] in ",.":
        return None
    return start


def _dash_in_a_name(text: str, match: re.Match[str]) -> bool:
    """A dash between two capitalised words, as in a joint body's name: "the Ukraine – NATO
    Commission" goes on; "Ukraine is ready – the allies are not" ends a clause."""
    if match.group().strip() not in {"—", "–"}:
        return False
    before = re.search(r"\b[A-Z][\w.-]*$", text[max(match.start() - 40, 0) : match.start()])
    return (
        before is not None and re.match(r"[A-Z]", text[match.end() : match.end() + 1]) is not None
    )


def clause_end(
    doc: Document,
    start: int,
    sentence: Sentence,
    *,
    stop_at_comma: bool = False,
    narrated: bool = False,
) -> int:
    """Where what was said ends; a stated position also ends at ", but" (the narrator's)."""
    end = sentence.end
    search_from = start
    pattern = _CLAUSE_END if not stop_at_comma else re.compile(r",\s")
    if narrated and not stop_at_comma:
        pattern = _NARRATED_CLAUSE_END
    while True:
        match = pattern.search(doc.text, search_from, end)
        if match is None:
            return end
        closes_quote = doc.text[match.start() + 1 : match.start() + 2] in '”"’'
        if doc.inside_any_quotation(match.start()) and not closes_quote:
            search_from = match.end()
            continue
        if _dash_in_a_name(doc.text, match):
            search_from = match.end()
            continue
        return match.start()


def only_frame_after(doc: Document, after_verb: int, sentence: Sentence) -> bool:
    """ "..., Blinken said Wednesday at the summit, advancing ...": nothing said after the verb."""
    rest = doc.text[after_verb : sentence.end]
    head = re.split(r"[,;]", rest, maxsplit=1)[0].strip(" .")
    head = re.sub(r"^(?:this|that|it|so)\s+(?=(?:in|on|at|to|during|after)\b)", "", head)
    words = re.findall(r"\w[\w’'.]*", head)
    if FINITE.search(head) or re.search(r"\bthat\b", head):
        return False
    return len(words) <= 3 or bool(_FRAME_START.match(head))


def clause_before(before_subject: str) -> int | None:
    """ "An invitation ... is part of the plan, the head of the Office Andriy Yermak said":
    the offset of the comma ending the clause said, if one stands before the subject."""
    comma = before_subject.rstrip().rfind(",")
    if comma == -1 or len(before_subject[:comma].split()) < 3:
        return None
    if _FRAME_OPENING.match(before_subject) and not FINITE.search(before_subject[:comma]):
        return None  # "As a result of the summit in Vilnius, NATO leaders agreed": a frame
    if not FINITE.search(before_subject[:comma]) and not re.search(
        r"\w+(?:ed|s)\b", before_subject[:comma]
    ):
        return None
    if not is_title_gap(before_subject[comma + 1 :]):
        return None
    return comma


def trim(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces and punctuation, and without a closing quotation mark
    whose opening one lies outside."""
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    if end > start and text[end - 1] in "”\"’'" and doc.inside_any_quotation(end - 1) is False:
        end -= 1
    # A quoted word the clause ends on keeps its closing mark: 'is “open,”', not 'is “open'.
    closing = re.match(r"[,.]?[”\"]", text[end : end + 2])
    if closing and (
        text.count("“", start, end) > text.count("”", start, end)
        or text.count('"', start, end) % 2 == 1
    ):
        end += closing.end()
    return start, end


def auxiliaries_start(doc: Document, after_subject: int, verb_start: int) -> int:
    """Where a stated position starts: at "has long opposed", not at "’s asked"."""
    gap = doc.text[after_subject:verb_start]
    stripped = re.sub(r"^\s*,[^,]{1,160},", "", gap, count=1)
    stripped = re.sub(r"^['’]s\b", "", stripped)
    members = MEMBERS_OF.match(stripped)
    stripped = stripped[members.end() :] if members else stripped  # "NATO leaders"
    offset = verb_start - len(stripped)
    return offset + (len(stripped) - len(stripped.lstrip()))


_CLAUSE_JOINS = re.compile(r"[,;]\s+(?:and|but|while|whereas)\s+|;\s+")


def frame_dates(
    doc: Document,
    sentence: Sentence,
    *,
    exclude: tuple[int, int],
    verb_start: int,
    subject_start: int,
) -> list[DateMention]:
    """Dates in the attribution, not in what was said: in the verb's own clause ("said
    in March 2022 that", "on Sept. 24 reiterated", "said Wednesday"), or opening the
    sentence ("In 2008, NATO suggested"); never across a comma into another clause."""
    found = doc.dates_in(sentence)
    frame: list[DateMention] = []
    for mention in found:
        if exclude[0] <= mention.start < exclude[1]:
            continue
        if mention.end <= verb_start:
            between = doc.text[mention.end : verb_start]
            same_clause = "," not in between and len(between) <= 60
            same_occasion = bool(
                re.fullmatch(
                    r"[^,]{0,20},\s+(?:in which|during which|where|when|at which)\s+\w+\s*",
                    between,
                )
            )
            # "In 2008, NATO ...", also opening a clause joined on: "..., and in July 2024, NATO"
            lead = _CLAUSE_JOINS.split(doc.text[sentence.start : mention.start])[-1]
            to_subject = doc.text[mention.end : subject_start]
            opens_sentence = mention.end <= subject_start and "," not in lead and "," in to_subject
            if same_clause or same_occasion or opens_sentence:
                frame.append(mention)
        else:
            between = doc.text[verb_start : mention.start]
            if "," not in between and len(between) <= 90:
                frame.append(mention)
    return frame
