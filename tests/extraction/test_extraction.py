"""Statement extraction on sentences written for these tests, one pattern at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.core.dates import DatePrecision, PartialDate
from apps.extraction import Gazetteer, KnownRole, KnownSpeaker, Stance, extract_statements
from apps.extraction.events import KnownEvent
from apps.extraction.quotes import find_quotations
from apps.extraction.segments import paragraphs, sentences
from apps.extraction.topic import speaks_to_membership

PUBLISHED = dt.date(2024, 7, 10)  # a Wednesday

GAZETTEER = Gazetteer(
    [
        KnownSpeaker(
            "Jens Stoltenberg",
            country="NO",
            roles=(
                KnownRole(
                    "NATO Secretary General", "NATO", "", dt.date(2014, 10, 1), dt.date(2024, 10, 1)
                ),
            ),
        ),
        KnownSpeaker(
            "Mark Rutte",
            country="NL",
            roles=(KnownRole("NATO Secretary General", "NATO", "", dt.date(2024, 10, 1)),),
        ),
        KnownSpeaker(
            "Volodymyr Zelensky",
            country="UA",
            aliases=("Volodymyr Zelenskyy", "Zelenskyy"),
            roles=(
                KnownRole(
                    "President of Ukraine", "Ukrainian government", "UA", dt.date(2019, 5, 20)
                ),
            ),
        ),
        KnownSpeaker(
            "Dmitry Peskov",
            country="RU",
            roles=(
                KnownRole("Kremlin spokesman", "Russian government", "RU", dt.date(2012, 5, 22)),
            ),
        ),
        KnownSpeaker("NATO", kind="institution", aliases=("Nato", "the alliance")),
    ]
)


def officeholder(name: str, country: str, title: str, since: dt.date) -> KnownSpeaker:
    return KnownSpeaker(
        name, country=country, roles=(KnownRole(title, f"{country} government", country, since),)
    )


def extract(text: str, published: dt.date | PartialDate | None = PUBLISHED):
    return extract_statements(text, published=published, gazetteer=GAZETTEER)


def only(text: str, published: dt.date | PartialDate | None = PUBLISHED):
    found = extract(text, published)
    assert len(found) == 1, [s.as_dict() for s in found]
    return found[0]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("„", "“"), ("«", "»"), ("‘", "’"), ("'", "'")],
)
def test_direct_quotes_in_every_quotation_mark_style(opening, closing):
    text = (
        f"{opening}Ukraine will become a member of NATO once the war is over,{closing} "
        "Jens Stoltenberg said on Tuesday."
    )
    statement = only(text)
    assert statement.quote == "Ukraine will become a member of NATO once the war is over"
    assert statement.direct
    assert text[statement.quote_start : statement.quote_end] == statement.quote


def test_apostrophes_do_not_open_quotations():
    text = "Ukraine's allies' plans weren't discussed, and the alliance's summit ended."
    assert find_quotations(text, paragraphs(text)) == []


def test_a_quote_spanning_sentences_is_one_statement():
    text = (
        "“To invite a new ally, we need consensus. All allies agree that Ukraine will become "
        "a member but it’s too early to say when,” Stoltenberg told reporters on Wednesday."
    )
    statement = only(text)
    assert statement.quote.startswith("To invite a new ally")
    assert statement.quote.endswith("too early to say when")
    assert statement.stance == Stance.NEUTRAL


def test_a_quote_continuing_into_the_next_paragraph_keeps_its_speaker():
    text = (
        "“Ukraine’s future is in NATO,” Mark Rutte said on Monday in The Hague, speaking to reporters.\n"
        "“The path to membership is irreversible and we will keep supporting Ukraine on it.”"
    )
    found = extract(text, dt.date(2025, 6, 24))
    assert [s.speaker for s in found] == ["Mark Rutte", "Mark Rutte"]
    assert found[1].method == "rules: direct quote, continued"
    assert found[1].said_on == found[0].said_on == PartialDate(dt.date(2025, 6, 23))


def test_split_quotes_are_attributed_to_the_speaker_in_the_middle():
    text = (
        "“We will never accept Ukraine in NATO,” Peskov told reporters on Monday, “because "
        "the alliance moving to our borders is a red line for Russia.”"
    )
    found = extract(text)
    assert {s.speaker for s in found} == {"Dmitry Peskov"}
    assert all(s.stance == Stance.OPPOSES for s in found)


@pytest.mark.parametrize(
    "text",
    [
        "Stoltenberg said that Ukraine will join NATO after the war ends.",
        "Stoltenberg told reporters that Ukraine will join NATO after the war ends.",
        "Ukraine will join NATO after the war ends, Stoltenberg said.",
        "Ukraine will join NATO after the war ends, said NATO Secretary General Jens Stoltenberg.",
        "According to Stoltenberg, Ukraine will join NATO after the war ends.",
        "Stoltenberg wrote in an op-ed on Monday that Ukraine will join NATO after the war ends.",
        "In a letter to allies, Stoltenberg wrote that Ukraine will join NATO after the war ends.",
    ],
)
def test_reported_speech_patterns(text):
    statement = only(text)
    assert statement.speaker == "Jens Stoltenberg"
    assert statement.quote.startswith("Ukraine will join NATO after the war ends")
    assert not statement.direct
    assert statement.stance == Stance.SUPPORTS_AFTER_WAR


def test_titles_resolve_to_whoever_held_the_office_that_day():
    before = only(
        "The NATO chief said Ukraine will become a member of the alliance one day.",
        dt.date(2023, 2, 28),
    )
    after = only(
        "The NATO chief said Ukraine will become a member of the alliance one day.",
        dt.date(2025, 3, 1),
    )
    assert before.speaker == "Jens Stoltenberg"
    assert after.speaker == "Mark Rutte"
    assert before.role == after.role == "NATO Secretary General"


def test_he_said_refers_back_to_the_person_last_named():
    text = (
        "Ukraine’s President Volodymyr Zelenskyy met allies in Vilnius on Tuesday.\n"
        "“We need an invitation to join NATO now, not after years of waiting,” he said."
    )
    statement = only(text)
    assert statement.speaker == "Volodymyr Zelensky"
    assert statement.stance == Stance.SUPPORTS_NOW


def test_a_stated_position_is_the_predicate():
    statement = only("Peskov has long opposed Ukraine’s bid to join the Western alliance.")
    assert statement.quote == "has long opposed Ukraine’s bid to join the Western alliance"
    assert statement.stance == Stance.OPPOSES


def test_unknown_speakers_are_proposed_with_their_title():
    statement = only(
        "Latvian Foreign Minister Anna Ozola said Ukraine should be invited to join NATO immediately."
    )
    assert statement.speaker == "Anna Ozola"
    assert not statement.speaker_known
    assert statement.role == "Latvian Foreign Minister"
    assert statement.speaker_country == "LV"


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("on Tuesday", dt.date(2024, 7, 9), DatePrecision.DAY),
        ("on Wednesday", dt.date(2024, 7, 10), DatePrecision.DAY),
        ("on Sept. 25", dt.date(2023, 9, 25), DatePrecision.DAY),
        ("on July 2", dt.date(2024, 7, 2), DatePrecision.DAY),
        ("in June 2021", dt.date(2021, 6, 1), DatePrecision.MONTH),
        ("in 2008", dt.date(2008, 1, 1), DatePrecision.YEAR),
        ("last week", dt.date(2024, 7, 1), DatePrecision.MONTH),
        ("earlier this year", dt.date(2024, 1, 1), DatePrecision.YEAR),
        ("yesterday", dt.date(2024, 7, 9), DatePrecision.DAY),
    ],
)
def test_dates_in_the_attribution_resolve_against_publication(phrase, expected, precision):
    statement = only(
        f"Stoltenberg said {phrase} that Ukraine will become a member of NATO one day."
    )
    assert statement.said_on == PartialDate(expected, precision)


def test_dates_inside_what_was_said_are_not_when_it_was_said():
    statement = only(
        "Stoltenberg said that allies agreed in 2008 that Ukraine will become a member of NATO."
    )
    assert statement.said_on == PartialDate(PUBLISHED)


def test_without_a_date_in_the_text_the_publication_date_is_used_or_none():
    text = "Stoltenberg said Ukraine will become a member of NATO one day."
    assert only(text).said_on == PartialDate(PUBLISHED)
    assert only(text, published=None).said_on is None


@pytest.mark.parametrize(
    "text",
    [
        "Stoltenberg has repeatedly said that Ukraine will become a member of NATO one day.",
        "Stoltenberg has made it clear that Ukraine will become a member of NATO one day.",
        "Stoltenberg said earlier that Ukraine will become a member of NATO one day.",
        "Earlier, Stoltenberg said that Ukraine will become a member of NATO one day.",
        "Stoltenberg previously said that Ukraine will become a member of NATO one day.",
        "Zelensky has long pressed for Ukraine's membership of NATO.",
    ],
)
def test_a_statement_the_text_gives_no_occasion_for_is_not_dated(text):
    statement = only(text)
    assert statement.said_on is None
    assert "date-not-given" in statement.rules


@pytest.mark.parametrize(
    ("attribution", "expected"),
    [
        # The latest day the article can be from is the month's last: not a year earlier.
        ("at a press conference on March 26", PartialDate(dt.date(2014, 3, 26))),
        # No day is known to count back from.
        ("on Tuesday", PartialDate(dt.date(2014, 3, 1), DatePrecision.MONTH)),
        ("yesterday", PartialDate(dt.date(2014, 3, 1), DatePrecision.MONTH)),
        # Nothing in the text: the publication, as precisely as it is known.
        ("", PartialDate(dt.date(2014, 3, 1), DatePrecision.MONTH)),
    ],
)
def test_a_publication_known_only_to_the_month_dates_no_more_precisely(attribution, expected):
    statement = only(
        f"Stoltenberg said {attribution} that Ukraine will become a member of NATO one day.",
        published=PartialDate(dt.date(2014, 3, 1), DatePrecision.MONTH),
    )
    assert statement.said_on == expected


@pytest.mark.parametrize("attribution", ["in June", "last month", "on June 12", "on Tuesday"])
def test_a_publication_known_only_to_the_year_dates_no_more_precisely(attribution):
    statement = only(
        f"Stoltenberg said {attribution} that Ukraine will become a member of NATO one day.",
        published=PartialDate(dt.date(2014, 1, 1), DatePrecision.YEAR),
    )
    assert statement.said_on == PartialDate(dt.date(2014, 1, 1), DatePrecision.YEAR)


def test_a_month_opening_the_sentence_dates_the_statement():
    statement = only("In May, Stoltenberg said that Ukraine will become a member of NATO one day.")
    assert statement.said_on == PartialDate(dt.date(2024, 5, 1), DatePrecision.MONTH)


def test_statements_about_other_things_are_not_positions():
    text = (
        "Stoltenberg said allies will send more air defence systems to Ukraine this winter.\n"
        "“We stand with Ukraine for as long as it takes,” Stoltenberg said."
    )
    assert extract(text) == []


def test_states_and_unnamed_officials_are_not_speakers():
    text = (
        "Moscow said Ukraine must never join NATO.\n"
        "The U.S. and some other countries have opposed membership for Ukraine.\n"
        "A European official said the alliance will invite Ukraine after the war."
    )
    assert extract(text) == []


def test_headlines_and_captions_are_not_statements():
    text = (
        "Stoltenberg says Ukraine will join NATO\n"
        "Jens Stoltenberg (right) says Ukraine will join NATO after the war.\n"
        "Stoltenberg said on Tuesday that Ukraine will join NATO after the war."
    )
    statement = only(text)
    assert statement.quote == "Ukraine will join NATO after the war"


def test_a_paraphrase_before_the_direct_quote_is_not_a_second_statement():
    text = (
        "Stoltenberg reaffirmed on Tuesday that the alliance wants to admit Ukraine eventually.\n"
        "“Allies have agreed that Ukraine will become a member of our alliance, but that is a "
        "long-term perspective,” Stoltenberg said."
    )
    statement = only(text)
    assert statement.direct
    assert statement.stance == Stance.SUPPORTS_LONG_TERM


def test_quotes_are_found_verbatim_with_their_offsets_whatever_the_text():
    text = (
        "Speaking in Kyiv, Zelenskyy said that Ukraine deserves an invitation to NATO as soon as possible.\n"
        "“Ukraine’s place is in NATO,” he added."
    )
    for statement in extract(text):
        assert text[statement.quote_start : statement.quote_end] == statement.quote


def test_sentences_do_not_end_at_abbreviations_or_initials():
    text = "U.S. President George W. Bush spoke on Sept. 25 in Washington. Then he left."
    found = sentences(text, paragraphs(text))
    assert [text[s.start : s.end] for s in found] == [
        "U.S. President George W. Bush spoke on Sept. 25 in Washington.",
        "Then he left.",
    ]


def test_a_name_and_a_colon_introduce_a_quotation():
    statement = only(
        "Rutte spoke in The Hague on Tuesday.\n\n"
        "Quote from Rutte: “Ukraine's path to NATO membership is irreversible.”"
    )
    assert (statement.speaker, statement.direct) == ("Mark Rutte", True)
    assert statement.quote == "Ukraine's path to NATO membership is irreversible"


def test_a_quotation_standing_alone_goes_on_from_the_statement_before_it():
    found = extract(
        "Peskov added that Ukraine's membership of NATO would threaten Russia.\n\n"
        "“In fact, this is one of the main reasons for this conflict.”\n\n"
        "“The weather in Moscow is fine.”"
    )
    assert [(s.speaker, s.direct) for s in found] == [
        ("Dmitry Peskov", False),
        ("Dmitry Peskov", True),
    ]
    assert found[1].quote == "In fact, this is one of the main reasons for this conflict"
    assert found[1].method == "rules: direct quote, continued"


def test_a_speaker_named_in_apposition_is_the_subject():
    statement = only(
        "The alliance's chief, Secretary General Mark Rutte, said on Tuesday that Ukraine's "
        "NATO bid would succeed after the war."
    )
    assert statement.speaker == "Mark Rutte"
    assert statement.quote == "Ukraine's NATO bid would succeed after the war"
    assert statement.said_on.date == dt.date(2024, 7, 9)


def test_more_verbs_of_saying_introduce_reported_speech():
    statement = only("Zelensky specified that Ukraine wants an invitation to join NATO now.")
    assert statement.speaker == "Volodymyr Zelensky"
    assert statement.stance == Stance.SUPPORTS_NOW


@pytest.mark.parametrize("name", ["Vladimir Zelensky", "Volodymyr Zelenskiy", "Wolodymyr Zelensky"])
def test_a_first_name_in_another_transliteration_is_the_same_speaker(name):
    statement = only(f"{name} said that Ukraine wants an invitation to join NATO now.")
    assert statement.speaker == "Volodymyr Zelensky"


@pytest.mark.parametrize(
    ("known", "text", "speaker"),
    [
        # "Trade" ends a title: "Minister of Foreign Affairs and Trade"
        (
            ("Péter Szijjártó", "HU", "Minister of Foreign Affairs", dt.date(2014, 9, 23)),
            "Minister of Foreign Affairs and Trade Peter Szijjarto said Hungary would block "
            "Ukraine's NATO membership.",
            "Péter Szijjártó",
        ),
        # a first name with a letter doubled or not
        (
            ("Emmanuel Macron", "FR", "President of France", dt.date(2017, 5, 14)),
            "Emanuel Macron said that Ukraine needs security guarantees until it joins NATO.",
            "Emmanuel Macron",
        ),
        # a surname transliterated another way, after a country of two words
        (
            ("Vadym Prystaiko", "UA", "Ambassador of Ukraine", dt.date(2020, 7, 1)),
            "NATO should invite Ukraine now, the Ukrainian ambassador to the United Kingdom "
            "Vadim Pristayko told reporters.",
            "Vadym Prystaiko",
        ),
        # but too short a surname to tell by its consonants: "Kerr" is not Kerry
        (
            ("John Kerry", "US", "Secretary of State", dt.date(2013, 2, 1)),
            "John Kerr said Ukraine will join NATO one day.",
            "John Kerr",
        ),
    ],
)
def test_a_name_written_another_way_is_the_known_speaker(known, text, speaker):
    (statement,) = extract_statements(
        text, published=dt.date(2023, 5, 31), gazetteer=Gazetteer([officeholder(*known)])
    )
    assert statement.speaker == speaker


def test_a_date_inside_what_a_sentence_reports_is_not_when_it_was_said():
    found = extract(
        "Zelensky considers it possible that Ukraine will be invited to NATO at the summit "
        "in 2025.\n\nZelensky specified that Ukraine wants an invitation to join NATO now."
    )
    assert [s.said_on.isoformat() for s in found] == ["2024-07-10"]


def test_a_countrys_leader_is_the_one_the_article_named_not_any_office_holder():
    german = Gazetteer(
        [
            officeholder("Olaf Scholz", "DE", "Chancellor of Germany", dt.date(2021, 12, 8)),
            officeholder(
                "Frank-Walter Steinmeier", "DE", "President of Germany", dt.date(2017, 3, 19)
            ),
        ]
    )
    found = extract_statements(
        "Ukraine's NATO membership is not on the agenda at the moment, German Chancellor Olaf "
        "Scholz told German reporters after talks in Moscow.\n\n"
        "“Everyone knows that Ukraine's membership is not on the agenda,” the German leader "
        "said at a news conference.",
        published=dt.date(2022, 2, 15),
        gazetteer=german,
    )
    assert [(s.speaker, s.direct) for s in found] == [("Olaf Scholz", True)]


def test_an_occasion_between_subject_and_verb_is_part_of_the_frame():
    statement = only(
        "Zelensky also at the time expressed confidence that Ukraine will join NATO one day."
    )
    assert statement.quote == "Ukraine will join NATO one day"


def test_a_transcript_is_its_speakers_own_words():
    found = extract(
        "Press conference\n\nby NATO Secretary General Jens Stoltenberg following the meeting "
        "of foreign ministers\n\nGood afternoon.\n\nWe had good discussions on our agenda.\n"
        "We will strengthen our deterrence and defence.\n\n"
        "All Allies agree that NATO's door remains open.\n"
        "That it is only for Allies and Ukraine to make decisions on membership.\n\n"
        "Zelensky said that Ukraine needs an invitation now.",
        published=dt.date(2023, 6, 1),
    )
    assert [(s.speaker, s.method) for s in found] == [
        ("Jens Stoltenberg", "rules: transcript"),
        ("Volodymyr Zelensky", "rules: reported speech"),
    ]
    assert found[0].quote == (
        "All Allies agree that NATO's door remains open.\n"
        "That it is only for Allies and Ukraine to make decisions on membership"
    )
    assert not found[0].direct


def test_without_a_transcript_heading_unattributed_sentences_are_no_ones():
    assert extract("All Allies agree that NATO's door remains open for Ukraine.") == []


def test_the_subject_is_the_person_a_relative_clause_describes():
    statement = only(
        "Zelensky, who recently spoke with Stoltenberg, breaking the silence, stated on "
        "Monday that Ukraine needs an invitation to NATO now."
    )
    assert statement.speaker == "Volodymyr Zelensky"


def test_a_quotation_right_after_said_is_what_was_said_whatever_follows():
    statement = only(
        "Rutte said “Ukraine's rightful place is in NATO” as he flew to the summit on Tuesday."
    )
    assert (statement.quote, statement.direct) == ("Ukraine's rightful place is in NATO", True)


def test_a_quotation_is_on_topic_by_its_own_words_not_by_an_earlier_point():
    found = extract(
        "Ukraine's bid for NATO membership is not a matter to be hurried, Zelensky told "
        "reporters on Tuesday.\n\n"
        "Zelensky said that the allies “don't want Ukraine to be a member state.”\n\n"
        "“These are not matters to be hurried,” he said."
    )
    # The last quotation says nothing of membership itself; the reported points that do
    # are kept instead.
    assert [(s.quote, s.direct) for s in found] == [
        ("Ukraine's bid for NATO membership is not a matter to be hurried", False),
        ("the allies “don't want Ukraine to be a member state.”", False),
    ]


def test_a_lead_quoting_part_of_a_later_quote_is_kept_when_the_quote_is_off_topic():
    found = extract(
        "Ukraine's membership of NATO is not a question “to be rushed,” Zelensky told "
        "reporters on Tuesday.\n\n"
        "He met Rutte later in the day.\n\n"
        "“These are not questions to be rushed,” Zelensky said."
    )
    assert [(s.quote, s.direct) for s in found] == [
        ("Ukraine's membership of NATO is not a question “to be rushed,”", False)
    ]


def test_the_kremlin_chief_has_made_clear_is_the_russian_president():
    gazetteer = Gazetteer(
        [officeholder("Vladimir Putin", "RU", "President of Russia", dt.date(2012, 5, 7))]
    )
    (statement,) = extract_statements(
        "The Kremlin chief has consistently made clear that NATO membership for Ukraine would "
        "be a red line for Moscow.",
        published=dt.date(2021, 10, 21),
        gazetteer=gazetteer,
    )
    assert (statement.speaker, statement.stance) == ("Vladimir Putin", Stance.OPPOSES)
    assert statement.quote == "NATO membership for Ukraine would be a red line for Moscow"


def test_a_long_audience_after_told_is_frame():
    statement = only(
        "Zelensky told a group of journalists and foreign experts that Ukraine needs an "
        "invitation to NATO now."
    )
    assert statement.quote == "Ukraine needs an invitation to NATO now"


def test_a_clause_ends_where_another_speaker_is_named_as_saying_it():
    found = extract(
        "Allies agreed in Vilnius that Ukraine “will be a member of NATO,” Rutte said, adding "
        "that the issue is a clear roadmap."
    )
    assert all("Rutte said" not in statement.quote for statement in found)
    assert "the issue is a clear roadmap" in [s.quote for s in found]


def test_a_title_in_apposition_before_the_verb_keeps_the_name_as_subject():
    statement = only(
        "Ukraine's joining NATO could threaten European security, Dmitry Peskov, the Kremlin's "
        "long-serving spokesman commented, in an interview."
    )
    assert statement.speaker == "Dmitry Peskov"
    assert statement.quote == "Ukraine's joining NATO could threaten European security"


def test_an_infinitive_clause_starting_with_a_name_is_what_was_said():
    statement = only(
        "Zelensky said last week he expected Kyiv to receive a clear signal to become a member "
        "of NATO at the summit."
    )
    assert statement.quote.startswith("Kyiv to receive a clear signal")


def test_said_the_politician_is_whoever_was_last_named():
    found = extract(
        "Peskov spoke in Moscow on Monday.\n\n"
        "“We will never agree to Ukraine's membership in NATO,” said the politician."
    )
    assert [(s.speaker, s.stance) for s in found] == [("Dmitry Peskov", Stance.OPPOSES)]


def test_a_stance_pressed_for_is_a_stated_position():
    statement = only("Zelensky has pressed hard for Ukrainian membership of NATO.")
    assert statement.stance == Stance.SUPPORTS_NOW
    assert "Ukrainian membership of NATO" in statement.quote


def test_a_second_that_clause_is_another_statement():
    found = extract(
        "Peskov said that NATO membership for Ukraine was unacceptable for Russia, that Russia "
        "wanted protection for Russian speakers."
    )
    assert found[0].quote == "NATO membership for Ukraine was unacceptable for Russia"


def test_said_the_minister_is_the_last_speaker_not_the_last_capitalised_words():
    found = extract(
        "Zelensky said that Ukraine's path to NATO membership is irreversible.\n\n"
        "He mentioned thousands of North Korean soldiers in the war.\n\n"
        "“We believe that the invitation should be extended at this stage,” the minister wrote."
    )
    assert [s.speaker for s in found] == ["Volodymyr Zelensky", "Volodymyr Zelensky"]


def test_a_stated_position_ends_before_but_has():
    statement = only(
        "Zelensky has pressed hard for Ukrainian membership of NATO but has also said the war "
        "must end first."
    )
    assert statement.quote.endswith("Ukrainian membership of NATO")


@pytest.mark.parametrize(
    ("text", "about_membership"),
    [
        ("Ukraine should be admitted to the European Union in the medium term.", False),
        ("Ukraine's accession to the EU will take years.", False),
        ("Ukraine cannot be accepted into the North Atlantic Alliance while at war.", True),
        ("The question now is guaranteeing Ukraine protection.", True),
    ],
)
def test_what_speaks_to_nato_membership(text, about_membership):
    assert speaks_to_membership(text) is about_membership


def test_a_name_before_an_apposition_is_the_subject():
    statement = only(
        "Mark Rutte, a former envoy to the Middle East, has stated that Ukraine cannot join "
        "NATO while the war goes on."
    )
    assert statement.speaker == "Mark Rutte"


def test_a_labelled_quotation_goes_on_from_the_statement_before_it():
    found = extract(
        "Rutte added that guarantees for Ukraine remain a topic of discussion.\n\n"
        "Quote: “There has been talk about whether Ukraine could have that without being a "
        "member of NATO.”"
    )
    assert [(s.speaker, s.direct) for s in found][-1] == ("Mark Rutte", True)


def test_a_participle_after_a_comma_ends_the_statement_even_after_a_quoted_phrase():
    statement = only(
        'Peskov dismissed promises made to Ukraine about NATO membership as "empty and false," '
        "expressing doubt about the summit."
    )
    assert statement.quote.startswith("dismissed promises made to Ukraine about NATO membership")
    assert "expressing" not in statement.quote


def test_demands_to_abandon_nato_goals_oppose_membership():
    statement = only("Peskov has repeatedly demanded that Ukraine formally abandon its NATO goals.")
    assert statement.stance == Stance.OPPOSES


def test_a_quotation_after_claiming_is_the_subjects():
    found = extract(
        "Peskov stated on Wednesday that Ukraine could forget about NATO membership, claiming, "
        "“I think that's probably the reason the whole thing started.”"
    )
    assert [(s.speaker, s.direct) for s in found][-1] == ("Dmitry Peskov", True)


def test_according_to_a_possessive_title_is_the_name_after_it():
    statement = only(
        "The plan includes a security guarantee of NATO membership, according to Zelensky's "
        "chief of staff, Mark Rutte."
    )
    assert statement.speaker == "Mark Rutte"


def test_nato_leaders_speak_for_the_alliance():
    statement = only(
        "Last week, NATO leaders pledged to keep Ukraine on an irreversible path to membership."
    )
    assert statement.speaker == "NATO"
    assert statement.quote.startswith("pledged to keep Ukraine")


def test_a_quote_about_the_eu_alone_is_not_about_nato():
    found = extract(
        "Zelensky said that Ukraine cannot join NATO while at war. “Ukraine should be admitted "
        "to the European Union in the medium term,” he said."
    )
    assert [s.quote for s in found] == ["Ukraine cannot join NATO while at war"]


def test_a_statement_by_someone_inside_a_report_is_not_a_transcript_heading():
    found = extract(
        "Kyiv, July 10. A statement by Secretary General Jens Stoltenberg was read out.\n\n"
        "All Allies agree that NATO's door remains open for Ukraine."
    )
    assert found == []


def test_a_scene_setting_phrase_before_the_subject_is_not_what_was_said():
    found = extract(
        "As a result of the NATO Summit in Vilnius from July 11-12, NATO leaders agreed on a "
        "package of three elements to bring Ukraine closer to the alliance."
    )
    assert all(not s.quote.startswith("As a result") for s in found)


def test_a_text_over_the_limit_is_read_up_to_a_paragraph_end_before_it():
    from apps.extraction.pipeline import reading_limit

    statement = "Jens Stoltenberg said Ukraine will join NATO once the war is over.\n"
    text = statement * 50
    end, reason = reading_limit(text, max_characters=len(statement) * 10 + 5)
    assert end == len(statement) * 10 - 1
    assert "first" in reason
    assert f"{len(text):,}" in reason
    assert reading_limit(text, max_characters=len(text)) == (len(text), "")
    found = extract(text[: len(statement) * 3], published=dt.date(2023, 4, 21))
    capped = extract_statements(
        text,
        published=dt.date(2023, 4, 21),
        gazetteer=GAZETTEER,
        max_characters=len(statement) * 3 + 5,
    )
    assert [s.quote_start for s in capped] == [s.quote_start for s in found]


def test_a_quotation_about_membership_throughout_is_kept_whole():
    quote = (
        "Ukraine's place is in NATO and we expect an invitation at the summit. "
        "Membership is the only guarantee of our security that works"
    )
    statement = only(f"“{quote},” Volodymyr Zelensky said.")
    assert statement.quote == quote
    assert "claims-split" not in statement.rules


def test_a_quotation_is_cut_to_its_claims_about_membership():
    statement = only(
        "“We need more air defence systems before the winter. Ukraine's place is in NATO. "
        "The harvest this year was good and exports are growing again,” Zelensky said."
    )
    assert statement.quote == "Ukraine's place is in NATO"
    assert "claims-split" in statement.rules


def test_a_statement_recounted_by_another_goes_to_its_speaker_and_its_own_occasion():
    statement = only(
        "Volodymyr Zelensky said on Friday that Joe Biden told him in March that Ukraine "
        "would join NATO after the war."
    )
    assert (statement.speaker, statement.quote) == (
        "Joe Biden",
        "Ukraine would join NATO after the war",
    )
    assert statement.said_on == PartialDate(dt.date(2024, 3, 1), DatePrecision.MONTH)


def test_what_a_speaker_says_they_believe_stays_theirs():
    statement = only("Zelensky said that he believes Ukraine will join NATO after the war.")
    assert (statement.speaker, statement.quote) == (
        "Volodymyr Zelensky",
        "Ukraine will join NATO after the war",
    )


def test_an_occasion_named_without_a_date_is_dated_from_the_events_table():
    gazetteer = Gazetteer(
        GAZETTEER.speakers,
        events=[
            KnownEvent(
                "Vilnius summit 2023", "Vilnius", dt.date(2023, 7, 11), dt.date(2023, 7, 12)
            ),
            KnownEvent("Vilnius talks", "Vilnius", dt.date(2021, 3, 2)),
        ],
    )
    text = "Stoltenberg said at the Vilnius summit that Ukraine will become a member of NATO."

    def said_on(published: dt.date):
        (statement,) = extract_statements(text, published=published, gazetteer=gazetteer)
        return statement.said_on, statement.rules[-1]

    assert said_on(dt.date(2023, 7, 14)) == (
        PartialDate(dt.date(2023, 7, 1), DatePrecision.MONTH),
        "date-of-event",
    )
    # Long after, or before it took place, the summit named is not that one.
    assert said_on(dt.date(2025, 1, 10)) == (PartialDate(dt.date(2025, 1, 10)), "date-publication")
    assert said_on(dt.date(2023, 7, 1)) == (PartialDate(dt.date(2023, 7, 1)), "date-publication")


@pytest.mark.parametrize(
    ("verb", "kind"),
    [("urged", "demand"), ("vowed", "promise"), ("rejected", "refusal"), ("said", "assessment")],
)
def test_the_verb_that_introduces_a_statement_says_what_kind_it_is(verb, kind):
    # The words alone carry no kind cue: the reporter's verb decides.
    statement = only(
        f"“Ukraine's place is in NATO,” Zelensky {verb} at the summit on Tuesday, "
        "speaking of membership."
    )
    assert statement.kind == kind
    assert (verb != "said") == any(cue.reads == "verb" for cue in statement.kind_cues)


def test_a_community_is_an_organisation_not_a_person_a_pronoun_can_mean():
    gazetteer = Gazetteer(
        [officeholder("Rishi Sunak", "GB", "Prime Minister", dt.date(2022, 10, 25))]
    )
    found = extract_statements(
        "Speaking at the European Political Community summit in Moldova, Sunak gave few "
        "details.\n\n"
        "“Ukraine's rightful place is in NATO,” he said.",
        published=dt.date(2023, 6, 1),
        gazetteer=gazetteer,
    )
    assert [(s.speaker, s.quote) for s in found] == [
        ("Rishi Sunak", "Ukraine's rightful place is in NATO")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the person after "met ... and" is the first verb's object
        "Zelensky met Rutte on Tuesday and said that Ukraine must join NATO now.",
        # the person after a preposition is not the subject of the verbs joined by "but also"
        "In the presence of Rutte, Zelensky not only thanked the allies, but also said that "
        "Ukraine must join NATO now.",
    ],
)
def test_verbs_joined_by_and_or_but_also_share_the_first_verbs_subject(text):
    assert only(text).speaker == "Volodymyr Zelensky"


@pytest.mark.parametrize(
    "text",
    [
        # "of" inside a title is no preposition before the name
        "NATO Secretary General Jens Stoltenberg met Volodymyr Zelensky in Brussels. He said "
        "Ukraine will join NATO.",
        # nor is "with" before words that are not the name's title
        "In a call with reporters Secretary General Jens Stoltenberg defended the plan. He said "
        "Ukraine will join NATO.",
    ],
)
def test_a_title_or_a_phrase_before_the_name_keeps_the_subject(text):
    assert only(text).speaker == "Jens Stoltenberg"


def test_a_person_named_after_a_preposition_is_not_whom_he_refers_to():
    found = extract(
        "Jens Stoltenberg made his first wartime trip to Ukraine on Thursday.\n"
        "Standing alongside President Volodymyr Zelenskyy, he told reporters that "
        "“Ukraine’s rightful place is in the Euro-Atlantic family”."
    )
    assert [s.speaker for s in found] == ["Jens Stoltenberg"]


def test_a_quoted_headline_is_not_a_statement():
    found = extract(
        "“What?!” Peskov tweeted on Friday, as he shared a link to an article with the "
        "headline: “Ukraine's place is in NATO, alliance chief tells Kyiv on first wartime "
        "visit.”"
    )
    assert [s.quote for s in found] == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "Peskov said Moscow opposed the Ukraine – NATO Commission plan for Ukraine's "
            "membership.",
            "Moscow opposed the Ukraine – NATO Commission plan for Ukraine's membership",
        ),
        (
            "Zelensky said Ukraine is ready to join NATO – the allies are not.",
            "Ukraine is ready to join NATO",
        ),
    ],
)
def test_a_dash_ends_a_clause_but_not_a_name(text, quote):
    assert only(text).quote == quote


@pytest.mark.parametrize(
    "text",
    [
        # criticising someone's refusal is no stance against what they refused
        "Volodymyr Zelensky criticized Hungary for blocking Ukraine's path to NATO membership.",
        "Volodymyr Zelensky denounced the decision not to invite Ukraine to join NATO.",
        # words pointing ahead, not back: "such a decision on gas prices"
        "Ukraine hopes to join NATO at the Vilnius summit. Jens Stoltenberg said that such a "
        "decision on gas prices would be taken in Brussels.",
    ],
)
def test_no_statement_is_read_against_what_the_words_say(text):
    assert [(s.speaker, s.stance) for s in extract(text)] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "“Ukraine will never join NATO,” the Russian news agency TASS quoted Dmitry Peskov "
            "as saying.",
            [("Dmitry Peskov", "Ukraine will never join NATO")],
        ),
        # a possessive after "cited" names whose pledge, not who spoke
        ("“The door is open,” Zelensky cited Jens Stoltenberg's pledge at Vilnius.", []),
        # a straight closing mark is kept like a curly one
        (
            'Volodymyr Zelensky underlined the path for Ukraine to join NATO is "open," even '
            "though allies stopped short of a timetable.",
            [("Volodymyr Zelensky", 'the path for Ukraine to join NATO is "open,"')],
        ),
    ],
)
def test_agencies_quoting_and_quoted_words_at_a_clauses_end(text, found):
    assert [(s.speaker, s.quote) for s in extract(text)] == found


def test_an_agency_quoting_someone_ends_the_clause_before_it():
    found = extract(
        "Jens Stoltenberg said Ukraine will become a member of NATO one day, TASS quoted "
        "Dmitry Peskov as saying."
    )
    assert [(s.speaker, s.quote) for s in found][0] == (
        "Jens Stoltenberg",
        "Ukraine will become a member of NATO one day",
    )


def test_a_statement_recounted_inside_a_quotation_goes_to_its_own_speaker():
    gazetteer = Gazetteer(
        [
            officeholder("Dmytro Kuleba", "UA", "Minister of Foreign Affairs", dt.date(2020, 3, 4)),
            officeholder("Joe Biden", "US", "President", dt.date(2021, 1, 20)),
        ]
    )
    found = extract_statements(
        "“Publicly, President Biden clearly said that no one should doubt that Ukraine will "
        "be a member of NATO. We said that this is our goal,” Kuleba said.",
        published=dt.date(2023, 7, 14),
        gazetteer=gazetteer,
    )
    # Biden's words as Kuleba recounts them are Biden's; Kuleba's own "we said" is not
    # a statement apart from his quotation
    assert sorted((s.speaker, s.quote) for s in found if s.speaker == "Joe Biden") == [
        ("Joe Biden", "no one should doubt that Ukraine will be a member of NATO")
    ]
    assert {s.speaker for s in found} == {"Joe Biden", "Dmytro Kuleba"}
    assert len(found) == 2


def test_a_surname_spelt_as_in_a_known_alias_is_that_speaker_later_on():
    yanukovych = KnownSpeaker(
        "Viktor Yanukovych", kind="person", country="UA", aliases=("Viktor Yanukovich",)
    )
    found = extract_statements(
        "The issue is a dead letter for the new leadership of President Viktor Yanukovich."
        "\n\nYanukovich said NATO membership was being taken off the agenda as an objective.",
        published=dt.date(2010, 5, 27),
        gazetteer=Gazetteer([yanukovych]),
    )
    assert [s.speaker for s in found] == ["Viktor Yanukovych"]


def test_a_plural_possessive_is_no_persons_name():
    statement = only(
        "Ukraine will try to change the United States' position on inviting it to NATO, "
        "the head of the delegation, Yehor Chernev, has said.\n\n"
        "“We must fight to the end to change the position of the United States on inviting "
        "Ukraine to NATO,” he said on Monday."
    )
    assert statement.speaker == "Yehor Chernev"


def test_he_or_she_is_never_a_title_nobody_was_named_by():
    statement = only(
        "Danish Prime Minister Mette Frederiksen on Thursday reaffirmed her support for Kyiv.\n\n"
        "The Danish leader also addressed discussions about security guarantees for Ukraine.\n\n"
        "“One idea on the table is maybe not NATO membership, but a ceasefire with troops on "
        "the ground,” she said."
    )
    assert statement.speaker == "Mette Frederiksen"
