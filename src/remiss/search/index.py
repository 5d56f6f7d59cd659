"""The full-text indexes, kept by the database itself so no Python code has to remember them.

PostgreSQL: responses_documentpage and analysis_point each get a stored generated column
`search_vector tsvector GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, text))` with a
GIN index. PostgreSQL computes it as a row is written, so there is nothing to keep in step, and
Django never names the column, so the models need not know it. A plain expression index would
do for matching, but ranking (ts_rank) and re-checking would then parse the text of every
candidate again: about 1 ms per page, seconds for a common word in 100,000 answers. The stored
vector costs disk (about the size of the text) and makes that microseconds. Adding the column
rewrites the two tables once, which takes a while on a large existing database.

SQLite: FTS5 tables with `tokenize='unicode61 remove_diacritics 0'` (so "hög" and "hog" stay
different words), kept in step by triggers on insert, update and delete of the source rows.
- search_page_fts is an external-content table over responses_documentpage (its integer id is
  the rowid), so the page text is not stored twice.
- analysis_point has a UUID primary key, and the hidden rowid of such a table may change on
  VACUUM, so points get a stable integer of their own in search_point_key and a copy of their
  (short) text in search_point_fts.
Django rebuilds a SQLite table (and so drops its triggers) when a later migration alters it;
`index_repair_after_migrate` runs after every `migrate`, puts missing triggers back and then
rebuilds the indexes, so they cannot silently go stale.
"""

import logging

from django.db import connection as default_connection

logger = logging.getLogger(__name__)

_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"

SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_page_fts USING fts5("
    f"text, content='responses_documentpage', content_rowid='id', {_TOKENIZE})",
    "CREATE TABLE IF NOT EXISTS search_point_key ("
    "id INTEGER PRIMARY KEY, point_id char(32) NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_point_fts USING fts5(text, {_TOKENIZE})",
]

SQLITE_TRIGGERS = {
    "search_page_ai": """
        CREATE TRIGGER IF NOT EXISTS search_page_ai AFTER INSERT ON responses_documentpage BEGIN
            INSERT INTO search_page_fts(rowid, text) VALUES (new.id, new.text);
        END""",
    "search_page_ad": """
        CREATE TRIGGER IF NOT EXISTS search_page_ad AFTER DELETE ON responses_documentpage BEGIN
            INSERT INTO search_page_fts(search_page_fts, rowid, text)
            VALUES ('delete', old.id, old.text);
        END""",
    "search_page_au": """
        CREATE TRIGGER IF NOT EXISTS search_page_au AFTER UPDATE ON responses_documentpage BEGIN
            INSERT INTO search_page_fts(search_page_fts, rowid, text)
            VALUES ('delete', old.id, old.text);
            INSERT INTO search_page_fts(rowid, text) VALUES (new.id, new.text);
        END""",
    "search_point_ai": """
        CREATE TRIGGER IF NOT EXISTS search_point_ai AFTER INSERT ON analysis_point BEGIN
            INSERT INTO search_point_key(point_id) VALUES (new.id);
            INSERT INTO search_point_fts(rowid, text)
            SELECT id, new.text FROM search_point_key WHERE point_id = new.id;
        END""",
    "search_point_ad": """
        CREATE TRIGGER IF NOT EXISTS search_point_ad AFTER DELETE ON analysis_point BEGIN
            DELETE FROM search_point_fts
            WHERE rowid = (SELECT id FROM search_point_key WHERE point_id = old.id);
            DELETE FROM search_point_key WHERE point_id = old.id;
        END""",
    "search_point_au": """
        CREATE TRIGGER IF NOT EXISTS search_point_au AFTER UPDATE ON analysis_point BEGIN
            DELETE FROM search_point_fts
            WHERE rowid = (SELECT id FROM search_point_key WHERE point_id = old.id);
            DELETE FROM search_point_key WHERE point_id = old.id;
            INSERT INTO search_point_key(point_id) VALUES (new.id);
            INSERT INTO search_point_fts(rowid, text)
            SELECT id, new.text FROM search_point_key WHERE point_id = new.id;
        END""",
}

SQLITE_REBUILD = [
    "INSERT INTO search_page_fts(search_page_fts) VALUES ('rebuild')",
    "DELETE FROM search_point_fts",
    "DELETE FROM search_point_key",
    "INSERT INTO search_point_key(point_id) SELECT id FROM analysis_point",
    "INSERT INTO search_point_fts(rowid, text) SELECT k.id, p.text "
    "FROM search_point_key k JOIN analysis_point p ON p.id = k.point_id",
]

SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS search_point_fts",
    "DROP TABLE IF EXISTS search_point_key",
    "DROP TABLE IF EXISTS search_page_fts",
]

POSTGRES_TABLES = ("responses_documentpage", "analysis_point")

POSTGRES_CREATE = [
    statement
    for table in POSTGRES_TABLES
    for statement in (
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, text)) STORED",
        f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING GIN (search_vector)",
    )
]

POSTGRES_DROP = [
    f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector" for table in POSTGRES_TABLES
]


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def index_create(connection) -> None:
    """Create the indexes of this database and fill them from the rows already there."""
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRES_CREATE)
    elif connection.vendor == "sqlite":
        _execute(connection, [*SQLITE_TABLES, *SQLITE_TRIGGERS.values(), *SQLITE_REBUILD])


def index_drop(connection) -> None:
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRES_DROP)
    elif connection.vendor == "sqlite":
        _execute(connection, SQLITE_DROP)


def index_rebuild(connection=default_connection) -> None:
    """Re-read every page and point into the SQLite index (PostgreSQL needs no such step)."""
    if connection.vendor == "sqlite":
        _execute(connection, SQLITE_REBUILD)


def sqlite_missing_triggers(connection=default_connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in SQLITE_TRIGGERS if name not in present]


def index_repair_after_migrate(*, using="default", **kwargs) -> None:
    """After `migrate` on SQLite: put back triggers a table rebuild dropped, then rebuild."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_page_fts'")
        if cursor.fetchone() is None:
            return  # the search migration has not run (yet)
    missing = sqlite_missing_triggers(connection)
    if missing:
        logger.warning("Search index triggers were missing and are recreated: %s", missing)
        _execute(connection, [*SQLITE_TRIGGERS.values(), *SQLITE_REBUILD])
