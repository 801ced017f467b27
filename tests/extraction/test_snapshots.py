"""The extractor's output on every annotated article it may be developed against (the seeds
and the corpus's dev split), frozen: a change of behaviour shows here as a difference.

After a deliberate change, rewrite the snapshots with
`pytest tests/extraction/test_snapshots.py --update-extraction-snapshots`, and say in the
commit which rule changed them and why. The test split is never snapshotted: nobody reads
what the extractor does on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apps.extraction import extract_statements
from apps.extraction.evaluation import load_corpus, load_seeds_like
from apps.positions.gazetteer import gazetteer_from_starter_data
from tests.conftest import REPO_ROOT, SHARED_DIR, need

SNAPSHOTS = Path(__file__).parent / "snapshots"
FROZEN_FIELDS = [
    "speaker",
    "role",
    "quote",
    "quote_start",
    "quote_end",
    "direct",
    "said_on",
    "stance",
    "confidence",
    "method",
    "speaker_known",
]


def extracted(split: str) -> dict[str, list[dict]]:
    if split == "seeds":
        need(SHARED_DIR.exists(), f"the shared data folder {SHARED_DIR} is absent")
        articles, _ = load_seeds_like(SHARED_DIR / "seeds")
    else:
        articles, _ = load_corpus(REPO_ROOT / "eval" / "corpus", split)
    gazetteer = gazetteer_from_starter_data()
    return {
        article.name: [
            {key: statement.as_dict()[key] for key in FROZEN_FIELDS}
            for statement in extract_statements(
                article.text, published=article.published, gazetteer=gazetteer
            )
        ]
        for article in articles
    }


@pytest.mark.parametrize("split", ["seeds", "dev"])
def test_extraction_output_is_unchanged(split, request):
    path = SNAPSHOTS / f"{split}.json"
    output = extracted(split)
    if request.config.getoption("--update-extraction-snapshots"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    frozen = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(
        name for name in frozen.keys() | output.keys() if frozen.get(name) != output.get(name)
    )
    assert not changed, f"extraction output changed on {changed}"
