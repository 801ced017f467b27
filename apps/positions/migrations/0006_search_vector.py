"""Full-text search from a stored search vector on PostgreSQL.

Searching with the expression index of 0002 made PostgreSQL recompute to_tsvector for
every row another filter had already narrowed to, hundreds of milliseconds at 100,000
positions. A trigger now keeps each quote's vector in a column with its own GIN index.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD_SQL = [
    'DROP INDEX IF EXISTS "position_quote_search_idx"',
    """
    CREATE TRIGGER position_search_vector_update
    BEFORE INSERT OR UPDATE OF quote ON positions_position
    FOR EACH ROW EXECUTE FUNCTION
    tsvector_update_trigger(search_vector, 'pg_catalog.english', quote)
    """,
    "UPDATE positions_position SET search_vector = to_tsvector('pg_catalog.english', quote)",
    'CREATE INDEX "position_search_vector_idx" ON "positions_position" '
    'USING gin ("search_vector")',
]
BACKWARD_SQL = [
    'DROP INDEX IF EXISTS "position_search_vector_idx"',
    "DROP TRIGGER IF EXISTS position_search_vector_update ON positions_position",
    'CREATE INDEX "position_quote_search_idx" ON "positions_position" '
    "USING gin (to_tsvector('english'::regconfig, COALESCE(quote, '')))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD_SQL:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("positions", "0005_citation_outlet")]

    operations = [
        migrations.AddField(
            model_name="position",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
