"""A small phrase syntax for cues, compiled to regular expressions.

    never ...30 {join}           "never", up to 30 characters of the same clause, then {join}
    (must|should|will) not join  one of the words in brackets, then the others
    will [eventually] become     an optional part in square brackets
    oppos*                       a word with any ending: opposes, opposed, opposition
    doors? ~2 open               "?" makes the letter before it optional; ~N is up to N words
    too (soon|early) !(to say)   "!( )" at the end: not followed by that
    *n't                         a leading "*" is any beginning: don't, won't
    {join}                       a shorthand, itself a phrase, from the file's [shorthands]

Words match whole and in any case; spaces between them match any run of spaces. A gap
("...", "...N", default 40 characters) never crosses a full stop or a semicolon.
"""

from __future__ import annotations

import re

DEFAULT_GAP = 40
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<gap>\.\.\.(?P<chars>\d+)?)"
    r"|(?P<words>~(?P<count>\d+))"
    r"|(?P<shorthand>\{\w+\})"
    r"|(?P<not>!\()"
    r"|(?P<open>[(\[])"
    r"|(?P<close>[)\]])"
    r"|(?P<bar>\|)"
    r"|(?P<word>[\w'’\-?*.&/]+)"
    r")"
)


class PhraseError(ValueError):
    pass


def compile_phrase(phrase: str, shorthands: dict[str, str] | None = None) -> str:
    """The regular expression a phrase stands for (to compile case-insensitively)."""
    tokens = _tokens(phrase)
    pattern, rest = _sequence(tokens, shorthands or {}, closing=None)
    if rest:
        raise PhraseError(f"Unexpected {rest[0][1]!r} in {phrase!r}")
    return pattern


def _tokens(phrase: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(phrase):
        if phrase[position:].strip() == "":
            break
        match = _TOKEN.match(phrase, position)
        if match is None or match.end() == position:
            raise PhraseError(f"Cannot read {phrase[position:]!r} in {phrase!r}")
        kind = match.lastgroup if match.lastgroup not in {"chars", "count"} else "gap"
        for name in ("gap", "words", "shorthand", "not", "open", "close", "bar", "word"):
            if match.group(name) is not None:
                kind = name
                break
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _sequence(
    tokens: list[tuple[str, str]], shorthands: dict[str, str], closing: str | None
) -> tuple[str, list[tuple[str, str]]]:
    """A run of elements up to `closing`, alternatives split by "|"."""
    alternatives: list[list[tuple[str, str]]] = [[]]  # (kind, regex) per element
    while tokens:
        kind, text = tokens[0]
        if kind == "close":
            if closing is None or text != closing:
                raise PhraseError(f"Unbalanced {text!r}")
            break
        tokens = tokens[1:]
        if kind == "bar":
            alternatives.append([])
        elif kind == "open":
            inner, tokens = _sequence(tokens, shorthands, ")" if text == "(" else "]")
            tokens = tokens[1:]  # the closing bracket
            alternatives[-1].append(("optional" if text == "[" else "word", f"(?:{inner})"))
        elif kind == "not":
            inner, tokens = _sequence(tokens, shorthands, ")")
            tokens = tokens[1:]
            alternatives[-1].append(("not", rf"(?!\s*(?:{inner}))"))
        elif kind == "gap":
            chars = text.removeprefix("...") or str(DEFAULT_GAP)
            alternatives[-1].append(("gap", f"[^.;]{{0,{chars}}}"))
        elif kind == "words":
            alternatives[-1].append(("gap", rf"(?:\s+\S+){{0,{text[1:]}}}\s*"))
        elif kind == "shorthand":
            name = text[1:-1]
            if name not in shorthands:
                raise PhraseError(f"No shorthand {text}")
            alternatives[-1].append(("word", f"(?:{compile_phrase(shorthands[name], shorthands)})"))
        else:
            alternatives[-1].append(("word", _word(text)))
    if closing is not None and not tokens:
        raise PhraseError(f"{closing!r} missing")
    joined = [_join(elements) for elements in alternatives]
    if any(not part for part in joined):
        raise PhraseError("An empty alternative")
    return "|".join(joined), tokens


def _join(elements: list[tuple[str, str]]) -> str:
    """Elements in order: words apart by spaces, gaps and lookaheads joined as they are."""
    pattern, previous = "", None
    for kind, regex in elements:
        if kind == "not":
            pattern += regex
            continue
        if kind == "optional":
            # "[a] b": "a " or nothing; "a [b] c": " b" or nothing.
            pattern += rf"(?:\s+{regex})?" if previous is not None else rf"(?:{regex}\s+)?"
            previous = previous or "start"
            continue
        if kind == "gap" or previous in {None, "gap", "start"}:
            pattern += regex
        else:
            pattern += rf"\s+{regex}"
        previous = kind
    return pattern


def _word(text: str) -> str:
    """A word, whole: "?" makes the character before it optional, "*" is any ending, and
    a leading "*" any beginning ("*n't": don't, won't)."""
    any_beginning = text.startswith("*")
    any_ending = text.endswith("*") and len(text) > 1
    text = text.strip("*")
    parts = []
    for character in text:
        if character == "?":
            parts[-1] = f"{parts[-1]}?"
        elif character in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(character))
    body = "".join(parts)
    start = r"\w*" if any_beginning else (r"\b" if re.match(r"\w", text) else "")
    end = r"\w*" if any_ending else (r"\b" if re.search(r"\w\??$", text) else "")
    return f"{start}{body}{end}"
