"""Walking the composed schema: root fields, their access, selections, arguments and ID slots.

Nothing here names an operation: every query and mutation comes from the schema object, so the
fields a module adds are walked as soon as it is composed. Selections are built to a bounded
depth from scalar leaves (``__typename`` on every object, so answers can be walked back
against the schema), leaving out fields the caller may not see, since one such field would
have the whole operation refused. Arguments are generated from their types: required ones
always, optional ones only where an ID slot leads through them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
)

from app.graphql.directives import Authenticated, Public, RequiresPermission

__all__ = [
    "ID_WORDS",
    "Access",
    "JsonValue",
    "RootField",
    "Slot",
    "argument_values",
    "document",
    "id_slots",
    "root_fields",
    "selection",
    "text_slots",
    "words_of",
]

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None

DEPTH = 5
ROOT_PAGE = 100
NESTED_PAGE = 10
# Values for required arguments of each scalar: valid for the type, meaningless to the data.
SCALAR_VALUES: dict[str, JsonValue] = {
    "String": "probe",
    "ID": "probe",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "DateTime": "2026-11-26T09:00:00+00:00",
    "Date": "2026-11-26",
    "JSON": {},
    "MinorUnits": 1,
    "_Any": {"__typename": "probe"},
}
# A scalar not listed above gets the first of these its own parser accepts.
_UNKNOWN_SCALAR_TRIES: tuple[JsonValue, ...] = ("probe", 1, [], {}, False)
# Words that say "an identifier" and nothing about of what.
ID_WORDS = frozenset({"id", "ids"})
# Cursor arguments take opaque positions in the caller's own list, not data to look up.
_CURSORS = frozenset({"after", "before"})
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def words_of(name: str) -> frozenset[str]:
    """Return the lowercase words of a camelCase or PascalCase name (``apiKeyRevoke``)."""
    return frozenset(word.lower() for word in _WORD.findall(name))


@dataclass(frozen=True, slots=True)
class Access:
    """What a field declares: a permission, public, or any signed-in principal."""

    permission: str | None
    is_public: bool
    needs_sign_in: bool


def access_of(graphql_field: GraphQLField) -> Access:
    """Read a field's access directives, as app.auth.policy reads them."""
    definition = (graphql_field.extensions or {}).get("strawberry-definition")
    directives = getattr(definition, "directives", None) or ()
    permission = next((d.name for d in directives if isinstance(d, RequiresPermission)), None)
    return Access(
        permission=permission,
        is_public=any(isinstance(d, Public) for d in directives),
        needs_sign_in=any(isinstance(d, Authenticated) for d in directives),
    )


@dataclass(frozen=True, slots=True)
class RootField:
    """One field of Query or Mutation."""

    operation: Literal["query", "mutation"]
    name: str
    field: GraphQLField

    @property
    def label(self) -> str:
        """Return ``Query.name`` or ``Mutation.name``."""
        return f"{self.operation.title()}.{self.name}"

    @property
    def access(self) -> Access:
        """Return the field's declared access."""
        return access_of(self.field)


def root_fields(schema: GraphQLSchema) -> list[RootField]:
    """Return every field of Query, then of Mutation, in schema order."""
    found = []
    if schema.query_type is not None:
        found += [RootField("query", n, f) for n, f in schema.query_type.fields.items()]
    if schema.mutation_type is not None:
        found += [RootField("mutation", n, f) for n, f in schema.mutation_type.fields.items()]
    return found


def selection(
    schema: GraphQLSchema,
    graphql_field: GraphQLField,
    may_see: Callable[[Access], bool],
) -> str:
    """Return the selection set of a root field's result ('' for a scalar result)."""
    return _selection(schema, get_named_type(graphql_field.type), may_see, DEPTH)


def _selection(
    schema: GraphQLSchema,
    named: GraphQLNamedType,
    may_see: Callable[[Access], bool],
    depth: int,
) -> str:
    if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
        parts = ["__typename"]
        # An abstract type may stand for every Node type at once (`node(id:)`): their leaves
        # only, so the document stays within the token limit (relations are walked from the
        # fields that return each type), each aliased by its type, as two types' fields of one
        # name may differ in type.
        possibles = schema.get_possible_types(named)
        leaves = {
            possible.name: [
                (name, str(child.type))
                for name, child in possible.fields.items()
                if _field_part(schema, name, child, may_see, 1) == name
            ]
            for possible in possibles
        }
        kinds: dict[str, set[str]] = {}
        for found in leaves.values():
            for name, kind in found:
                kinds.setdefault(name, set()).add(kind)
        for type_name, found in leaves.items():
            picked = [
                name if len(kinds[name]) == 1 else f"{type_name}_{name}: {name}"
                for name, _ in found
            ]
            if picked:
                parts.append(f"... on {type_name} {{ {' '.join(picked)} }}")
        return "{ " + " ".join(parts) + " }"
    if not isinstance(named, GraphQLObjectType):
        return ""
    parts = ["__typename"]
    for name, child in named.fields.items():
        part = _field_part(schema, name, child, may_see, depth)
        if part:
            parts.append(part)
    return "{ " + " ".join(parts) + " }"


