"""Positions: who said what about Ukraine joining NATO, when, and which articles reported it."""

from __future__ import annotations

import datetime as dt
import re
from textwrap import shorten

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.dates import (
    DATE_PRECISION_CHOICES,
    DatePrecision,
    format_partial_date,
    humanize_partial_date,
)
from apps.core.text import clean_text, quote_fingerprint, unique_slug
from apps.positions.stances import STANCE_COLOUR, STANCE_SHORT, CommitmentKind, Stance


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, max_length=80)
        super().save(*args, **kwargs)


class Event(models.Model):
    """A dated occasion statements are made at: a summit, a press conference, a visit."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        MEETING = "meeting", "Ministerial meeting"
        PRESS = "press", "Press conference or interview"
        VISIT = "visit", "Visit"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OTHER)
    location = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Event, self.name, max_length=100)
        super().save(*args, **kwargs)


# The source filter's value for "reported by an outlet no state controls".
INDEPENDENT_SOURCE = "independent"
# The text-search configuration of the quotes' search vector (migration 0006).
SEARCH_CONFIG = "english"


def search_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[\w'-]+", text) if len(word) > 1][:10]


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


class LinkedTo(models.Expression):
    """On PostgreSQL, true when the position's own array of linked ids (`outlet_ids` or
    `tag_ids`, kept by the triggers of migration 0013) or of the kinds of outlets that
    reported it (`source_kinds`, migration 0015) shares a value with `ids`: no join with
    citations or tag links.

    The arrays are not model fields (SQLite has no arrays, and no save may write them),
    so the column is named on whatever alias the positions table has in the query being
    compiled, a subquery's included."""

    output_field = models.BooleanField()
    conditional = True
    # Each array and the type of its values.
    COLUMNS = {"outlet_ids": "integer[]", "tag_ids": "integer[]", "source_kinds": "text[]"}

    def __init__(self, column: str, ids: list[int] | list[str]) -> None:
        if column not in self.COLUMNS:
            raise ValueError(f"No array of linked ids is called {column!r}.")
        super().__init__()
        self.column, self.ids = column, list(ids)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f'{table}."{self.column}" && %s::{self.COLUMNS[self.column]}', (self.ids,)


class LeadOutlet(models.Expression):
    """On PostgreSQL, the name of the first (by name) outlet that reported the position,
    kept by the triggers of migration 0014, for the table's outlet order; named on the
    positions table's alias as LinkedTo is."""

    output_field = models.CharField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f'{table}."lead_outlet"', ()


