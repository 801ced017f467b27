"""Argument helpers shared by the ingest and extract commands."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {value!r}") from error


def read_source(path_text: str) -> tuple[bytes, str]:
    """The bytes of a local file and whether to read them as HTML or plain text."""
    path = Path(path_text)
    if not path.is_file():
        raise CommandError(f"No such file: {path_text}")
    content = path.read_bytes()
    head = content[:1024].lstrip().lower()
    is_html = path.suffix.lower() in {".html", ".htm", ".xhtml"} or head.startswith(
        (b"<!doctype html", b"<html")
    )
    return content, "text/html" if is_html else "text/plain"
