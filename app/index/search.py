"""Full-text search over a projection's documents: one interface on PostgreSQL and SQLite.

A module declares a :class:`SearchIndex` beside its projection, creates its table in a
migration (:func:`app.db.fulltext.create_search_index`), writes it from the projection's
refresh and reads it in its list and search queries::

    POSTS = SearchIndex("idx_blog_search", (("title", "A"), ("body", "B")), language="english")

    # refresh, in the delivery's transaction
    await POSTS.delete(session, tenant_id, gone)
    await POSTS.upsert_many(session, tenant_id, [Document(post_id, {"title": t, "body": b}, "en")])

    # a query
    hits = await POSTS.search(session, tenant_id, "lantern", limit=20, locale="en")
    total = await POSTS.count(session, tenant_id, "lantern", locale="en")

Every call takes the tenant and touches that tenant's rows only (and PostgreSQL's row-level
security checks it again). The query syntax is :mod:`app.index._fts_query`'s; a query too long
or holding a NUL byte raises :class:`app.errors.BadRequest`, any other text is searchable.
Snippets are HTML: the text escaped, the matches in ``<mark>…</mark>``. See docs/search.md.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import Subquery

from app.db.fulltext import MAX_LOCALE_LENGTH, check_search_declaration
from app.index._fts_backend import START, STOP, WEIGHTS, Backend, IndexShape, Read, field_param
from app.index._fts_postgres import PostgresBackend
from app.index._fts_query import MAX_QUERY_LENGTH, ParsedQuery, parse_query
from app.index._fts_sqlite import SqliteBackend

__all__ = ["MAX_QUERY_LENGTH", "WEIGHTS", "Document", "Hit", "SearchIndex", "Weight"]

Weight = Literal["A", "B", "C", "D"]
"""How much a field counts: A (title) above B (body) above C above D."""

MAX_SNIPPET_WORDS = 64
# Control characters never reach the index: NUL is refused by PostgreSQL, and START and STOP
# mark matches in snippets. Tabs and line breaks stay.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Document:
    """One document to index: its id, its text per field, and its locale (None: unlocalized)."""

    doc_id: uuid.UUID
    fields: Mapping[str, str]
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result.

    Attributes:
        doc_id: The document's id (the aggregate the projection indexes).
        locale: The document's locale, None when unlocalized.
        rank: Relevance, higher first; comparable within one query and backend only.
        snippet: HTML: an excerpt of the snippet field, escaped, matches in ``<mark>…</mark>``.
    """

    doc_id: uuid.UUID
    locale: str | None
    rank: float
    snippet: str


