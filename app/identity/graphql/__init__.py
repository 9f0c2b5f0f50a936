"""The core's GraphQL contribution for identity: signing in, the caller, roles, members, keys."""

import strawberry

from app.identity.graphql.api_keys import ApiKeyMutation, ApiKeyQuery
from app.identity.graphql.customers import CustomerMutation, CustomerQuery
from app.identity.graphql.members import MemberMutation, MemberQuery
from app.identity.graphql.mutations import SessionMutation
from app.identity.graphql.nodes import IDENTITY_NODES
from app.identity.graphql.queries import IdentityQuery
from app.identity.graphql.roles import RoleMutation, RoleQuery
from app.registry import GraphQLContribution

__all__ = ["IDENTITY_GRAPHQL"]


@strawberry.type(description="Identity reads.")
class IdentityQueries(IdentityQuery, RoleQuery, MemberQuery, ApiKeyQuery, CustomerQuery):
    """``me``, roles, permissions, members, API keys and the customer's own profile."""


@strawberry.type(description="Identity writes.")
class IdentityMutations(
    SessionMutation, RoleMutation, MemberMutation, ApiKeyMutation, CustomerMutation
):
    """Sessions, roles and their assignment, members, API keys and storefront customers."""


IDENTITY_GRAPHQL = GraphQLContribution(
    query=IdentityQueries, mutation=IdentityMutations, nodes=IDENTITY_NODES
)
