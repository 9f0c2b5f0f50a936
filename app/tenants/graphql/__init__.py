"""The core's GraphQL contribution for tenants and their modules."""

from app.registry import GraphQLContribution
from app.tenants.graphql.mutations import TenantMutation
from app.tenants.graphql.nodes import TENANT_NODES
from app.tenants.graphql.queries import TenantQuery

__all__ = ["TENANTS_GRAPHQL"]

TENANTS_GRAPHQL = GraphQLContribution(
    query=TenantQuery, mutation=TenantMutation, nodes=TENANT_NODES
)
