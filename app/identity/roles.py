"""Built-in roles, computed from the permissions installed modules declare.

Built-in roles store no permission rows: what they grant follows the installed modules, so a
newly installed module's permissions reach owners and admins without a migration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.registry.declaration import Permission, PermissionScope

__all__ = ["BUILTIN_ROLES", "BuiltinRole", "builtin_permissions"]


@dataclass(frozen=True, slots=True)
class BuiltinRole:
    """A role every tenant has, with a rule choosing its permissions."""

    name: str
    description: str
    grants: Callable[[Permission], bool]


def _verb(permission: Permission) -> str:
    return permission.name.partition(".")[2].partition("_")[0]


BUILTIN_ROLES = (
    BuiltinRole("owner", "Everything in the tenant, including roles and keys.", lambda _: True),
    BuiltinRole(
        "admin",
        "Everything but roles and API keys.",
        lambda p: p.name not in {"core.manage_roles", "core.manage_api_keys"},
    ),
    BuiltinRole(
        "editor",
        "Edit every module's content; no core administration.",
        lambda p: p.namespace != "core" or _verb(p) == "view",
    ),
    BuiltinRole("viewer", "See everything, change nothing.", lambda p: _verb(p) == "view"),
)


def builtin_permissions(role: str, declared: Iterable[Permission]) -> frozenset[str]:
    """Return the tenant permissions built-in ``role`` grants among ``declared``."""
    for builtin in BUILTIN_ROLES:
        if builtin.name == role:
            return frozenset(
                p.name for p in declared if p.scope is PermissionScope.TENANT and builtin.grants(p)
            )
    return frozenset()
