"""The core's GraphQL contribution for webhooks: endpoints (deliveries follow, issue #9)."""

from app.registry import GraphQLContribution
from app.webhooks.graphql.mutations import WebhookMutation
from app.webhooks.graphql.queries import WebhookQuery

__all__ = ["WEBHOOKS_GRAPHQL"]

WEBHOOKS_GRAPHQL = GraphQLContribution(query=WebhookQuery, mutation=WebhookMutation)
