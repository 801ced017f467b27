"""The stance labels of ../shared/docs/domain.md, with how the site shows them."""

from __future__ import annotations

from django.db import models


class Stance(models.TextChoices):
    SUPPORTS_NOW = "supports_membership_now", "Supports membership now"
    SUPPORTS_AFTER_WAR = "supports_membership_after_war", "Supports membership after the war"
    SUPPORTS_LONG_TERM = "supports_membership_long_term", "Supports membership in the long term"
    CONDITIONAL = "conditional", "Conditional"
    ALTERNATIVE_GUARANTEES = "alternative_guarantees", "Guarantees instead of membership"
    OPPOSES = "opposes_membership", "Opposes membership"
    NEUTRAL = "neutral_or_procedural", "Neutral or procedural"


# Short labels for tight spaces (matrix cells, chart legends); the text always goes with
# the colour, never colour alone.
STANCE_SHORT = {
    Stance.SUPPORTS_NOW: "Now",
    Stance.SUPPORTS_AFTER_WAR: "After war",
    Stance.SUPPORTS_LONG_TERM: "Long term",
    Stance.CONDITIONAL: "Conditional",
    Stance.ALTERNATIVE_GUARANTEES: "Guarantees",
    Stance.OPPOSES: "Opposes",
    Stance.NEUTRAL: "Neutral",
}

# Colour-blind-safe palette (Okabe–Ito), from most to least in favour.
STANCE_COLOUR = {
    Stance.SUPPORTS_NOW: "#009E73",
    Stance.SUPPORTS_AFTER_WAR: "#56B4E9",
    Stance.SUPPORTS_LONG_TERM: "#0072B2",
    Stance.CONDITIONAL: "#E69F00",
    Stance.ALTERNATIVE_GUARANTEES: "#CC79A7",
    Stance.OPPOSES: "#D55E00",
    Stance.NEUTRAL: "#999999",
}

# How far each stance leans towards membership; used to call out shifts in digests.
STANCE_LEANING = {
    Stance.SUPPORTS_NOW: 3,
    Stance.SUPPORTS_AFTER_WAR: 2,
    Stance.SUPPORTS_LONG_TERM: 1,
    Stance.CONDITIONAL: 0,
    Stance.NEUTRAL: 0,
    Stance.ALTERNATIVE_GUARANTEES: -1,
    Stance.OPPOSES: -3,
}


class CommitmentKind(models.TextChoices):
    """What a statement does, beside where it stands (the About page defines each)."""

    PROMISE = "promise", "Promise or pledge"
    DEMAND = "demand", "Demand or request"
    ASSESSMENT = "assessment", "Assessment or forecast"
    CONDITION = "condition", "Condition"
    REFUSAL = "refusal", "Refusal or veto"


class PromiseStatus(models.TextChoices):
    """What became of a promise (apps.promises), set by an editor with a dated note."""

    IN_PROGRESS = "in_progress", "In progress"
    KEPT = "kept", "Kept"
    STALLED = "stalled", "Stalled"
    BROKEN = "broken", "Broken"
    SUPERSEDED = "superseded", "Superseded"


# Each status as the About page defines it.
PROMISE_STATUS_EXPLAINED = {
    PromiseStatus.IN_PROGRESS: "Made and still open: nothing yet shows it kept or broken.",
    PromiseStatus.KEPT: "Done as promised: the step promised was taken.",
    PromiseStatus.STALLED: "Open, but no step towards it for a long time, or its steps halted.",
    PromiseStatus.BROKEN: "The promiser acted against it, or its deadline passed unmet.",
    PromiseStatus.SUPERSEDED: "Replaced by a later promise of the same promiser (linked).",
}
