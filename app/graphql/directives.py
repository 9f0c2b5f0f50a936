"""The schema directives that make every operation's access visible in the SDL."""

from __future__ import annotations

import strawberry
from strawberry.schema_directive import Location

from app.registry.declaration import Permission

__all__ = [
    "Authenticated",
    "Public",
    "RequiresPermission",
    "authenticated",
    "guarded",
    "public",
]


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="requiresPermission",
    description="The field needs this permission; it is enforced in one place before execution.",
)
class RequiresPermission:
    """Marks a field as needing a permission."""

    name: str = strawberry.field(description="The permission, `<module>.<verb>_<object>`.")


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="public",
    description="The field is public by declaration: anyone may call it.",
)
class Public:
    """Marks a root field as public on purpose."""


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="authenticated",
    description="Any signed-in principal may call the field (it acts on the caller's own data).",
)
class Authenticated:
    """Marks a field as needing a signed-in principal, and no particular permission."""


def authenticated() -> list[object]:
    """Return the directives of a field open to every signed-in principal."""
    return [Authenticated()]


def guarded(permission: Permission) -> list[object]:
    """Return the directives of a field guarded by ``permission``."""
    return [RequiresPermission(name=permission.name)]


def public() -> list[object]:
    """Return the directives of a field that is public by declaration."""
    return [Public()]
