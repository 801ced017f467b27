"""What editors' reviews teach the extractor: each reviewed candidate as the extractor
proposed it and as the editor left it, written in the corpus's format for the quality
benchmark, and the share the editors approved unchanged."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from apps.positions.models import Citation, Position

# The fields an editor checks; a candidate approved with all four as extracted was right.
CHECKED_FIELDS = ("quote", "speaker_id", "said_on", "stance")


class Outcome:
    APPROVED = "approved as is"
    CORRECTED = "corrected"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ReviewedCandidate:
    position: Position
    # The checked fields as extraction recorded them (the first version in the history).
    extracted: dict[str, object]

    @property
    def changed(self) -> list[str]:
        return [
            field
            for field in CHECKED_FIELDS
            if self.extracted[field] != getattr(self.position, field)
        ]

    @property
    def outcome(self) -> str:
        if self.position.status == Position.Status.REJECTED:
            return Outcome.REJECTED
        return Outcome.CORRECTED if self.changed else Outcome.APPROVED


def machine_candidates() -> QuerySet[Position]:
    """Positions the extractor proposed (not typed in by an editor or loaded as starter data)."""
    return Position.objects.filter(method__startswith="rules:")


def reviewed_candidates(since: dt.datetime | None = None) -> Iterator[ReviewedCandidate]:
    """Extracted candidates an editor approved or rejected (since `since`), oldest review first."""
    reviewed = machine_candidates().filter(
        status__in=[Position.Status.APPROVED, Position.Status.REJECTED],
        reviewed_at__isnull=False,
    )
    if since is not None:
        reviewed = reviewed.filter(reviewed_at__gte=since)
    reviewed = reviewed.select_related("speaker").prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("article").order_by(
                "article__first_seen_at", "id"
            ),
        )
    )
    positions = list(reviewed.order_by("reviewed_at", "id"))
    first_versions = _first_versions([position.pk for position in positions])
    for position in positions:
        first = first_versions.get(position.pk)
        extracted = (
            {field: getattr(first, field) for field in CHECKED_FIELDS}
            if first is not None
            else {field: getattr(position, field) for field in CHECKED_FIELDS}
        )
        yield ReviewedCandidate(position, extracted)


def _first_versions(ids: list[int]) -> dict[int, object]:
    """Each position's first historical version: what extraction recorded."""
    first: dict[int, object] = {}
    history = Position.history.filter(id__in=ids).order_by("id", "history_date", "history_id")
    for version in history.iterator():
        first.setdefault(version.id, version)
    return first


@dataclass(frozen=True)
class ApprovalShare:
    reviewed: int
    unchanged: int
    days: int

    @property
    def share(self) -> float | None:
        return self.unchanged / self.reviewed if self.reviewed else None


def approval_share(days: int = 30) -> ApprovalShare:
    """Of the candidates reviewed in the last `days` days, how many were approved with quote,
    speaker, date and stance all as extracted."""
    since = timezone.now() - dt.timedelta(days=days)
    outcomes = [candidate.outcome for candidate in reviewed_candidates(since)]
    return ApprovalShare(
        reviewed=len(outcomes), unchanged=outcomes.count(Outcome.APPROVED), days=days
    )


def export_annotations(folder: Path, since: dt.datetime | None = None) -> dict[str, int]:
    """Write reviewed candidates to `folder` laid out like ../shared/seeds (articles.json,
    gold.json, one text file per article), for `bench/extraction_quality.py --gold-dir`.

    Approved candidates, as the editor left them, are the gold; rejected ones go to
    rejected.json, so extracting them again counts against precision. Editors rarely add
    what extraction missed, so the score is a measure of precision, not of recall."""
    folder.mkdir(parents=True, exist_ok=True)
    articles: dict[int, dict] = {}
    gold: list[dict] = []
    rejected: list[dict] = []
    counts = {Outcome.APPROVED: 0, Outcome.CORRECTED: 0, Outcome.REJECTED: 0, "no text": 0}
    for candidate in reviewed_candidates(since):
        position = candidate.position
        citation = next((c for c in position.citations.all() if c.article.text), None)
        if citation is None:
            counts["no text"] += 1
            continue
        article = citation.article
        if article.pk not in articles:
            name = f"article-{article.pk}.txt"
            (folder / name).write_text(article.text, encoding="utf-8")
            articles[article.pk] = {
                "article": name,
                "url": article.url,
                "published": article.published_on.isoformat() if article.published_on else None,
            }
        entry = {
            "article": articles[article.pk]["article"],
            "speaker": position.speaker.full_name,
            "quote": position.quote,
            "date": position.said_on_iso or None,
            "date_from_text": position.said_on_iso or None,
            "stance": position.stance,
            "direct": position.is_direct,
            "review": candidate.outcome,
            "changed": candidate.changed,
        }
        counts[candidate.outcome] += 1
        (rejected if candidate.outcome == Outcome.REJECTED else gold).append(entry)
    _write_json(folder / "articles.json", list(articles.values()))
    _write_json(folder / "gold.json", gold)
    _write_json(folder / "rejected.json", rejected)
    return counts


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
