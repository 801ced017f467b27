"""manage.py ingest URL|FILE...: queue pages by URL, or ingest local HTML and text files."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.sources.management.commands._arguments import iso_date, read_source
from apps.sources.models import Article
from apps.sources.services.addresses import NotAWebAddress
from apps.sources.services.articles import article_ingest_content, article_submit
from apps.sources.services.fetching import FetchRefused
from apps.sources.services.pages import UnreadablePage
from apps.sources.tasks import queue_ingest


class Command(BaseCommand):
    help = "Ingest articles: URLs go to the workers, local files are read here."

    def add_arguments(self, parser) -> None:
        parser.add_argument("sources", nargs="+", metavar="URL_OR_FILE")
        parser.add_argument(
            "--published",
            type=iso_date,
            help="publication date (YYYY-MM-DD) for files that carry none",
        )
        parser.add_argument("--url", default="", help="the address a local file was published at")

    def handle(self, *args, sources: list[str], published, url: str, **options) -> None:
        if url and len(sources) > 1:
            raise CommandError("--url names one file's address; give one file with it.")
        failures = 0
        for source in sources:
            if "://" in source:
                try:
                    article, created = article_submit(url=source, origin=Article.Origin.URL)
                except FetchRefused as error:
                    self.stderr.write(f"{source}: {error}")
                    failures += 1
                    continue
                with transaction.atomic():
                    queue_ingest(article.pk)
                article.refresh_from_db()
                self._report(source, article, queued=created)
                continue
            try:
                content, content_type = read_source(source)
                article = article_ingest_content(
                    content=content, url=url, content_type=content_type, published=published
                )
            except (CommandError, UnreadablePage, NotAWebAddress) as error:
                self.stderr.write(f"{source}: {error}")
                failures += 1
                continue
            self._report(source, article, queued=False)
        if failures:
            raise CommandError(f"{failures} of {len(sources)} could not be ingested.")

    def _report(self, source: str, article: Article, *, queued: bool) -> None:
        positions = article.citations.count()
        note = f" ({article.error})" if article.error else ""
        self.stdout.write(
            f"{source}: article {article.pk} {article.get_status_display().lower()}, {positions} statements{note}"
        )
