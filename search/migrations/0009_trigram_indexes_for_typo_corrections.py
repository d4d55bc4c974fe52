"""On PostgreSQL: pg_trgm and trigram indexes on the text of Wagtail's index entries, where the database
fallback looks for the words one typo away from a word the index does not know (search.backends.database
.postgres.corrections). pg_trgm ships in PostgreSQL's contrib and is a trusted extension (a database owner
may create it); where it cannot be created, the migration goes on and the fallback reads the whole
vocabulary instead (slower, same corrections)."""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

# The names Wagtail's own `enable_trigram` command gives the same indexes, so either may create them.
INDEXES = {"modelsearch_title_text_trgm": "title_text", "modelsearch_body_text_trgm": "body_text"}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, column in INDEXES.items():
                schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")
    except DatabaseError as error:
        logger.warning("pg_trgm unavailable, typo corrections read the whole vocabulary error=%s", error)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_seed_english_telco_vocabulary"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
