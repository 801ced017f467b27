"""Extraction quality on the seed articles, scored as ../shared/seeds/README.md describes."""

from __future__ import annotations

import datetime as dt
import json

from apps.extraction import extract_statements
from apps.extraction.evaluation import load_seeds_like, match, normalise_for_scoring
from apps.positions.gazetteer import gazetteer_from_starter_data


def test_scoring_matches_by_last_name_and_quote_overlap_without_padding():
    gold = [
        {
            "article": "a",
            "speaker": "Volodymyr Zelenskyy",
            "quote": "we need an invitation now",
            "stance": "x",
        }
    ]
    near = {"article": "a", "speaker": "Zelensky", "quote": "We need an invitation", "stance": "x"}
    padded = {**near, "quote": "we need an invitation now " + "and much more besides " * 3}
    other = {**near, "speaker": "Stoltenberg"}
    assert len(match(gold, [near]).pairs) == 1
    assert match(gold, [padded]).pairs == []
    assert match(gold, [other]).pairs == []
    assert normalise_for_scoring("  “It’s – fine”, ") == "it's - fine\","


def test_the_seed_articles_reach_the_quality_targets(shared_dir):
    seeds = shared_dir / "seeds"
    # A stance held over time is undated, as in the corpus (load_seeds_like says why).
    _, gold = load_seeds_like(seeds)
    gazetteer = gazetteer_from_starter_data(
        scored_quotes=[statement["quote"] for statement in gold]
    )
    predicted = []
    for article in json.loads((seeds / "articles.json").read_text()):
        text = (seeds / article["article"]).read_text(encoding="utf-8")
        published = dt.date.fromisoformat(article["published"])
        for statement in extract_statements(text, published=published, gazetteer=gazetteer):
            assert text[statement.quote_start : statement.quote_end] == statement.quote
            predicted.append({"article": article["article"], **statement.as_dict()})
    report = match(gold, predicted)
    assert report.f1 >= 0.90
    assert report.speaker_accuracy >= 0.95
    assert report.date_accuracy >= 0.85
    assert report.stance_accuracy >= 0.85
