"""Is a text about Ukraine and NATO, and is a statement about Ukraine's membership?"""

from __future__ import annotations

import re

_UKRAINE = re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev|Zelensk\w*)", re.IGNORECASE)
_NATO = re.compile(
    r"\b(?:NATO|Nato|North Atlantic (?:Treaty|Alliance|alliance|Council)|Euro-Atlantic)\b"
)

# Each pattern speaks to joining the alliance, its conditions, or what is offered instead.
_MEMBERSHIP = re.compile(
    r"\bjoin(?:s|ed|ing)?\b[^.;]{0,50}\b(?:NATO|Nato|alliance|bloc)\b"
    r"|\b(?:NATO|Nato|alliance)(?:'s|’s)?\s+(?:membership|accession|ranks|family|umbrella|door)\b"
    r"|\bmembership\b"
    r"|\b(?:Ukrain\w*|Kyiv|Kiev)(?:'s|’s)? (?:joining|accession|entry|admission|bid)\b(?! (?:in)?to the (?:EU|European Union))"
    r"|\b(?:NATO|Nato|membership|accession)(?:'s|’s)? (?:bid|aspirations?|ambitions?|application|prospects?|hopes?|goals?|plans?|course|dreams?)\b"
    r"|\b(?:Ukraine|Kyiv|Kiev)\b[^.;]{0,30}\bjoin(?:s|ed|ing)?\b"
    r"|\b(?:Ukraine|Kyiv|Kiev)\b[^.;]{0,30}\b(?:to be|become|becoming|as) (?:a |an )?(?:full )?(?:NATO |Nato )?member\b"
    r"|\b(?:become|becoming|be|being|as|full) (?:a |full )?members? of (?:NATO|Nato|the (?:\w+ )?alliance|our alliance)"
    r"|\bopen to (?:new )?members\b"
    r"|\bbecome (?:a |an )?(?:full |NATO |Nato )?members?\b"
    r"|\b(?:a|an) (?:NATO|Nato) member\b"
    # joining the EU is another matter
    r"|(?<!EU )\baccession\b(?! to the (?:EU|European Union))|\baccede\b"
    r"|\badmit(?:ted|ting)?\b(?! (?:in)?to the (?:EU|European Union))|\benlargement\b|\bexpansion\b"
    r"|\binvit(?:ation|e|ed|ing)\b"
    r"|\bEuro-Atlantic\b|\bopen[- ]door\b|\bdoor (?:is |would |will )?(?:remains?|stays?|be|is) open"
    r"|\bmembership action plan\b|\bMAP\b|\baction plan\b|\birreversible\b|\bBucharest\b|\broad ?map\b"
    r"|\b(?:join|in|into|enter)\w* (?:the |their |its |our )?ranks\b|\bbe in (?:NATO|Nato|the alliance)\b"
    r"|\bdecide\b[^.;]{0,60}\b(?:NATO|Nato|alliance)\b|\bguarantee\w* (?:of )?(?:its |their |Ukraine's )?security\b"
    r"|\b(?:choose|decide|dictate)\b[^.;]{0,60}\balliances?\b|\bbelong\w* to\b[^.;]{0,30}\b(?:NATO|Nato|alliance)"
    r"|\b(?:closer|nearer) to (?:NATO|Nato|the alliance|membership)\b|\bveto\b"
    r"|\bsecurity (?:framework|arrangements?|assurances|commitments)\b|\bframework\b[^.;]{0,50}\bsecurity\b"
    r"|\bneutral(?:ity)?\b|\bnon-?aligned\b|\bnon-?bloc\b|\bnon-?alignment\b"
    r"|\bsecurity guarantees?\b|\bArticle (?:5|Five)\b|\bdeterrence\b"
    r"|\bred ?lines?\b|\binto (?:NATO|Nato|the (?:[\w-]+ ){0,2}[Aa]lliance)\b|\bguarantee\w*\b[^.;]{0,20}\b(?:protection|safety)\b|\bin (?:NATO|Nato)\b(?! (?:summit|meeting|headquarters))"
    r"|\brightful place\b|\bpath(?:way)? (?:to|toward|towards) (?:NATO|Nato|membership|the alliance)",
    re.IGNORECASE,
)
_ALLIANCE_WORD = re.compile(r"\b(?:NATO|Nato|alliance|allies|member)\b", re.IGNORECASE)


def is_about_ukraine_and_nato(text: str) -> bool:
    """Cheap test run on every article before any statement extraction."""
    return bool(_UKRAINE.search(text)) and bool(_NATO.search(text))


def speaks_to_membership(quote: str, sentence: str = "") -> bool:
    """A quote about membership, or one naming the alliance in a sentence about membership."""
    if _MEMBERSHIP.search(quote):
        return True
    return (
        bool(sentence) and bool(_ALLIANCE_WORD.search(quote)) and bool(_MEMBERSHIP.search(sentence))
    )
