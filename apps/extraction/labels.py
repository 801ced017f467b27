"""The stance labels of ../shared/docs/domain.md as extraction knows them: plain Python, so
the package runs without Django. Recording a position maps them to the model's choices."""

from __future__ import annotations

from enum import StrEnum


class Stance(StrEnum):
    SUPPORTS_NOW = "supports_membership_now"
    SUPPORTS_AFTER_WAR = "supports_membership_after_war"
    SUPPORTS_LONG_TERM = "supports_membership_long_term"
    CONDITIONAL = "conditional"
    ALTERNATIVE_GUARANTEES = "alternative_guarantees"
    OPPOSES = "opposes_membership"
    NEUTRAL = "neutral_or_procedural"
