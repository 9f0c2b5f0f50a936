"""Deny by default: every root field declares its access, and the declarations are checked."""

from __future__ import annotations

import uuid

import pytest
import strawberry

from app.auth.permissions import CORE_PERMISSIONS
from app.auth.policy import AccessPolicy, PolicyError, Requirements
from app.auth.principal import Anonymous, ApiKeyPrincipal, CustomerPrincipal, UserPrincipal
from app.bootstrap import build_schema
from app.clock import SystemClock
from app.errors import ModuleDisabled, PermissionDenied, TenantNotFound, Unauthenticated
from app.graphql.directives import guarded, public
from app.registry import GraphQLContribution, Module, Permission, PermissionScope, Registry
from app.tenants.directory import ActiveTenant

SECRET = Permission("probe.view_secrets", "See secrets.")


@strawberry.type(description="Probe reads.")
class UndeclaredQuery:
    """A module that forgot to declare access."""

    @strawberry.field(description="Forgot its directive.")
    def forgotten(self) -> int:
        """Return 1."""
        return 1


@strawberry.type(description="Probe reads.")
class TypoQuery:
    """A module guarding with a permission nobody declared."""

    @strawberry.field(
        description="Guarded by a typo.", directives=guarded(Permission("probe.view_secretz", "x"))
    )
    def typo(self) -> int:
        """Return 1."""
        return 1


@strawberry.type(description="Probe reads.")
class ProbeQuery:
    """A well-declared module."""

    @strawberry.field(description="Open to all.", directives=public())
    def open_probe(self) -> int:
        """Return 1."""
        return 1

    @strawberry.field(description="Needs a permission.", directives=guarded(SECRET))
    def secret_probe(self) -> int:
        """Return 2."""
        return 2


def probe(query: type) -> Module:
    """Return a probe module contributing ``query``."""
    return Module(
        name="probe",
        version="1",
        description="Policy probe.",
        permissions=(SECRET,),
        graphql=GraphQLContribution(query=query),
    )


def registry_with(query: type) -> Registry:
    """Return a registry of the probe module alone."""
    return Registry([probe(query)], core_permissions=CORE_PERMISSIONS)


def test_undeclared_root_field_fails_composition() -> None:
    with pytest.raises(PolicyError) as caught:
        build_schema(registry_with(UndeclaredQuery))
    assert "Query.forgotten is neither @public, @authenticated nor @requiresPermission" in str(
        caught.value
    )


def test_undeclared_permission_fails_composition() -> None:
    with pytest.raises(PolicyError) as caught:
        build_schema(registry_with(TypoQuery))
    assert "undeclared 'probe.view_secretz'" in str(caught.value)


def requirements_of(document: str) -> Requirements:
    """Return the requirements the composed probe schema derives for ``document``."""
    from graphql import FragmentDefinitionNode, get_operation_ast, parse

    schema = build_schema(registry_with(ProbeQuery))
    parsed = parse(document)
    operation = get_operation_ast(parsed)
    assert operation is not None
    fragments = {
        item.name.value: item
        for item in parsed.definitions
        if isinstance(item, FragmentDefinitionNode)
    }
    return schema.policy.requirements(operation, fragments)


def test_requirements_follow_fragments_and_modules() -> None:
    assert requirements_of("{ openProbe }") == Requirements(
        needs_tenant=True, modules=frozenset({"probe"}), permissions=frozenset()
    )
    through_fragment = requirements_of("{ ...F } fragment F on Query { secretProbe }")
    assert through_fragment == Requirements(
        needs_tenant=True, modules=frozenset({"probe"}), permissions=frozenset({SECRET})
    )
    core_only = requirements_of('{ tenant(slug: "x") { name } }')
    assert core_only == Requirements()


TENANT = ActiveTenant(
    id=uuid.uuid4(),
    slug="a",
    name="A",
    created_at=SystemClock().now(),
    updated_at=SystemClock().now(),
    enabled_modules=frozenset({"probe"}),
)
NEEDS = Requirements(
    needs_tenant=True, modules=frozenset({"probe"}), permissions=frozenset({SECRET})
)


def test_enforce_order_and_principals() -> None:
    with pytest.raises(TenantNotFound):
        AccessPolicy.enforce(NEEDS, Anonymous(), None)
    disabled = ActiveTenant(
        id=TENANT.id,
        slug="a",
        name="A",
        created_at=TENANT.created_at,
        updated_at=TENANT.updated_at,
        enabled_modules=frozenset(),
    )
    with pytest.raises(ModuleDisabled):
        AccessPolicy.enforce(NEEDS, Anonymous(), disabled)
    with pytest.raises(Unauthenticated):
        AccessPolicy.enforce(NEEDS, Anonymous(), TENANT)
    with pytest.raises(PermissionDenied):
        AccessPolicy.enforce(NEEDS, CustomerPrincipal(uuid.uuid4(), TENANT.id), TENANT)
    other_tenant_key = ApiKeyPrincipal(uuid.uuid4(), uuid.uuid4(), frozenset({SECRET.name}))
    with pytest.raises(PermissionDenied):
        AccessPolicy.enforce(NEEDS, other_tenant_key, TENANT)
    AccessPolicy.enforce(
        NEEDS, ApiKeyPrincipal(uuid.uuid4(), TENANT.id, frozenset({SECRET.name})), TENANT
    )
    member = UserPrincipal(uuid.uuid4(), memberships={TENANT.id: frozenset({SECRET.name})})
    AccessPolicy.enforce(NEEDS, member, TENANT)


def test_platform_permissions_need_the_platform_flag() -> None:
    platform = Permission("core.manage_tenants", "x", PermissionScope.PLATFORM)
    needs = Requirements(permissions=frozenset({platform}))
    member = UserPrincipal(uuid.uuid4(), memberships={TENANT.id: frozenset({platform.name})})
    with pytest.raises(PermissionDenied):
        AccessPolicy.enforce(needs, member, TENANT)
    AccessPolicy.enforce(needs, UserPrincipal(uuid.uuid4(), is_platform_admin=True), None)
    key = ApiKeyPrincipal(uuid.uuid4(), TENANT.id, frozenset({platform.name}))
    with pytest.raises(PermissionDenied):
        AccessPolicy.enforce(needs, key, TENANT)
