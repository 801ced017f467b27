"""Numbers typed by people or sent by other machines: ASCII digits, nothing else.

`str.isdigit()` accepts "²" and Arabic-Indic digits, which `int()` then rejects or reads
as a number nobody typed; reading only [0-9] keeps both out.
"""

from __future__ import annotations

import re

_ASCII_DIGITS = re.compile(r"[0-9]+")


def ascii_int(value: str) -> int | None:
    """The whole number `value` spells in ASCII digits, or None."""
    return int(value) if _ASCII_DIGITS.fullmatch(value) else None
