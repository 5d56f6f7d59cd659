"""The SQL of search, one class per database. Both answer the same three questions: which rows
match (best first, within a capped candidate set), and what is the snippet of a given row.

Every user-supplied value is a query parameter; the user's words reach FTS5 only through
`query.fts5_match`, which quotes each word, and PostgreSQL only through websearch_to_tsquery,
which accepts any text.
"""

from dataclasses import dataclass
from uuid import UUID

from .query import MARK_END, MARK_START, fts5_match, websearch_text


@dataclass(frozen=True)
class Match:
    id: int | UUID  # DocumentPage.id or Point.id
    rank: float  # higher is better; comparable within one database only


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


class PostgresBackend:
    """Swedish stemming (`swedish` configuration) over the stored, GIN-indexed search_vector
    columns (see `index.py`); ts_headline parses the text of the shown hits only."""

    _QUERY = "websearch_to_tsquery('swedish'::regconfig, %s)"

    def prepare(self, text: str) -> str:
        return websearch_text(text)

    def pages(self, cursor, q, *, consultation_id, cap, n) -> tuple[list[Match], int]:
        scope, params = "", [q]
        if consultation_id is not None:
            scope = (
                " AND p.document_id IN (SELECT d.id FROM responses_document d"
                " JOIN responses_response r ON r.id = d.response_id"
                " WHERE r.consultation_id = %s)"
            )
            params.append(consultation_id)
        cursor.execute(
            f"""
            SELECT c.id, ts_rank(c.search_vector, {self._QUERY}) AS rank,
                   count(*) OVER () AS total
            FROM (
                SELECT p.id, p.search_vector FROM responses_documentpage p
                WHERE p.search_vector @@ {self._QUERY}{scope}
                LIMIT %s
            ) c
            ORDER BY rank DESC, c.id
            LIMIT %s
            """,
            [q, *params, cap + 1, n],
        )
        return _matches(cursor.fetchall())

    def points(self, cursor, q, *, run_ids, cap, n) -> tuple[list[Match], int]:
        cursor.execute(
            f"""
            SELECT c.id, ts_rank(c.search_vector, {self._QUERY}) AS rank,
                   count(*) OVER () AS total
            FROM (
                SELECT p.id, p.search_vector FROM analysis_point p
                WHERE p.search_vector @@ {self._QUERY}
                  AND p.run_id IN ({_placeholders(run_ids)})
                LIMIT %s
            ) c
            ORDER BY rank DESC, c.id
            LIMIT %s
            """,
            [q, q, *run_ids, cap + 1, n],
        )
        return _matches(cursor.fetchall())

    def _headlines(self, cursor, table, q, ids, options) -> dict:
        cursor.execute(
            f"SELECT id, ts_headline('swedish'::regconfig, text, {self._QUERY}, %s)"
            f" FROM {table} WHERE id IN ({_placeholders(ids)})",
            [q, options, *ids],
        )
        return dict(cursor.fetchall())

    def page_snippets(self, cursor, q, ids) -> dict:
        options = (
            f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=30, MinWords=12, '
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        return self._headlines(cursor, "responses_documentpage", q, ids, options)

    def point_snippets(self, cursor, q, ids) -> dict:
        options = f'StartSel="{MARK_START}", StopSel="{MARK_END}", HighlightAll=true'
        return self._headlines(cursor, "analysis_point", q, ids, options)


class SqliteBackend:
    """FTS5 (unicode61 without diacritic folding), ranked by bm25; prefix queries stand in for
    stemming (see `query.fts5_match`)."""

    def prepare(self, text: str) -> str:
        return fts5_match(text)

    def pages(self, cursor, q, *, consultation_id, cap, n) -> tuple[list[Match], int]:
        scope, params = "", [q]
        if consultation_id is not None:
            scope = (
                " AND f.rowid IN (SELECT p.id FROM responses_documentpage p"
                " JOIN responses_document d ON d.id = p.document_id"
                " JOIN responses_response r ON r.id = d.response_id"
                " WHERE r.consultation_id = %s)"
            )
            params.append(consultation_id)
        cursor.execute(
            f"""
            SELECT c.id, -c.score AS rank, count(*) OVER () AS total FROM (
                SELECT f.rowid AS id, bm25(search_page_fts) AS score FROM search_page_fts f
                WHERE search_page_fts MATCH %s{scope}
                LIMIT %s
            ) c
            ORDER BY rank DESC, c.id
            LIMIT %s
            """,
            [*params, cap + 1, n],
        )
        return _matches(cursor.fetchall())

    def points(self, cursor, q, *, run_ids, cap, n) -> tuple[list[Match], int]:
        cursor.execute(
            f"""
            SELECT c.id, -c.score AS rank, count(*) OVER () AS total FROM (
                SELECT k.point_id AS id, bm25(search_point_fts) AS score
                FROM search_point_fts f
                JOIN search_point_key k ON k.id = f.rowid
                JOIN analysis_point p ON p.id = k.point_id
                WHERE search_point_fts MATCH %s AND p.run_id IN ({_placeholders(run_ids)})
                LIMIT %s
            ) c
            ORDER BY rank DESC, c.id
            LIMIT %s
            """,
            [q, *run_ids, cap + 1, n],
        )
        matches, total = _matches(cursor.fetchall())
        return [Match(UUID(str(m.id)), m.rank) for m in matches], total

    def page_snippets(self, cursor, q, ids) -> dict:
        cursor.execute(
            "SELECT rowid, snippet(search_page_fts, 0, %s, %s, ' … ', 24) FROM search_page_fts"
            f" WHERE search_page_fts MATCH %s AND rowid IN ({_placeholders(ids)})",
            [MARK_START, MARK_END, q, *ids],
        )
        return dict(cursor.fetchall())

    def point_snippets(self, cursor, q, ids) -> dict:
        cursor.execute(
            "SELECT k.point_id, highlight(search_point_fts, 0, %s, %s) FROM search_point_fts f"
            " JOIN search_point_key k ON k.id = f.rowid"
            f" WHERE search_point_fts MATCH %s AND k.point_id IN ({_placeholders(ids)})",
            [MARK_START, MARK_END, q, *ids],
        )
        return {UUID(str(key)): value for key, value in cursor.fetchall()}


def _matches(rows) -> tuple[list[Match], int]:
    total = rows[0][2] if rows else 0
    return [Match(row[0], float(row[1])) for row in rows], total


def backend_for(connection) -> PostgresBackend | SqliteBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"Search is not built for {connection.vendor}.")
