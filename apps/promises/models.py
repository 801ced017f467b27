"""Promises that outlive one statement: who promised Ukraine what about membership, the
statements that made, kept or contradicted it, and its status over time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.dates import DATE_PRECISION_CHOICES, humanize_partial_date
from apps.positions.stances import PromiseStatus


class PromiseQuerySet(models.QuerySet["Promise"]):
    def made_by(self, speaker_slug: str) -> PromiseQuerySet:
        return self.filter(made_by__slug=speaker_slug)

    def with_status(self, status: str) -> PromiseQuerySet:
        return self.filter(status=status)

    def first_made_between(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> PromiseQuerySet:
        found = self
        if start:
            found = found.filter(first_made_on__gte=start)
        if end:
            found = found.filter(first_made_on__lte=end)
        return found


class Promise(models.Model):
    Status = PromiseStatus

    title = models.CharField(max_length=200, help_text="What was promised, in a line.")
    slug = models.SlugField(max_length=100, unique=True)
    made_by = models.ForeignKey(
        "speakers.Speaker",
        on_delete=models.PROTECT,
        related_name="promises",
        help_text="Who promised: a person or an institution (NATO for a summit declaration).",
    )
    made_to = models.CharField(max_length=200, default="Ukraine", help_text="To whom.")
    content = models.TextField(help_text="What exactly was promised, and on what terms.")
    first_made_on = models.DateField()
    first_made_precision = models.CharField(
        max_length=5, choices=DATE_PRECISION_CHOICES, default="day",
        help_text="How much of the date is known: day, month or year.",
    )  # fmt: skip
    # The latest status change's, kept by services.record_status_change (and by the
    # admin through it), so the index filters on a column.
    status = models.CharField(max_length=12, choices=Status, default=Status.IN_PROGRESS)
    status_since = models.DateField(null=True, blank=True, editable=False)
    tags = models.ManyToManyField("positions.Tag", blank=True, related_name="promises")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-first_made_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promises:detail", args=[self.slug])

    @property
    def first_made_display(self) -> str:
        return humanize_partial_date(self.first_made_on, self.first_made_precision)


class PromiseLink(models.Model):
    """A statement in a promise's story: the one that made it, and later ones that keep,
    advance, qualify or contradict it."""

    class Relation(models.TextChoices):
        MAKES = "makes", "Makes it"
        KEEPS = "keeps", "Keeps it"
        ADVANCES = "advances", "Advances it"
        QUALIFIES = "qualifies", "Qualifies it"
        CONTRADICTS = "contradicts", "Contradicts it"

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="links")
    position = models.ForeignKey(
        "positions.Position", on_delete=models.CASCADE, related_name="promise_links"
    )
    relation = models.CharField(max_length=12, choices=Relation)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "position"],
                name="promise_link_unique",
                violation_error_message="This statement is linked to this promise already.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.position}"


def validate_evidence(value: str) -> None:
    """One http or https address per line; nothing else (no javascript: or file: links)."""
    check = URLValidator(schemes=["http", "https"])
    for line in evidence_lines(value):
        try:
            check(line)
        except ValidationError as error:
            raise ValidationError(
                f"“{line[:80]}” is not a web address (http or https): one per line."
            ) from error


def evidence_lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class StatusChange(models.Model):
    """A promise's status from a date on, with the note and evidence behind it."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=12, choices=PromiseStatus)
    changed_on = models.DateField(help_text="From when the status holds.")
    note = models.TextField(help_text="Why: what happened, in a sentence or two.")
    evidence = models.TextField(
        blank=True,
        validators=[validate_evidence],
        help_text="Addresses of the evidence (http or https), one per line.",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Loaded with the starter data: history, not this week's news for the digest.
    imported = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        indexes = [models.Index(fields=["-created_at"], name="status_change_recent_idx")]

    def __str__(self) -> str:
        return f"{self.promise}: {self.get_status_display()} from {self.changed_on:%d %B %Y}"

    @property
    def evidence_links(self) -> list[str]:
        return evidence_lines(self.evidence)
