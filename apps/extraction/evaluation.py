"""Scoring extracted statements against hand-annotated ones, as ../shared/seeds/README.md says,
with the corpus's additions (eval/corpus/README.md): other defensible quotes and stances,
borderline statements that are neither required nor wrong, and dates that may be null.

A prediction matches a gold statement when it is from the same article, by a speaker with
the same last name, its quote covers at least half of the gold quote's characters, and it
is not padded to more than twice the gold length plus 20. Matching is one-to-one, best
overlap first. Speaker accuracy is measured on pairs matched on the quote alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from apps.core.dates import DatePrecision, PartialDate
from apps.core.text import strip_accents

_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_SURNAME_VARIANTS = {"zelenskyy": "zelensky", "zelenskiy": "zelensky"}

Pair = tuple[dict, dict]


def normalise_for_scoring(quote: str) -> str:
    text = quote.lower().translate(_TYPOGRAPHIC)
    text = re.sub(r"\s+", " ", text)
    return text.strip().strip("\"' ")


def name_key(name: str) -> str:
    cleaned = re.sub(r"[^\w\s]", "", strip_accents(name.lower()))
    return " ".join(_SURNAME_VARIANTS.get(word, word) for word in cleaned.split())


def last_name(name: str) -> str:
    words = name_key(name).split()
    return words[-1] if words else ""


def same_speaker(gold_name: str, predicted_name: str) -> bool:
    """By last name; a one-word speaker ("NATO") by the whole name."""
    gold_key, predicted_key = name_key(gold_name), name_key(predicted_name)
    if len(gold_key.split()) == 1:
        return gold_key == predicted_key
    return last_name(gold_name) == last_name(predicted_name)


def overlap(gold: str, predicted: str) -> int:
    match = SequenceMatcher(None, gold, predicted, autojunk=False).find_longest_match(
        0, len(gold), 0, len(predicted)
    )
    return match.size


def quote_score(gold: dict, predicted_quote: str) -> float:
    """How well a predicted quote covers the gold quote or one of its defensible
    alternatives: the best covered share, or 0 below half or when padded."""
    predicted = normalise_for_scoring(predicted_quote)
    best = 0.0
    for rendering in [gold["quote"], *gold.get("alt_quotes", [])]:
        wanted = normalise_for_scoring(rendering)
        if not wanted or len(predicted) > 2 * len(wanted) + 20:
            continue
        share = overlap(wanted, predicted) / len(wanted)
        if share >= 0.5:
            best = max(best, share)
    return best


@dataclass
class Report:
    gold: int
    predicted: int
    pairs: list[Pair]
    # Pairs matched on the quote alone, whatever the speaker: where speakers are judged.
    quote_pairs: list[Pair] = field(default_factory=list)
    per_article: dict[str, Counter] = field(default_factory=dict)
    unmatched_gold: list[dict] = field(default_factory=list)
    unmatched_predicted: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return len(self.pairs) / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return len(self.pairs) / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def share(self, agree: Callable[[dict, dict], bool], pairs: list[Pair] | None = None) -> float:
        pairs = self.pairs if pairs is None else pairs
        return sum(1 for g, p in pairs if agree(g, p)) / len(pairs) if pairs else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.share(
            lambda g, p: name_key(g["speaker"]) == name_key(p["speaker"]), self.quote_pairs
        )

    @property
    def speaker_accuracy_lenient(self) -> float:
        return self.share(lambda g, p: same_speaker(g["speaker"], p["speaker"]), self.quote_pairs)

    @property
    def kind_accuracy(self) -> float:
        """Among matched pairs whose gold has a kind, the share with the same kind."""
        return self.share(
            lambda g, p: g["kind"] == p.get("kind"),
            [(g, p) for g, p in self.pairs if g.get("kind")],
        )

    @property
    def kind_majority_baseline(self) -> float:
        """What always answering the commonest gold kind would score on the same pairs."""
        kinds = [g["kind"] for g, _ in self.pairs if g.get("kind")]
        return max(kinds.count(k) for k in set(kinds)) / len(kinds) if kinds else 0.0

    @property
    def stance_accuracy(self) -> float:
        return self.share(lambda g, p: g["stance"] == p["stance"])

    @property
    def stance_accuracy_lenient(self) -> float:
        return self.share(lambda g, p: p["stance"] in {g["stance"], *g.get("alt_stances", [])})

    @property
    def date_accuracy(self) -> float:
        """A date where gold has none, and none where gold has one, are both errors."""
        return self.share(lambda g, p: (p.get("said_on") or None) == g.get("date_from_text"))

    @property
    def date_accuracy_lenient(self) -> float:
        """A predicted date cut to the gold date's precision counts as right."""

        def agree(g: dict, p: dict) -> bool:
            gold_date, predicted = g.get("date_from_text"), p.get("said_on") or None
            if gold_date is None or predicted is None:
                return gold_date == predicted
            return predicted[: len(gold_date)] == gold_date

        return self.share(agree)

    def confusion(self) -> Counter:
        return Counter((g["stance"], p["stance"]) for g, p in self.pairs)


