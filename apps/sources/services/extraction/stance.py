"""Stance of a statement on Ukraine's NATO membership, by weighted cue phrases.

Rules rather than a model: the cues are visible to editors ("irreversible", "too early to
say", "never join"), they run in microseconds on the CPU, and no model has to ship or load.
Each label collects the weights of its cues found in the quote; the highest total wins.
With no cue at all, the speaker's country decides the usual default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.positions.stances import Stance

_NOT = r"(?:not|n't|never|no longer)"
_JOIN = r"(?:join|become (?:a |an )?(?:full )?(?:NATO |Nato )?member|be (?:a |an )?(?:NATO |Nato )?member|enter|get into|be admitted|accede)"

_CUES: dict[Stance, list[tuple[str, float]]] = {
    Stance.OPPOSES: [
        (rf"\bnever\b[^.;]{{0,30}}\b{_JOIN}", 4),
        (rf"\b(?:must|should|will|would|could|can)\s+{_NOT}\s+(?:be allowed to |ever )?{_JOIN}", 3),
        (
            rf"\b(?:agrees?|agreed|agreeing|pledge[sd]?|promise[sd]?|commit\w*|guarantee\w*)\s+(?:\w+\s+){{0,3}}not to {_JOIN}",
            4,
        ),
        (r"\b(?:banned|barred|excluded|prevented) from (?:joining|membership|entering)", 4),
        (r"\brenounc\w+|\babandon\w* (?:its|their|the|any) (?:bid|aspiration|plans?|ambition)", 4),
        (
            r"\bneutral(?:ity)?\b|\bnon-?aligned\b|\bnon-?alignment\b|\bnon-?bloc\b|\bFinland(?:ization)?\b",
            2.5,
        ),
        (
            r"\boppos\w+|\bagainst (?:the |ukraine'?s? |any )?(?:membership|joining|accession|expansion|enlargement|integration)",
            3,
        ),
        (
            r"\bred ?lines?\b|\bprovocation\b|\bencroachment\b|\bdirect (?:threat|challenge)\b|\bthreat to (?:russia|our|us)\b|\bthreatening\b",
            3,
        ),
        (r"\bunacceptable\b|\bwill veto\b|\bvetoed\b|\bblock(?:ed|ing)?\b(?! of)", 2.5),
        (
            r"\bforget (?:about )?it\b|\bunrealistic\b|\bnot (?:a )?realistic\b|\bno going into\b|\bnot on the table\b|\boff the table\b",
            4,
        ),
        (
            r"\b(?:mean|trigger|lead to|spark)\w*\s+(?:a |an )?(?:world |nuclear |direct )?war\b|\bdeclaration of war\b|\bworld war\b",
            3,
        ),
        (
            r"\bcannot support\b|\bcan't support\b|\bimpossible\b|\bdestroy\w*\b|\bdestructive\b|\bdestabiliz\w+|\bdestabilis\w+",
            2.5,
        ),
        (
            r"\bno (?:nato |Nato )?membership\b|\bno (?:place|path|future) (?:for ukraine )?in (?:NATO|Nato)\b|\bwill not be (?:a )?(?:nato )?member",
            2,
        ),
        (
            r"\b(?:refrain from|excluding|halt|stop)\w* (?:any )?(?:further )?(?:nato |Nato )?(?:enlargement|expansion|moves)\b|\bfurther (?:nato |Nato )?(?:enlargement|expansion|moves to the east)",
            3,
        ),
        (
            r"\bencircle\w*|\bmilitary bloc\b|\bhostile\b|\bpotential enemy\b|\bterrified\b|\bscary\b",
            2,
        ),
        (
            r"\b(?:can|could|should|must|will|would|cannot)\b[^.;]{0,25}\bnot\b[^.;]{0,10}\b(?:become|join|be admitted)\b",
            3,
        ),
        (r"\b(?:not|n't|no|neither|nor)\b[^.;]{0,40}\bpath\b(?! is irreversible)", 3),
        (
            r"\bnot\b[^.;]{0,40}\brealistic\b|\bgreen light\b|\bundesirable\b|\bnot (?:enjoy|have) the support\b",
            3,
        ),
        (r"\b(?:removed|taken) (?:off|from) the agenda\b|\bnot on the agenda\b", 2),
        (r"\bguarantee\w*\b[^.;]{0,40}\b(?:no one|never|not|won't)\b[^.;]{0,30}\bjoin", 4),
        (r"\bfurther (?:nato |Nato )?(?:advances?|expansion|enlargement)\b|\beastward\b", 3),
        # Saying what was never promised is not opposing.
        (r"\bnever (?:said|promised|claimed|stated)\b", -4),
        # Ending neutrality is the opposite of demanding it.
        (
            r"\b(?:abolish|abandon|end|scrap|cancel|drop|mistake)\w*\b[^.;]{0,60}\bnon-?(?:align|bloc)\w*",
            -5,
        ),
    ],
    Stance.SUPPORTS_AFTER_WAR: [
        (
            r"\b(?:after|once|when|until|before) (?:the |russia'?s? |this )?(?:full-scale )?war\b[^.;]{0,25}\b(?:ends?|ended|is over|has ended|finish\w*|stops?)",
            4,
        ),
        (
            r"\bafter the war\b|\bend of the war\b|\bpost-?war\b|\bwar (?:is over|ends|has ended)\b",
            3,
        ),
        (
            r"\b(?:while|as long as|during|when) (?:the |a |this )?(?:full-scale )?war\b|\bcountry at war\b|\bin the (?:middle|midst) of (?:a |the )?war\b|\bwhile (?:the )?(?:fighting|conflict)\b|\bwar is (?:going on|ongoing)\b",
            3.5,
        ),
        (r"\bwar (?:must|has to|needs to|should) (?:first )?(?:end|be over|stop)\b", 4),
        (r"\birreversible\b", 3),
        (
            r"\bwhen (?:all )?allies agree and conditions are met\b|\bwhen conditions (?:are met|allow)\b|\bconditions are met\b",
            3,
        ),
        (
            r"\bonly after\b|\bnot (?:join\w* )?(?:[\w’']+ ){0,3}(?:immediately|right now|yet)\b|\bbridge to (?:nato |Nato )?membership\b",
            2,
        ),
        (r"\b(?:not|n't)\b[^.;]{0,20}\bready\b|\bnot yet\b|\bat (?:this|the) (?:moment|time)\b", 1),
    ],
    Stance.SUPPORTS_LONG_TERM: [
        (
            r"\bwill (?:eventually |one day |definitely |certainly )?become (?:a |an )?(?:full )?(?:NATO |Nato )?members?\b|\bwould one day become\b|\bwill be (?:a )?(?:NATO |Nato )?member\b",
            2.5,
        ),
        (
            r"\b(?:one day|eventually|in the (?:long run|long term|future))\b|\blong-?term\b|\bsooner or later\b",
            3,
        ),
        (
            r"\brightful place\b|\bfuture (?:is|lies) in (?:NATO|Nato)\b|\bbelongs? (?:in|to) (?:NATO|Nato|the alliance)\b|\bwhere you belong\b",
            3,
        ),
        (
            r"\bEuro-Atlantic (?:family|future|integration|aspirations|course)\b|\bsingle course\b",
            2,
        ),
        (r"\bdoor (?:is |remains |will remain |would remain |stays )?open\b|\bopen[- ]door\b", 2),
        (
            r"\bcould become (?:a )?members?\b|\bdeserves? membership\b|\bis going to happen\b|\bstep by step\b|\blook forward to the day\b",
            2.5,
        ),
        (
            r"\breiterate\w* the decision\b|\bstill stands\b|\bstrategic (?:goal|mission|course)\b",
            1.5,
        ),
    ],
    Stance.SUPPORTS_NOW: [
        (r"\bas soon as possible\b|\bwithout delay\b|\btime has come\b|\bthe time is now\b", 3),
        (r"\bimmediately\b|\bright now\b|\bright away\b", 1.5),
        (r"\baccelerated\b|\bfast[- ]?track\w*|\bfaster\b|\bspeed(?:y|ed)? up\b", 3),
        (r"\binvit(?:ation|e|ed)\b", 2),
        (r"\bmembership action plan\b|\bMAP\b", 2),
        (
            r"\b(?:call\w*|urg\w+|push\w*|ask\w*|want\w*|demand\w*|seek\w*|sought|battl\w+|fight\w*|fought|lobb\w+|campaign\w*|appeal\w*|insist\w*) (?:on|for|to)\b",
            1.5,
        ),
        (r"\bapplication\b|\bappl(?:y|ied) for\b|\bsign\w* (?:ukraine'?s? )?application\b", 2),
        (
            r"\bfirm guarantee\b|\broad ?map\b|\bdefine the prospects\b|\bclear (?:path(?:way)?|plan|signal|timeline)\b|\btime ?frame\b|\btimeline\b|\babsurd\b|\bunprecedented\b",
            2,
        ),
        (
            r"\bwhy (?:are we|is ukraine) (?:still )?not in\b|\bonly (?:effective |real |reliable )?(?:security )?guarantee\b|\bsole (?:effective )?guarantee\b|\bonly way\b|\bI am ready\b|\bI'm ready\b",
            3,
        ),
        (r"\badmit\w*\b|\bget (?:ukraine )?into (?:NATO|Nato)\b", 1.5),
    ],
    Stance.CONDITIONAL: [
        (r"\bcorruption\b|\breforms?\b|\bcriteria\b|\brequirements?\b|\bstandards\b", 3),
        (
            r"\b(?:must|have to|has to|need to|needs to) (?:first )?(?:meet|fulfil\w*|carry out|implement|do)\b|\bbefore (?:it|they|ukraine) (?:can )?(?:join\w*|becomes?)\b|\bwhen (?:it|they|ukraine) (?:is|are) ready\b|\bready and able\b",
            2.5,
        ),
        (r"\breferendum\b|\bUkrainian people (?:will )?decide\b", 3),
        (r"\bif it so requests\b|\bfulfil\w* the (?:standards|criteria)\b", 2),
    ],
    Stance.ALTERNATIVE_GUARANTEES: [
        (
            r"\bnot necessary\b|\bnot (?:needed|required)\b|\binstead of\b|\brather than (?:nato |Nato )?membership\b|\balternative\b|\bdifferent thing than\b|\bbut not membership\b|\bif not (?:NATO |Nato )?membership\b|\bshort of (?:NATO |Nato )?membership\b",
            4,
        ),
        (
            r"\bsecurity guarantees?\b|\bguarantees? (?:that|of security|for ukraine)\b|\bsecurity (?:arrangements|commitments|assurances)\b|\bArticle (?:5|Five)-like\b",
            2,
        ),
        (
            r"\bdeterrence\b|\bdeter\b|\breassurance force\b|\bpeacekeep\w*|\bcoalition of the willing\b|\bbilateral (?:security )?(?:agreements?|deals?)\b|\bspecial\b[^.;]{0,30}\bstatus\b|\bnon-NATO ally\b",
            2.5,
        ),
        (
            r"\bsupport ukraine\b|\bukraine prevails\b|\bprevail\w*\b|\bpartnership\b|\bcooperat\w+ with\b",
            1.5,
        ),
    ],
    Stance.NEUTRAL: [
        (
            r"\btoo early to (?:say|tell)\b|\bhard to say\b|\bnot (?:for me|up to me) to (?:say|decide)\b",
            5,
        ),
        (r"\bremains to be seen\b", 3),
        (
            r"\b(?:decision|matter|question) (?:for|of) (?:the )?(?:allies|members|ukraine|the alliance)\b|\bup to (?:ukraine|the allies|nato|the ukrainian people) to decide\b|\bfor (?:ukraine|the allies) (?:and [\w ]+ )?to decide\b",
            3,
        ),
        (
            r"\bright to choose\b|\bno (?:third )?(?:country|one|nobody) (?:outside nato )?(?:has a |can )?veto\b|\bnobody outside (?:nato|Nato) can veto\b|\bwe need consensus\b|\bby consensus\b",
            3,
        ),
        (r"\b(?:was|were) told\b|\btold (?:him|her|us|them) privately\b|\bprivately\b", 3),
        (r"\bprocess\b|\bpathways\b|\bnot going to (?:speculate|comment)\b", 1),
    ],
}
_COMPILED = {
    stance: [(re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in cues]
    for stance, cues in _CUES.items()
}
# Guarantees demanded as a bridge to membership are not an alternative to it.
_INTERIM_GUARANTEE = re.compile(
    r"(?:period|until|before|pending|on the way to|bridge to)[^.;]{0,40}\bmembership\b",
    re.IGNORECASE,
)
# Priors: what officials of a country most often mean when the words alone do not say.
_DEFAULT_BY_COUNTRY = {
    "UA": (Stance.SUPPORTS_NOW, 1.0),
    "RU": (Stance.OPPOSES, 1.5),
    "BY": (Stance.OPPOSES, 1.5),
}


@dataclass(frozen=True)
class StanceResult:
    stance: Stance
    score: float
    margin: float
    cues: tuple[str, ...]


def classify_stance(quote: str, *, speaker_country: str = "") -> StanceResult:
    """The stance whose cues weigh most in the quote; the speaker's country breaks ties."""
    scores: dict[Stance, float] = dict.fromkeys(Stance, 0.0)
    cues: list[str] = []
    for stance, patterns in _COMPILED.items():
        for pattern, weight in patterns:
            match = pattern.search(quote)
            if match:
                scores[stance] += weight
                if weight > 0:
                    cues.append(match.group().lower())
    if scores[Stance.ALTERNATIVE_GUARANTEES] and _INTERIM_GUARANTEE.search(quote):
        scores[Stance.ALTERNATIVE_GUARANTEES] = 0.0
    prior = _DEFAULT_BY_COUNTRY.get(speaker_country)
    if prior is not None:
        scores[prior[0]] += prior[1]
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score == 0:
        return StanceResult(
            Stance.SUPPORTS_LONG_TERM if "member" in quote.lower() else Stance.NEUTRAL, 0.0, 0.0, ()
        )
    return StanceResult(best, best_score, best_score - second_score, tuple(cues))
