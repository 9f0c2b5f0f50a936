"""PostgreSQL full-text search: a weighted tsvector per row, GIN, ts_rank_cd, ts_headline.

The writer builds ``document`` with ``setweight`` per field, so a change of weights or language
takes effect as rows are refreshed (a rebuild), with no migration. Ranking is ``ts_rank_cd``
with the weights of :data:`WEIGHTS` (cover density: proximity counts, corpus statistics do
not). Snippets come from ``ts_headline`` on the page only, never on every match.
"""

from __future__ import annotations

from app.index._fts_backend import START, STOP, WEIGHTS, Backend, Read, field_param
from app.index._fts_query import ParsedQuery

__all__ = ["PostgresBackend"]

# Templates: only checked identifiers, the configuration name and numbers go into them.
_UPSERT = (
    "INSERT INTO {table} AS t (tenant_id, doc_id, locale, {columns}) "
    "VALUES (:search_tenant_id, :search_doc_id, CAST(:search_locale AS text), {values}) "
    "ON CONFLICT (tenant_id, doc_id, locale) DO UPDATE SET {assignments} "
    "WHERE ({current}) IS DISTINCT FROM ({incoming})"
)
_MATCHES = "SELECT d.doc_id, d.locale, {rank} AS rank FROM {table} AS d WHERE {where}"
_COUNT = "SELECT count(*) AS total FROM {table} AS d WHERE {where}"
_SNIPPETS = (
    "SELECT d.doc_id, d.locale, {headline} AS snippet FROM {table} AS d "
    "WHERE d.doc_id IN :search_doc_ids AND {where}"
)
# The headline is the costly part: computed for the page only, outside the LIMIT.
_SEARCH = (
    "SELECT page.doc_id, page.locale, page.rank, {headline} AS snippet FROM ("
    "SELECT d.doc_id, d.locale, {rank} AS rank, d.{source} AS source FROM {table} AS d "
    "WHERE {where} ORDER BY rank DESC, d.doc_id, d.locale "
    "LIMIT :search_limit OFFSET :search_offset"
    ") AS page ORDER BY page.rank DESC, page.doc_id, page.locale"
)
_WHERE = "d.tenant_id = :search_tenant_id AND d.document @@ {tsquery}{locale}"
_LOCALE = " AND d.locale = :search_locale"


class PostgresBackend(Backend):
    """Statements of one search index on PostgreSQL."""

    def query_text(self, parsed: ParsedQuery) -> str:
        """Return the query in ``to_tsquery`` syntax."""
        return parsed.tsquery()

    def extra_parameters(self) -> dict[str, object]:
        """Return the ``ts_headline`` options."""
        words = self.shape.snippet_words
        options = f"StartSel={START}, StopSel={STOP}, MaxWords={words}, MinWords={words // 2}"
        return {"search_headline": options}

    def upsert_sql(self) -> str:
        """Return the insert-or-replace; a row whose text and document are unchanged stays."""
        shape = self.shape
        texts = [f"CAST(:{field_param(field)} AS text)" for field in shape.fields]
        document = " || ".join(
            f"setweight(to_tsvector({self._config}, {value}), '{letter}')"
            for value, letter in zip(texts, shape.letters, strict=True)
        )
        columns = [*(f'"{field}"' for field in shape.fields), "document"]
        return _UPSERT.format(
            table=f'"{shape.name}"',
            columns=", ".join(columns),
            values=", ".join([*texts, document]),
            assignments=", ".join(f"{name} = excluded.{name}" for name in columns),
            current=", ".join(f"t.{name}" for name in columns),
            incoming=", ".join(f"excluded.{name}" for name in columns),
        )

    def read_sql(self, read: Read, has_locale: bool) -> str:
        """Return the SQL of a reading statement."""
        locale = _LOCALE if has_locale else ""
        parts = {
            "table": f'"{self.shape.name}"',
            "rank": self._rank,
            "where": _WHERE.format(tsquery=self._tsquery, locale=locale),
        }
        if read is Read.MATCHES:
            return _MATCHES.format(**parts)
        if read is Read.COUNT:
            return _COUNT.format(**parts)
        source = f'"{self.shape.snippet}"'
        if read is Read.SNIPPETS:
            return _SNIPPETS.format(headline=self._headline(f"d.{source}"), **parts)
        return _SEARCH.format(headline=self._headline("page.source"), source=source, **parts)

    @property
    def _config(self) -> str:
        return f"'{self.shape.language}'::regconfig"

    @property
    def _tsquery(self) -> str:
        return f"to_tsquery({self._config}, CAST(:search_query AS text))"

    @property
    def _rank(self) -> str:
        # ts_rank_cd takes the weights of D, C, B and A, in that order.
        weights = ",".join(str(WEIGHTS[letter]) for letter in "DCBA")
        return f"ts_rank_cd('{{{weights}}}'::float4[], d.document, {self._tsquery})"

    def _headline(self, source: str) -> str:
        return (
            f"ts_headline({self._config}, {source}, {self._tsquery}, "
            "CAST(:search_headline AS text))"
        )
