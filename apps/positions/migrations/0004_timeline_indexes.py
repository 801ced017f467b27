"""Indexes for the timeline's order and its counts.

The order index spells out NULLS LAST on PostgreSQL (where DESC puts nulls first), so the
newest-first query reads it off the index; SQLite cannot say NULLS LAST in an index and
puts nulls last for DESC anyway.
"""

from django.db import migrations, models

ORDER_SQL = {
    "postgresql": 'CREATE INDEX IF NOT EXISTS "position_timeline_idx" ON "positions_position" '
    '("status", "said_on" DESC NULLS LAST, "id" DESC)',
    "sqlite": 'CREATE INDEX IF NOT EXISTS "position_timeline_idx" ON "positions_position" '
    '("status", "said_on" DESC, "id" DESC)',
}


def create_order_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute('DROP INDEX IF EXISTS "position_timeline_idx"')
    if vendor in ORDER_SQL:
        schema_editor.execute(ORDER_SQL[vendor])


def drop_order_index(apps, schema_editor):
    schema_editor.execute('DROP INDEX IF EXISTS "position_timeline_idx"')


class Migration(migrations.Migration):
    dependencies = [("positions", "0003_editor_and_admin_groups")]

    operations = [
        migrations.RemoveIndex(model_name="position", name="position_timeline_idx"),
        migrations.RunPython(create_order_index, drop_order_index),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["status", "speaker", "stance", "said_on"], name="position_facets_idx"),
        ),
    ]
