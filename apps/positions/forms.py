"""The timeline's filter form: GET parameters with plain names, validated."""

from __future__ import annotations

import re

from django import forms
from django.contrib.admin.sites import AdminSite
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.text import slugify

from apps.positions.models import INDEPENDENT_SOURCE, Position
from apps.positions.review import CONFIDENCE_BANDS, ReviewFilters
from apps.positions.services import tags_from_names
from apps.positions.stances import CommitmentKind, Stance
from apps.positions.timeline import TimelineFilters, speaker_slugs_matching
from apps.sources.models import Outlet
from apps.speakers.services import speaker_confirm

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
# "Reported by": an outlet kind, or any outlet no state controls.
SOURCE_CHOICES = [
    ("", "Any source"),
    *Outlet.Kind.choices,
    (INDEPENDENT_SOURCE, "An outlet no state controls"),
]


def optional_date(label: str) -> forms.DateField:
    """A date filter written YYYY-MM-DD, as in the URL, with the browser's date picker."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Dates are written YYYY-MM-DD."},
    )


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
    kind = forms.ChoiceField(
        label="Kind of statement",
        required=False,
        choices=[("", "Any kind"), *CommitmentKind.choices],
        error_messages={"invalid_choice": "“%(value)s” is not a kind of statement."},
    )
    date_from = optional_date("From")
    date_to = optional_date("To")
    outlet = forms.SlugField(label="Outlet", required=False, max_length=100)
    source = forms.ChoiceField(
        label="Reported by",
        required=False,
        choices=SOURCE_CHOICES,
        error_messages={"invalid_choice": "“%(value)s” is not a kind of source."},
    )
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
        "kind",
        "from",
        "to",
        "outlet",
        "source",
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
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            outlet=data.get("outlet") or "",
            source=data.get("source") or "",
            tag=data.get("tag") or "",
            text=data.get("q") or "",
        )


class ReviewFilterForm(forms.Form):
    """The review queue's filters: plain GET parameters, like the timeline's."""

    outlet = forms.ChoiceField(label="Outlet", required=False)
    confidence = forms.ChoiceField(
        label="Confidence",
        required=False,
        choices=[("", "Any"), *((key, band[0]) for key, band in CONFIDENCE_BANDS.items())],
    )
    stance = forms.ChoiceField(
        label="Stance", required=False, choices=[("", "Any"), *Stance.choices]
    )
    date_from = optional_date("Said from")
    date_to = optional_date("Said until")

    def __init__(self, data=None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        outlets = (
            Outlet.objects.filter(articles__citations__position__status=Position.Status.PENDING)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.fields["outlet"].choices = [("", "Any"), *outlets]

    def filters(self) -> ReviewFilters:
        """The valid filters; an invalid one is left out and its error shown instead."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ReviewFilters(
            outlet=data.get("outlet") or "",
            confidence=data.get("confidence") or "",
            stance=data.get("stance") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class CandidateForm(forms.ModelForm):
    """One candidate's speaker, date, stance and tags, corrected in the review queue."""

    new_tags = forms.CharField(
        label="New tags",
        required=False,
        max_length=300,
        help_text="Tags to create, separated by commas.",
        widget=forms.TextInput(attrs={"placeholder": "e.g. red lines, Istanbul talks"}),
    )
    # Shown when extraction proposed a speaker nobody has confirmed: approving makes them
    # public, and a public speaker is named with a role.
    speaker_role = forms.CharField(
        label="Role of this new speaker",
        required=False,
        max_length=200,
        help_text="Needed to approve: the speaker is new. For example: Foreign Minister.",
    )

    class Meta:
        model = Position
        fields = ["speaker", "said_on", "said_precision", "stance", "kind", "tags"]
        widgets = {"said_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, admin_site: AdminSite | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            # The admin's own autocompletes: a thousand speakers cost nothing to render.
            for name, widget in (
                ("speaker", AutocompleteSelect),
                ("tags", AutocompleteSelectMultiple),
            ):
                field = self.fields[name]
                field.widget = widget(Position._meta.get_field(name), admin_site)
                field.widget.choices, field.widget.is_required = field.choices, field.required
        speaker = self.instance.speaker if self.instance.speaker_id else None
        if speaker is not None and speaker.is_new:
            self.fields["speaker_role"].initial = self.instance.reported_role
        else:
            del self.fields["speaker_role"]

    @property
    def approving(self) -> bool:
        return self.data.get("decision") == "approve"

    def clean_new_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["new_tags"].split(",")]
        for name in names:
            if name and not slugify(name):
                raise forms.ValidationError(
                    f"“{name}” cannot be a tag: it needs letters or digits."
                )
        return [name for name in names if name]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("said_on") and not data.get("said_precision"):
            self.add_error("said_precision", "Say how precise the date is.")
        if data.get("said_precision") and not data.get("said_on"):
            self.add_error("said_on", "A precision needs a date.")
        speaker = data.get("speaker")
        if self.approving and speaker and speaker.is_new and not data.get("speaker_role"):
            self.add_error(
                "speaker_role" if "speaker_role" in self.fields else "speaker",
                f"{speaker.full_name} is new: give their role before approving, "
                "or choose the speaker they already are.",
            )
        return data

    def save(self, commit: bool = True) -> Position:
        position = super().save(commit=commit)
        if commit and self.cleaned_data["new_tags"]:
            position.tags.add(*tags_from_names(self.cleaned_data["new_tags"]))
        if commit and self.approving and self.cleaned_data.get("speaker_role"):
            speaker_confirm(position.speaker, role=self.cleaned_data["speaker_role"])
        return position
