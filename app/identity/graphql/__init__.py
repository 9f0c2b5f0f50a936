"""The core's GraphQL contribution for signing in and the signed-in user."""

from app.identity.graphql.mutations import SessionMutation
from app.identity.graphql.queries import IdentityQuery
from app.registry import GraphQLContribution

__all__ = ["IDENTITY_GRAPHQL"]

IDENTITY_GRAPHQL = GraphQLContribution(query=IdentityQuery, mutation=SessionMutation)
