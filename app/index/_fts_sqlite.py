"""SQLite full-text search: FTS5 over an external-content table, bm25, snippet().

Rows live in ``<name>`` and are found by key through its unique index; the triggers of
:mod:`app.db.fulltext` keep ``<name>_fts`` in step. A search walks the FTS5 matches first
(``CROSS JOIN`` fixes that order) and keeps the tenant's. Ranking is ``bm25`` with a weight per
column from :data:`WEIGHTS`, negated so that higher ranks first as on PostgreSQL; unlike
``ts_rank_cd`` it uses statistics of the whole table (every tenant's rows).
"""

from __future__ import annotations

from app.db.fulltext import fts_table
from app.index._fts_backend import START, STOP, Backend, Read, field_param
from app.index._fts_query import ParsedQuery

__all__ = ["SqliteBackend"]

# Templates: only checked identifiers and numbers go into them.
_UPSERT = (
    "INSERT INTO {table} (tenant_id, doc_id, locale, {columns}) "
    "VALUES (:search_tenant_id, :search_doc_id, :search_locale, {values}) "
    "ON CONFLICT (tenant_id, doc_id, locale) DO UPDATE SET {assignments} WHERE {changed}"
)
_JOINED = "{fts} CROSS JOIN {table} AS d ON d.id = {fts}.rowid"
_WHERE = "{fts} MATCH :search_query AND d.tenant_id = :search_tenant_id{locale}"
_MATCHES = "SELECT d.doc_id, d.locale, -{bm25} AS rank FROM {joined} WHERE {where}"
_COUNT = "SELECT count(*) AS total FROM {joined} WHERE {where}"
# Documents first (by key), then their FTS5 row: the MATCH only gives snippet() its context.
_SNIPPETS = (
    "SELECT d.doc_id, d.locale, {snippet} AS snippet "
    "FROM {table} AS d CROSS JOIN {fts} ON {fts}.rowid = d.id "
    "WHERE d.doc_id IN :search_doc_ids AND {where}"
)
# snippet() is the costly part: computed for the page only, after the LIMIT.
_SEARCH = (
    "WITH page AS MATERIALIZED ("
    "SELECT d.id, d.doc_id, d.locale, {bm25} AS score FROM {joined} WHERE {where} "
    "ORDER BY score, d.doc_id, d.locale LIMIT :search_limit OFFSET :search_offset) "
    "SELECT page.doc_id, page.locale, -page.score AS rank, {snippet} AS snippet "
    "FROM page CROSS JOIN {fts} ON {fts}.rowid = page.id WHERE {fts} MATCH :search_query "
    "ORDER BY page.score, page.doc_id, page.locale"
)
_LOCALE = " AND d.locale = :search_locale"
_ELLIPSIS = "…"
_MAX_SNIPPET_TOKENS = 64  # FTS5's own ceiling for snippet()


class SqliteBackend(Backend):
    """Statements of one search index on SQLite."""

    def query_text(self, parsed: ParsedQuery) -> str:
        """Return the query in FTS5 ``MATCH`` syntax."""
        return parsed.fts5()

    def upsert_sql(self) -> str:
        """Return the insert-or-replace; a row whose text is unchanged is not reindexed."""
        columns = [f'"{field}"' for field in self.shape.fields]
        return _UPSERT.format(
            table=f'"{self.shape.name}"',
            columns=", ".join(columns),
            values=", ".join(f":{field_param(field)}" for field in self.shape.fields),
            assignments=", ".join(f"{name} = excluded.{name}" for name in columns),
            changed=" OR ".join(f"{name} IS NOT excluded.{name}" for name in columns),
        )

    def read_sql(self, read: Read, has_locale: bool) -> str:
        """Return the SQL of a reading statement."""
        fts, table = f'"{fts_table(self.shape.name)}"', f'"{self.shape.name}"'
        parts = {
            "fts": fts,
            "table": table,
            "joined": _JOINED.format(fts=fts, table=table),
            "where": _WHERE.format(fts=fts, locale=_LOCALE if has_locale else ""),
            "bm25": self._bm25(fts),
            "snippet": self._snippet(fts),
        }
        template = {
            Read.MATCHES: _MATCHES,
            Read.COUNT: _COUNT,
            Read.SNIPPETS: _SNIPPETS,
            Read.SEARCH: _SEARCH,
        }[read]
        return template.format(**parts)

    def _bm25(self, fts: str) -> str:
        weights = ", ".join(str(weight) for weight in self.shape.weights)
        return f"bm25({fts}, {weights})"

    def _snippet(self, fts: str) -> str:
        column = self.shape.fields.index(self.shape.snippet)
        tokens = min(self.shape.snippet_words, _MAX_SNIPPET_TOKENS)
        return (
            f"snippet({fts}, {column}, char({ord(START)}), char({ord(STOP)}), "
            f"'{_ELLIPSIS}', {tokens})"
        )
