"""Members over GraphQL: the tenant's members, adding and removing them, giving them roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import Select, select

from app.auth.permissions import MANAGE_ROLES, MANAGE_USERS
from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, Before, First, Last, PageRequest, paginate
from app.graphql.types import Connection, Edge, UserError, user_errors
from app.identity import members
from app.identity.graphql.roles import Role
from app.identity.graphql.types import User
from app.identity.members import MemberView
from app.identity.models import MembershipRow

__all__ = ["Member", "MemberMutation", "MemberQuery"]

_INPUT = strawberry.argument(description="The operation's input.")
UserIdArgument = Annotated[strawberry.ID, strawberry.argument(description="The user's ID.")]


@strawberry.type(description="A user's membership of this tenant, with the roles held here.")
class Member:
    """A member."""

    user: User = strawberry.field(description="The user.")
    roles: list[Role] = strawberry.field(description="The roles held in this tenant.")
    permissions: list[str] = strawberry.field(
        description="Every permission those roles grant, sorted."
    )
    joined_at: datetime = strawberry.field(description="When the user became a member.")

    @classmethod
    def from_view(cls, view: MemberView) -> Member:
        """Build from the service's view."""
        return cls(
            user=User.from_row(view.user),
            roles=[Role.from_view(role) for role in view.roles],
            permissions=sorted(view.permissions),
            joined_at=view.joined_at,
        )


@strawberry.input(description="An existing user to make a member.")
class MemberAddInput:
    """Input of memberAdd."""

    email: str = strawberry.field(description="The email of the user's account.")
    roles: list[str] = strawberry.field(
        default_factory=list,
        description="Names of the roles to give (built-in: owner, admin, editor, viewer); "
        "each must grant only permissions you hold.",
    )


@strawberry.input(description="A member and a role.")
class RoleAssignmentInput:
    """Input of roleAssign and roleUnassign."""

    user_id: strawberry.ID = strawberry.field(description="The member's user ID.")
    role_id: strawberry.ID = strawberry.field(description="The role's ID.")


@strawberry.type(description="The result of a change to a member.")
class MemberPayload:
    """Payload of member and role-assignment mutations."""

    member: Member | None = strawberry.field(
        description="The member after the change (as they were, for memberRemove)."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _member_change(run: Callable[[], Awaitable[MemberView]]) -> MemberPayload:
    try:
        view = await run()
    except UserInputError as error:
        return MemberPayload(member=None, errors=user_errors(error.problems))
    return MemberPayload(member=Member.from_view(view), errors=[])


@strawberry.type(description="Member reads.")
class MemberQuery:
    """The tenant's members."""

    @strawberry.field(
        description="The tenant's members with their roles, in the order their accounts were "
        "created.",
        directives=guarded(MANAGE_USERS),
    )
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Member]:
        """Page through members (four statements whatever the page size)."""
        context = info.context
        runtime = context.runtime
        tenant_id = context.require_tenant().id
        page = PageRequest.from_arguments(
            first=first,
            after=after,
            last=last,
            before=before,
            max_size=runtime.settings.max_page_size,
        )
        statement: Select[tuple[MembershipRow]] = select(MembershipRow)
        statement = statement.where(MembershipRow.tenant_id == tenant_id)
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            found = await paginate(
                session,
                statement,
                MembershipRow.user_id,
                page,
                lambda row: row,
                lambda row: row.user_id,
            )
            views = await members.member_views(
                context, session, tenant_id, [edge.node for edge in found.edges]
            )
        edges = [
            Edge(cursor=edge.cursor, node=Member.from_view(view))
            for edge, view in zip(found.edges, views, strict=True)
        ]
        return Connection(edges=edges, page_info=found.page_info, total_count=found.total_count)


@strawberry.type(description="Member writes.")
class MemberMutation:
    """Add and remove members; give and take roles."""

    @strawberry.mutation(
        description="Make an existing user a member with some roles. Inviting new people by "
        "email is not supported: the account must exist (NOT_FOUND otherwise).",
        directives=guarded(MANAGE_USERS),
    )
    async def member_add(
        self, info: Info, input: Annotated[MemberAddInput, _INPUT]
    ) -> MemberPayload:
        """Add a member."""
        context = info.context
        return await _member_change(
            lambda: members.add_member(
                context, context.require_tenant().id, email=input.email, role_names=input.roles
            )
        )

    @strawberry.mutation(
        description="Remove a member and their roles from the tenant; the account stays. The "
        "last owner cannot be removed.",
        directives=guarded(MANAGE_USERS),
    )
    async def member_remove(self, info: Info, user_id: UserIdArgument) -> MemberPayload:
        """Remove a member."""
        context = info.context
        return await _member_change(
            lambda: members.remove_member(
                context, context.require_tenant().id, local_id(user_id, "User", "userId")
            )
        )

    @strawberry.mutation(
        description="Give a member a role (nothing changes if they hold it already).",
        directives=guarded(MANAGE_ROLES),
    )
    async def role_assign(
        self, info: Info, input: Annotated[RoleAssignmentInput, _INPUT]
    ) -> MemberPayload:
        """Assign a role."""
        context = info.context
        return await _member_change(
            lambda: members.assign_role(
                context,
                context.require_tenant().id,
                local_id(input.user_id, "User", "userId"),
                local_id(input.role_id, "Role", "roleId"),
            )
        )

    @strawberry.mutation(
        description="Take a role from a member (nothing changes if they lack it). The tenant's "
        "last owner keeps the owner role.",
        directives=guarded(MANAGE_ROLES),
    )
    async def role_unassign(
        self, info: Info, input: Annotated[RoleAssignmentInput, _INPUT]
    ) -> MemberPayload:
        """Unassign a role."""
        context = info.context
        return await _member_change(
            lambda: members.unassign_role(
                context,
                context.require_tenant().id,
                local_id(input.user_id, "User", "userId"),
                local_id(input.role_id, "Role", "roleId"),
            )
        )
