"""Email subscriptions to a weekly digest of newly approved positions, and what was sent."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from apps.positions.stances import Stance


def new_token_nonce() -> str:
    return secrets.token_urlsafe(12)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not unsubscribed: the only addresses a digest may go to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(max_length=254)
    speakers = models.ManyToManyField("speakers.Speaker", blank=True, related_name="+")
    tags = models.ManyToManyField("positions.Tag", blank=True, related_name="+")
    stances = models.JSONField(default=list, blank=True, help_text="Stance labels; empty for all.")
    kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of statement (promise, demand...); empty for all.",
    )
    # Rotated whenever the subscription changes state, so links in older emails stop working.
    token_nonce = models.CharField(max_length=32, default=new_token_nonce, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscription_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def stance_labels(self) -> list[str]:
        return [Stance(value).label for value in self.stances if value in Stance.values]


class DigestSend(models.Model):
    """One subscriber's digest for one ISO week: claimed, then sent, never twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sends")
    week = models.CharField(max_length=8, help_text="ISO week, e.g. 2025-W10.")
    # The run that is sending it: a run sends only the rows it claimed, so two runs at once
    # never send one digest twice. A claim left by a crashed run expires after a lease.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    position_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week", "subscription"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"], name="digest_send_once_a_week"
            ),
            models.CheckConstraint(
                condition=Q(week__regex=r"^\d{4}-W\d{2}$"), name="digest_send_week_format"
            ),
        ]
        indexes = [models.Index(fields=["week", "sent_at"], name="digest_send_week_idx")]

    def __str__(self) -> str:
        return f"{self.subscription} {self.week}"
