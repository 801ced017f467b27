"""manage.py extract FILE... : print the statements the pipeline finds, writing nothing."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from apps.extraction import Gazetteer, extract_statements
from apps.positions.gazetteer import gazetteer_from_database, gazetteer_from_starter_data
from apps.sources.management.commands._arguments import iso_date, read_source
from apps.sources.services.pages import UnreadablePage, read_html, read_text


class Command(BaseCommand):
    help = "Print the statements found in HTML or text files, as JSON or text; the database is only read."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--url", default="", help="the address the file was published at")
        parser.add_argument("--published", type=iso_date, help="publication date, YYYY-MM-DD")

    def handle(self, *args, files: list[str], format: str, url: str, published, **options) -> None:
        gazetteer = self._gazetteer()
        found: list[dict] = []
        unreadable = 0
        for path in files:
            try:
                content, content_type = read_source(path)
                if content_type == "text/html":
                    page = read_html(content, url=url)
                else:
                    page = read_text(content.decode("utf-8", errors="replace"))
            except (CommandError, UnreadablePage) as error:
                # One bad file is named; the others are still read.
                self.stderr.write(f"{path}: {error}")
                unreadable += 1
                continue
            date = published or page.published  # the page's date, as precisely as it gives it
            for statement in extract_statements(
                page.text,
                published=date,
                gazetteer=gazetteer,
                parser_model=settings.EXTRACTION_PARSER_MODEL,
            ):
                found.append({"file": path, **statement.as_dict()})
        self._print(found, format)
        if unreadable:
            raise CommandError(f"{unreadable} of {len(files)} files could not be read.")

    def _print(self, found: list[dict], format: str) -> None:
        if format == "json":
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
            return
        for item in found:
            said = item["said_on"] or "undated"
            self.stdout.write(
                f"{said:10}  {item['speaker']} ({item['role'] or 'role unknown'}) [{item['stance']}, "
                f"{item['confidence']:.2f}]\n            {'“' if item['direct'] else ''}{item['quote']}{'”' if item['direct'] else ''}\n"
            )

    def _gazetteer(self) -> Gazetteer:
        """Speakers from the database when it has them; else those of the starter data."""
        try:
            gazetteer = gazetteer_from_database()
        except DatabaseError:
            gazetteer = Gazetteer()
        return gazetteer if len(gazetteer) else gazetteer_from_starter_data()
