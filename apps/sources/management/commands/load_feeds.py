"""manage.py load_feeds [FILE]: add the curated feeds (apps/sources/data/feeds.json), once."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.sources.services.feed_lists import (
    CURATED,
    UnreadableList,
    feeds_add,
    read_curated,
    read_opml,
    sort_entries,
)


class Command(BaseCommand):
    help = (
        "Add the curated feeds, or those of an OPML file; feeds already there keep their "
        "state, and feeds an editor removed are not brought back. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="an OPML file instead")

    def handle(self, *args, file: Path | None, **options) -> None:
        try:
            entries = read_curated(CURATED) if file is None else read_opml(file.read_bytes())
        except (OSError, UnreadableList, ValueError) as error:
            raise CommandError(str(error)) from error
        reading = sort_entries(entries)
        for what, why in reading.refused:
            self.stderr.write(f"Refused {what!r}: {why}.")
        added = feeds_add(entries)
        self.stdout.write(
            f"Feeds: {added} added, {len(reading.known)} already known or removed, "
            f"{len(reading.refused)} refused."
        )
