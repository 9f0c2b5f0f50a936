"""The event types an endpoint asks for: exact types, ``<prefix>.*`` wildcards, or ``*``.

A pattern must cover at least one registered event type, and its creator must be able to see
every event it covers (the type's ``visible with`` permission): an endpoint is a way to read
events, so it reaches no further than the person who set it up. Platform events (visible with
a platform permission) belong to no tenant's endpoints and are never matched.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence

from app.errors import ErrorCode, FieldProblem
from app.events.declarations import EventType, matches
from app.registry.declaration import PermissionScope

__all__ = ["MAX_PATTERNS", "covered_types", "pattern_problems"]

MAX_PATTERNS = 50
_PATTERN = re.compile(
    r"^(\*|[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*){0,1}\.\*|[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)$"
)


def covered_types(pattern: str, types: Mapping[str, EventType]) -> list[EventType]:
    """Return the tenant event types ``pattern`` covers (platform events excluded)."""
    return [
        event_type
        for name, event_type in sorted(types.items())
        if matches(pattern, name) and event_type.permission.scope is PermissionScope.TENANT
    ]


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _unknown(pattern: str, types: Mapping[str, EventType]) -> str:
    close = difflib.get_close_matches(pattern.removesuffix(".*"), list(types), n=1)
    hint = f"; did you mean {close[0]}?" if close else ": see the events catalog"
    return f"no tenant event type matches {pattern[:120]!r}{hint}"


def _one_problem(pattern: str, types: Mapping[str, EventType], held: Collection[str]) -> str | None:
    if not _PATTERN.match(pattern):
        return (
            f"{pattern[:120]!r} is not an event type pattern: give a type "
            "(`blog.post.published`), a prefix with `.*` (`commerce.order.*`) or `*`"
        )
    covered = covered_types(pattern, types)
    if not covered:
        return _unknown(pattern, types)
    hidden = sorted({t.permission.name for t in covered} - set(held))
    if hidden:
        return f"{pattern} covers events you cannot see (they need {', '.join(hidden[:5])})"
    return None


def pattern_problems(
    patterns: Sequence[str],
    types: Mapping[str, EventType],
    held: Collection[str],
    field: str = "eventTypes",
) -> list[FieldProblem]:
    """Return a problem at ``<field>.<i>`` for each pattern that is malformed, unknown or too wide.

    Args:
        patterns: The patterns as given.
        types: The registered event types by name.
        held: The names of the permissions the caller holds in the tenant.
        field: The input field the patterns came in.
    """
    if not patterns or len(patterns) > MAX_PATTERNS:
        return [_problem(f"give 1 to {MAX_PATTERNS} event types (`*` for all)", field)]
    problems = []
    seen: set[str] = set()
    for index, pattern in enumerate(patterns):
        message = _one_problem(pattern, types, held)
        if message is None and pattern in seen:
            message = f"{pattern} is listed twice"
        seen.add(pattern)
        if message is not None:
            problems.append(_problem(message, f"{field}.{index}"))
    return problems
