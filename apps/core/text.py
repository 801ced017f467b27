"""Text normalisation shared by matching, deduplication and scoring."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")
# Transliterations of one name that outlets spell differently.
_NAME_VARIANTS = {"zelenskyy": "zelensky", "zelenskiy": "zelensky", "zelenskii": "zelensky"}


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to strip, and most text is: skip the per-character pass
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def straighten(text: str) -> str:
    """Typographic quotes, apostrophes and dashes to their ASCII forms, spaces folded."""
    return _SPACES.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def normalise_name(name: str) -> str:
    """Lower case, no accents or punctuation, one spelling per transliterated name."""
    words = _NOT_WORD.sub(" ", strip_accents(straighten(name)).lower()).split()
    return " ".join(_NAME_VARIANTS.get(word, word) for word in words)


def normalise_quote(quote: str) -> str:
    """The words of a quote only, for comparing reports of one statement across outlets."""
    return " ".join(_NOT_WORD.sub(" ", strip_accents(straighten(quote)).lower()).split())


def quote_fingerprint(quote: str) -> str:
    """A stable key for a quote's words: the same statement from two outlets shares it."""
    return hashlib.sha256(normalise_quote(quote).encode()).hexdigest()[:40]


def unique_slug(model: type, value: str, *, max_length: int = 100, field: str = "slug") -> str:
    """A slug of `value` not yet used by `model`, with -2, -3... appended where needed."""
    from django.utils.text import slugify

    base = slugify(strip_accents(value))[:max_length].strip("-") or "item"
    candidate, number = base, 1
    while model._default_manager.filter(**{field: candidate}).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


def quotes_match(one: str, two: str) -> bool:
    """True when two quotes are the same words, give or take punctuation, a trimmed end or
    an outlet's small edits: one contains the other, or they are 80% alike."""
    from difflib import SequenceMatcher

    a, b = normalise_quote(one), normalise_quote(two)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


# Control characters no stored text keeps: all of C0 but tab and line feed, and DEL.
# XML (the Atom feed) cannot carry them, PostgreSQL refuses NUL, and no reader needs them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text with Windows and old-Mac line ends made \\n and other control characters gone."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# The same, less the carriage return, which a query may hold as part of a line break.
_CONTROL_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    """True for any C0 control character but tab, line feed and carriage return."""
    return bool(_CONTROL_IN_QUERY.search(text))
