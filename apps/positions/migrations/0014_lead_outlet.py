"""The table view's outlet order without grouping every citation.

Sorting by a position's first outlet by name grouped the filtered positions' citations
and outlets at each request (380 ms unfiltered at 100,000 positions, three times the
default order). On PostgreSQL each position now carries that name (`lead_outlet`), kept
by the triggers of migration 0013 (citations change) and by one on outlets (a rename),
with an index in the table's order. SQLite keeps the grouping; the model does not
declare the column, which no form or save writes.
"""

from django.db import migrations

LEAD_OUTLET = """
    (SELECT min(outlet.name)
     FROM positions_citation AS citation
     JOIN sources_outlet AS outlet ON outlet.id = citation.outlet_id
     WHERE citation.position_id = position.id)
"""

FORWARD_SQL = [
    "ALTER TABLE positions_position ADD COLUMN IF NOT EXISTS lead_outlet varchar(200)",
    f"""
    CREATE OR REPLACE FUNCTION positions_refresh_links(position_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        UPDATE positions_position AS position SET
            outlet_ids = coalesce((
                SELECT array_agg(DISTINCT citation.outlet_id ORDER BY citation.outlet_id)
                FROM positions_citation AS citation
                WHERE citation.position_id = position.id AND citation.outlet_id IS NOT NULL
            ), '{{}}'),
            tag_ids = coalesce((
                SELECT array_agg(link.tag_id ORDER BY link.tag_id)
                FROM positions_position_tags AS link
                WHERE link.position_id = position.id
            ), '{{}}'),
            lead_outlet = {LEAD_OUTLET}
        WHERE position.id = ANY(position_ids)
    $$
    """,
    # A renamed outlet reorders the positions it reported.
    """
    CREATE OR REPLACE FUNCTION positions_outlets_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM positions_refresh_links(ARRAY(
            SELECT DISTINCT citation.position_id
            FROM positions_citation AS citation
            JOIN new_rows ON new_rows.id = citation.outlet_id
            JOIN old_rows ON old_rows.id = new_rows.id
            WHERE new_rows.name IS DISTINCT FROM old_rows.name
        ));
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER sources_outlet_renamed AFTER UPDATE ON sources_outlet
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION positions_outlets_renamed()
    """,
    """
    UPDATE positions_position AS position SET lead_outlet = cited.name
    FROM (
        SELECT citation.position_id, min(outlet.name) AS name
        FROM positions_citation AS citation
        JOIN sources_outlet AS outlet ON outlet.id = citation.outlet_id
        GROUP BY citation.position_id
    ) AS cited
    WHERE cited.position_id = position.id
    """,
    "SET CONSTRAINTS ALL IMMEDIATE",
    # The table's "outlet" order, read in the index's order when nothing else filters.
    'CREATE INDEX IF NOT EXISTS "position_lead_outlet_idx" ON "positions_position" '
    '("lead_outlet" ASC NULLS LAST, "dated_on" DESC NULLS LAST, "id" DESC) '
    "WHERE status = 'approved'",
    "ANALYZE positions_position",
]

BACKWARD_SQL = [
    'DROP INDEX IF EXISTS "position_lead_outlet_idx"',
    "DROP TRIGGER IF EXISTS sources_outlet_renamed ON sources_outlet",
    "DROP FUNCTION IF EXISTS positions_outlets_renamed()",
    """
    CREATE OR REPLACE FUNCTION positions_refresh_links(position_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        UPDATE positions_position AS position SET
            outlet_ids = coalesce((
                SELECT array_agg(DISTINCT citation.outlet_id ORDER BY citation.outlet_id)
                FROM positions_citation AS citation
                WHERE citation.position_id = position.id AND citation.outlet_id IS NOT NULL
            ), '{}'),
            tag_ids = coalesce((
                SELECT array_agg(link.tag_id ORDER BY link.tag_id)
                FROM positions_position_tags AS link
                WHERE link.position_id = position.id
            ), '{}')
        WHERE position.id = ANY(position_ids)
    $$
    """,
    "ALTER TABLE positions_position DROP COLUMN IF EXISTS lead_outlet",
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
    dependencies = [
        ("positions", "0013_facet_links"),
        ("sources", "0005_feed_language_and_removals"),
    ]

    operations = [migrations.RunPython(forward, backward)]
