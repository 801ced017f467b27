"""Extraction quality on the seeds and on the annotated corpus's splits.

    python bench/extraction_quality.py [--split seeds|dev|test|all] [--verbose]
    python bench/extraction_quality.py --gold-dir DIR     # any folder laid out like the seeds
    python bench/extraction_quality.py --split dev --compare-finders  # the parse against the word rules

For every split: precision, recall, F1, and speaker, date and stance accuracy, strict and
lenient (eval/corpus/README.md defines them). For the seeds and dev also the stance
confusions and, for every rule and stance cue, how often it fired and how often it was
right; --verbose lists misses and extras. The test split prints totals only, since rules
are never written against it, and each run of it is logged with its commit in
eval/test-split-runs.log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from setup_django import REPO_ROOT, SHARED_DIR, setup

CORPUS = REPO_ROOT / "eval" / "corpus"
TEST_LOG = REPO_ROOT / "eval" / "test-split-runs.log"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["seeds", "dev", "test", "all"], default="all")
    parser.add_argument("--gold-dir", type=Path, help="a folder laid out like ../shared/seeds")
    parser.add_argument("--verbose", action="store_true", help="list misses and extras")
    parser.add_argument(
        "--compare-finders",
        action="store_true",
        help="also score the word rules alone and before the parse (not on the test split)",
    )
    args = parser.parse_args()
    setup()
    from apps.extraction.evaluation import load_corpus, load_seeds_like

    if args.gold_dir:
        splits = {str(args.gold_dir): load_seeds_like(args.gold_dir)}
    else:
        names = ["seeds", "dev", "test"] if args.split == "all" else [args.split]
        splits = {
            name: load_seeds_like(SHARED_DIR / "seeds")
            if name == "seeds"
            else load_corpus(CORPUS, name)
            for name in names
        }
    for name, (articles, gold) in splits.items():
        report = score(articles, gold)
        print(f"== {name}: {len(articles)} articles")
        print_totals(report)
        if name == "test":
            log_test_run(report)
            continue
        if name == "seeds":
            articles, as_published = load_seeds_like(SHARED_DIR / "seeds", background_dated=True)
            print(
                "date accuracy with the seeds' own convention (a stance held over time dated "
                f"by publication): {score(articles, as_published).date_accuracy:.3f}"
            )
        print_details(report, verbose=args.verbose)
        if args.compare_finders:
            compare_finders(articles, gold, report)
    return 0


# The finding rules, against which the parse is compared.
FINDING_RULES = (
    "parse-subject parse-agent parse-participle parse-points-back reported-that reported-clause reported-before-verb "
    "according-to made-it-clear stated-position stated-position-who"
).split()


def compare_finders(articles, gold, as_shipped) -> None:
    """Per finding rule, fired and precision: the parse first (as shipped), the word rules
    first with the parse after, and the word rules alone (the parse not run at all)."""
    from apps.extraction import find_parsed, find_quotes, find_reported, pipeline
    from apps.extraction.evaluation import rule_figures

    def words_first(doc, *, parse: bool):
        candidates = find_quotes.direct_quotes(doc)
        candidates += find_reported.reported_speech(doc, taken=candidates)
        if parse:
            candidates += find_parsed.parsed_speech(doc, taken=candidates)
        candidates += find_quotes.quotes_standing_alone(doc, taken=candidates)
        candidates += find_quotes.transcript(doc, taken=candidates)
        return sorted(candidates, key=lambda candidate: candidate.start)

    shipped = pipeline.find_candidates
    reports = {"parse first (shipped)": as_shipped}
    try:
        for name, parse in (("word rules first", True), ("word rules alone", False)):
            pipeline.find_candidates = lambda doc, parse=parse: words_first(doc, parse=parse)
            reports[name] = score(articles, gold)
    finally:
        pipeline.find_candidates = shipped
    figures = {name: rule_figures(report) for name, report in reports.items()}
    print("finders compared (fired / precision per rule; F1 of the whole pipeline):")
    print("  " + " " * 22 + "".join(f"{name:>26}" for name in reports))
    print("  " + f"{'F1':22}" + "".join(f"{report.f1:>26.3f}" for report in reports.values()))
    for rule in FINDING_RULES:
        cells = []
        for name in reports:
            found = figures[name].get(rule)
            cells.append(f"{found.fired:>4} / {found.precision:.2f}" if found else "-")
        print("  " + f"{rule:22}" + "".join(f"{cell:>26}" for cell in cells))


def score(articles, gold):
    from apps.extraction import extract_statements
    from apps.extraction.evaluation import match
    from apps.positions.gazetteer import gazetteer_from_starter_data

    # The statements being scored do not count towards any speaker's usual stance.
    gazetteer = gazetteer_from_starter_data(
        scored_quotes=[statement["quote"] for statement in gold]
    )
    predicted = []
    for article in articles:
        for statement in extract_statements(
            article.text, published=article.published, gazetteer=gazetteer
        ):
            predicted.append({"article": article.name, **statement.as_dict()})
    return match(gold, predicted)


def totals(report) -> str:
    return (
        f"gold {report.gold}, predicted {report.predicted}, matched {len(report.pairs)}; "
        f"P {report.precision:.3f} R {report.recall:.3f} F1 {report.f1:.3f}; "
        f"speaker {report.speaker_accuracy:.3f}/{report.speaker_accuracy_lenient:.3f} "
        f"date {report.date_accuracy:.3f}/{report.date_accuracy_lenient:.3f} "
        f"stance {report.stance_accuracy:.3f}/{report.stance_accuracy_lenient:.3f} "
        "(strict/lenient); "
        f"kind {report.kind_accuracy:.3f} (majority {report.kind_majority_baseline:.3f})"
    )


def print_totals(report) -> None:
    print(
        f"statements: gold {report.gold}, predicted {report.predicted}, matched {len(report.pairs)}"
    )
    print(f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}")
    for label, strict, lenient in (
        ("speaker", report.speaker_accuracy, report.speaker_accuracy_lenient),
        ("date", report.date_accuracy, report.date_accuracy_lenient),
        ("stance", report.stance_accuracy, report.stance_accuracy_lenient),
    ):
        print(f"{label} accuracy {strict:.3f}  (lenient {lenient:.3f})")
    if report.kind_majority_baseline:
        print(
            f"kind accuracy {report.kind_accuracy:.3f}  (always the commonest kind: "
            f"{report.kind_majority_baseline:.3f})"
        )


def print_details(report, *, verbose: bool) -> None:
    from apps.extraction.evaluation import rule_figures

    print("per article (gold / predicted / matched):")
    for name, counts in sorted(report.per_article.items()):
        print(f"  {name:52} {counts['gold']:2} / {counts['predicted']:2} / {counts['matched']:2}")
    wrong = {pair: n for pair, n in report.confusion().items() if pair[0] != pair[1]}
    if wrong:
        print("stance confusions (gold -> predicted):")
        for (gold_stance, predicted_stance), n in sorted(wrong.items()):
            print(f"  {gold_stance} -> {predicted_stance}: {n}")
    print("rules (fired, precision):")
    for rule, figures in sorted(rule_figures(report).items(), key=lambda item: -item[1].fired):
        print(f"  {figures.fired:4}  {figures.precision:.2f}  {rule}")
    if not verbose:
        return
    for g, p in report.pairs:
        flags = [
            label
            for label, ok in (
                ("speaker", g["speaker"] == p["speaker"]),
                ("date", g.get("date_from_text") == p["said_on"]),
                ("stance", g["stance"] == p["stance"]),
            )
            if not ok
        ]
        if flags:
            print(
                f"MATCHED but {flags}: gold {g['speaker']} {g.get('date_from_text')} {g['stance']} "
                f"| got {p['speaker']} {p['said_on']} {p['stance']} | {g['quote'][:70]}"
            )
    for g in report.unmatched_gold:
        print(f"MISSED {g['article'][:12]} {g['speaker']}: {g['quote'][:90]}")
    for p in report.unmatched_predicted:
        print(f"EXTRA  {p['article'][:12]} {p['speaker']} [{p['method']}]: {p['quote'][:90]}")


def log_test_run(report) -> None:
    """Every scoring of the test split is on record, with the commit it scored."""
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    ).stdout.strip()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    with TEST_LOG.open("a", encoding="utf-8") as log:
        log.write(f"{stamp} {commit or 'unknown'}: {totals(report)}\n")
    print(f"(logged in {TEST_LOG.relative_to(REPO_ROOT)})")


if __name__ == "__main__":
    sys.exit(main())
