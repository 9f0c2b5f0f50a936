"""The single enforcement point of access: what an operation needs, checked before it runs.

Every field's access is declared in the schema (``@requiresPermission`` or, on root fields,
``@public``). For each document the policy walks the selected fields once (fragments included)
and derives the operation's :class:`Requirements`; the executor caches them per document, so
the check costs a few set lookups per request. A refused operation does not run at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)

from app.auth.principal import Principal
from app.errors import ModuleDisabled, PermissionDenied, TenantNotFound, Unauthenticated
from app.graphql.directives import Authenticated, Public, RequiresPermission
from app.registry.declaration import Permission, PermissionScope
from app.tenants.directory import ActiveTenant

__all__ = ["AccessPolicy", "FieldRule", "PolicyError", "Requirements"]


class PolicyError(Exception):
    """The schema's access declarations are incomplete or name unknown permissions."""


@dataclass(frozen=True, slots=True)
class FieldRule:
    """What one field declares: a permission, or public on purpose."""

    permission: Permission | None
    is_public: bool
    needs_sign_in: bool = False


@dataclass(frozen=True, slots=True)
class Requirements:
    """What an operation needs: a tenant, enabled modules, permissions."""

    needs_tenant: bool = False
    modules: frozenset[str] = frozenset()
    permissions: frozenset[Permission] = frozenset()
    needs_sign_in: bool = False


@dataclass(slots=True)
class _Collected:
    needs_sign_in: bool = False
    needs_tenant: bool = False
    modules: set[str] = field(default_factory=set)
    permissions: set[Permission] = field(default_factory=set)


def _field_rule(graphql_field: GraphQLField, permissions: dict[str, Permission]) -> FieldRule:
    definition = (graphql_field.extensions or {}).get("strawberry-definition")
    directives = getattr(definition, "directives", None) or ()
    permission, is_public, needs_sign_in = None, False, False
    for directive in directives:
        if isinstance(directive, RequiresPermission):
            if directive.name not in permissions:
                raise PolicyError(f"@requiresPermission names undeclared {directive.name!r}")
            permission = permissions[directive.name]
        elif isinstance(directive, Public):
            is_public = True
        elif isinstance(directive, Authenticated):
            needs_sign_in = True
    return FieldRule(permission=permission, is_public=is_public, needs_sign_in=needs_sign_in)


