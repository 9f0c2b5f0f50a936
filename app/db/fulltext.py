"""Full-text search tables of projections: what migrations create and drop, per dialect.

A search index ``idx_<module>_<name>`` holds one row per document and locale of a tenant::

    PostgreSQL                                  SQLite
    <name>      tenant_id uuid, doc_id uuid,    <name>      id INTEGER PRIMARY KEY (rowid),
                locale, one text column per                 tenant_id, doc_id, locale, one
                field, document tsvector                    text column per field
    pk_<name>   (tenant_id, doc_id, locale)     uq_<name>_tenant_id_doc_id_locale
    ix_<name>_tenant_id_document                <name>_fts  FTS5 over the fields, its content
                GIN (tenant_id, document)                   read from <name> (external content)
                with the btree_gin extension    <name>_ai, <name>_ad, <name>_au
    row-level security on tenant_id                         triggers keeping <name>_fts in step

Writers touch only ``<name>`` (on SQLite the triggers index the text; on PostgreSQL the writer
computes ``document``), so rows are found by key through a b-tree on both backends. These
tables are not in ``Base.metadata``; autogenerate ignores them as it ignores every table no
model declares (see :func:`app.db.migrate.include_object_for`).

Migrations pass plain names (never a live declaration), so an old migration keeps creating
what it created when it was written::

    def upgrade() -> None:
        create_search_index("idx_blog_search", ("title", "body"), language="english")

    def downgrade() -> None:
        drop_search_index("idx_blog_search")
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from alembic import op

from app.db.rls import disable_tenant_isolation, enable_tenant_isolation

__all__ = [
    "MAX_LOCALE_LENGTH",
    "check_search_declaration",
    "create_search_index",
    "create_statements",
    "drop_search_index",
    "drop_statements",
    "fts_table",
]

MAX_LOCALE_LENGTH = 35
"""Longest locale tag stored (BCP 47 tags in practice stay far below)."""

_INDEX_NAME = re.compile(r"^idx_[a-z][a-z0-9_]*$")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[a-z][a-z_]*$")
_RESERVED = frozenset({"id", "tenant_id", "doc_id", "locale", "document"})
# The languages FTS5 can stem (its porter tokenizer); any other gets no stemming on SQLite.
_SQLITE_STEMMED = frozenset({"english"})


def fts_table(name: str) -> str:
    """Return the name of the FTS5 table of search index ``name`` (SQLite)."""
    return f"{name}_fts"


def check_search_declaration(name: str, fields: Sequence[str], language: str) -> None:
    """Raise ValueError naming every problem with a search index's name, fields or language."""
    problems = [] if _INDEX_NAME.fullmatch(name) else [_bad_name(name)]
    if not fields:
        problems.append("declare at least one field")
    for field in fields:
        if not _FIELD_NAME.fullmatch(field) or field in _RESERVED:
            problems.append(f"field {field!r} must be a lower-case name other than {_reserved()}")
    if len(set(fields)) != len(fields):
        problems.append("fields must be distinct")
    if not _LANGUAGE.fullmatch(language):
        problems.append(f"language {language!r} must name a text search configuration")
    if problems:
        raise ValueError(f"search index {name!r}: " + "; ".join(problems))


def _bad_name(name: str) -> str:
    return f"name {name!r} must be idx_<module>_<name> in lower case"


def _reserved() -> str:
    return ", ".join(sorted(_RESERVED))


def _quote(identifier: str) -> str:
    return f'"{identifier}"'


def create_statements(
    dialect: str, name: str, fields: Sequence[str], *, language: str = "simple"
) -> list[str]:
    """Return the DDL creating search index ``name`` on ``dialect`` (without row security)."""
    check_search_declaration(name, fields, language)
    if dialect == "postgresql":
        return _postgres_tables(name, fields)
    if dialect == "sqlite":
        return _sqlite_tables(name, fields, language)
    raise ValueError(f"full-text search supports postgresql and sqlite, not {dialect}")


def drop_statements(dialect: str, name: str) -> list[str]:
    """Return the DDL dropping search index ``name`` (on SQLite, FTS5's shadow tables too)."""
    if not _INDEX_NAME.fullmatch(name):
        raise ValueError(f"search index {name!r}: {_bad_name(name)}")
    if dialect == "postgresql":
        return [f"DROP TABLE {_quote(name)}"]
    if dialect != "sqlite":
        raise ValueError(f"full-text search supports postgresql and sqlite, not {dialect}")
    # Dropping the FTS5 table drops its shadow tables; dropping <name> drops its triggers.
    return [f"DROP TABLE {_quote(fts_table(name))}", f"DROP TABLE {_quote(name)}"]


