"""Roles over GraphQL: the tenant's roles, the declared permissions, custom role changes."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated

import strawberry

from app.auth.permissions import MANAGE_ROLES
from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.types import Node, UserError, user_errors
from app.identity import role_admin
from app.identity.role_admin import RoleView
from app.ids import encode_global_id

__all__ = ["PermissionInfo", "Role", "RoleMutation", "RoleQuery"]

_INPUT = strawberry.argument(description="The operation's input.")


@strawberry.enum(name="PermissionScope", description="Where a permission applies.")
class PermissionScopeEnum(enum.Enum):
    """GraphQL view of :class:`app.registry.PermissionScope`."""

    TENANT = strawberry.enum_value(
        "tenant", description="Inside one tenant: granted by its roles and held by API keys."
    )
    PLATFORM = strawberry.enum_value(
        "platform", description="Across the platform: held by platform administrators only."
    )


@strawberry.type(name="Permission", description="A permission declared by the core or a module.")
class PermissionInfo:
    """One declared permission."""

    name: str = strawberry.field(description="`<module>.<verb>_<object>`.")
    description: str = strawberry.field(description="What it allows.")
    scope: PermissionScopeEnum = strawberry.field(
        description="Where it applies; roles and API keys hold tenant permissions only."
    )


@strawberry.type(description="A role of the tenant: a named set of permissions given to members.")
class Role(Node):
    """A role."""

    name: str = strawberry.field(description="Unique in the tenant.")
    description: str = strawberry.field(description="What the role is for.")
    is_builtin: bool = strawberry.field(
        description="Whether it is a built-in role (owner, admin, editor, viewer): its "
        "permissions follow the installed modules and it cannot be changed or deleted."
    )
    permissions: list[str] = strawberry.field(description="The permissions it grants, sorted.")
    created_at: datetime = strawberry.field(description="When the role was created.")

    @classmethod
    def from_view(cls, view: RoleView) -> Role:
        """Build from the service's view."""
        return cls(
            id=strawberry.ID(encode_global_id("Role", view.id)),
            name=view.name,
            description=view.description,
            is_builtin=view.is_builtin,
            permissions=list(view.permissions),
            created_at=view.created_at,
        )


@strawberry.input(description="A new custom role.")
class RoleCreateInput:
    """Input of roleCreate."""

    name: str = strawberry.field(
        description="1 to 60 lowercase letters, digits, hyphens and underscores, starting with "
        "a letter; unique in the tenant."
    )
    description: str = strawberry.field(default="", description="What the role is for.")
    permissions: list[str] = strawberry.field(
        description="Tenant permissions it grants (see `permissions`); each must be one you hold."
    )


@strawberry.input(description="Changes to a custom role; omitted fields stay as they are.")
class RoleUpdateInput:
    """Input of roleUpdate."""

    id: strawberry.ID = strawberry.field(description="The role's ID.")
    name: str | None = strawberry.field(default=None, description="A new name.")
    description: str | None = strawberry.field(default=None, description="A new description.")
    permissions: list[str] | None = strawberry.field(
        default=None, description="The whole new set of permissions (replaces the old one)."
    )


@strawberry.type(description="The result of creating or changing a role.")
class RolePayload:
    """Payload of roleCreate and roleUpdate."""

    role: Role | None = strawberry.field(description="The role, when the change was made.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="The result of deleting a role.")
class RoleDeletePayload:
    """Payload of roleDelete."""

    role: Role | None = strawberry.field(description="The role as it was, when it was deleted.")
    unassigned_count: int = strawberry.field(
        description="How many members held the role and lost it with the deletion."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _role_change(run: Callable[[], Awaitable[RoleView]]) -> RolePayload:
    try:
        view = await run()
    except UserInputError as error:
        return RolePayload(role=None, errors=user_errors(error.problems))
    return RolePayload(role=Role.from_view(view), errors=[])


@strawberry.type(description="Role reads.")
class RoleQuery:
    """The tenant's roles and the permissions they can grant."""

    @strawberry.field(
        description="The tenant's roles: built-in ones first (owner, admin, editor, viewer), "
        "then custom ones by name.",
        directives=guarded(MANAGE_ROLES),
    )
    async def roles(self, info: Info) -> list[Role]:
        """List roles."""
        context = info.context
        views = await role_admin.list_roles(context, context.require_tenant().id)
        return [Role.from_view(view) for view in views]

    @strawberry.field(
        description="Every permission the core and the installed modules declare, by name.",
        directives=guarded(MANAGE_ROLES),
    )
    def permissions(self, info: Info) -> list[PermissionInfo]:
        """List declared permissions."""
        declared = info.context.runtime.registry.permissions()
        return [
            PermissionInfo(
                name=permission.name,
                description=permission.description,
                scope=PermissionScopeEnum(permission.scope.value),
            )
            for _, permission in sorted(declared.items())
        ]


@strawberry.type(description="Role writes.")
class RoleMutation:
    """Create, change and delete custom roles."""

    @strawberry.mutation(
        description="Create a custom role granting some of the permissions you hold.",
        directives=guarded(MANAGE_ROLES),
    )
    async def role_create(
        self, info: Info, input: Annotated[RoleCreateInput, _INPUT]
    ) -> RolePayload:
        """Create a role."""
        context = info.context
        return await _role_change(
            lambda: role_admin.create_role(
                context,
                context.require_tenant().id,
                name=input.name,
                description=input.description,
                permissions=input.permissions,
            )
        )

    @strawberry.mutation(
        description="Rename, describe or re-scope a custom role (built-in roles cannot be "
        "changed); its members' permissions change at once.",
        directives=guarded(MANAGE_ROLES),
    )
    async def role_update(
        self, info: Info, input: Annotated[RoleUpdateInput, _INPUT]
    ) -> RolePayload:
        """Update a role."""
        context = info.context

        async def run() -> RoleView:
            return await role_admin.update_role(
                context,
                context.require_tenant().id,
                local_id(input.id, "Role", "id"),
                name=input.name,
                description=input.description,
                permissions=input.permissions,
            )

        return await _role_change(run)

    @strawberry.mutation(
        description="Delete a custom role; every member holding it loses it (built-in roles "
        "cannot be deleted).",
        directives=guarded(MANAGE_ROLES),
    )
    async def role_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The role's ID.")],
    ) -> RoleDeletePayload:
        """Delete a role."""
        context = info.context
        try:
            view, unassigned = await role_admin.delete_role(
                context, context.require_tenant().id, local_id(id, "Role", "id")
            )
        except UserInputError as error:
            return RoleDeletePayload(
                role=None, unassigned_count=0, errors=user_errors(error.problems)
            )
        return RoleDeletePayload(role=Role.from_view(view), unassigned_count=unassigned, errors=[])