def _field_part(
    schema: GraphQLSchema,
    name: str,
    child: GraphQLField,
    may_see: Callable[[Access], bool],
    depth: int,
) -> str:
    required = [a for a, arg in child.args.items() if _is_required(arg.type, arg.default_value)]
    if name.startswith("__") or required or not may_see(access_of(child)):
        return ""
    named = get_named_type(child.type)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return name
    if depth <= 1:
        return ""
    inner = _selection(schema, named, may_see, depth - 1)
    if not inner:
        return ""
    page = ROOT_PAGE if depth == DEPTH else NESTED_PAGE
    return f"{name}(first: {page}) {inner}" if "first" in child.args else f"{name} {inner}"


def _is_required(graphql_type: GraphQLInputType, default: object) -> bool:
    return isinstance(graphql_type, GraphQLNonNull) and default is Undefined


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in a field's arguments that takes an identifier or a string.

    ``path`` names the argument, then input fields (lists are implicit: a list slot gets a
    one-item list). ``kind`` is ``id`` (an ID), ``string`` (a String argument named ``*Id``),
    ``entity`` (a federation ``_Any`` representation) or ``text`` (any other String).
    ``words`` say what it takes: the words of its name (``userId``: user), or of the root
    field for a bare ``id`` (``roleDelete``: role, delete), to match ids of a plausible type.
    """

    path: tuple[str, ...]
    kind: Literal["id", "string", "entity", "text"]
    required: bool
    words: frozenset[str]

    @property
    def label(self) -> str:
        """Return the dotted path."""
        return ".".join(self.path)


def _slots(root: RootField) -> list[Slot]:
    found: list[Slot] = []
    for name, arg in root.field.args.items():
        required = _is_required(arg.type, arg.default_value)
        _slots_in(arg.type, (name,), required, words_of(root.name), found, set())
    return found


def id_slots(root: RootField) -> list[Slot]:
    """Return every ID slot of a root field's arguments, at any depth of input objects."""
    return [slot for slot in _slots(root) if slot.kind != "text"]


def text_slots(root: RootField) -> list[Slot]:
    """Return every other String slot (names, slugs, search terms, filters), cursors aside."""
    return [slot for slot in _slots(root) if slot.kind == "text" and slot.path[-1] not in _CURSORS]


def _slots_in(
    graphql_type: GraphQLInputType,
    path: tuple[str, ...],
    required: bool,
    around: frozenset[str],
    found: list[Slot],
    seen: set[str],
) -> None:
    named = get_named_type(graphql_type)
    # A slot named for what it takes (``userId``) says so; a bare ``id`` takes its field's noun.
    words = (words_of(path[-1]) - ID_WORDS) or around
    if isinstance(named, GraphQLInputObjectType):
        if named.name in seen:
            return
        for name, child in named.fields.items():
            child_required = required and _is_required(child.type, child.default_value)
            _slots_in(child.type, (*path, name), child_required, around, found, seen | {named.name})
    elif named.name == "ID":
        found.append(Slot(path, "id", required, words))
    elif named.name == "_Any":
        found.append(Slot(path, "entity", required, words))
    elif named.name == "String":
        kind: Literal["string", "text"] = "string" if path[-1].endswith("Id") else "text"
        found.append(Slot(path, kind, required, words))


def argument_values(
    root: RootField, values: Mapping[tuple[str, ...], JsonValue]
) -> dict[str, JsonValue]:
    """Return a root field's arguments: ``values`` at their paths, generated values elsewhere.

    Required arguments and input fields are always present; optional ones only where a path of
    ``values`` leads through them.
    """
    arguments: dict[str, JsonValue] = {}
    for name, arg in root.field.args.items():
        if _is_required(arg.type, arg.default_value) or _leads((name,), values):
            arguments[name] = _value(arg.type, (name,), values)
    return arguments


def _leads(prefix: tuple[str, ...], values: Mapping[tuple[str, ...], JsonValue]) -> bool:
    return any(path[: len(prefix)] == prefix for path in values)


def _value(
    graphql_type: GraphQLInputType,
    at: tuple[str, ...],
    values: Mapping[tuple[str, ...], JsonValue],
) -> JsonValue:
    if isinstance(graphql_type, GraphQLNonNull):
        return _value(graphql_type.of_type, at, values)
    if isinstance(graphql_type, GraphQLList):
        return [_value(graphql_type.of_type, at, values)]
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {
            name: _value(child.type, (*at, name), values)
            for name, child in graphql_type.fields.items()
            if _is_required(child.type, child.default_value) or _leads((*at, name), values)
        }
    if at in values:
        return values[at]
    return _leaf_value(graphql_type)


def _leaf_value(graphql_type: GraphQLEnumType | GraphQLScalarType) -> JsonValue:
    if isinstance(graphql_type, GraphQLEnumType):
        return str(next(iter(graphql_type.values)))
    if graphql_type.name in SCALAR_VALUES:
        return SCALAR_VALUES[graphql_type.name]
    for value in _UNKNOWN_SCALAR_TRIES:
        try:
            graphql_type.parse_value(value)
        except (GraphQLError, ValueError, TypeError):
            continue
        return value
    return "probe"


def document(root: RootField, arguments: Mapping[str, JsonValue], selected: str) -> str:
    """Return an operation calling ``root`` with ``arguments`` passed as variables."""
    definitions = ", ".join(f"${n}: {root.field.args[n].type}" for n in arguments)
    passed = ", ".join(f"{n}: ${n}" for n in arguments)
    head = f"{root.operation} ({definitions})" if definitions else root.operation
    call = f"{root.name}({passed})" if passed else root.name
    return f"{head} {{ {call} {selected} }}"
