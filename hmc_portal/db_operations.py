"""Migration operations for PostgreSQL features a server may lack.

The substring search of the staff lists is answered by pg_trgm's GIN indexes. pg_trgm ships
with PostgreSQL's contrib package, which every packaged server and docker's postgres image
has, but the embedded server of a development machine (pgserver) does not. There the
extension and its indexes are left out and the same search reads the tables instead (the
same results, slower on large tables); everywhere else they are made as usual. The
migration state always holds the indexes, so models and migrations agree on every machine.
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def trigram_available(connection) -> bool:
    """Whether pg_trgm is installed in this database or can be."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def trigram_installed(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


class TrigramExtensionIfAvailable(TrigramExtension):
    """CREATE EXTENSION pg_trgm, where the server has it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if trigram_available(schema_editor.connection):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if trigram_installed(schema_editor.connection):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddTrigramIndex(migrations.AddIndex):
    """AddIndex for a pg_trgm GIN index, made where pg_trgm is installed."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if trigram_installed(schema_editor.connection):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if trigram_installed(schema_editor.connection):
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index.name)}"
            )
