"""The core's GraphQL contribution for webhooks: endpoints and the delivery log."""

import strawberry

from app.registry import GraphQLContribution
from app.webhooks.graphql.deliveries import WebhookDeliveryQuery
from app.webhooks.graphql.mutations import WebhookMutation
from app.webhooks.graphql.nodes import WEBHOOK_NODES
from app.webhooks.graphql.queries import WebhookQuery

__all__ = ["WEBHOOKS_GRAPHQL"]


@strawberry.type(description="Webhook reads.")
class WebhookQueries(WebhookQuery, WebhookDeliveryQuery):
    """Endpoints and their deliveries."""


WEBHOOKS_GRAPHQL = GraphQLContribution(
    query=WebhookQueries, mutation=WebhookMutation, nodes=WEBHOOK_NODES
)
