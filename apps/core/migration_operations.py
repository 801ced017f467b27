"""Operations shared by migrations."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import migrations


def postgres_only(forward_sql: Sequence[str], backward_sql: Sequence[str]) -> migrations.RunPython:
    """Run these statements on PostgreSQL only: triggers, arrays and indexes SQLite lacks
    (the models do not declare what they make, so SQLite needs nothing in their place)."""

    def run(statements: Sequence[str]):
        def operation(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward_sql), run(backward_sql))
