"""Static query cost: how much work an operation may cause, known before it runs.

Each selected field costs 1. A connection (a field taking ``first``/``last``) multiplies the
cost of its selection by the page size it asks for: the literal or variable value of ``first``
or ``last`` (the larger if both), the default page size when neither is given, and never more
than the page-size cap (a larger value is refused by the resolver anyway). The connection's
own ``edges`` list is not multiplied again. Any other list of objects (``modules``,
``memberships``, a payload's ``errors``) multiplies its selection by :data:`LIST_ESTIMATE`;
lists of scalars cost 1. ``_entities`` multiplies by the number of representations.
``__typename`` costs 1; introspection (``__schema``, ``__type``) costs 0: it is off outside
debug and bounded by the schema's size.

Fragments and inline fragments are expanded, and fields are merged by response key the way
the executor merges them: the same fragment spread twice costs once (it runs once), while
two aliases of one field cost twice (they run twice). Directives ``@skip``/``@include`` are
ignored (the cost is an upper bound).

The analysis runs once per document and yields a :class:`CostPlan` cached with it: a constant
plus the terms that depend on variables, so a request only multiplies a few numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    print_ast,
    value_from_ast_untyped,
)

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "LIST_ESTIMATE",
    "CostAnalyzer",
    "CostPlan",
    "Multiplier",
    "OperationCost",
]

DEFAULT_PAGE_SIZE = 20  # what a connection returns without first/last (app.graphql.relay)
LIST_ESTIMATE = 10  # the size assumed for a plain list of objects
_PAGE_ARGUMENTS = ("first", "last")
_FREE = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class Multiplier:
    """How many times a selection runs: a page size or a list's length, maybe from variables.

    ``sources`` are literal ints or variable names; ``counts_length`` means the value is a
    list whose length counts (``_entities(representations:)``).
    """

    sources: tuple[int | str, ...]
    fallback: int
    cap: int | None
    counts_length: bool = False

    def value(self, variables: Mapping[str, Any]) -> int:
        """Return the multiplier for these variable values."""
        found = [self._resolve(source, variables) for source in self.sources]
        numbers = [number for number in found if number is not None]
        number = max(numbers) if numbers else self.fallback
        number = max(number, 0)
        return min(number, self.cap) if self.cap is not None else number

    def _resolve(self, source: int | str, variables: Mapping[str, Any]) -> int | None:
        if isinstance(source, int):
            return source
        value = variables.get(source)
        if self.counts_length:
            return len(value) if isinstance(value, list) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return None  # absent, null or of the wrong type (execution refuses the latter)

    @property
    def is_static(self) -> bool:
        """Return whether no variable is involved."""
        return all(isinstance(source, int) for source in self.sources)


@dataclass(frozen=True, slots=True)
class CostPlan:
    """A cost: a constant plus terms ``multiplier * plan`` that depend on variables."""

    constant: int
    terms: tuple[tuple[Multiplier, CostPlan], ...] = ()

    def evaluate(self, variables: Mapping[str, Any] | None = None) -> int:
        """Return the cost for these variable values (missing ones take their defaults)."""
        values = variables or {}
        return self.constant + sum(
            multiplier.value(values) * plan.evaluate(values) for multiplier, plan in self.terms
        )


_ZERO = CostPlan(0)


@dataclass(frozen=True, slots=True)
class OperationCost:
    """An operation's cost plan with its variables' defaults."""

    plan: CostPlan
    defaults: Mapping[str, Any]

    def evaluate(self, variables: Mapping[str, Any] | None) -> int:
        """Return the cost for the request's variables (omitted ones take their defaults)."""
        if not self.plan.terms:
            return self.plan.constant
        return self.plan.evaluate({**self.defaults, **(variables or {})})


@dataclass(slots=True)
class _Group:
    """Every node of one response key (merged like the executor merges them)."""

    parent: GraphQLNamedType
    nodes: list[FieldNode]


class CostAnalyzer:
    """Compiles operations into cost plans for one schema."""

    def __init__(self, schema: GraphQLSchema, *, max_page_size: int) -> None:
        self._schema = schema
        self._max_page_size = max_page_size

    def plan(
        self,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
    ) -> OperationCost:
        """Return the cost plan of a validated operation."""
        defaults: dict[str, Any] = {}
        for definition in operation.variable_definitions or ():
            if definition.default_value is not None:
                defaults[definition.variable.name.value] = value_from_ast_untyped(
                    definition.default_value
                )
        root = self._schema.get_root_type(operation.operation)
        if root is None:
            return OperationCost(_ZERO, defaults)
        compiler = _Compiler(self._schema, fragments, self._max_page_size)
        plan = compiler.selection(root, (operation.selection_set,), in_connection=False)
        return OperationCost(plan, defaults)


