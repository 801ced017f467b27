"""From a fetched page (bytes) to its main text and metadata. Pure: no database, no network.

trafilatura finds the main text, title, author, site name and publication date; htmldate
is the fallback for the date; the canonical URL comes from the page's own link; the
language from the page's markup, else from the text itself (py3langid).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import lxml.etree
import lxml.html
import py3langid
import trafilatura
from htmldate import find_date

from apps.core.dates import DatePrecision, PartialDate
from apps.core.text import clean_text

logger = logging.getLogger(__name__)

_TEXT_TYPES = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class UnreadablePage(ValueError):
    """The bytes are not a page we can read: binary, empty, or with no main text."""


@dataclass(frozen=True)
class PageContent:
    text: str
    title: str = ""
    author: str = ""
    site_name: str = ""
    published: PartialDate | None = None
    canonical_url: str = ""
    language: str = ""

    def __post_init__(self) -> None:
        # Stored text holds no control character (the Atom feed and PostgreSQL refuse
        # some); cleaning here, before anything is found in it, keeps quote offsets true.
        object.__setattr__(self, "text", clean_text(self.text))
        for name in ("title", "author", "site_name"):
            object.__setattr__(self, name, clean_text(getattr(self, name)).replace("\n", " "))

    @property
    def content_hash(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_readable_type(content_type: str) -> bool:
    """Pages we read; a missing content type is given the benefit of the doubt."""
    media_type = content_type.split(";")[0].strip().lower()
    return not media_type or media_type.startswith(_TEXT_TYPES) or media_type.endswith("+xml")


def read_html(content: bytes | str, *, url: str = "") -> PageContent:
    """Main text and metadata of an HTML page; UnreadablePage when there is none."""
    if isinstance(content, bytes):
        if not content.strip():
            raise UnreadablePage("The page is empty.")
        if b"\x00" in content[:2048]:
            raise UnreadablePage("The page is binary, not HTML.")
    try:
        # trafilatura's loader guesses the encoding and repairs common breakage.
        tree = trafilatura.load_html(content)
    except (lxml.etree.ParserError, ValueError, TypeError) as error:
        raise UnreadablePage(f"The page could not be parsed as HTML: {error}") from error
    if tree is None:
        raise UnreadablePage("The page could not be parsed as HTML.")
    # Metadata first: trafilatura prunes the tree as it extracts. trafilatura's own metadata
    # pass costs a third of the page time (categories, tags, author heuristics); the page's
    # declared metadata and htmldate give what we keep for a fraction of it.
    canonical = _canonical_url(tree)
    declared_language = (tree.get("lang") or "").split("-")[0].lower()
    title = _first(tree, _TITLE_PATHS)
    author = _first(tree, _AUTHOR_PATHS)
    site_name = _first(tree, _SITE_PATHS)
    published = _date(find_date(tree, **_DATE_PARAMS, url=url or None))
    document = trafilatura.bare_extraction(tree, url=url or None, fast=True, include_comments=False)
    if document is None or not (document.text or "").strip():
        raise UnreadablePage("No main text was found on the page.")
    text = document.text.strip()
    return PageContent(
        text=text,
        title=(title or document.title or "").strip()[:500],
        author=author[:300],
        site_name=site_name[:200],
        published=published,
        canonical_url=canonical,
        language=declared_language or detect_language(text),
    )


def read_text(text: str) -> PageContent:
    """Plain text as it stands: the first line is taken for a title."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise UnreadablePage("The text is empty.")
    if "\x00" in text:
        raise UnreadablePage("The text holds a NUL byte, which no stored text may: a binary file?")
    sample = text[:4096]
    control = sum(1 for char in sample if char < " " and char not in "\n\t\r")
    if control + sample.count("\ufffd") > len(sample) // 20:
        raise UnreadablePage("The file is binary, not text.")
    first_line = text.split("\n", 1)[0].strip()
    return PageContent(text=text, title=first_line[:500], language=detect_language(text))


def detect_language(text: str) -> str:
    language, _ = py3langid.classify(text[:2000])
    return language


_TITLE_PATHS = (
    '//meta[@property="og:title"]/@content',
    '//meta[@name="twitter:title"]/@content',
    "//title/text()",
    "//h1//text()",
)
_AUTHOR_PATHS = ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content')
_SITE_PATHS = (
    '//meta[@property="og:site_name"]/@content',
    '//meta[@name="application-name"]/@content',
)


def _first(tree: lxml.html.HtmlElement, paths: tuple[str, ...]) -> str:
    for path in paths:
        for value in tree.xpath(path):
            value = " ".join(str(value).split())
            if value:
                return value
    return ""


def _canonical_url(tree: lxml.html.HtmlElement) -> str:
    for href in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        href = href.strip()
        if href.startswith(("http://", "https://")):
            return href
    return ""


def _date(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate(dt.date.fromisoformat(value[:10]), DatePrecision.DAY)
    except ValueError:
        return None
