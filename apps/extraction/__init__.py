"""Statement extraction: pure functions from article text to statements."""

from __future__ import annotations

from apps.extraction.names import Gazetteer, KnownRole, KnownSpeaker
from apps.extraction.statements import Statement, extract_statements

__all__ = ["Gazetteer", "KnownRole", "KnownSpeaker", "Statement", "extract_statements"]