def create_search_index(name: str, fields: Sequence[str], *, language: str = "simple") -> None:
    """Create search index ``name`` over ``fields`` inside a migration, tenant-isolated.

    Args:
        name: ``idx_<module>_<name>``.
        fields: The text fields, in the order the declaration lists them.
        language: On SQLite, ``english`` stems with FTS5's porter tokenizer and any other
            language does not; on PostgreSQL the declaration's language applies at run time.
    """
    dialect = op.get_bind().dialect.name
    for statement in create_statements(dialect, name, fields, language=language):
        op.execute(statement)
    enable_tenant_isolation(name)


def drop_search_index(name: str) -> None:
    """Drop search index ``name`` inside a migration (the undo of :func:`create_search_index`)."""
    disable_tenant_isolation(name)
    for statement in drop_statements(op.get_bind().dialect.name, name):
        op.execute(statement)


# DDL templates: only checked identifiers, the tokenizer and numbers go into them.
_PG_TABLE = (
    "CREATE TABLE {table} (tenant_id uuid NOT NULL, doc_id uuid NOT NULL, "
    "locale varchar({locale}) NOT NULL DEFAULT '', {columns}, document tsvector NOT NULL, "
    "CONSTRAINT {pk} PRIMARY KEY (tenant_id, doc_id, locale))"
)
_PG_GIN = "CREATE INDEX {index} ON {table} USING gin (tenant_id, document)"
# `id` aliases the rowid, so VACUUM cannot renumber rows under the FTS index.
_SQLITE_TABLE = (
    "CREATE TABLE {table} (id INTEGER NOT NULL PRIMARY KEY, "
    "tenant_id CHAR(32) NOT NULL, doc_id CHAR(32) NOT NULL, "
    "locale VARCHAR({locale}) NOT NULL DEFAULT '', {columns}, "
    "CONSTRAINT {unique} UNIQUE (tenant_id, doc_id, locale))"
)
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE {fts} USING fts5({fields}, content='{content}', "
    "content_rowid='id', tokenize='{tokenizer}', prefix='2 3')"
)
_SQLITE_REMOVE = "INSERT INTO {fts}({fts}, rowid, {fields}) VALUES ('delete', old.id, {old});"
_SQLITE_ADD = "INSERT INTO {fts}(rowid, {fields}) VALUES (new.id, {new});"
_SQLITE_TRIGGER = "CREATE TRIGGER {trigger} AFTER {event} ON {table} BEGIN {body} END"


def _postgres_tables(name: str, fields: Sequence[str]) -> list[str]:
    table = _quote(name)
    columns = ", ".join(f"{_quote(field)} text NOT NULL DEFAULT ''" for field in fields)
    return [
        # Trusted since PostgreSQL 13: an owner with CREATE on the database may install it.
        "CREATE EXTENSION IF NOT EXISTS btree_gin",
        _PG_TABLE.format(
            table=table, locale=MAX_LOCALE_LENGTH, columns=columns, pk=_quote(f"pk_{name}")
        ),
        _PG_GIN.format(index=_quote(f"ix_{name}_tenant_id_document"), table=table),
    ]


def _sqlite_tables(name: str, fields: Sequence[str], language: str) -> list[str]:
    table, fts = _quote(name), _quote(fts_table(name))
    listed = ", ".join(_quote(field) for field in fields)
    tokenizer = "unicode61 remove_diacritics 2"
    if language in _SQLITE_STEMMED:
        tokenizer = f"porter {tokenizer}"
    remove = _SQLITE_REMOVE.format(
        fts=fts, fields=listed, old=", ".join(f"old.{_quote(field)}" for field in fields)
    )
    add = _SQLITE_ADD.format(
        fts=fts, fields=listed, new=", ".join(f"new.{_quote(field)}" for field in fields)
    )
    triggers = (("ai", "INSERT", add), ("ad", "DELETE", remove), ("au", "UPDATE", remove + add))
    return [
        _SQLITE_TABLE.format(
            table=table,
            locale=MAX_LOCALE_LENGTH,
            columns=", ".join(f"{_quote(field)} TEXT NOT NULL DEFAULT ''" for field in fields),
            unique=_quote(f"uq_{name}_tenant_id_doc_id_locale"),
        ),
        _SQLITE_FTS.format(fts=fts, fields=listed, content=name, tokenizer=tokenizer),
        *(
            _SQLITE_TRIGGER.format(
                trigger=_quote(f"{name}_{suffix}"), event=event, table=table, body=body
            )
            for suffix, event, body in triggers
        ),
    ]