class _Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        max_page_size: int,
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._max_page_size = max_page_size
        self._memo: dict[tuple[frozenset[int | str], str, bool], CostPlan] = {}

    def selection(
        self,
        parent: GraphQLNamedType,
        selection_sets: Sequence[SelectionSetNode],
        *,
        in_connection: bool,
    ) -> CostPlan:
        """Return the plan of the merged selection sets, memoized by what they select.

        Two selection sets that spread the same fragment share one plan, so a document that
        spreads each fragment from several places is analysed once per fragment, not once
        per path (a "fragment bomb" stays linear).
        """
        selected = frozenset(
            selection.name.value if isinstance(selection, FragmentSpreadNode) else id(selection)
            for selection_set in selection_sets
            for selection in selection_set.selections
        )
        key = (selected, parent.name, in_connection)
        cached = self._memo.get(key)
        if cached is None:
            groups: dict[tuple[str, str, str], _Group] = {}
            for selection_set in selection_sets:
                self._collect(parent, selection_set, groups, set())
            plans = [self._field(group, in_connection) for group in groups.values()]
            cached = _add(plans)
            self._memo[key] = cached
        return cached

    def _collect(
        self,
        parent: GraphQLNamedType,
        selection_set: SelectionSetNode,
        groups: dict[tuple[str, str, str], _Group],
        spread: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                response_key = selection.alias.value if selection.alias else name
                arguments = " ".join(sorted(print_ast(item) for item in selection.arguments or ()))
                group = groups.setdefault((response_key, name, arguments), _Group(parent, []))
                group.nodes.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                narrowed = self._narrow(parent, selection.type_condition)
                self._collect(narrowed, selection.selection_set, groups, spread)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self._fragments.get(name)
                if fragment is None or name in spread:
                    continue  # the same spread twice merges into one execution
                spread.add(name)
                narrowed = self._narrow(parent, fragment.type_condition)
                self._collect(narrowed, fragment.selection_set, groups, spread)

    def _narrow(
        self, parent: GraphQLNamedType, condition: NamedTypeNode | None
    ) -> GraphQLNamedType:
        if condition is None:
            return parent
        narrowed = self._schema.get_type(condition.name.value)
        return narrowed if narrowed is not None else parent

    def _field(self, group: _Group, in_connection: bool) -> CostPlan:
        node = group.nodes[0]
        name = node.name.value
        if name in _FREE:
            return _ZERO
        definition = _field_definition(group.parent, name)
        if definition is None:
            return CostPlan(1)  # __typename (or a field validation already refused)
        children = [item.selection_set for item in group.nodes if item.selection_set]
        if not children:
            return CostPlan(1)
        multiplier = self._multiplier(node, definition, in_connection)
        is_connection = multiplier is not None and multiplier.cap is not None
        child_type = get_named_type(definition.type)
        sub = self.selection(child_type, children, in_connection=is_connection)
        if multiplier is None:
            return CostPlan(1 + sub.constant, sub.terms)
        if multiplier.is_static:
            return _scaled(multiplier.value({}), sub, extra=1)
        return CostPlan(1, ((multiplier, sub),))

    def _multiplier(
        self, node: FieldNode, definition: GraphQLField, in_connection: bool
    ) -> Multiplier | None:
        if any(argument in definition.args for argument in _PAGE_ARGUMENTS):
            sources = self._sources(node, _PAGE_ARGUMENTS, counts_length=False)
            return Multiplier(
                sources, min(DEFAULT_PAGE_SIZE, self._max_page_size), self._max_page_size
            )
        if node.name.value == "_entities":
            sources = self._sources(node, ("representations",), counts_length=True)
            return Multiplier(sources, LIST_ESTIMATE, None, counts_length=True)
        if _is_list(definition.type) and not in_connection:
            return Multiplier((LIST_ESTIMATE,), LIST_ESTIMATE, None)
        return None

    def _sources(
        self, node: FieldNode, names: Sequence[str], *, counts_length: bool
    ) -> tuple[int | str, ...]:
        sources: list[int | str] = []
        for argument in node.arguments or ():
            if argument.name.value in names:
                source = self._source(argument.value, counts_length=counts_length)
                if source is not None:
                    sources.append(source)
        return tuple(sources)

    def _source(self, value: ValueNode, *, counts_length: bool) -> int | str | None:
        if isinstance(value, VariableNode):
            return value.name.value
        if counts_length and isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, IntValueNode):
            return int(value.value)
        return None


def _field_definition(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _is_list(output: GraphQLOutputType) -> bool:
    inner = output.of_type if isinstance(output, GraphQLNonNull) else output
    return isinstance(inner, GraphQLList)


def _scaled(factor: int, plan: CostPlan, *, extra: int) -> CostPlan:
    if not plan.terms:
        return CostPlan(extra + factor * plan.constant)
    scale = Multiplier((factor,), factor, None)
    return CostPlan(extra, ((scale, plan),))


def _add(plans: Sequence[CostPlan]) -> CostPlan:
    constant = sum(plan.constant for plan in plans)
    terms = tuple(term for plan in plans for term in plan.terms)
    return CostPlan(constant, terms)
