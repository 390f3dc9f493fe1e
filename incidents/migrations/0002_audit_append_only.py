"""The audit trail is append-only in the database too: UPDATE and DELETE on events are refused by a trigger,
whatever code (or person with a SQL prompt and the application's credentials) tries it."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION incidents_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'incidents_incidentevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER incidents_event_no_update BEFORE UPDATE OR DELETE ON incidents_incidentevent
    FOR EACH ROW EXECUTE FUNCTION incidents_event_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS incidents_event_no_update ON incidents_incidentevent;
DROP FUNCTION IF EXISTS incidents_event_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER incidents_event_no_update BEFORE UPDATE ON incidents_incidentevent
       BEGIN SELECT RAISE(ABORT, 'incidents_incidentevent is append-only (UPDATE refused)'); END;""",
    """CREATE TRIGGER incidents_event_no_delete BEFORE DELETE ON incidents_incidentevent
       BEGIN SELECT RAISE(ABORT, 'incidents_incidentevent is append-only (DELETE refused)'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS incidents_event_no_update;", "DROP TRIGGER IF EXISTS incidents_event_no_delete;"]


def _run(schema_editor, postgres: str, sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    statements = [postgres] if vendor == "postgresql" else sqlite if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_UP, SQLITE_UP)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
