"""Where statements are reported: outlets, their feeds, and the articles fetched from them."""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.dates import (
    DATE_PRECISION_CHOICES,
    DatePrecision,
    humanize_partial_date,
)
from apps.core.text import unique_slug


class OutletKind(models.TextChoices):
    # The speaker's own channel: a government, presidency, ministry or NATO itself.
    OFFICIAL = "official", "Official source"
    NEWS_AGENCY = "news_agency", "News agency"
    NEWSPAPER = "newspaper", "Newspaper or magazine"
    BROADCASTER = "broadcaster", "Broadcaster"
    THINK_TANK = "think_tank", "Think tank"
    AGGREGATOR = "aggregator", "Aggregator"
    BLOG = "blog", "Blog, forum or personal site"
    OTHER = "other", "Other"


_KIND_LABELS = dict(OutletKind.choices)


def outlet_rating(kind: str, state_controlled: bool) -> str:
    """ "News agency, state-controlled": from a dict, since every card shows it for each
    citation and the model's get_kind_display rebuilds its choices on every call."""
    label = _KIND_LABELS.get(kind, kind)
    return f"{label}, state-controlled" if state_controlled else label


class Outlet(models.Model):
    Kind = OutletKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    domain = models.CharField(
        max_length=253, unique=True, help_text="Host name without www., e.g. reuters.com."
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    state_controlled = models.BooleanField(
        default=False,
        help_text="Owned or editorially controlled by a state (a wire service can be).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OutletKind]), name="outlet_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name, max_length=100)
        super().save(*args, **kwargs)

    @property
    def is_primary_source(self) -> bool:
        """Pages of governments and NATO itself are the statement, not a report of it."""
        return self.kind == self.Kind.OFFICIAL

    @property
    def rating(self) -> str:
        """What an analyst weighs a citation by: "News agency, state-controlled"."""
        return outlet_rating(self.kind, self.state_controlled)


class FeedRemoval(models.Model):
    """A feed an editor deleted: the curated list (load_feeds) does not bring it back."""

    url = models.URLField(max_length=2000, unique=True)
    removed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.url


class FeedQuerySet(models.QuerySet["Feed"]):
    def due(self, now: dt.datetime | None = None) -> FeedQuerySet:
        now = now or timezone.now()
        return self.filter(is_active=True).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )


class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds"
    )
    title = models.CharField(max_length=300, blank=True)
    language = models.CharField(
        max_length=8, default="en", help_text="Language of its articles (extraction reads English)."
    )
    is_active = models.BooleanField(default=True, help_text="Paused feeds are not polled.")
    poll_interval = models.DurationField(default=dt.timedelta(minutes=30))
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["url"]
        indexes = [models.Index(fields=["is_active", "next_poll_at"], name="feed_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval__gte=dt.timedelta(minutes=1)),
                name="feed_poll_interval_at_least_a_minute",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleQuerySet(models.QuerySet["Article"]):
    def failed(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.FAILED)


class ArticleStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    ANALYSED = "analysed", "Analysed"
    IRRELEVANT = "irrelevant", "Not about Ukraine and NATO"
    FAILED = "failed", "Failed"


class Article(models.Model):
    Status = ArticleStatus

    class Origin(models.TextChoices):
        FEED = "feed", "Feed"
        URL = "url", "URL"
        FILE = "file", "File"
        PASTE = "paste", "Pasted text"

    url = models.URLField(max_length=2000, unique=True, help_text="Canonical URL.")
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.URL)
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=5, choices=DATE_PRECISION_CHOICES, default=DatePrecision.DAY
    )
    language = models.CharField(max_length=8, blank=True)
    text = models.TextField(blank=True, help_text="Main text; citations point into it.")
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    raw_compressed = models.BinaryField(
        null=True, blank=True, editable=False, help_text="The fetched page, zlib-compressed."
    )
    raw_content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    first_seen_at = models.DateTimeField(default=timezone.now)
    # When its last message went to a worker (or is due, for a retry): a queued article
    # whose message is long overdue was lost with it and is sent again.
    queued_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-first_seen_at"]
        indexes = [
            models.Index(fields=["status", "-first_seen_at"], name="article_status_seen_idx"),
            models.Index(fields=["status", "queued_at"], name="article_status_queued_idx"),
            models.Index(fields=["outlet", "-published_on"], name="article_outlet_pub_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_precision__in=[p.value for p in DatePrecision]),
                name="article_published_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ArticleStatus]),
                name="article_status_valid",
            ),
            # A web address, or the internal one of a pasted text or file: never a
            # javascript: or data: address that a link in the admin would run.
            models.CheckConstraint(
                condition=Q(url__startswith="http://")
                | Q(url__startswith="https://")
                | Q(url__startswith="urn:sha256:"),
                name="article_url_web_or_internal",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if getattr(self, "_loaded_outlet_id", self.outlet_id) != self.outlet_id:
            # Citations carry their article's outlet for the timeline's filters.
            self.citations.update(outlet_id=self.outlet_id)
        self._loaded_outlet_id = self.outlet_id

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        article = super().from_db(db, field_names, values, **kwargs)
        article._loaded_outlet_id = article.__dict__.get("outlet_id")
        return article

    @property
    def published_display(self) -> str:
        """ "10 July 2024", "July 2024" or "2024": dates read the same across the site."""
        return humanize_partial_date(self.published_on, self.published_precision)

    def store_raw(self, content: bytes, content_type: str = "") -> None:
        """Keep the page as fetched, so the evidence survives when the link dies."""
        self.raw_compressed = zlib.compress(content, 6)
        self.raw_content_type = content_type[:100]

    def raw_content(self) -> bytes:
        return zlib.decompress(bytes(self.raw_compressed)) if self.raw_compressed else b""
