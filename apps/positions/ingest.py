"""From a stored article to positions for review: the step above both sources (which
fetches and stores articles) and extraction (which finds statements in text).

Extraction runs outside any transaction, with no row locked; the result is recorded in
a short transaction that first checks the text it read is still the article's, so a
newer text stored meanwhile (whose own analysis follows) is never overwritten, and a
concurrent run of the same analysis records nothing twice (positions and citations are
unique in the database).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.dates import DatePrecision, PartialDate
from apps.extraction import Statement, extract_statements
from apps.extraction.pipeline import reading_limit
from apps.extraction.topic import is_about_ukraine_and_nato
from apps.positions.gazetteer import cached_gazetteer
from apps.positions.services import positions_record
from apps.sources.models import Article

SUPPORTED_LANGUAGES = {"en"}


def article_analyse(
    *, article_id: int, raw: bytes | None = None, content_type: str = ""
) -> Article:
    """Decide whether the article is about Ukraine and NATO, extract its statements and
    record them for review. The page as fetched is kept for relevant articles (the
    evidence behind their citations); irrelevant ones keep their text only."""
    article = Article.objects.defer("raw_compressed").get(pk=article_id)
    status, error, statements = _read(article)
    with transaction.atomic():
        current = Article.objects.select_for_update().defer("raw_compressed").get(pk=article_id)
        if current.content_hash != article.content_hash:
            return current  # a newer text arrived meanwhile: its own analysis follows
        current.status, current.error, current.analysed_at = status, error, timezone.now()
        changed = ["status", "error", "analysed_at"]
        if status == Article.Status.IRRELEVANT:
            current.raw_compressed, current.raw_content_type = None, ""
            changed += ["raw_compressed", "raw_content_type"]
        elif raw is not None:
            current.store_raw(raw, content_type)
            changed += ["raw_compressed", "raw_content_type"]
        current.save(update_fields=changed)
        if statements:
            positions_record(article=current, statements=statements)
    return current


def _read(article: Article) -> tuple[str, str, list[Statement]]:
    """(status, error, statements) for the article's text; no database writes."""
    if article.language and article.language not in SUPPORTED_LANGUAGES:
        error = f"Language {article.language!r} is not analysed (English only)."
        return Article.Status.IRRELEVANT, error, []
    if not is_about_ukraine_and_nato(article.text):
        return Article.Status.IRRELEVANT, "", []
    statements = extract_statements(
        article.text,
        # known to the day, month or year: no statement is dated more precisely
        published=(
            PartialDate(article.published_on, DatePrecision(article.published_precision))
            if article.published_on
            else None
        ),
        gazetteer=cached_gazetteer(),
        parser_model=settings.EXTRACTION_PARSER_MODEL,
    )
    _, limited = reading_limit(article.text)
    return Article.Status.ANALYSED, limited, statements


def analyse_when_ready(
    sender, *, article_id: int, raw: bytes | None = None, content_type: str = "", **kwargs
) -> None:
    """Receiver of sources.signals.article_text_ready."""
    article_analyse(article_id=article_id, raw=raw, content_type=content_type)


def warm_up() -> None:
    """Load the parser once at a worker's start (and before forking), not in a task."""
    from apps.extraction import parsing

    parsing.load(settings.EXTRACTION_PARSER_MODEL)
