"""The timeline's filter form: GET parameters with plain names, validated."""

from __future__ import annotations

import re

from django import forms

from apps.positions.stances import Stance
from apps.positions.timeline import TimelineFilters, speaker_slugs_matching

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


class SlugListField(forms.Field):
    """A repeatable parameter of slugs (?speaker=a&speaker=b); malformed ones are refused."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = [v.strip().lower() for v in (value or []) if v and v.strip()]
        bad = [v for v in values if not _SLUG.match(v)]
        if bad:
            raise forms.ValidationError(f"Not a valid name in a link: {bad[0][:40]!r}.")
        return list(dict.fromkeys(values))[:20]


class TimelineFilterForm(forms.Form):
    q = forms.CharField(label="Search the quotes", required=False, max_length=200, strip=True)
    speaker = SlugListField(label="Speakers", required=False)
    org = forms.SlugField(label="Organisation", required=False, max_length=80)
    country = forms.RegexField(
        label="Country", regex=r"^[A-Za-z]{2}$", required=False,
        error_messages={"invalid": "A country is a two-letter code, such as UA or DE."},
    )  # fmt: skip
    stance = forms.MultipleChoiceField(
        label="Stance", choices=Stance.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    date_from = forms.DateField(
        label="From", required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Dates are written YYYY-MM-DD."},
    )  # fmt: skip
    date_to = forms.DateField(
        label="To", required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Dates are written YYYY-MM-DD."},
    )  # fmt: skip
    outlet = forms.SlugField(label="Outlet", required=False, max_length=100)
    tag = forms.SlugField(label="Tag", required=False, max_length=80)
    # The speaker search box: with JavaScript it suggests names; without, a submitted name
    # adds the speakers it matches.
    speaker_q = forms.CharField(label="Find a speaker", required=False, max_length=60, strip=True)

    # "from" and "to" are Python keywords: the fields are date_from and date_to, the URL
    # parameters (and the inputs' names) are from and to.
    URL_NAMES = {"date_from": "from", "date_to": "to"}
    KNOWN_PARAMETERS = {
        "q",
        "speaker",
        "speaker_q",
        "org",
        "country",
        "stance",
        "from",
        "to",
        "outlet",
        "tag",
        "page",
    }

    def __init__(self, data=None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.unknown_parameters = sorted(set(data.keys()) - self.KNOWN_PARAMETERS) if data else []

    def add_prefix(self, field_name: str) -> str:
        return self.URL_NAMES.get(field_name, field_name)

    def clean_country(self) -> str:
        return self.cleaned_data["country"].upper()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> TimelineFilters:
        """The valid filters; an invalid one is left out and its error shown instead."""
        if not self.is_bound:
            return TimelineFilters()
        self.is_valid()
        data = self.cleaned_data
        speakers = list(data.get("speaker") or ())
        if data.get("speaker_q"):
            speakers += [
                slug for slug in speaker_slugs_matching(data["speaker_q"]) if slug not in speakers
            ]
        return TimelineFilters(
            speakers=tuple(speakers),
            organisation=data.get("org") or "",
            country=data.get("country") or "",
            stances=tuple(data.get("stance") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            outlet=data.get("outlet") or "",
            tag=data.get("tag") or "",
            text=data.get("q") or "",
        )
