"""Subscribing and choosing what a digest holds."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q

from apps.positions.models import Position, Tag
from apps.positions.stances import CommitmentKind, Stance
from apps.speakers.models import Speaker


class PreferencesForm(forms.Form):
    speakers = forms.ModelMultipleChoiceField(
        queryset=Speaker.objects.none(),
        required=False,
        help_text="Only these speakers; none chosen means everyone.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    stances = forms.MultipleChoiceField(
        choices=Stance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None chosen means every stance.",
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds of statement",
        choices=CommitmentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only promises, refusals...; none chosen means every kind.",
    )
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.order_by("name"),
        required=False,
        help_text="Only positions with one of these tags; none chosen means all.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Speakers worth following: confirmed ones with approved positions.
        approved = Q(positions__status=Position.Status.APPROVED)
        self.fields["speakers"].queryset = (
            Speaker.objects.confirmed()
            .annotate(approved=Count("positions", filter=approved))
            .filter(approved__gt=0)
            .order_by("full_name")
        )


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )

    field_order = ["email", "speakers", "stances", "kinds", "tags"]