def _pair_up(gold: list[dict], predicted: list[dict], *, by_speaker: bool) -> list[tuple[int, int]]:
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p["article"] != g["article"]:
                continue
            if by_speaker and not same_speaker(g["speaker"], p["speaker"]):
                continue
            score = quote_score(g, p["quote"])
            if score:
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda item: item[0], reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        pairs.append((gi, pi))
    return pairs


def match(gold: list[dict], predicted: list[dict]) -> Report:
    """Pair predictions with gold statements one to one, best overlap first. A prediction
    paired with an ignored (borderline) gold statement counts neither way."""
    index_pairs = _pair_up(gold, predicted, by_speaker=True)
    ignored_predictions = {pi for gi, pi in index_pairs if gold[gi].get("ignore")}
    kept = [(gi, pi) for gi, pi in index_pairs if not gold[gi].get("ignore")]
    scored_gold = [i for i, g in enumerate(gold) if not g.get("ignore")]
    scored_predicted = [i for i in range(len(predicted)) if i not in ignored_predictions]
    quote_pairs = [
        (gold[gi], predicted[pi])
        for gi, pi in _pair_up(gold, predicted, by_speaker=False)
        if not gold[gi].get("ignore")
    ]

    matched_gold = {gi for gi, _ in kept}
    matched_predicted = {pi for _, pi in kept}
    per_article: dict[str, Counter] = {}
    for gi in scored_gold:
        per_article.setdefault(gold[gi]["article"], Counter())["gold"] += 1
    for pi in scored_predicted:
        per_article.setdefault(predicted[pi]["article"], Counter())["predicted"] += 1
    for gi, _ in kept:
        per_article[gold[gi]["article"]]["matched"] += 1
    return Report(
        gold=len(scored_gold),
        predicted=len(scored_predicted),
        pairs=[(gold[gi], predicted[pi]) for gi, pi in kept],
        quote_pairs=quote_pairs,
        per_article=per_article,
        unmatched_gold=[gold[i] for i in scored_gold if i not in matched_gold],
        unmatched_predicted=[predicted[i] for i in scored_predicted if i not in matched_predicted],
    )


@dataclass
class RuleFigures:
    fired: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.fired if self.fired else 0.0


def rule_figures(report: Report) -> dict[str, RuleFigures]:
    """For each rule behind the predictions: how often it fired, and how often it was right
    (an extraction rule when its statement matched gold; a stance or kind cue, counted on
    matched statements only, when the stance or kind was the gold one)."""
    figures: dict[str, RuleFigures] = {}
    matched = {id(p) for _, p in report.pairs}
    for p in [p for _, p in report.pairs] + report.unmatched_predicted:
        for rule in p.get("rules") or [p.get("method", "unknown")]:
            entry = figures.setdefault(rule, RuleFigures())
            entry.fired += 1
            entry.right += id(p) in matched
    for g, p in report.pairs:
        for cue in p.get("stance_cues", []):
            entry = figures.setdefault(f"stance cue: {cue}", RuleFigures())
            entry.fired += 1
            entry.right += g["stance"] == p["stance"]
        for cue in p.get("kind_cues", []) if g.get("kind") else []:
            entry = figures.setdefault(f"kind cue: {cue}", RuleFigures())
            entry.fired += 1
            entry.right += g["kind"] == p.get("kind")
    return figures


@dataclass(frozen=True)
class AnnotatedArticle:
    name: str
    text: str
    published: dt.date | PartialDate | None


def load_corpus(folder: Path, split: str) -> tuple[list[AnnotatedArticle], list[dict]]:
    """One split of the annotated corpus (eval/corpus): its articles and their gold."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    articles = [
        AnnotatedArticle(
            name=entry["article"],
            text=(folder / "articles" / entry["article"]).read_text(encoding="utf-8"),
            published=_published(entry["published"]),
        )
        for entry in manifest["articles"]
        if entry["split"] == split
    ]
    gold = json.loads((folder / "gold" / f"{split}.json").read_text(encoding="utf-8"))
    return articles, gold


# How the seeds' gold marks a stance held over time ("has repeatedly called ..."): `date`
# null and this in `date_basis`.
NO_SINGLE_OCCASION = "no single occasion"


def load_seeds_like(
    folder: Path, *, background_dated: bool = False
) -> tuple[list[AnnotatedArticle], list[dict]]:
    """A folder laid out like ../shared/seeds: articles.json, gold.json and the texts.

    The seeds' README gives a stance held over time (`date` null, "no single occasion")
    the publication date as `date_from_text`; the corpus (eval/corpus/ANNOTATING.md) and
    the extractor give it none, since no date is better than a guessed one. Their gold is
    read the corpus's way unless `background_dated`, which keeps the seeds' own."""
    entries = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    articles = [
        AnnotatedArticle(
            name=entry["article"],
            text=(folder / entry["article"]).read_text(encoding="utf-8"),
            published=_published(entry["published"]),
        )
        for entry in entries
    ]
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    if not background_dated:
        gold = [
            {**entry, "date_from_text": None}
            if entry.get("date") is None and NO_SINGLE_OCCASION in entry.get("date_basis", "")
            else entry
            for entry in gold
        ]
    return articles, gold


def _published(value: str | None) -> dt.date | PartialDate | None:
    """A publication date: a day, or a month or year where only that is known."""
    if not value:
        return None
    published = PartialDate.parse(value)
    return published.date if published.precision == DatePrecision.DAY else published
