"""Words the extractor recognises: countries and their adjectives, titles, verbs of saying.

General English and world knowledge only; nothing here is tuned to particular articles.
"""

from __future__ import annotations

# Country, demonym, capital or seat of government -> ISO 3166-1 alpha-2.
COUNTRY_WORDS: dict[str, str] = {
    "ukraine": "UA", "ukrainian": "UA", "ukrainians": "UA", "kyiv": "UA", "kiev": "UA",
    "russia": "RU", "russian": "RU", "russians": "RU", "moscow": "RU", "kremlin": "RU",
    "us": "US", "u.s": "US", "u.s.": "US", "usa": "US", "america": "US", "american": "US",
    "americans": "US", "washington": "US", "united states": "US", "white house": "US",
    "pentagon": "US", "germany": "DE", "german": "DE", "berlin": "DE", "france": "FR",
    "french": "FR", "paris": "FR", "elysee": "FR", "britain": "GB", "british": "GB",
    "uk": "GB", "u.k": "GB", "u.k.": "GB", "united kingdom": "GB", "london": "GB",
    "downing street": "GB", "england": "GB", "poland": "PL", "polish": "PL", "warsaw": "PL",
    "hungary": "HU", "hungarian": "HU", "budapest": "HU", "lithuania": "LT",
    "lithuanian": "LT", "vilnius": "LT", "latvia": "LV", "latvian": "LV", "riga": "LV",
    "estonia": "EE", "estonian": "EE", "tallinn": "EE", "finland": "FI", "finnish": "FI",
    "helsinki": "FI", "sweden": "SE", "swedish": "SE", "stockholm": "SE", "norway": "NO",
    "norwegian": "NO", "oslo": "NO", "denmark": "DK", "danish": "DK", "copenhagen": "DK",
    "netherlands": "NL", "dutch": "NL", "the hague": "NL", "belgium": "BE", "belgian": "BE",
    "italy": "IT", "italian": "IT", "rome": "IT", "spain": "ES", "spanish": "ES",
    "madrid": "ES", "portugal": "PT", "portuguese": "PT", "greece": "GR", "greek": "GR",
    "turkey": "TR", "turkish": "TR", "turkiye": "TR", "türkiye": "TR", "ankara": "TR",
    "slovakia": "SK", "slovak": "SK", "bratislava": "SK", "czech": "CZ", "czechia": "CZ",
    "prague": "CZ", "romania": "RO", "romanian": "RO", "bucharest": "RO", "bulgaria": "BG",
    "bulgarian": "BG", "croatia": "HR", "croatian": "HR", "slovenia": "SI", "canada": "CA",
    "canadian": "CA", "ottawa": "CA", "georgia": "GE", "georgian": "GE", "tbilisi": "GE",
    "belarus": "BY", "belarusian": "BY", "minsk": "BY", "moldova": "MD", "moldovan": "MD",
    "china": "CN", "chinese": "CN", "beijing": "CN", "japan": "JP", "japanese": "JP",
    "austria": "AT", "austrian": "AT", "switzerland": "CH", "swiss": "CH", "ireland": "IE",
    "irish": "IE", "luxembourg": "LU", "iceland": "IS", "albania": "AL", "montenegro": "ME",
    "north macedonia": "MK", "serbia": "RS", "serbian": "RS", "israel": "IL", "india": "IN",
    "iran": "IR", "australia": "AU", "australian": "AU",
}  # fmt: skip

