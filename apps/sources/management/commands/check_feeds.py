"""manage.py check_feeds [FILE]: fetch each curated feed once and say whether it answers
with a feed, for an operator with internet access. Nothing is stored."""

from __future__ import annotations

from pathlib import Path

import feedparser
from django.core.management.base import BaseCommand, CommandError

from apps.sources.services.feed_lists import CURATED, read_curated
from apps.sources.services.fetching import FetchError, FetchRefused, SafeFetcher


class Command(BaseCommand):
    help = "Fetch every curated feed (through the same guard as polling) and report each."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=CURATED)

    def handle(self, *args, file: Path, **options) -> None:
        fetcher = SafeFetcher()
        failing = 0
        for entry in read_curated(file):
            try:
                result = fetcher.fetch(entry.url)
            except (FetchError, FetchRefused) as error:
                failing += 1
                self.stdout.write(f"FAIL {entry.url}: {error}")
                continue
            parsed = feedparser.parse(result.content)
            if parsed.bozo and not parsed.entries:
                failing += 1
                self.stdout.write(f"FAIL {entry.url}: not a readable feed")
            else:
                self.stdout.write(f"ok   {entry.url}: {len(parsed.entries)} entries")
        if failing:
            raise CommandError(f"{failing} feed(s) failed.")
