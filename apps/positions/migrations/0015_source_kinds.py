"""The "reported by" filter (an outlet kind, or an outlet no state controls) without a
semi-join over every citation.

The filter asked, for each position, whether any citation's outlet was of that kind: at
100,000 positions the slowest counts an analyst could ask for (240 ms for "independent",
130 ms for a kind), since each of the three count queries repeated it. On PostgreSQL each
position now carries the kinds of the outlets that reported it, and "independent" when one
of them is not state-controlled (`source_kinds`), kept by the triggers of migrations 0013
(citations change) and 0014 (outlets change, now also their kind or control), read by the
counts' covering index and by a GIN index for rare kinds. SQLite keeps the semi-join; the
model does not declare the column, which no form or save writes.
"""

from django.db import migrations

from apps.core.migration_operations import postgres_only

LINKS = """
            outlet_ids = coalesce((
                SELECT array_agg(DISTINCT citation.outlet_id ORDER BY citation.outlet_id)
                FROM positions_citation AS citation
                WHERE citation.position_id = position.id AND citation.outlet_id IS NOT NULL
            ), '{}'),
            tag_ids = coalesce((
                SELECT array_agg(link.tag_id ORDER BY link.tag_id)
                FROM positions_position_tags AS link
                WHERE link.position_id = position.id
            ), '{}'),
            lead_outlet = (
                SELECT min(outlet.name)
                FROM positions_citation AS citation
                JOIN sources_outlet AS outlet ON outlet.id = citation.outlet_id
                WHERE citation.position_id = position.id
            )"""

SOURCE_KINDS = """
            source_kinds = coalesce((
                SELECT array_agg(DISTINCT reporter.kind ORDER BY reporter.kind)
                FROM positions_citation AS citation
                JOIN sources_outlet AS outlet ON outlet.id = citation.outlet_id,
                LATERAL (
                    SELECT outlet.kind::text
                    UNION ALL
                    SELECT 'independent' WHERE NOT outlet.state_controlled
                ) AS reporter(kind)
                WHERE citation.position_id = position.id
            ), '{}')"""


def refresh_links(assignments: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION positions_refresh_links(position_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
        UPDATE positions_position AS position SET {assignments}
        WHERE position.id = ANY(position_ids)
    $$
    """


def outlets_changed(condition: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION positions_outlets_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM positions_refresh_links(ARRAY(
            SELECT DISTINCT citation.position_id
            FROM positions_citation AS citation
            JOIN new_rows ON new_rows.id = citation.outlet_id
            JOIN old_rows ON old_rows.id = new_rows.id
            WHERE {condition}
        ));
        RETURN NULL;
    END
    $$
    """


RENAMED = "new_rows.name IS DISTINCT FROM old_rows.name"
RATED = (
    f"{RENAMED} OR new_rows.kind IS DISTINCT FROM old_rows.kind "
    "OR new_rows.state_controlled IS DISTINCT FROM old_rows.state_controlled"
)

FORWARD_SQL = [
    "ALTER TABLE positions_position ADD COLUMN IF NOT EXISTS source_kinds text[] NOT NULL "
    "DEFAULT '{}'",
    refresh_links(f"{LINKS},{SOURCE_KINDS}"),
    # A renamed outlet reorders the positions it reported; a re-rated one changes what
    # they were reported by.
    outlets_changed(RATED),
    "SELECT positions_refresh_links(ARRAY(SELECT DISTINCT position_id FROM positions_citation))",
    "SET CONSTRAINTS ALL IMMEDIATE",
    # The counts read this index alone, now with the kinds that reported each position.
    'DROP INDEX IF EXISTS "position_counts_idx"',
    'CREATE INDEX "position_counts_idx" ON "positions_position" ("status", "dated_on") '
    'INCLUDE ("speaker_id", "stance", "kind", "outlet_ids", "tag_ids", "source_kinds")',
    'CREATE INDEX IF NOT EXISTS "position_source_kinds_idx" ON "positions_position" '
    'USING gin ("source_kinds")',
    "ANALYZE positions_position",
]

BACKWARD_SQL = [
    'DROP INDEX IF EXISTS "position_source_kinds_idx"',
    'DROP INDEX IF EXISTS "position_counts_idx"',
    outlets_changed(RENAMED),
    refresh_links(LINKS),
    "ALTER TABLE positions_position DROP COLUMN IF EXISTS source_kinds",
    'CREATE INDEX "position_counts_idx" ON "positions_position" ("status", "dated_on") '
    'INCLUDE ("speaker_id", "stance", "kind", "outlet_ids", "tag_ids")',
]


class Migration(migrations.Migration):
    dependencies = [("positions", "0014_lead_outlet")]

    operations = [postgres_only(FORWARD_SQL, BACKWARD_SQL)]
