"""What a principal may hand out: declared tenant permissions it holds itself.

Roles and API keys carry tenant-scoped permissions only (platform permissions belong to the
platform-admin flag). Nobody grants, through a role, a role assignment or an API key, a
permission they do not hold: that would let a holder of ``core.manage_roles`` or
``core.manage_api_keys`` climb to everything. Owners hold every tenant permission, so the rule
never stops them; the command line acts as the system, which holds everything too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from app.errors import ErrorCode, FieldProblem, ValidationFailed
from app.registry.declaration import Permission, PermissionScope
from app.runtime import Context

__all__ = [
    "grant_problems",
    "held_permissions",
    "raise_problems",
    "reach_problems",
    "tenant_permissions",
]


def tenant_permissions(ctx: Context) -> dict[str, Permission]:
    """Return the declared tenant-scoped permissions of the core and the modules in service."""
    return {
        name: permission
        for name, permission in ctx.runtime.registry.permissions().items()
        if permission.scope is PermissionScope.TENANT
    }


def held_permissions(ctx: Context, tenant_id: uuid.UUID) -> frozenset[str]:
    """Return the declared tenant permissions ``ctx``'s principal holds in ``tenant_id``."""
    return frozenset(
        name
        for name, permission in tenant_permissions(ctx).items()
        if ctx.principal.has_permission(permission, tenant_id)
    )


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def grant_problems(
    ctx: Context, tenant_id: uuid.UUID, names: Sequence[str], field: str = "permissions"
) -> list[FieldProblem]:
    """Return a problem, at ``<field>.<i>``, for each name that is not a grantable permission.

    A name must be a declared permission, tenant-scoped, and held by the caller.
    """
    declared = ctx.runtime.registry.permissions()
    held = held_permissions(ctx, tenant_id)
    problems = []
    for index, name in enumerate(names):
        at = f"{field}.{index}"
        permission = declared.get(name)
        if permission is None:
            problems.append(
                _problem(f"no permission is named {name[:130]!r}: see the `permissions` query", at)
            )
        elif permission.scope is not PermissionScope.TENANT:
            problems.append(
                _problem(f"{name} is a platform permission; grant tenant permissions only", at)
            )
        elif name not in held:
            problems.append(
                _problem(f"you do not hold {name}, so you cannot grant it (ask an owner)", at)
            )
    return problems


def reach_problems(
    ctx: Context, tenant_id: uuid.UUID, granted: Iterable[str], field: str, what: str
) -> list[FieldProblem]:
    """Return one problem at ``field`` if ``granted`` holds permissions the caller lacks.

    ``what`` says what grants them (``"the role 'owner'"``), for the message.
    """
    missing = sorted(set(granted) - held_permissions(ctx, tenant_id))
    if not missing:
        return []
    listed = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
    message = f"{what} grants permissions you do not hold ({listed}); ask an owner"
    return [_problem(message, field)]


def raise_problems(problems: Sequence[FieldProblem]) -> None:
    """Raise every problem at once as one VALIDATION error, if there is any."""
    if problems:
        raise ValidationFailed(problems[0].message, field=problems[0].field, problems=problems)
