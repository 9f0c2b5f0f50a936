"""Composing one Strawberry schema (an Apollo Federation v2 subgraph) from core and modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import strawberry
from graphql import GraphQLSchema
from strawberry.schema.config import StrawberryConfig

from app.auth.policy import AccessPolicy
from app.graphql.types import SCALAR_MAP, Node
from app.registry import GraphQLContribution, Registry
from app.registry.registry import root_field_names

__all__ = ["ComposedSchema", "compose_schema"]

FEDERATION_VERSION: Final = "2.11"


@dataclass(frozen=True, slots=True)
class ComposedSchema:
    """The composed schema, its graphql-core form and its access policy."""

    strawberry_schema: strawberry.federation.Schema
    policy: AccessPolicy

    @property
    def graphql_schema(self) -> GraphQLSchema:
        """Return the executable graphql-core schema."""
        return self.strawberry_schema._schema

    def sdl(self) -> str:
        """Return the SDL as `rustok schema export` writes it."""
        return self.strawberry_schema.as_str() + "\n"


def _merge(name: str, description: str, parts: list[type]) -> type | None:
    if not parts:
        return None
    merged: type = strawberry.type(type(name, tuple(parts), {}), description=description)
    return merged


def compose_schema(registry: Registry, core: tuple[GraphQLContribution, ...]) -> ComposedSchema:
    """Compose the core's and every in-service module's contribution into one schema."""
    contributions: list[tuple[str | None, GraphQLContribution]] = [(None, part) for part in core]
    contributions += [(m.name, m.graphql) for m in registry.modules]
    queries = [c.query for _, c in contributions if c.query is not None]
    mutations = [c.mutation for _, c in contributions if c.mutation is not None]
    owners: dict[tuple[str, str], str | None] = {}
    for owner, contribution in contributions:
        for field_name in root_field_names(contribution.query):
            owners[("Query", field_name)] = owner
        for field_name in root_field_names(contribution.mutation):
            owners[("Mutation", field_name)] = owner
    extra_types = [Node, *(t for _, c in contributions for t in c.types)]
    schema = strawberry.federation.Schema(
        query=_merge("Query", "Every read operation.", queries),
        mutation=_merge("Mutation", "Every write operation.", mutations),
        types=extra_types,
        federation_version=FEDERATION_VERSION,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )
    policy = AccessPolicy(schema._schema, registry.permissions(), owners)
    return ComposedSchema(strawberry_schema=schema, policy=policy)