class PositionQuerySet(models.QuerySet["Position"]):
    """Each filter an analyst, editor or subscriber can set, defined once: the timeline,
    its exports and feed, speaker pages, the review queue and the weekly digest's
    choices all compose these."""

    def approved(self) -> PositionQuerySet:
        return self.filter(status=Position.Status.APPROVED)

    def pending(self) -> PositionQuerySet:
        return self.filter(status=Position.Status.PENDING)

    # The condition of each filter a speaker-and-stance group can be judged by, also read
    # by the counts beside each filter value (facets.py).
    @staticmethod
    def speakers_condition(speaker_ids: list[int]) -> Q:
        return Q(speaker_id__in=speaker_ids)

    @staticmethod
    def country_condition(code: str) -> Q:
        # The country's speakers as a subquery, not a join: counting stays on the index.
        from apps.speakers.models import Speaker

        return Q(speaker_id__in=Speaker.objects.filter(country=code).values("id"))

    @staticmethod
    def stances_condition(stances) -> Q:
        return Q(stance__in=list(stances))

    def by_speakers(self, speaker_ids: list[int]) -> PositionQuerySet:
        return self.filter(self.speakers_condition(speaker_ids))

    def in_country(self, code: str) -> PositionQuerySet:
        return self.filter(self.country_condition(code))

    def with_stances(self, stances) -> PositionQuerySet:
        return self.filter(self.stances_condition(stances))

    def dated_between(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> PositionQuerySet:
        """By the date the timeline places it at: said, or else first reported."""
        found = self
        if start:
            found = found.filter(dated_on__gte=start)
        if end:
            found = found.filter(dated_on__lte=end)
        return found

    def reported_by(self, outlet_ids: list[int]) -> PositionQuerySet:
        if settings.IS_POSTGRES:
            return self.filter(LinkedTo("outlet_ids", outlet_ids))
        reported = Citation.objects.filter(outlet_id__in=outlet_ids)
        return self.filter(id__in=reported.values("position_id"))

    def reported_by_kind(self, source: str) -> PositionQuerySet:
        """Reported by at least one outlet of this kind ("official", "news_agency"...), or
        with "independent", by at least one not controlled by a state."""
        if settings.IS_POSTGRES:
            return self.filter(LinkedTo("source_kinds", [source]))
        if source == INDEPENDENT_SOURCE:
            reported = Citation.objects.filter(outlet__state_controlled=False)
        else:
            reported = Citation.objects.filter(outlet__kind=source)
        return self.filter(id__in=reported.values("position_id"))

    def of_kinds(self, kinds) -> PositionQuerySet:
        return self.filter(kind__in=list(kinds))

    def tagged(self, tag_ids: list[int]) -> PositionQuerySet:
        if settings.IS_POSTGRES:
            return self.filter(LinkedTo("tag_ids", tag_ids))
        tagged = Position.tags.through.objects.filter(tag_id__in=tag_ids)
        return self.filter(id__in=tagged.values("position_id"))

    def search(self, text: str) -> PositionQuerySet:
        """Quotes holding the words: the stored search vector on PostgreSQL (web search
        syntax), every word as a substring elsewhere."""
        if settings.IS_POSTGRES:
            return self.filter(search_vector=search_query(text))
        condition = Q()
        for word in search_words(text):
            condition &= Q(quote__icontains=word)
        return self.filter(condition)

    def newest_first(self) -> PositionQuerySet:
        return self.order_by(F("dated_on").desc(nulls_last=True), "-id")


class PositionStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Position(models.Model):
    Status = PositionStatus

    speaker = models.ForeignKey(
        "speakers.Speaker", on_delete=models.PROTECT, related_name="positions"
    )
    reported_role = models.CharField(
        max_length=200,
        blank=True,
        help_text="The role as the source gives it; shown when no dated role matches.",
    )
    quote = models.TextField(help_text="The words in quotation marks, or the reported clause.")
    is_direct = models.BooleanField(
        default=False, help_text="A direct quote stands in quotation marks in the source."
    )
    context = models.TextField(blank=True, help_text="The sentence or paragraph around it.")
    said_on = models.DateField(null=True, blank=True, help_text="When it was said, not published.")
    said_precision = models.CharField(max_length=5, choices=DATE_PRECISION_CHOICES, blank=True)
    # The earliest publication date among its sources (kept by signals.py), and where the
    # timeline places, sorts and filters it: when it was said, else when first reported.
    reported_on = models.DateField(null=True, blank=True, editable=False)
    dated_on = models.DateField(null=True, blank=True, editable=False)
    stance = models.CharField(max_length=40, choices=Stance)
    kind = models.CharField(
        max_length=12,
        choices=CommitmentKind,
        blank=True,
        help_text="What the statement does: promise, demand, assessment, condition or refusal.",
    )
    # Extraction suggests a kind; it stands unreviewed until an editor confirms or
    # changes it (approving a candidate confirms its kind).
    kind_reviewed = models.BooleanField(default=False)
    kind_cues = models.JSONField(default=list, blank=True, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="positions")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="positions"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    confidence = models.FloatField(default=1.0, help_text="Extraction confidence, 0 to 1.")
    method = models.CharField(
        max_length=80, blank=True, help_text="How it was found: editor, starter data, rules..."
    )
    # Why extraction proposed it, for the editor: the rules that found, attributed, dated
    # and judged it, and the phrases behind its stance. Empty for positions found otherwise
    # and for candidates recorded before the reasons were kept.
    extraction_rules = models.JSONField(default=list, blank=True, editable=False)
    stance_cues = models.JSONField(default=list, blank=True, editable=False)
    quote_fingerprint = models.CharField(max_length=40, editable=False)
    # The quote's words for full-text search, kept by a PostgreSQL trigger (migration 0006)
    # so a search never has to re-read every quote; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_positions",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=[
            "quote_fingerprint",
            "search_vector",
            "updated_at",
            "reported_on",
            "dated_on",
        ],
        m2m_fields=[tags],
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = [F("dated_on").desc(nulls_last=True), "-id"]
        permissions = [("review_position", "Can approve or reject positions")]
        indexes = [
            # The timeline's own order (with NULLS LAST on PostgreSQL) is indexed in
            # migration 0004, which SQLite's dialect cannot express.
            # Covers the facet counts (grouped by speaker and stance) without the table.
            models.Index(
                fields=["status", "speaker", "stance", "dated_on"], name="position_facets_idx"
            ),
            models.Index(fields=["speaker", "dated_on"], name="position_speaker_date_idx"),
            models.Index(fields=["stance", "dated_on"], name="position_stance_date_idx"),
            models.Index(fields=["status", "-created_at"], name="position_queue_idx"),
            models.Index(fields=["status", "reviewed_at"], name="position_reviewed_idx"),
        ]
        constraints = [
            # One statement by one speaker is one position, however many outlets report it.
            models.UniqueConstraint(
                fields=["speaker", "quote_fingerprint"],
                name="position_unique_quote_per_speaker",
                violation_error_message=(
                    "This speaker already has a position with this quote: "
                    "merge the two or reject one of them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(stance__in=[s.value for s in Stance]), name="position_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PositionStatus]),
                name="position_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["", *(k.value for k in CommitmentKind)]),
                name="position_kind_valid",
            ),
            models.CheckConstraint(
                condition=(Q(said_on__isnull=True) & Q(said_precision=""))
                | (
                    Q(said_on__isnull=False)
                    & Q(said_precision__in=[p.value for p in DatePrecision])
                ),
                name="position_said_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="position_confidence_between_0_and_1",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="position_quote_not_empty"),
        ]

    def __str__(self) -> str:
        # Shortened at a word boundary: it names the position in messages and lists.
        return f"{self.speaker}: {shorten(self.quote, width=70, placeholder=' …')}"

    def save(self, *args, **kwargs) -> None:
        self.quote, self.context = clean_text(self.quote), clean_text(self.context)
        self.reported_role = clean_text(self.reported_role)
        self.quote_fingerprint = quote_fingerprint(self.quote)
        self.dated_on = self.said_on or self.reported_on
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "quote" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "quote_fingerprint"}
        if update_fields is not None and "said_on" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "dated_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("positions:detail", kwargs={"pk": self.pk})

    def validate_constraints(self, exclude: set[str] | None = None) -> None:
        # The fingerprint is derived from the quote and never in a form: check it with them.
        self.quote_fingerprint = quote_fingerprint(self.quote)
        super().validate_constraints(exclude=set(exclude or ()) - {"quote_fingerprint"})

    @property
    def date_given(self) -> bool:
        return self.said_on is not None

    @property
    def said_on_display(self) -> str:
        if self.said_on is None:
            if self.reported_on is None:
                return "Date not given"
            return f"Date not given, reported {humanize_partial_date(self.reported_on, 'day')}"
        return humanize_partial_date(self.said_on, self.said_precision)

    @property
    def said_on_iso(self) -> str:
        return format_partial_date(self.said_on, self.said_precision)

    @property
    def dated_on_iso(self) -> str:
        """The date the timeline places it at, for a <time> element."""
        if self.said_on is not None:
            return self.said_on_iso
        return self.reported_on.isoformat() if self.reported_on else ""

    def first_reported(self) -> tuple[str, str]:
        """When the statement was first reported, as (ISO date, basis): the earliest
        publication date among its sources ("published"), else the date it was said
        ("said"), else ("", ""). Never when a row was created. Reads prefetched citations."""
        published = [
            citation.article.published_on
            for citation in self.citations.all()
            if citation.article.published_on is not None
        ]
        if published:
            return min(published).isoformat(), "published"
        if self.said_on is not None:
            return self.said_on_iso, "said"
        return "", ""

    @property
    def reasons_recorded(self) -> bool:
        return bool(self.extraction_rules)

    @property
    def stance_decided(self) -> bool:
        """The extractor found a cue in the words that decides the label; without one the
        label is a weak default (an editor's label, with no cues recorded, counts as decided)."""
        if not self.stance_cues:
            return not self.reasons_recorded
        return any(cue.get("weight", 0) > 0 for cue in self.stance_cues)

    @property
    def stance_short(self) -> str:
        return STANCE_SHORT[Stance(self.stance)]

    @property
    def stance_colour(self) -> str:
        return STANCE_COLOUR[Stance(self.stance)]

    @property
    def role_display(self) -> str:
        """The dated role held that day if known, else the role as reported."""
        role = self.speaker.role_on(self.said_on)
        return role.title if role else self.reported_role

    def approve(self, *, by: object) -> None:
        self.review(self.Status.APPROVED, by=by)

    def reject(self, *, by: object) -> None:
        self.review(self.Status.REJECTED, by=by)

    def review(self, status: str, *, by: object) -> None:
        """Record an editor's decision, and who made it when."""
        self.status = status
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        # Approving a candidate confirms its kind along with the rest.
        self.kind_reviewed = self.kind_reviewed or (
            status == PositionStatus.APPROVED and bool(self.kind)
        )
        self._change_reason = f"{self.get_status_display()} in review"
        self.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "kind_reviewed", "updated_at"]
        )


