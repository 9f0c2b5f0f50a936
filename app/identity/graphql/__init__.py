"""The core's GraphQL contribution for signing in, the signed-in user and storefront customers."""

import strawberry

from app.identity.graphql.customers import CustomerMutation, CustomerQuery
from app.identity.graphql.mutations import SessionMutation
from app.identity.graphql.queries import IdentityQuery
from app.registry import GraphQLContribution

__all__ = ["IDENTITY_GRAPHQL"]


@strawberry.type(description="Identity reads.")
class IdentityQueries(IdentityQuery, CustomerQuery):
    """``me`` and the customer's own profile."""


@strawberry.type(description="Identity writes.")
class IdentityMutations(SessionMutation, CustomerMutation):
    """Sessions and storefront customers."""


IDENTITY_GRAPHQL = GraphQLContribution(query=IdentityQueries, mutation=IdentityMutations)
