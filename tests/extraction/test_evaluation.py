"""The scoring of the corpus: defensible alternatives, borderline statements, null dates."""

from __future__ import annotations

import datetime as dt
import json

from apps.core.dates import DatePrecision, PartialDate
from apps.extraction.evaluation import load_corpus, match, rule_figures


def gold(**fields) -> dict:
    return {
        "article": "a",
        "speaker": "Jens Stoltenberg",
        "quote": "Ukraine will become a member of NATO",
        "date_from_text": "2023-04-21",
        "stance": "supports_membership_long_term",
        **fields,
    }


def predicted(**fields) -> dict:
    return {
        "article": "a",
        "speaker": "Jens Stoltenberg",
        "quote": "Ukraine will become a member of NATO",
        "said_on": "2023-04-21",
        "stance": "supports_membership_long_term",
        "method": "rules: direct quote",
        **fields,
    }


def test_an_alternative_rendering_of_the_quote_matches():
    entry = gold(quote="a long-term perspective", alt_quotes=["Ukraine will become a member"])
    assert len(match([entry], [predicted()]).pairs) == 1
    assert match([gold(quote="a long-term perspective")], [predicted()]).pairs == []


def test_a_borderline_statement_is_neither_required_nor_wrong():
    borderline = gold(ignore=True)
    found = match([borderline], [predicted()])
    missed = match([borderline], [])
    assert (found.gold, found.predicted, found.precision) == (0, 0, 0.0)
    assert (missed.gold, missed.recall) == (0, 0.0)
    other = predicted(quote="something else entirely, about ceasefire lines")
    assert match([borderline], [predicted(), other]).predicted == 1


def test_dates_count_both_kinds_of_error():
    undated = gold(date_from_text=None)
    assert match([undated], [predicted(said_on=None)]).date_accuracy == 1.0
    assert match([undated], [predicted()]).date_accuracy == 0.0
    assert match([gold()], [predicted(said_on=None)]).date_accuracy == 0.0
    by_month = gold(date_from_text="2023-04")
    report = match([by_month], [predicted()])
    assert (report.date_accuracy, report.date_accuracy_lenient) == (0.0, 1.0)


def test_speakers_are_judged_on_pairs_matched_by_quote_alone():
    report = match([gold()], [predicted(speaker="Volodymyr Zelensky")])
    assert report.pairs == []
    assert len(report.quote_pairs) == 1
    assert report.speaker_accuracy == 0.0
    close = match([gold()], [predicted(speaker="Stoltenberg")])
    assert (close.speaker_accuracy, close.speaker_accuracy_lenient) == (0.0, 1.0)


def test_stance_is_strict_or_lenient_with_the_alternatives():
    report = match(
        [gold(alt_stances=["supports_membership_after_war"])],
        [predicted(stance="supports_membership_after_war")],
    )
    assert (report.stance_accuracy, report.stance_accuracy_lenient) == (0.0, 1.0)


def test_rules_are_counted_with_their_precision():
    right = predicted(rules=["direct-quote"], stance_cues=["will become a member"])
    wrong = predicted(quote="an extra statement on ceasefire lines", rules=["direct-quote"])
    figures = rule_figures(match([gold()], [right, wrong]))
    assert (figures["direct-quote"].fired, figures["direct-quote"].precision) == (2, 0.5)
    cue = figures["stance cue: will become a member"]
    assert (cue.fired, cue.precision) == (1, 1.0)


def test_kind_cues_are_counted_on_matched_statements_with_a_gold_kind():
    right = predicted(kind="demand", kind_cues=["kind-verb-asks"])
    other = "Allies will support Ukraine all the way to membership"
    wrong = predicted(quote=other, kind="promise", kind_cues=["kind-we-will"])
    figures = rule_figures(
        match([gold(kind="demand"), gold(quote=other, kind="assessment")], [right, wrong])
    )
    assert (
        figures["kind cue: kind-verb-asks"].fired,
        figures["kind cue: kind-verb-asks"].precision,
    ) == (1, 1.0)
    assert figures["kind cue: kind-we-will"].precision == 0.0
    unannotated = rule_figures(match([gold()], [predicted(kind_cues=["kind-we-will"])]))
    assert "kind cue: kind-we-will" not in unannotated


def test_a_corpus_article_is_read_with_its_publication_as_precisely_as_known(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    entries = []
    for name, published in (
        ("day.txt", "2014-03-26"),
        ("month.txt", "2014-03"),
        ("none.txt", None),
    ):
        (tmp_path / "articles" / name).write_text("Text.", encoding="utf-8")
        entries.append({"article": name, "published": published, "split": "dev"})
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": entries}), encoding="utf-8")
    (tmp_path / "gold" / "dev.json").write_text("[]", encoding="utf-8")

    articles, _ = load_corpus(tmp_path, "dev")

    assert [article.published for article in articles] == [
        dt.date(2014, 3, 26),
        PartialDate(dt.date(2014, 3, 1), DatePrecision.MONTH),  # not the 1st as a day
        None,
    ]