class Citation(models.Model):
    """An article that reports a position, and where the quote stands in its text."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="citations")
    article = models.ForeignKey(
        "sources.Article", on_delete=models.CASCADE, related_name="citations"
    )
    # Offsets into the article's stored text; null where the text is not stored (starter data
    # cites its sources by URL only, since the articles are others' writing).
    quote_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset in the article text."
    )
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    other_wording = models.BooleanField(
        default=False,
        help_text="The article reports the statement in other words (another translation "
        "or a paraphrase): the offsets mark those words, not the quote's.",
    )
    # The article's outlet, copied here so the timeline's outlet filter and counts read one
    # indexed table; Article.save() keeps it in step when an article changes outlet.
    outlet = models.ForeignKey(
        "sources.Outlet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__first_seen_at", "id"]
        indexes = [models.Index(fields=["outlet", "position"], name="citation_outlet_position_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "article"], name="citation_one_per_position_and_article"
            ),
            models.CheckConstraint(
                condition=(Q(quote_start__isnull=True) & Q(quote_end__isnull=True))
                | Q(quote_end__gt=F("quote_start")),
                name="citation_offsets_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_id} in {self.article_id}"

    def save(self, *args, **kwargs) -> None:
        self.outlet_id = self.article.outlet_id
        super().save(*args, **kwargs)

    @property
    def has_offsets(self) -> bool:
        return self.quote_start is not None and self.quote_end is not None

    def quoted_text(self) -> str:
        if not self.has_offsets:
            return ""
        return self.article.text[self.quote_start : self.quote_end]

    def context(self, width: int = 400) -> tuple[str, str, str] | None:
        """The quote's paragraph as (text before, quote, text after), each side cut to `width`."""
        if not self.has_offsets:
            return None
        text = self.article.text
        paragraph_start = text.rfind("\n", 0, self.quote_start) + 1
        paragraph_end = text.find("\n", self.quote_end)
        if paragraph_end == -1:
            paragraph_end = len(text)
        before = text[max(paragraph_start, self.quote_start - width) : self.quote_start]
        after = text[self.quote_end : min(paragraph_end, self.quote_end + width)]
        if self.quote_start - width > paragraph_start:
            before = "…" + before.split(" ", 1)[-1]
        if self.quote_end + width < paragraph_end:
            after = after.rsplit(" ", 1)[0] + "…"
        return before, text[self.quote_start : self.quote_end], after
