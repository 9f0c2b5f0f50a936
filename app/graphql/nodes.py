"""Relay's object lookup: ``node(id:)`` and ``nodes(ids:)`` over every contributed Node type.

Contributions (the core's and the modules') declare a :class:`~app.registry.NodeSource` per
Node type; composing the schema gathers them into a :class:`NodeDirectory` kept on the
schema. A lookup decodes each global ID, groups the IDs by type, and asks each type's source
once for all of its IDs. A type whose module is not enabled for the tenant, an unknown type
and an ID the principal may not see all answer null alike.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated

import strawberry

from app.errors import BadRequest, ValidationFailed
from app.graphql.context import Info
from app.graphql.directives import public
from app.graphql.types import Node
from app.ids import decode_global_id
from app.registry.declaration import GraphQLContribution, NodeSource
from app.runtime import Context

__all__ = ["MAX_NODES", "NODES_GRAPHQL", "NodeDirectory", "NodeQuery"]

MAX_NODES = 100


@dataclass(frozen=True, slots=True)
class _Owned:
    owner: str | None
    source: NodeSource


class NodeDirectory:
    """The node sources of one composed schema, by global-ID type name."""

    def __init__(self, contributions: Iterable[tuple[str | None, GraphQLContribution]]) -> None:
        self._sources: dict[str, _Owned] = {}
        for owner, contribution in contributions:
            for source in contribution.nodes:
                if source.type_name in self._sources:
                    raise ValueError(f"two node sources for {source.type_name!r}")
                self._sources[source.type_name] = _Owned(owner, source)

    @property
    def type_names(self) -> frozenset[str]:
        """Return the type names ``node(id:)`` can find."""
        return frozenset(self._sources)

    async def resolve(
        self, ctx: Context, global_ids: Sequence[str], fields: Sequence[str]
    ) -> list[object]:
        """Return the object (or None) of each global ID, one source call per type.

        ``fields`` names each ID's place in the arguments, for VALIDATION of a malformed one.
        """
        wanted = [_decoded(global_id, at) for global_id, at in zip(global_ids, fields, strict=True)]
        by_type: dict[str, list[uuid.UUID]] = defaultdict(list)
        for type_name, local in wanted:
            if local is not None and self._is_reachable(ctx, type_name):
                by_type[type_name].append(local)
        found: dict[tuple[str, uuid.UUID], object | None] = {}
        for type_name, ids in by_type.items():
            unique = list(dict.fromkeys(ids))
            loaded = await self._sources[type_name].source.load(ctx, unique)
            found.update(
                ((type_name, key), value) for key, value in zip(unique, loaded, strict=True)
            )
        return [
            found.get((type_name, local)) if local is not None else None
            for type_name, local in wanted
        ]

    def _is_reachable(self, ctx: Context, type_name: str) -> bool:
        owned = self._sources.get(type_name)
        if owned is None:
            return False
        if owned.owner is None:
            return True
        return ctx.tenant is not None and owned.owner in ctx.tenant.enabled_modules


def _decoded(global_id: str, field: str) -> tuple[str, uuid.UUID | None]:
    try:
        type_name, local = decode_global_id(global_id)
    except ValueError as error:
        raise ValidationFailed(str(error), field=field) from None
    try:
        return type_name, uuid.UUID(local)
    except ValueError:
        return type_name, None


def _directory(info: Info) -> NodeDirectory:
    directory = getattr(info.schema, "node_directory", None)
    if not isinstance(directory, NodeDirectory):
        raise TypeError("the schema was composed without a node directory")
    return directory


@strawberry.type(description="Relay's lookup of any object by its global ID.")
class NodeQuery:
    """``node`` and ``nodes``."""

    @strawberry.field(
        description=(
            "The object with this global ID, or null when it does not exist or is not "
            "visible to you (as through its own queries)."
        ),
        directives=public(),
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> Node | None:
        """Find one object."""
        [found] = await _directory(info).resolve(info.context, [id], ["id"])
        return found if isinstance(found, Node) else None

    @strawberry.field(
        description=(
            f"The objects with these global IDs, in order (null where not found; at most "
            f"{MAX_NODES})."
        ),
        directives=public(),
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs.")],
    ) -> list[Node | None]:
        """Find several objects."""
        if len(ids) > MAX_NODES:
            raise BadRequest(f"ask for at most {MAX_NODES} ids at once, not {len(ids)}")
        places = [f"ids.{index}" for index in range(len(ids))]
        found = await _directory(info).resolve(info.context, list(ids), places)
        return [item if isinstance(item, Node) else None for item in found]


NODES_GRAPHQL = GraphQLContribution(query=NodeQuery)
