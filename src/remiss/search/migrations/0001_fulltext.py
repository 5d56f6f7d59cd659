"""Full-text indexes over answer pages and points: on PostgreSQL stored tsvector columns with
GIN indexes, on SQLite FTS5 tables kept by triggers (see remiss.search.index)."""

from django.db import migrations


def create(apps, schema_editor):
    from remiss.search.index import index_create

    index_create(schema_editor.connection)


def drop(apps, schema_editor):
    from remiss.search.index import index_drop

    index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0002_intake"),
        ("analysis", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
