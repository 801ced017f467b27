"""Scoring extracted statements against hand-annotated ones, as ../shared/seeds/README.md says.

A prediction matches a gold statement when it is from the same article, by a speaker with
the same last name, its quote covers at least half of the gold quote's characters, and it
is not padded to more than twice the gold length plus 20. Matching is one-to-one, best
overlap first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from apps.core.text import strip_accents

_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_SURNAME_VARIANTS = {"zelenskyy": "zelensky", "zelenskiy": "zelensky"}


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


def overlap(gold: str, predicted: str) -> int:
    match = SequenceMatcher(None, gold, predicted, autojunk=False).find_longest_match(
        0, len(gold), 0, len(predicted)
    )
    return match.size


@dataclass
class Report:
    gold: int
    predicted: int
    pairs: list[tuple[dict, dict]]
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

    def share(self, agree) -> float:
        return sum(1 for g, p in self.pairs if agree(g, p)) / len(self.pairs) if self.pairs else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.share(lambda g, p: name_key(g["speaker"]) == name_key(p["speaker"]))

    @property
    def stance_accuracy(self) -> float:
        return self.share(lambda g, p: g["stance"] == p["stance"])

    @property
    def date_accuracy(self) -> float:
        dated = [(g, p) for g, p in self.pairs if g.get("date_from_text")]
        if not dated:
            return 0.0
        return sum(1 for g, p in dated if p.get("said_on") == g["date_from_text"]) / len(dated)

    @property
    def date_accuracy_lenient(self) -> float:
        dated = [(g, p) for g, p in self.pairs if g.get("date_from_text")]
        if not dated:
            return 0.0
        right = 0
        for g, p in dated:
            gold_date, predicted = g["date_from_text"], p.get("said_on") or ""
            right += predicted[: len(gold_date)] == gold_date
        return right / len(dated)

    def confusion(self) -> Counter:
        return Counter((g["stance"], p["stance"]) for g, p in self.pairs)


def match(gold: list[dict], predicted: list[dict], *, same_speaker: bool = True) -> Report:
    """Pair predictions with gold statements one to one, best overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        gold_quote = normalise_for_scoring(g["quote"])
        for pi, p in enumerate(predicted):
            if p["article"] != g["article"]:
                continue
            if same_speaker:
                g_name, p_name = name_key(g["speaker"]), name_key(p["speaker"])
                single = len(g_name.split()) == 1
                if (
                    (g_name != p_name)
                    if single
                    else (last_name(g["speaker"]) != last_name(p["speaker"]))
                ):
                    continue
            predicted_quote = normalise_for_scoring(p["quote"])
            size = overlap(gold_quote, predicted_quote)
            if size < 0.5 * len(gold_quote) or len(predicted_quote) > 2 * len(gold_quote) + 20:
                continue
            candidates.append((size / len(gold_quote), gi, pi))
    candidates.sort(key=lambda item: item[0], reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        pairs.append((gold[gi], predicted[pi]))
    per_article: dict[str, Counter] = {}
    for g in gold:
        per_article.setdefault(g["article"], Counter())["gold"] += 1
    for p in predicted:
        per_article.setdefault(p["article"], Counter())["predicted"] += 1
    for g, _ in pairs:
        per_article[g["article"]]["matched"] += 1
    return Report(
        gold=len(gold),
        predicted=len(predicted),
        pairs=pairs,
        per_article=per_article,
        unmatched_gold=[g for i, g in enumerate(gold) if i not in used_gold],
        unmatched_predicted=[p for i, p in enumerate(predicted) if i not in used_predicted],
    )
