"""Stance of a statement on Ukraine's NATO membership, by weighted cue phrases.

Rules rather than a model: the cues are visible to editors ("irreversible", "too early to
say", "never join"), they run in microseconds on the CPU, and no model has to ship or load.
Each label collects the weights of its cues found in the quote; the highest total wins.
A negative weight cancels a cue in a context that turns it around. A small prior by the
speaker's country breaks ties and decides quotes with no cue at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.extraction.labels import Stance

_NOT = r"(?:not|n't|never|no longer)"
_JOIN = (
    r"(?:join|become (?:a |an )?(?:full )?(?:NATO |Nato )?member|be (?:a |an )?(?:NATO |Nato )?member"
    r"|enter|get into|be admitted|accede)"
)
_NATO = r"(?:NATO |Nato )?"

# (pattern, weight) per label; patterns are matched case-insensitively against the quote.
_CUES: dict[Stance, list[tuple[str, float]]] = {
    Stance.OPPOSES: [
        (rf"\bnever\b[^.;]{{0,30}}\b{_JOIN}", 4),
        (rf"\b(?:must|should|will|would|could|can)\s+{_NOT}\s+(?:be allowed to |ever )?{_JOIN}", 3),
        (r"\b(?:can|could|should|must|will|would|cannot)\b[^.;]{0,25}\bnot\b[^.;]{0,10}\b(?:become|join|be admitted)\b", 3),
        (rf"\b(?:agrees?|agreed|agreeing|pledge[sd]?|promise[sd]?|commit\w*|guarantee\w*)\s+(?:\w+\s+){{0,3}}not to {_JOIN}", 4),
        (r"\bguarantee\w*\b[^.;]{0,40}\b(?:no one|never|not|won't)\b[^.;]{0,30}\bjoin", 4),
        (r"\b(?:banned|barred|excluded|prevented) from (?:joining|membership|entering)", 4),
        (r"\brenounc\w+|\babandon\w* (?:its|their|the|any) (?:bid|aspiration|plans?|ambition)", 4),
        (r"\bneutral(?:ity)?\b|\bnon-?aligned\b|\bnon-?alignment\b|\bnon-?bloc\b|\bFinland(?:ization)?\b", 2.5),
        (r"\boppos\w+|\bagainst (?:the |ukraine'?s? |any )?(?:membership|joining|accession|expansion|enlargement|integration)", 3),
        (r"\bred ?lines?\b|\bprovocation\b|\bencroachment\b|\bdirect (?:threat|challenge)\b|\bthreat to (?:russia|our|us)\b|\bthreatening\b|\bworst-case\b", 3),
        (r"\bunacceptable\b|\bwill veto\b|\bvetoed\b|\bblock(?:ed|ing)?\b(?! of)", 2.5),
        (r"\b(?:reject|refus|dismiss|turn\w* down|rule\w* out)\w*\b[^.;]{0,50}\b(?:invitation|request|bid|membership|application|accession)", 4),
        (r"\btoo early\b[^.;]{0,30}\bto (?:receive|get|join|be given|grant)\b|\bcounter-?productive\b", 2.5),
        (r"\btoo (?:soon|early)\b(?! to (?:say|tell|speculate|predict))", 2),
        (r"\bno question of\b[^.;]{0,30}\b(?:join|membership|accession|entry)|\bnegative consequences\b", 4),
        (r"\bforget (?:about )?it\b|\bforget about\b|\bunrealistic\b|\bno going into\b|\bnot on the table\b|\boff the table\b", 4),
        (r"\bnot\b[^.;]{0,60}\brealistic\b|\bgreen light\b|\bundesirable\b|\bnot (?:enjoy|have) the support\b", 3),
        (r"\b(?:mean|trigger|lead to|spark)\w*\s+(?:a |an )?(?:world |nuclear |direct )?war\b|\bdeclaration of war\b|\bworld war\b", 3),
        (r"\bcannot support\b|\bcan't support\b|\bimpossible\b|\bdestroy\w*\b|\bdestructive\b|\bdestabili[sz]\w+", 2.5),
        (rf"\bno {_NATO}membership\b|\bno (?:place|path|future) (?:for ukraine )?in (?:NATO|Nato)\b|\bwill not be (?:a )?{_NATO}member", 2),
        (r"(?:\bnot|n't|\bno|\bneither|\bnor)\b[^.;]{0,40}\bpath\b(?! is irreversible)", 3),
        (r"\b(?:removed|taken) (?:off|from) the agenda\b|\bnot on the agenda\b", 2),
        (rf"\b(?:refrain from|excluding|exclude|halt|stop)\w* (?:any )?(?:further )?{_NATO}(?:enlargement|expansion|moves|advances?)\b", 3),
        (rf"\bfurther {_NATO}(?:advances?|expansion|enlargement|moves to the east)\b|\beastward\b", 3),
        (r"\bencircle\w*|\bmilitary bloc\b|\bhostile\b|\bpotential enemy\b|\bterrified\b|\bscary\b", 2),
        (r"\b(?:is|was|are|were|be|been|remains?) (?:completely |totally |entirely )?excluded\b|\bruled out\b", 3.5),
        (r"\b(?:reasons?|causes?)\b[^.;]{0,40}\b(?:war|conflict|invasion|whole thing)\b|\bwhole thing (?:started|began)\b", 3.5),
        (r"\bprevent\w*\b[^.;]{0,40}\b(?:integration|membership|joining|accession|entry|admission)\b", 3.5),
        # Saying what was never promised is not opposing.
        (r"\bnever (?:said|promised|claimed|stated)\b", -4),
        # Ending neutrality is the opposite of demanding it.
        (r"\b(?:abolish|abandon|end|scrap|cancel|drop|mistake|chang|revers|leave|give up)\w*\b[^.;]{0,60}\bnon-?(?:align|bloc)\w*", -5),
    ],
    Stance.SUPPORTS_AFTER_WAR: [
        (r"\b(?:after|once|when|until|before) (?:the |russia'?s? |this )?(?:full-scale )?war\b[^.;]{0,25}\b(?:ends?|ended|is over|has ended|finish\w*|stops?)", 4),
        (r"\bafter the war\b|\bend of the war\b|\bpost-?war\b|\bwar (?:is over|ends|has ended)\b", 3),
        (r"\b(?:while|as long as|during|when) (?:the |a |this )?(?:full-scale )?war\b|\bcountry (?:that is )?at war\b|\bin the (?:middle|midst) of (?:a |the )?war\b|\bwhile (?:the )?(?:fighting|conflict)\b|\bwar is (?:going on|ongoing)\b|\bthere is a war\b", 3.5),
        (r"\bwar (?:must|has to|needs to|should) (?:first )?(?:end|be over|stop)\b", 4),
        (r"\birreversible\b", 3),
        (r"\bwhen (?:all )?allies agree and conditions are met\b|\bwhen conditions (?:are met|allow)\b|\bconditions are met\b", 3),
        (r"\bonly after\b|\bnot now\b|\bnot (?:join\w* )?(?:[\w’']+ ){0,3}(?:immediately|right now|yet)\b|\bbridge to (?:nato |Nato )?membership\b", 2.5),
        (r"(?:\bnot|n't)\b[^.;]{0,20}\bready\b|\bnot yet\b|\bnot ripe\b|\bat (?:this|the) (?:moment|time)\b", 1),
    ],
    Stance.SUPPORTS_LONG_TERM: [
        (rf"\bwill (?:eventually |one day |definitely |certainly )?become (?:a |an )?(?:full )?{_NATO}members?\b|\bwould one day become\b|\bwill be (?:a )?{_NATO}member\b|\bwill (?:definitely )?be in (?:NATO|Nato)\b", 2.5),
        (r"\b(?:one day|eventually|in the (?:long run|long term|future))\b|\blong-?term\b|\bsooner or later\b", 3),
        (r"\brightful place\b|\bfuture (?:is|lies) in (?:NATO|Nato)\b|\bbelongs? (?:in|to) (?:NATO|Nato|the alliance)\b|\bwhere you belong\b", 3),
        (r"\bEuro-Atlantic (?:family|future|integration|aspirations|course)\b|\bsingle course\b", 2),
        (r"\bdoors?\b\W{0,3}(?:\w+\W+){0,2}(?:is|are|remains?|will remain|would remain|stays?)\W{0,3}open\b|\bopen[- ]door\b", 2.5),
        (r"\bcould become (?:a )?members?\b|\bdeserves? (?:membership|to be in)\b|\bis going to happen\b|\bstep by step\b|\blook forward to the day\b", 2.5),
        (r"\bpromised\b[^.;]{0,40}\b(?:would|will) (?:be admitted|become|join)", 3),
        (r"\breiterate\w* the decision\b|\bstill stands\b|\bstrategic (?:goal|mission|course)\b|\bI will do everything\b", 1.5),
        (r"\blanguage of Bucharest\b|\bBucharest (?:declaration|commitment|decision|language|promise)\b|\bcommitment is reaffirmed\b|\breaffirm\w* (?:the|our|its|that) commitment\b|\bprogress towards?\b", 2.5),
        (r"\bend of (?:this|the) decade\b|\bwithin (?:a |the next )?(?:\w+ )?(?:years|decade)\b|\bcloser to (?:NATO|Nato|the alliance)\b", 3.5),
        (r"\b(?:ending|end|abolish\w*|drop\w*|scrap\w*|cancel\w*)\b[^.;]{0,30}\bnon-?(?:align|bloc)\w*", 2),
    ],
    Stance.SUPPORTS_NOW: [
        (r"\bas soon as possible\b|\bwithout delay\b|\btime has come\b|\bthe time is now\b", 3),
        (r"\bimmediately\b|\bright now\b|\bright away\b", 1.5),
        (r"\baccelerated\b|\bfast[- ]?track\w*|\bfaster\b|\bspeed(?:y|ed)? up\b|\bdo it fast\b", 3),
        (r"\binvit(?:ation|e|ed)\b", 2),
        (r"\bmembership action plan\b|\bMAP\b", 2),
        (r"\b(?:call\w*|urg\w+|push\w*|ask\w*|want\w*|demand\w*|seek\w*|sought|battl\w+|fight\w*|fought|lobb\w+|campaign\w*|appeal\w*|insist\w*) (?:on|for|to)\b", 1.5),
        (r"\bapplication\b|\bappl(?:y|ied) for\b|\brequest (?:membership|to join)\b", 2),
        (r"\bfirm guarantee\b|\broad ?map\b|\bdefine the prospects\b|\bclear (?:path(?:way)?|plan|signal|timeline)\b|\btime ?frame\b|\btimeline\b|\babsurd\b|\bunprecedented\b", 2),
        (r"\bwhy (?:are we|is ukraine) (?:still )?not in\b|\bonly (?:effective |real |reliable )?(?:security )?guarantee\b|\bsole (?:effective )?guarantee\b|\bonly way\b|\bI am ready\b|\bI'm ready\b", 3),
        (r"\bget (?:ukraine )?into (?:NATO|Nato)\b|\badmitted (?:in)?to (?:NATO|Nato|the (?:NATO )?alliance)\b|\bunder (?:the )?(?:NATO|Nato) umbrella\b", 2),
    ],
    Stance.CONDITIONAL: [
        (r"\bcorruption\b|\breforms?\b|\bcriteri(?:a|on)\b|\brequirements?\b|\bstandards\b", 3),
        (r"\b(?:must|have to|has to|need to|needs to) (?:first )?(?:meet|fulfil\w*|carry out|implement)\b|\bbefore (?:it|they|ukraine) (?:can )?(?:join\w*|becomes?)\b|\bwhen (?:it|they|ukraine) (?:is|are) ready\b|\bready and able\b|\bdepends? on whether\b", 2.5),
        (r"\bif it so requests\b|\bfulfil\w* the (?:standards|criteria)\b", 2),
        (r"(?:\bnot|n't)\b[^.;]{0,20}\bready\b|\bunanimity\b|\bunanimous\w*\b|\bqualifications\b", 2.5),
        # A membership that should not depend on something is not a condition set.
        (r"\bnot (?:\w+ )?depend\w*\b", -3),
    ],
    Stance.ALTERNATIVE_GUARANTEES: [
        (rf"\bnot necessary\b|\bnot (?:needed|required)\b|\binstead of\b|\brather than {_NATO}membership\b|\balternative\b|\bdifferent thing than\b|\bbut not membership\b|\bif not {_NATO}membership\b|\bshort of {_NATO}membership\b", 4),
        (r"\bsecurity guarantees?\b|\bguarantees? (?:that|of security|for ukraine)\b|\bguarantee\w* (?:its |our |their |ukraine'?s? )?security\b|\bsecurity (?:arrangements|commitments|assurances)\b|\bArticle (?:5|Five)-like\b", 2),
        (r"\bcollective (?:European )?security\b|\bdeterrence\b|\bdeter\b|\breassurance force\b|\bpeacekeep\w*|\bcoalition of the willing\b|\bbilateral (?:security )?(?:agreements?|deals?)\b|\bspecial\b[^.;]{0,30}\bstatus\b|\bnon-NATO ally\b", 2.5),
        (r"\b(?:NATO|Nato|membership) (?:only|alone)\b|\bnot (?:only|just|solely) (?:through |via |by )?(?:NATO|Nato|membership)\b|\bprism of (?:NATO|Nato)\b", 3),
        (r"\bsupport ukraine\b|\bukraine prevails\b|\bprevail\w*\b|\bpartnership\b|\bcooperat\w+ with\b|\brely on (?:ourselves|themselves|our partners)\b|\bin the meantime\b|\bresist\b", 1.5),
    ],
    Stance.NEUTRAL: [
        (r"\btoo early to (?:say|tell)\b|\bhard to say\b|\bnot (?:for me|up to me) to (?:say|decide)\b", 5),
        (r"\bremains to be seen\b|\bschool'?s out\b|\bnot just depend on me\b", 3),
        (r"\b(?:decision|matter) (?:for|of) (?:the )?(?:allies|members|ukraine|the alliance)\b|\bup to (?:ukraine|the allies|nato|the ukrainian people) to decide\b|\bfor (?:ukraine|the allies|each (?:individual )?country)\b[^.;]{0,40}\bto decide\b", 3),
        (r"\bright to choose\b|\bno (?:third )?(?:country|one|nobody) (?:outside nato )?(?:has a |can )?veto\b|\bnobody outside (?:nato|Nato) can veto\b|\bwe need consensus\b|\bby consensus\b", 3),
        (r"\b(?:was|were) told\b|\btold (?:him|her|us|them) privately\b|\bprivately\b|\b(?:we|I) have (?:also )?heard\b", 3.5),
        (r"\breferendum\b|\bwill of the people\b|\bUkrainian people (?:will )?decide\b", 3),
        (r"\b(?:is|are) not (?:yet )?(?:a )?members? of\b|\bwe understand (?:that|this)\b", 2),
        (r"\bprocess\b|\bpathways\b|\bnot going to (?:speculate|comment)\b", 1),
        (r"\b(?:do not|don't|does not|doesn't|did not) (?:expect|anticipate)\b|\bnot (?:anticipated|expected)\b", 3),
        (r"\bright to (?:choose|decide|dictate)\b|\bdictate\b[^.;]{0,40}\balliance", 3),
    ],
}  # fmt: skip
_COMPILED = {
    stance: [(re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in cues]
    for stance, cues in _CUES.items()
}
# Guarantees demanded as a bridge to membership are not an alternative to it.
_INTERIM_GUARANTEE = re.compile(
    r"(?:period|until|before|pending|on the way to|bridge to)[^.;]{0,40}\bmembership\b",
    re.IGNORECASE,
)
_JOINING = re.compile(r"member|accession|\bjoin", re.IGNORECASE)
# A speaker's record: below any single cue, so the words decide when they speak clearly.
USUAL_STANCE_WEIGHT = 1.0
# What officials of a country most often mean when the words alone do not say.
_PRIOR_BY_COUNTRY = {
    "UA": (Stance.SUPPORTS_NOW, 0.5),
    "RU": (Stance.OPPOSES, 1.5),
    "BY": (Stance.OPPOSES, 1.5),
}
# Ties go to the label that claims least: a procedural remark over a position.
_TIE_ORDER = [
    Stance.NEUTRAL,
    Stance.CONDITIONAL,
    Stance.ALTERNATIVE_GUARANTEES,
    Stance.SUPPORTS_AFTER_WAR,
    Stance.SUPPORTS_LONG_TERM,
    Stance.OPPOSES,
    Stance.SUPPORTS_NOW,
]


@dataclass(frozen=True)
class StanceResult:
    stance: Stance
    score: float
    margin: float
    cues: tuple[str, ...]


def classify_stance(
    quote: str, *, speaker_country: str = "", usual_stance: str = ""
) -> StanceResult:
    """The stance whose cues weigh most in the quote; what the speaker usually says, and
    failing that their country, weighs in when the cues are few or tied."""
    quote = quote.replace("’", "'")  # cues are written with straight apostrophes
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
    if usual_stance in scores:
        scores[Stance(usual_stance)] += USUAL_STANCE_WEIGHT
    else:
        prior = _PRIOR_BY_COUNTRY.get(speaker_country)
        if prior is not None:
            scores[prior[0]] += prior[1]
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _TIE_ORDER.index(item[0])))
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score <= 0:
        # Joining, with nothing said of when or how, is a long-term prospect.
        about_joining = _JOINING.search(quote)
        fallback = Stance.SUPPORTS_LONG_TERM if about_joining else Stance.NEUTRAL
        return StanceResult(fallback, 0.0, 0.0, ())
    return StanceResult(best, best_score, best_score - second_score, tuple(cues))
