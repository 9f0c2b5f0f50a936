"""Composing one Strawberry schema (an Apollo Federation v2 subgraph) from core and modules."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Final

import strawberry
from graphql import GraphQLSchema, GraphQLUnionType
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.scalar import ScalarDefinition

from app.auth.policy import AccessPolicy
from app.errors import ValidationFailed
from app.graphql.fast_fields import install_fast_fields
from app.graphql.nodes import NodeDirectory
from app.graphql.types import SCALAR_MAP, Node
from app.registry import GraphQLContribution, Registry
from app.registry.registry import root_field_names

__all__ = ["ComposedSchema", "compose_schema"]

FEDERATION_VERSION: Final = "2.11"


class _FederationSchema(strawberry.federation.Schema):
    """Strawberry's federation schema, refusing malformed ``_entities`` representations.

    Strawberry looks the ``__typename`` up unchecked and calls ``resolve_reference`` with
    whatever keys came, so an unknown type or a wrong key crashed as INTERNAL; here each
    such representation is answered with a VALIDATION error at its place in the list.
    """

    # Where ``node(id:)`` finds each Node type (set once the schema is composed).
    node_directory: NodeDirectory | None = None

    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """Resolve the well-formed representations; refuse the others one by one."""
        problems = [self._problem(index, r) for index, r in enumerate(representations)]
        valid = [r for r, problem in zip(representations, problems, strict=True) if not problem]
        resolved = iter(super().entities_resolver(info, valid))
        return [FederationAny(problem) if problem else next(resolved) for problem in problems]

    def _problem(self, index: int, representation: object) -> ValidationFailed | None:
        where = f"representations.{index}"
        entity = self._schema.get_type("_Entity")
        names = {t.name for t in entity.types} if isinstance(entity, GraphQLUnionType) else set()
        if not isinstance(representation, dict) or representation.get("__typename") not in names:
            return ValidationFailed(f"name one of the entity types {sorted(names)}", field=where)
        definition = self.schema_converter.type_map[representation["__typename"]].definition
        if not isinstance(definition, StrawberryObjectDefinition):
            return None
        resolve = getattr(definition.origin, "resolve_reference", None)
        if resolve is None:
            return None
        parameters = [p for p in inspect.signature(resolve).parameters.values() if p.name != "info"]
        keys = set(representation) - {"__typename"}
        required = {p.name for p in parameters if p.default is inspect.Parameter.empty}
        if required <= keys <= {p.name for p in parameters}:
            return None
        return ValidationFailed(
            f"a {representation['__typename']} is referenced by {sorted(required)}", field=where
        )


@dataclass(frozen=True, slots=True)
class ComposedSchema:
    """The composed schema, its graphql-core form and its access policy."""

    strawberry_schema: strawberry.federation.Schema
    policy: AccessPolicy
    nodes: NodeDirectory

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


def _scalar_map(
    contributions: list[tuple[str | None, GraphQLContribution]],
) -> dict[object, ScalarDefinition]:
    scalars: dict[object, ScalarDefinition] = dict(SCALAR_MAP)
    for _, contribution in contributions:
        scalars.update(contribution.scalars)
    return scalars


def compose_schema(registry: Registry, core: tuple[GraphQLContribution, ...]) -> ComposedSchema:
    """Compose the core's and every in-service module's contribution into one schema."""
    contributions: list[tuple[str | None, GraphQLContribution]] = [(None, part) for part in core]
    contributions += [(m.name, m.graphql) for m in registry.modules]
    queries = [c.query for _, c in contributions if c.query is not None]
    mutations = [c.mutation for _, c in contributions if c.mutation is not None]
    subscriptions = [c.subscription for _, c in contributions if c.subscription is not None]
    owners: dict[tuple[str, str], str | None] = {}
    for owner, contribution in contributions:
        for field_name in root_field_names(contribution.query):
            owners[("Query", field_name)] = owner
        for field_name in root_field_names(contribution.mutation):
            owners[("Mutation", field_name)] = owner
        for field_name in root_field_names(contribution.subscription):
            owners[("Subscription", field_name)] = owner
    extra_types = [Node, *(t for _, c in contributions for t in c.types)]
    schema = _FederationSchema(
        query=_merge("Query", "Every read operation.", queries),
        mutation=_merge("Mutation", "Every write operation.", mutations),
        subscription=_merge(
            "Subscription", "Live streams, over WebSocket (graphql-transport-ws).", subscriptions
        ),
        types=extra_types,
        federation_version=FEDERATION_VERSION,
        config=StrawberryConfig(scalar_map=_scalar_map(contributions)),
    )
    nodes = NodeDirectory(contributions)
    schema.node_directory = nodes
    install_fast_fields(schema._schema, schema.config)
    policy = AccessPolicy(schema._schema, registry.permissions(), owners)
    return ComposedSchema(strawberry_schema=schema, policy=policy, nodes=nodes)