# Words that describe a person's office or standing, never part of a person's name.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    acting admiral adviser advisor affairs allied ambassador analyst assistant cabinet ceo staff
    chair chairman chairwoman chancellor chancellor-designate chief cia col colonel
    commander commissioner committee congressman congresswoman correspondent council
    counsellor counselor crown dame defence defense department deputy designate director dr
    editor emir envoy eu europe european ex executive fbi finance first foreign former
    founder g7 gen general gov governor head high house incoming interim interior journalist
    justice king kremlin lady late lawmaker leader lieutenant lord lt majority mayor member
    mep minister ministers ministry minority mp mr mrs ms national nato new office official
    officials opposition outgoing parliament parliamentary party pentagon permanent pope
    premier president president-elect presidential presidents press prime prince professor
    queen relations rep reporter representative secretary secretary-general security sen
    senator senior sir speaker special spokesman spokesperson spokeswoman state sultan
    supreme then top un under union vice whip
    """.split()
)

# Nouns that make a capitalised phrase an organisation, not a person.
ORGANISATION_WORDS: frozenset[str] = frozenset(
    """
    agency alliance army associated bank center centre channel command commission committee
    compact council court daily department forces foundation government group guardian house
    independent institute journal ministry network news office organisation organization
    parliament party plan post press program programme radio reuters service staff summit
    telegraph television times tribune union university weekly insider herald gazette observer
    mirror express economist bloomberg politico axios cnn bbc nbc cbs abc fox sky morgenpost
    zeitung monde pravda interfax tass ukrinform unian wire magazine tv review report media
    """.split()
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

# Words capitalised at the start of a sentence or in headlines that are not names.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    {*MONTHS, *WEEKDAYS}
    | set(
        """
        a according after also an and as at before but by during earlier eastern euro-atlantic
        even for from he her here his how however i if in it its last later
        meanwhile more no northern not of on or our read she since southern speaking
        that the their there these they this those to today tomorrow we western what
        when where which while who why with yes yesterday you
        """.split()
    )
)

# Verbs introducing what someone said or wrote: a clause follows ("said that ...").
SAY_VERBS: frozenset[str] = frozenset(
    """
    pointed points reminded reminds concluded concludes mentioned mentions acknowledged acknowledges added adds admits admitted affirmed affirms agreed agrees
    announced announces argued argues asserted asserts assured assures believed believes
    cautioned claimed claims conceded concedes confirmed confirms declared declares
    emphasised emphasises emphasized emphasizes expected expects explained explains hinted
    hints indicated indicates insist insisted insists maintained maintains noted notes
    observed pledged pledges posted posts predicted predicts promised promises reaffirmed
    reaffirms recalled reckoned reckons reiterated reiterates remarked replied replies
    responded responds said say says signaled signalled signals stated states stressed
    stresses suggested suggests tell tells thinks told tweeted tweets underlined underlines
    underscored underscores vowed vows warned warns writes wrote specified specifies
    clarified clarifies contended contends countered counters elaborated estimated
    revealed reveals alleged alleges complained complains lamented laments proclaimed
    proclaims reassured retorted opined expressed expresses voiced voices commented comments
    recognised recognises recognized recognizes
    """.split()
)

# Verbs whose object or complement is itself the position ("has long opposed ...").
STANCE_VERBS: frozenset[str] = frozenset(
    """
    affirmed affirms appealed appeals asked asks backed backs battled blocked blocks called
    calls campaigned demanded demands dismissed dismisses endorsed endorses fought hoped
    hopes insisted insists lobbied offered offers oppose opposed opposes pledged pledges
    promised promises proposed proposes pushed reaffirmed reaffirms refused refuses
    reiterated reiterates rejected rejects ruled seeks sought supported supports urged urges
    vetoed vetoes wanted wants welcomed welcomes pressed presses demanding seeking urging
    stood stands
    """.split()
)

# Particles that go with a stance verb: "called on", "pushed for", "ruled out".
VERB_PARTICLES = {
    "called": ("for", "on"), "calls": ("for", "on"), "pushed": ("for",), "pushes": ("for",),
    "asked": ("for",), "asks": ("for",), "pressed": ("for",), "presses": ("for",),
    "stood": ("against", "for", "by"), "stands": ("against", "for", "by"), "battled": ("for",), "fought": ("for",),
    "lobbied": ("for",), "campaigned": ("for",), "ruled": ("out",), "appealed": ("for", "to"),
    "pointed": ("out",), "points": ("out",),
    "appeals": ("for", "to"),
}  # fmt: skip
# Stance verbs that need their particle to mean a stance ("called" alone is not one).
PARTICLE_REQUIRED = frozenset(
    "called calls pushed asked battled fought lobbied campaigned ruled appealed appeals pressed presses stood stands".split()
)
