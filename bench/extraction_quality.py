"""Extraction quality against ../shared/seeds/gold.json, scored as its README describes.

    python bench/extraction_quality.py [--verbose] [--check]

Prints precision, recall and F1 over the five seed articles, and on matched statements the
speaker, date and stance accuracy with a stance confusion table. --check exits non-zero
when a target of the ingestion issue is missed (F1 0.90, speaker 0.95, date 0.85,
stance 0.85).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from setup_django import SHARED_DIR, setup

TARGETS = {"f1": 0.90, "speaker": 0.95, "date": 0.85, "stance": 0.85}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--check", action="store_true", help="fail when a target is missed")
    parser.add_argument(
        "--gold-dir",
        help="a folder laid out like ../shared/seeds (articles.json, gold.json, the texts); default: the seeds",
    )
    args = parser.parse_args()
    setup()
    from apps.sources.services.extraction import extract_statements
    from apps.sources.services.extraction.evaluation import match
    from apps.sources.services.gazetteer import gazetteer_from_starter_data

    seeds = Path(args.gold_dir) if args.gold_dir else SHARED_DIR / "seeds"
    if not seeds.exists():
        print(f"The seed articles are not at {seeds}; set SHARED_DIR.", file=sys.stderr)
        return 2
    gold = json.loads((seeds / "gold.json").read_text())
    articles = json.loads((seeds / "articles.json").read_text())
    gazetteer = gazetteer_from_starter_data()
    predicted = []
    for article in articles:
        text = (seeds / article["article"]).read_text(encoding="utf-8")
        published = dt.date.fromisoformat(article["published"])
        for statement in extract_statements(text, published=published, gazetteer=gazetteer):
            predicted.append({"article": article["article"], **statement.as_dict()})

    report = match(gold, predicted)
    loose = match(gold, predicted, same_speaker=False)
    figures = {
        "f1": report.f1,
        "speaker": report.speaker_accuracy,
        "date": report.date_accuracy,
        "stance": report.stance_accuracy,
    }
    print(
        f"statements: gold {report.gold}, predicted {report.predicted}, matched {len(report.pairs)}"
    )
    print(f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}")
    print(
        f"speaker accuracy {report.speaker_accuracy:.3f}  (last names, matching without speakers: "
        f"{loose.share(lambda g, p: g['speaker'].split()[-1].lower().startswith(p['speaker'].split()[-1].lower()[:6])):.3f})"
    )
    print(f"date accuracy {report.date_accuracy:.3f}  (lenient {report.date_accuracy_lenient:.3f})")
    print(f"stance accuracy {report.stance_accuracy:.3f}")
    print("per article (gold / predicted / matched):")
    for name, counts in sorted(report.per_article.items()):
        print(f"  {name:48} {counts['gold']:2} / {counts['predicted']:2} / {counts['matched']:2}")
    confusion = report.confusion()
    wrong = {pair: n for pair, n in confusion.items() if pair[0] != pair[1]}
    if wrong:
        print("stance confusions (gold -> predicted):")
        for (g, p), n in sorted(wrong.items()):
            print(f"  {g} -> {p}: {n}")
    if args.verbose:
        for g, p in report.pairs:
            flags = [
                k
                for k, ok in (
                    ("speaker", g["speaker"] == p["speaker"]),
                    ("date", g["date_from_text"] == p["said_on"]),
                    ("stance", g["stance"] == p["stance"]),
                )
                if not ok
            ]
            if flags:
                print(
                    f"MATCHED but {flags}: gold {g['speaker']} {g['date_from_text']} {g['stance']} "
                    f"| got {p['speaker']} {p['said_on']} {p['stance']} | {g['quote'][:70]}"
                )
        for g in report.unmatched_gold:
            print(f"MISSED {g['article'][:2]} {g['speaker']}: {g['quote'][:90]}")
        for p in report.unmatched_predicted:
            print(f"EXTRA  {p['article'][:2]} {p['speaker']} [{p['method']}]: {p['quote'][:90]}")
    missed = [name for name, target in TARGETS.items() if figures[name] < target]
    if args.check and missed:
        print(f"below target: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
