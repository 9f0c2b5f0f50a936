"""The core's GraphQL contribution for webhooks: endpoints, the delivery log, manual sends."""

import strawberry

from app.registry import GraphQLContribution
from app.webhooks.graphql.deliveries import WebhookDeliveryQuery
from app.webhooks.graphql.mutations import WebhookMutation
from app.webhooks.graphql.nodes import WEBHOOK_NODES
from app.webhooks.graphql.queries import WebhookQuery
from app.webhooks.graphql.sends import WebhookSendMutation

__all__ = ["WEBHOOKS_GRAPHQL"]


@strawberry.type(description="Webhook reads.")
class WebhookQueries(WebhookQuery, WebhookDeliveryQuery):
    """Endpoints and their deliveries."""


@strawberry.type(description="Webhook writes.")
class WebhookMutations(WebhookMutation, WebhookSendMutation):
    """Endpoints, redeliveries and pings."""


WEBHOOKS_GRAPHQL = GraphQLContribution(
    query=WebhookQueries, mutation=WebhookMutations, nodes=WEBHOOK_NODES
)
