from __future__ import annotations

from django import forms
from django.core.validators import URLValidator


class ArticleSubmitForm(forms.Form):
    """An article by its address, or by its text pasted in."""

    url = forms.URLField(
        label="Address",
        required=False,
        assume_scheme="https",
        help_text="The page is fetched and read by a worker.",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    text = forms.CharField(
        label="Or paste the text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="For articles behind a paywall or in print. Give the address too if it has one.",
    )
    title = forms.CharField(required=False, max_length=500)
    published = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("url") and not data.get("text", "").strip():
            raise forms.ValidationError("Give an address, paste a text, or both.")
        return data


class OpmlImportForm(forms.Form):
    """An OPML file of feeds: read here, so a file that cannot be read changes nothing."""

    file = forms.FileField(label="OPML file", help_text="As feed readers export it; at most 1 MB.")

    def clean_file(self):
        from apps.sources.services.feed_lists import MAX_OPML_BYTES, UnreadableList, read_opml

        upload = self.cleaned_data["file"]
        if upload.size > MAX_OPML_BYTES:
            raise forms.ValidationError("The file is over 1 MB; split it into smaller lists.")
        try:
            self.cleaned_data["entries"] = read_opml(upload.read())
        except UnreadableList as error:
            raise forms.ValidationError(str(error)) from error
        return upload