class SearchIndex:
    """A full-text index of a projection: ``idx_<module>_<name>`` and its search structures.

    Args:
        name: The table, ``idx_<module>_<name>``, as the module's migration created it.
        fields: ``(field, weight)`` in the migration's order; a match in an ``A`` field ranks
            above one in a ``B`` field.
        language: The PostgreSQL text search configuration (``simple``: no stemming, no stop
            words); on SQLite the migration's tokenizer decides (see app.db.fulltext).
        snippet: The field snippets come from (default: the last one, typically the body).
        snippet_words: About how many words a snippet spans (2 to 64).
    """

    def __init__(
        self,
        name: str,
        fields: Sequence[tuple[str, Weight]],
        *,
        language: str = "simple",
        snippet: str | None = None,
        snippet_words: int = 24,
    ) -> None:
        names = tuple(field for field, _ in fields)
        check_search_declaration(name, names, language)
        snippet = names[-1] if snippet is None else snippet
        problems = [f"field {f!r} has weight {w!r}, not A-D" for f, w in fields if w not in WEIGHTS]
        if snippet not in names:
            problems.append(f"snippet field {snippet!r} is not one of {', '.join(names)}")
        if not 2 <= snippet_words <= MAX_SNIPPET_WORDS:
            problems.append(f"snippet_words must be 2 to {MAX_SNIPPET_WORDS}")
        if problems:
            raise ValueError(f"search index {name!r}: " + "; ".join(problems))
        self.name, self.fields, self.language, self.snippet = name, names, language, snippet
        shape = IndexShape(
            name, fields, language=language, snippet=snippet, snippet_words=snippet_words
        )
        self._backends: dict[str, Backend] = {
            "postgresql": PostgresBackend(shape),
            "sqlite": SqliteBackend(shape),
        }

    def __repr__(self) -> str:
        return f"SearchIndex({self.name!r}, fields={self.fields!r})"

    async def upsert(
        self,
        session: AsyncSession,
        tenant_id: uuid.UUID,
        doc_id: uuid.UUID,
        fields: Mapping[str, str],
        *,
        locale: str | None = None,
    ) -> None:
        """Index one document (replacing its previous text in that locale)."""
        await self.upsert_many(session, tenant_id, [Document(doc_id, fields, locale)])

    async def upsert_many(
        self, session: AsyncSession, tenant_id: uuid.UUID, documents: Iterable[Document]
    ) -> None:
        """Index documents, each replacing its previous text in its locale.

        Raises:
            ValueError: a document's fields are not exactly the declared ones, or its locale
                is longer than 35 characters.
        """
        rows = [self._row(tenant_id, document) for document in documents]
        if rows:
            await session.execute(self._backend(session).upsert, rows)

    async def delete(
        self,
        session: AsyncSession,
        tenant_id: uuid.UUID,
        doc_ids: Collection[uuid.UUID],
        *,
        locale: str | None = None,
    ) -> None:
        """Remove documents: in every locale, or only in ``locale`` when given."""
        if not doc_ids:
            return
        parameters: dict[str, object] = {
            "search_tenant_id": tenant_id,
            "search_doc_ids": list(doc_ids),
        }
        if locale is not None:
            parameters["search_locale"] = locale
        statement = self._backend(session).delete(has_locale=locale is not None)
        await session.execute(statement, parameters)

    async def clear(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        """Remove every document of the tenant (a projection's ``clear``)."""
        await session.execute(self._backend(session).clear, {"search_tenant_id": tenant_id})

    async def search(
        self,
        session: AsyncSession,
        tenant_id: uuid.UUID,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        locale: str | None = None,
    ) -> list[Hit]:
        """Return one page of the tenant's documents matching ``query``, best first.

        Ties in rank are ordered by document id, so pages are stable while the index is.

        Raises:
            BadRequest: the query is longer than ``MAX_QUERY_LENGTH`` or holds a NUL byte.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        parsed = parse_query(query)
        if parsed.is_empty or limit == 0:
            return []
        backend = self._backend(session)
        parameters = self._read_parameters(backend, tenant_id, parsed, locale, snippets=True)
        parameters.update(search_limit=limit, search_offset=offset)
        result = await session.execute(
            backend.read(Read.SEARCH, has_locale=locale is not None), parameters
        )
        return [
            Hit(doc_id=doc_id, locale=found or None, rank=rank, snippet=_html(snippet))
            for doc_id, found, rank, snippet in result
        ]

    async def count(
        self,
        session: AsyncSession,
        tenant_id: uuid.UUID,
        query: str,
        *,
        locale: str | None = None,
    ) -> int:
        """Return how many of the tenant's documents match ``query`` (a connection's total)."""
        parsed = parse_query(query)
        if parsed.is_empty:
            return 0
        backend = self._backend(session)
        parameters = self._read_parameters(backend, tenant_id, parsed, locale, snippets=False)
        statement = backend.read(Read.COUNT, has_locale=locale is not None)
        total = await session.scalar(statement, parameters)
        return int(total or 0)

    def matches(
        self,
        session: AsyncSession,
        tenant_id: uuid.UUID,
        query: str,
        *,
        locale: str | None = None,
        name: str = "search_matches",
    ) -> Subquery | None:
        """Return the matches as a subquery (``doc_id``, ``locale``, ``rank``) to join.

        For list queries that filter and sort on their own read table as well: join it on
        ``doc_id``, filter, order by ``rank`` descending. None when the query has no word to
        look for (nothing matches).
        """
        parsed = parse_query(query)
        if parsed.is_empty:
            return None
        backend = self._backend(session)
        parameters = self._read_parameters(backend, tenant_id, parsed, locale, snippets=False)
        statement = backend.read(Read.MATCHES, has_locale=locale is not None)
        return statement.bindparams(**parameters).subquery(name)

    async def snippets(
        self,
        session: AsyncSession,
        tenant_id: uuid.UUID,
        query: str,
        doc_ids: Collection[uuid.UUID],
        *,
        locale: str | None = None,
    ) -> dict[tuple[uuid.UUID, str | None], str]:
        """Return the snippets of a page of matches, by ``(doc_id, locale)``.

        The companion of :meth:`matches`; documents that do not match have none.
        """
        parsed = parse_query(query)
        if parsed.is_empty or not doc_ids:
            return {}
        backend = self._backend(session)
        parameters = self._read_parameters(backend, tenant_id, parsed, locale, snippets=True)
        parameters["search_doc_ids"] = list(doc_ids)
        statement = backend.read(Read.SNIPPETS, has_locale=locale is not None)
        result = await session.execute(statement, parameters)
        return {(doc_id, found or None): _html(text) for doc_id, found, text in result}

    def _backend(self, session: AsyncSession) -> Backend:
        dialect = session.get_bind().dialect.name
        backend = self._backends.get(dialect)
        if backend is None:
            raise RuntimeError(f"full-text search does not support {dialect}")
        return backend

    def _row(self, tenant_id: uuid.UUID, document: Document) -> dict[str, object]:
        if set(document.fields) != set(self.fields):
            raise ValueError(
                f"{self.name}: document {document.doc_id} has fields "
                f"{sorted(document.fields)}, expected {sorted(self.fields)}"
            )
        locale = document.locale or ""
        if len(locale) > MAX_LOCALE_LENGTH:
            raise ValueError(f"{self.name}: locale {locale[:40]!r}… is too long")
        row: dict[str, object] = {
            "search_tenant_id": tenant_id,
            "search_doc_id": document.doc_id,
            "search_locale": locale,
        }
        for field, value in document.fields.items():
            row[field_param(field)] = _UNSTORABLE.sub(" ", value)
        return row

    @staticmethod
    def _read_parameters(
        backend: Backend,
        tenant_id: uuid.UUID,
        parsed: ParsedQuery,
        locale: str | None,
        *,
        snippets: bool,
    ) -> dict[str, object]:
        parameters: dict[str, object] = {
            "search_tenant_id": tenant_id,
            "search_query": backend.query_text(parsed),
        }
        if locale is not None:
            parameters["search_locale"] = locale
        if snippets:
            parameters.update(backend.extra_parameters())
        return parameters


def _html(raw: str) -> str:
    return html.escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
