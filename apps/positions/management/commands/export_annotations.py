"""manage.py export_annotations FOLDER : editors' reviews as gold for the quality benchmark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.positions.annotations import export_annotations


class Command(BaseCommand):
    help = (
        "Write reviewed candidates (approved as is, corrected, rejected) laid out like the "
        "seeds, for `bench/extraction_quality.py --gold-dir FOLDER`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--days", type=int, help="only candidates reviewed in the last DAYS days"
        )

    def handle(self, *args, folder: Path, days: int | None, **options) -> None:
        since = timezone.now() - dt.timedelta(days=days) if days else None
        counts = export_annotations(folder, since)
        summary = ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
        self.stdout.write(f"Wrote {folder}: {summary}.")
