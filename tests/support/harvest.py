"""Harvesting a tenant's identifiers and distinctive strings from GraphQL answers.

An answer is walked back against the schema (selections carry ``__typename``): every ID-typed
value is kept with its kind (the type a global ID encodes, else ``Type.field``), as is every
String that holds a UUID; other strings are kept as candidate leak markers, and by field name
as lookup keys to try.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
)

from app.ids import decode_global_id
from tests.support.schema_walk import JsonValue

__all__ = ["Harvest", "id_forms"]

# Cursors are opaque positions in a list, not data: equal positions give equal cursors in
# every tenant, so they would be false leak markers.
_OPAQUE_FIELDS = frozenset({"cursor", "startCursor", "endCursor"})


def _local_uuid(value: str) -> uuid.UUID | None:
    try:
        _, local = decode_global_id(value)
    except ValueError:
        local = value
    try:
        return uuid.UUID(local)
    except ValueError:
        return None


def id_forms(value: str) -> set[str]:
    """Return the ways an identifier can show up: itself, its UUID with and without hyphens."""
    forms = {value}
    local = _local_uuid(value)
    if local is not None:
        forms |= {str(local), local.hex}
    return forms


def kind_of(value: str, parent: str, field_name: str) -> str:
    """Return an identifier's kind: the type a global ID encodes, else ``Parent.field``."""
    try:
        type_name, _ = decode_global_id(value)
    except ValueError:
        return f"{parent}.{field_name}"
    return type_name if type_name[:1].isupper() else f"{parent}.{field_name}"


@dataclass(slots=True)
class Harvest:
    """Identifiers (value → kind) and strings found in one tenant's answers.

    ``by_field`` keeps the strings by the name of the field that held them, to try as
    arguments of the same name (a ``slug`` argument gets the slugs found).
    """

    ids: dict[str, str] = field(default_factory=dict)
    strings: set[str] = field(default_factory=set)
    by_field: dict[str, set[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def collect(
        self, schema: GraphQLSchema, graphql_type: GraphQLOutputType, value: object
    ) -> None:
        """Walk ``value``, an answer of type ``graphql_type``, keeping what it holds."""
        self._walk(schema, graphql_type, value, "Query", "")

    def _walk(
        self,
        schema: GraphQLSchema,
        graphql_type: GraphQLOutputType,
        value: object,
        parent: str,
        field_name: str,
    ) -> None:
        if value is None:
            return
        if isinstance(graphql_type, GraphQLNonNull):
            self._walk(schema, graphql_type.of_type, value, parent, field_name)
        elif isinstance(graphql_type, GraphQLList) and isinstance(value, list):
            for item in value:
                self._walk(schema, graphql_type.of_type, item, parent, field_name)
        elif isinstance(value, dict):
            self._walk_object(schema, value, graphql_type)
        elif isinstance(value, str) and isinstance(graphql_type, GraphQLScalarType):
            self._keep(graphql_type.name, value, parent, field_name)

    def _walk_object(
        self, schema: GraphQLSchema, value: dict[str, JsonValue], graphql_type: GraphQLOutputType
    ) -> None:
        concrete = schema.get_type(str(value.get("__typename", "")))
        if not isinstance(concrete, GraphQLObjectType):
            concrete = get_named_type(graphql_type)
        if not isinstance(concrete, GraphQLObjectType):
            return
        for key, item in value.items():
            child = concrete.fields.get(key)
            if child is not None:
                self._walk(schema, child.type, item, concrete.name, key)

    def _keep(self, scalar: str, value: str, parent: str, field_name: str) -> None:
        if field_name in _OPAQUE_FIELDS:
            return
        if scalar == "ID" or (scalar == "String" and _local_uuid(value) is not None):
            self.ids[value] = kind_of(value, parent, field_name)
        elif scalar == "String":
            self.strings.add(value)
            # The tenant directory is public by design (``tenant(slug:)`` is @public): its
            # strings are not offered as lookup keys, or finding B by its slug would count.
            if parent != "Tenant":
                self.by_field.setdefault(field_name, set()).add(value)
