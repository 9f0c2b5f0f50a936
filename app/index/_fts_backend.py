"""What both full-text backends share: parameter names and types, result columns, deletes.

Each backend writes its SQL once per index; here it becomes ``text()`` with typed parameters
and typed result columns, so the hot path compiles nothing and binds ``uuid.UUID`` the way the
dialect stores it (``uuid`` on PostgreSQL, 32 hex digits on SQLite).
"""

from __future__ import annotations

import enum
import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence

from sqlalchemy import Float, Integer, String, Uuid, bindparam, column, text
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

from app.index._fts_query import ParsedQuery

__all__ = ["START", "STOP", "WEIGHTS", "Backend", "IndexShape", "Read", "field_param"]

WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
"""What each weight letter counts for in ranking (PostgreSQL's defaults, used on SQLite too)."""

START, STOP = "\x01", "\x02"
"""Marks around matches in raw snippets; stored text never holds them (control characters)."""

_PARAM_TYPES: dict[str, Uuid[uuid.UUID] | String] = {
    "search_tenant_id": Uuid(),
    "search_doc_id": Uuid(),
    "search_locale": String(),
    "search_query": String(),
}


class Read(enum.Enum):
    """The reading statements, with the columns each returns."""

    MATCHES = ("doc_id", "locale", "rank")
    SEARCH = ("doc_id", "locale", "rank", "snippet")
    COUNT = ("total",)
    SNIPPETS = ("doc_id", "locale", "snippet")


_RESULT_TYPES: dict[str, Uuid[uuid.UUID] | String | Float[float] | Integer] = {
    "doc_id": Uuid(),
    "locale": String(),
    "rank": Float(),
    "snippet": String(),
    "total": Integer(),
}


# SQL is written as templates; only identifiers of a checked declaration (see
# app.db.fulltext.check_search_declaration) and numbers are ever put into them.
_CLEAR = "DELETE FROM {table} WHERE tenant_id = :search_tenant_id"
_BY_ID = "AND doc_id IN :search_doc_ids"
_IN_LOCALE = "AND locale = :search_locale"


def field_param(field: str) -> str:
    """Return the parameter name carrying a field's text."""
    return f"search_field_{field}"


class IndexShape:
    """The parts of a declaration that statements are made of."""

    def __init__(
        self,
        name: str,
        fields: Sequence[tuple[str, str]],
        *,
        language: str,
        snippet: str,
        snippet_words: int,
    ) -> None:
        self.name = name
        self.fields = tuple(field for field, _ in fields)
        self.letters = tuple(letter for _, letter in fields)
        self.weights = tuple(WEIGHTS[letter] for letter in self.letters)
        self.language = language
        self.snippet = snippet
        self.snippet_words = snippet_words


def _statement(sql: str) -> TextClause:
    parameters = [
        bindparam(name, type_=kind)
        for name, kind in _PARAM_TYPES.items()
        if re.search(rf":{name}\b", sql)
    ]
    if re.search(r":search_doc_ids\b", sql):
        parameters.append(bindparam("search_doc_ids", type_=Uuid(), expanding=True))
    return text(sql).bindparams(*parameters)


class Backend(ABC):
    """The statements of one search index on one dialect, written once."""

    def __init__(self, shape: IndexShape) -> None:
        self.shape = shape
        self.clear = _statement(_CLEAR.format(table=f'"{shape.name}"'))
        self.upsert = _statement(self.upsert_sql())
        self._delete = {
            False: _statement(f"{self.clear.text} {_BY_ID}"),
            True: _statement(f"{self.clear.text} {_BY_ID} {_IN_LOCALE}"),
        }
        self._reads = {
            (read, has_locale): _statement(self.read_sql(read, has_locale)).columns(
                *(column(name, _RESULT_TYPES[name]) for name in read.value)
            )
            for read in Read
            for has_locale in (False, True)
        }

    def delete(self, *, has_locale: bool) -> TextClause:
        """Return the delete of documents by id, of one locale or of all."""
        return self._delete[has_locale]

    def read(self, read: Read, *, has_locale: bool) -> TextualSelect:
        """Return a reading statement, filtered by locale or not."""
        return self._reads[(read, has_locale)]

    @abstractmethod
    def upsert_sql(self) -> str:
        """Return the insert-or-replace of one document (run with many parameter sets)."""

    @abstractmethod
    def read_sql(self, read: Read, has_locale: bool) -> str:
        """Return the SQL of a reading statement.

        ``MATCHES`` is unordered and composable; ``SEARCH`` is one page (``search_limit``,
        ``search_offset``) best first; ``SNIPPETS`` covers ``search_doc_ids``.
        """

    @abstractmethod
    def query_text(self, parsed: ParsedQuery) -> str:
        """Return the parsed query in this backend's syntax."""

    def extra_parameters(self) -> dict[str, object]:
        """Return parameters every reading statement takes besides the query."""
        return {}
