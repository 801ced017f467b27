"""People and institutions who speak, the organisations they serve and the roles they hold."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.text import normalise_name, unique_slug


class OrganisationKind(models.TextChoices):
    ALLIANCE = "alliance", "Alliance"
    GOVERNMENT = "government", "Government"
    PARLIAMENT = "parliament", "Parliament"
    PARTY = "party", "Political party"
    INTERNATIONAL = "international", "International organisation"
    AGENCY = "agency", "Government agency"
    OTHER = "other", "Other"


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code; blank for international."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OrganisationKind]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Organisation, self.short_name or self.name, max_length=80)
        super().save(*args, **kwargs)


class SpeakerQuerySet(models.QuerySet["Speaker"]):
    def confirmed(self) -> SpeakerQuerySet:
        return self.filter(is_confirmed=True)

    def with_roles(self) -> SpeakerQuerySet:
        return self.prefetch_related(
            models.Prefetch("roles", queryset=Role.objects.select_related("organisation"))
        )


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        INSTITUTION = "institution", "Institution"

    full_name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    country = models.CharField(
        max_length=2, blank=True, db_index=True, help_text="ISO 3166-1 alpha-2 code."
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="institution_speakers",
        help_text="For an institution speaking as a body: the institution itself.",
    )
    photo_url = models.URLField(blank=True)
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="For example Q3579127.")
    is_confirmed = models.BooleanField(
        default=True,
        help_text="Unconfirmed speakers were proposed by extraction and await an editor.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        permissions = [("merge_speaker", "Can merge duplicate speakers")]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="speaker_wikidata_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "institution"]), name="speaker_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("speakers:detail", kwargs={"slug": self.slug})

    @property
    def is_new(self) -> bool:
        """Proposed by extraction, confirmed by nobody, with no role known: approving a
        statement of theirs makes them public, so the editor gives the role first."""
        return not self.is_confirmed and not self.roles.all()  # prefetched where many

    @property
    def last_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else ""

    def role_on(self, date: dt.date | None) -> Role | None:
        """The role held on `date`, from the prefetched roles where there are any.

        With several roles on one day the most recent appointment wins; with no date the
        latest role is the best guess.
        """
        roles = sorted(self.roles.all(), key=lambda role: role.started_on or dt.date.min)
        if date is None:
            return roles[-1] if roles else None
        held = [role for role in roles if role.held_on(date)]
        return held[-1] if held else None


class SpeakerAlias(models.Model):
    """Another name a speaker goes by: a spelling, a surname, a title ("the NATO chief")."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "normalised"],
                name="speaker_alias_unique_per_speaker",
                violation_error_message="This speaker already has this name or alias.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalised = normalise_name(self.name)
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude: set[str] | None = None) -> None:
        # `normalised` is derived from the name and never in a form: check it with the name.
        self.normalised = normalise_name(self.name)
        super().validate_constraints(exclude=set(exclude or ()) - {"normalised"})


class Role(models.Model):
    """A title a speaker held from one date to another, so a statement shows the role of its day."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while still in office.")

    class Meta:
        ordering = ["speaker", "-started_on"]
        indexes = [models.Index(fields=["speaker", "started_on"], name="role_speaker_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.span})"

    @property
    def span(self) -> str:
        start = str(self.started_on.year) if self.started_on else "?"
        end = str(self.ended_on.year) if self.ended_on else "present"
        return f"{start}–{end}"

    def held_on(self, date: dt.date) -> bool:
        started = self.started_on is None or self.started_on <= date
        not_ended = self.ended_on is None or date <= self.ended_on
        return started and not_ended
