"""Statement extraction: pure functions from article text to statements."""

from __future__ import annotations

from apps.sources.services.extraction.names import Gazetteer, KnownRole, KnownSpeaker
from apps.sources.services.extraction.statements import Statement, extract_statements

__all__ = ["Gazetteer", "KnownRole", "KnownSpeaker", "Statement", "extract_statements"]
