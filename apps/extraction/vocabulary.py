"""The words the extractor recognises, read from data/: verbs of saying and of taking a
stance (forms generated from lemmas), titles, organisations, words that are no names,
countries, months and weekdays. Adding a word is a change to a data file, not to Python.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _read(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def third_person(lemma: str) -> str:
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def past_forms(lemma: str, irregular: dict[str, str | list[str]]) -> list[str]:
    if lemma in irregular:
        spelled = irregular[lemma]
        return [spelled] if isinstance(spelled, str) and spelled else list(spelled or [])
    if lemma.endswith("e"):
        return [lemma + "d"]
    if re.search(r"[^aeiou]y$", lemma):
        return [lemma[:-1] + "ied"]
    return [lemma + "ed"]


def present_participle(lemma: str) -> str:
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


def _forms(entry: dict, irregular: dict) -> dict[str, str]:
    """Every form read, mapped to its lemma."""
    forms: dict[str, str] = {}
    for lemma in entry["lemmas"].split():
        for form in [third_person(lemma), *past_forms(lemma, irregular)]:
            forms[form] = lemma
    for lemma in [*entry.get("bare", []), *entry.get("participles", "").split()]:
        forms[lemma if lemma in entry.get("bare", []) else present_participle(lemma)] = lemma
    return forms


_speech = _read("speech.toml")
_say_forms = _forms({**_speech["say"], "participles": ""}, _speech["irregular"])
_stance_forms = _forms(_speech["stance"], _speech["irregular"])

SAY_VERBS: frozenset[str] = frozenset(_say_forms)
# Participles of saying that add to what the sentence's subject said: "..., adding, “...”".
SAYING_PARTICIPLES: frozenset[str] = frozenset(
    present_participle(lemma) for lemma in _speech["say"]["participles"].split()
)
STANCE_VERBS: frozenset[str] = frozenset(_stance_forms)


def _forms_of(lemmas: str) -> frozenset[str]:
    return frozenset(
        form
        for lemma in lemmas.split()
        for form in [third_person(lemma), *past_forms(lemma, _speech["irregular"])]
    )


CONTINUING_VERBS = _forms_of(_speech["say"]["continuing"])
QUOTING_VERBS = _forms_of(_speech["say"]["quoting"])
# Every form, the lemma and its participle too: "told", "telling", "tell".
ADDRESSEE_VERBS = _forms_of(_speech["say"]["addressee"]) | {
    form
    for lemma in _speech["say"]["addressee"].split()
    for form in (lemma, present_participle(lemma))
}
DOCUMENT_VERBS = _forms_of(_speech["say"]["document"])
ATTRIBUTION_AFTER = _forms_of(_speech["say"]["attribution_after"])
# Particles that go with a stance verb ("called on", "pushed for", "ruled out"), by form.
VERB_PARTICLES: dict[str, tuple[str, ...]] = {
    form: tuple(particles)
    for lemma, particles in _speech["stance"]["particles"].items()
    for form, of in {**_say_forms, **_stance_forms}.items()
    if of == lemma
}
# Stance verbs that need their particle to mean a stance ("called" alone is not one).
PARTICLE_REQUIRED: frozenset[str] = frozenset(
    form
    for form, lemma in _stance_forms.items()
    if lemma in _speech["stance"]["particle_required"].split()
)

_people = _read("people.toml")
TITLE_WORDS: frozenset[str] = frozenset(_people["titles"].split())
ORGANISATION_WORDS: frozenset[str] = frozenset(_people["organisations"].split())

# Country, demonym, capital or seat of government -> ISO 3166-1 alpha-2.
COUNTRY_WORDS: dict[str, str] = {
    word: code for code, words in _read("places.toml").items() for word in words
}

_calendar = _read("calendar.toml")
MONTHS: dict[str, int] = _calendar["months"]
WEEKDAYS: dict[str, int] = _calendar["weekdays"]

NOT_NAME_WORDS: frozenset[str] = frozenset({*MONTHS, *WEEKDAYS, *_people["not_names"].split()})


def country_in_title(title: str) -> str:
    """The country a title names ("Poland's foreign minister", "U.S. envoy"), if any."""
    for word in re.findall(r"[\w.]+", title.lower()):
        code = COUNTRY_WORDS.get(word.removesuffix("'s").rstrip("."))
        if code:
            return code
    return ""
