"""Statement extraction: pure functions from article text to statements (see pipeline)."""

from __future__ import annotations

from apps.extraction.candidates import Form, Statement
from apps.extraction.labels import Stance
from apps.extraction.names import Gazetteer, KnownRole, KnownSpeaker, usual_stance
from apps.extraction.pipeline import extract_statements

__all__ = [
    "Form",
    "Gazetteer",
    "KnownRole",
    "KnownSpeaker",
    "Stance",
    "Statement",
    "extract_statements",
    "usual_stance",
]
