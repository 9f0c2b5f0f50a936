"""Document limits that hold through fragments: depth and aliases (tokens: the parser)."""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from app.errors import BadRequest

__all__ = ["check_limits"]

_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


class _Measure:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._memo: dict[str, tuple[int, int]] = {}

    def selection_set(
        self, selection_set: SelectionSetNode, active: frozenset[str]
    ) -> tuple[int, int]:
        """Return (depth, aliases) of a selection set, fragments expanded."""
        depth, aliases = 0, 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value in _INTROSPECTION_ROOTS:
                    continue  # bounded by the schema itself; switched off outside debug
                aliases += selection.alias is not None
                if selection.selection_set is not None:
                    child_depth, child_aliases = self.selection_set(selection.selection_set, active)
                    depth, aliases = max(depth, child_depth + 1), aliases + child_aliases
                else:
                    depth = max(depth, 1)
            elif isinstance(selection, InlineFragmentNode):
                child_depth, child_aliases = self.selection_set(selection.selection_set, active)
                depth, aliases = max(depth, child_depth), aliases + child_aliases
            elif isinstance(selection, FragmentSpreadNode):
                child_depth, child_aliases = self.fragment(selection.name.value, active)
                depth, aliases = max(depth, child_depth), aliases + child_aliases
        return depth, aliases

    def fragment(self, name: str, active: frozenset[str]) -> tuple[int, int]:
        if name in self._memo:
            return self._memo[name]
        fragment = self._fragments.get(name)
        if fragment is None or name in active:
            return 0, 0
        measured = self.selection_set(fragment.selection_set, active | {name})
        self._memo[name] = measured
        return measured


def check_limits(
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    *,
    max_depth: int,
    max_aliases: int,
) -> None:
    """Raise BadRequest when the operation is deeper or uses more aliases than allowed."""
    depth, aliases = _Measure(fragments).selection_set(operation.selection_set, frozenset())
    if depth > max_depth:
        raise BadRequest(f"the query is {depth} levels deep; the limit is {max_depth}")
    if aliases > max_aliases:
        raise BadRequest(f"the query uses {aliases} aliases; the limit is {max_aliases}")
