"""The promises index's filters: who promised, status, and when first made."""

from __future__ import annotations

from django import forms

from apps.positions.forms import optional_date
from apps.positions.stances import PromiseStatus


class PromiseFilterForm(forms.Form):
    speaker = forms.SlugField(label="Made by", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *PromiseStatus.choices],
        error_messages={"invalid_choice": "“%(value)s” is not a status of a promise."},
    )
    date_from = optional_date("First made from")
    date_to = optional_date("to")

    URL_NAMES = {"date_from": "from", "date_to": "to"}

    def add_prefix(self, field_name: str) -> str:
        return self.URL_NAMES.get(field_name, field_name)

    def valid_data(self) -> dict:
        """The filters that could be read; the others are named in form.errors."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
