"""Country names for the two-letter codes speakers and filters use, from Babel's CLDR data."""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def _names() -> dict[str, str]:
    return dict(Locale("en").territories)


def country_name(code: str) -> str:
    """ "Ukraine" for "UA"; the code itself for one CLDR does not know (or "" for none)."""
    return _names().get(code.upper(), code.upper()) if code else ""
