from __future__ import annotations

from django.core.management.base import BaseCommand

from apps.positions.starter import starter_data_load


class Command(BaseCommand):
    help = "Load the starter positions, speakers and sources; safe to run again."

    def handle(self, *args, **options) -> None:
        report = starter_data_load()
        self.stdout.write(
            f"Starter data: {report.positions_total} positions ({report.positions_created} new) "
            f"from {report.speakers} speakers, {report.outlets} outlets"
            + "".join(f"; {line}" for line in report.others)
            + "."
        )