class AccessPolicy:
    """Access rules of one composed schema."""

    def __init__(
        self,
        schema: GraphQLSchema,
        permissions: dict[str, Permission],
        root_owners: dict[tuple[str, str], str | None],
    ) -> None:
        self._schema = schema
        self._root_owners = root_owners
        self._rules: dict[tuple[str, str], FieldRule] = {}
        problems = []
        for named in schema.type_map.values():
            if named.name.startswith("__") or not isinstance(
                named, GraphQLObjectType | GraphQLInterfaceType
            ):
                continue
            for name, graphql_field in named.fields.items():
                try:
                    self._rules[(named.name, name)] = _field_rule(graphql_field, permissions)
                except PolicyError as error:
                    problems.append(f"{named.name}.{name}: {error}")
        problems += self._undeclared_roots()
        if problems:
            raise PolicyError("access is not declared:\n  - " + "\n  - ".join(problems))

    def _undeclared_roots(self) -> list[str]:
        problems = []
        roots = (
            self._schema.query_type,
            self._schema.mutation_type,
            self._schema.subscription_type,
        )
        for root in roots:
            if root is None:
                continue
            for name in root.fields:
                rule = self._rules.get((root.name, name))
                if rule is None:
                    continue  # already reported: its directive names an unknown permission
                if name in {"_service", "_entities"}:
                    self._rules[(root.name, name)] = FieldRule(None, is_public=True)
                elif rule.permission is None and not (rule.is_public or rule.needs_sign_in):
                    problems.append(
                        f"{root.name}.{name} is neither @public, @authenticated nor "
                        "@requiresPermission (deny by default: declare one)"
                    )
        return problems

    def requirements(
        self,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> Requirements:
        """Return what ``operation`` needs (the document must already be valid)."""
        root = self._schema.get_root_type(operation.operation)
        if root is None:
            return Requirements()
        collected = _Collected()
        for selection in _fields_of(operation.selection_set, fragments, set()):
            owner = self._root_owners.get((root.name, selection.name.value))
            rule = self._rules.get((root.name, selection.name.value))
            if owner is not None:
                collected.modules.add(owner)
                collected.needs_tenant = True
            permission = rule.permission if rule is not None else None
            if permission is not None and permission.scope is PermissionScope.TENANT:
                collected.needs_tenant = True
        self._walk(root, operation.selection_set, fragments, collected, set())
        return Requirements(
            needs_sign_in=collected.needs_sign_in,
            needs_tenant=collected.needs_tenant,
            modules=frozenset(collected.modules),
            permissions=frozenset(collected.permissions),
        )

    def _walk(
        self,
        parent: GraphQLNamedType,
        selection_set: SelectionSetNode,
        fragments: dict[str, FragmentDefinitionNode],
        collected: _Collected,
        seen: set[tuple[str, str]],
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self._visit_field(parent, selection, fragments, collected, seen)
                continue
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments[selection.name.value]
                key = (parent.name, fragment.name.value)
                if key in seen:
                    continue
                seen.add(key)
                condition, sub = fragment.type_condition, fragment.selection_set
            elif isinstance(selection, InlineFragmentNode):
                condition, sub = selection.type_condition, selection.selection_set
            else:
                continue
            narrowed = self._schema.get_type(condition.name.value) if condition else parent
            self._walk(narrowed or parent, sub, fragments, collected, seen)

    def _visit_field(
        self,
        parent: GraphQLNamedType,
        node: FieldNode,
        fragments: dict[str, FragmentDefinitionNode],
        collected: _Collected,
        seen: set[tuple[str, str]],
    ) -> None:
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return
        for type_name in self._implementations(parent):
            rule = self._rules.get((type_name, name))
            if rule is not None and rule.permission is not None:
                collected.permissions.add(rule.permission)
            if rule is not None and rule.needs_sign_in:
                collected.needs_sign_in = True
        graphql_field = parent.fields.get(name)
        if graphql_field is not None and node.selection_set is not None:
            child = get_named_type(graphql_field.type)
            self._walk(child, node.selection_set, fragments, collected, seen)

    def _implementations(self, parent: GraphQLNamedType) -> list[str]:
        if isinstance(parent, GraphQLInterfaceType):
            return [parent.name, *(t.name for t in self._schema.get_possible_types(parent))]
        return [parent.name]

    @staticmethod
    def enforce(
        requirements: Requirements, principal: Principal, tenant: ActiveTenant | None
    ) -> None:
        """Raise the top-level refusal that applies, if any; the operation then does not run."""
        if requirements.needs_tenant and tenant is None:
            raise TenantNotFound("this operation needs a tenant: send the X-Tenant header")
        if tenant is not None:
            for module in sorted(requirements.modules):
                if module not in tenant.enabled_modules:
                    raise ModuleDisabled(f"module {module!r} is not enabled for this tenant")
        if requirements.needs_sign_in and not principal.is_authenticated:
            raise Unauthenticated("sign in: this operation acts on your own account")
        for permission in sorted(requirements.permissions, key=lambda item: item.name):
            scope_tenant = tenant.id if tenant is not None else None
            if principal.has_permission(permission, scope_tenant):
                continue
            if not principal.is_authenticated:
                raise Unauthenticated(f"sign in: this operation needs {permission.name}")
            raise PermissionDenied(f"this operation needs the permission {permission.name}")


def _fields_of(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> list[FieldNode]:
    found: list[FieldNode] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found += _fields_of(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            found += _fields_of(fragments[selection.name.value].selection_set, fragments, seen)
    return found
