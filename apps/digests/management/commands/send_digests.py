"""manage.py send_digests [--week 2025-W07] [--dry-run]: the weekly run, by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from apps.digests.weekly import digest_run
from apps.digests.weeks import previous_week, week_bounds


class Command(BaseCommand):
    help = "Send the weekly digest for an ISO week (the last full week unless told)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--week", help="ISO week, like 2025-W07. Default: last week.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, week: str | None, dry_run: bool, **options) -> None:
        week = week or previous_week()
        try:
            week_bounds(week)
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = digest_run(week, dry_run=dry_run)
        verb = "would go" if dry_run else "sent"
        if not report.positions:
            self.stdout.write(f"Week {week}: no positions approved, nothing {verb}.")
            return
        self.stdout.write(
            f"Week {week}: {report.positions} positions approved; "
            f"{report.subscribers} active subscribers in {report.batches} batches; "
            f"digests {verb}: {report.sent}; already sent: {report.already_sent}; "
            f"nothing new for their choices: {report.nothing_new}; failed: {report.failed}."
        )
        if report.failed:
            raise CommandError(f"{report.failed} digests failed; run again to retry them.")
