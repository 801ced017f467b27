from __future__ import annotations

from apps.core.text import normalise_name, normalise_quote, quote_fingerprint, straighten


def test_transliterations_of_one_name_normalise_alike():
    assert normalise_name("Volodymyr Zelenskyy") == normalise_name("Volodymyr Zelensky")
    assert normalise_name("Zelenskiy") == "zelensky"
    assert normalise_name("Gitanas Nausėda") == "gitanas nauseda"


def test_typographic_quotes_and_dashes_are_straightened():
    assert straighten("“irreversible” – it’s") == '"irreversible" - it\'s'


def test_the_same_words_from_two_outlets_share_a_fingerprint():
    one = "Ukraine is on an “irreversible” path to NATO membership"
    other = 'ukraine is on an "irreversible" path to NATO membership.'
    assert normalise_quote(one) == normalise_quote(other)
    assert quote_fingerprint(one) == quote_fingerprint(other)
    assert quote_fingerprint(one) != quote_fingerprint("Ukraine will never join NATO")
