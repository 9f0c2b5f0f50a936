"""The core's GraphQL contribution for the index: ``indexStatus`` and ``indexRebuild``."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import strawberry

from app.auth.permissions import MANAGE_INDEX, VIEW_INDEX
from app.errors import UserInputError
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.types import UserError, user_errors
from app.index.rebuild import rebuild
from app.index.status import SubscriberKind, SubscriberStatus, index_status
from app.registry import GraphQLContribution

__all__ = ["INDEX_GRAPHQL", "IndexStatus", "SubscriberKindEnum"]


@strawberry.enum(name="SubscriberKind", description="What an event subscriber does with events.")
class SubscriberKindEnum(enum.Enum):
    """GraphQL view of :class:`app.index.status.SubscriberKind`."""

    PROJECTION = strawberry.enum_value(
        SubscriberKind.PROJECTION.value, description="Keeps read tables (`idx_*`) up to date."
    )
    HANDLER = strawberry.enum_value(
        SubscriberKind.HANDLER.value, description="Runs an effect of its own once per event."
    )


@strawberry.type(description="How far one event subscriber has got in this tenant.")
class IndexStatus:
    """A subscriber's state in the request's tenant."""

    subscriber: str = strawberry.field(description="The subscriber, `<module>.<name>`.")
    kind: SubscriberKindEnum = strawberry.field(description="Projection or handler.")
    module: str | None = strawberry.field(description="The owning module; null for the core.")
    tables: list[str] = strawberry.field(
        description="The read tables a projection keeps (empty for a handler)."
    )
    last_event_id: strawberry.ID | None = strawberry.field(
        description="The newest event applied here; null before the first."
    )
    last_event_occurred_at: datetime | None = strawberry.field(
        description="When the newest applied event happened."
    )
    last_applied_at: datetime | None = strawberry.field(
        description="When an event was last applied here."
    )
    lag_events: int = strawberry.field(
        description="Deliveries waiting for this subscriber here (due or retrying)."
    )
    lag_seconds: float = strawberry.field(
        description="How long the oldest waiting delivery has waited, in seconds (0 if none)."
    )
    retrying: int = strawberry.field(
        description="Waiting deliveries that already failed at least once."
    )
    dead: int = strawberry.field(
        description="Deliveries that exhausted their attempts: see `deadLetters`."
    )

    @classmethod
    def from_status(cls, status: SubscriberStatus) -> IndexStatus:
        """Build from the service's view."""
        last = status.last_event_id
        return cls(
            subscriber=status.subscriber,
            kind=SubscriberKindEnum(status.kind.value),
            module=status.module,
            tables=list(status.tables),
            last_event_id=strawberry.ID(str(last)) if last is not None else None,
            last_event_occurred_at=status.last_occurred_at,
            last_applied_at=status.last_applied_at,
            lag_events=status.lag_events,
            lag_seconds=status.lag_seconds,
            retrying=status.retrying,
            dead=status.dead,
        )


@strawberry.type(description="The result of rebuilding a projection's read rows.")
class IndexRebuildPayload:
    """Payload of indexRebuild."""

    projection: str | None = strawberry.field(description="The projection rebuilt.")
    refreshed: int = strawberry.field(
        description="Aggregates refreshed, orphans removed from the index included."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was rebuilt, if so.")


@strawberry.type(description="Index read operations.")
class IndexQuery:
    """Queries of the index."""

    @strawberry.field(
        description="Every event subscriber's state in this tenant: last event, lag, failures.",
        directives=guarded(VIEW_INDEX),
    )
    async def index_status(self, info: Info) -> list[IndexStatus]:
        """List subscribers with their state in the request's tenant."""
        context = info.context
        found = await index_status(context.runtime, context.require_tenant().id)
        return [IndexStatus.from_status(status) for status in found]


@strawberry.type(description="Index write operations.")
class IndexMutation:
    """Mutations of the index."""

    @strawberry.mutation(
        description="Rebuild a projection's read rows for this tenant from the source tables, "
        "while writes go on (no row goes missing meanwhile).",
        directives=guarded(MANAGE_INDEX),
    )
    async def index_rebuild(
        self,
        info: Info,
        projection: Annotated[
            str, strawberry.argument(description="The projection, `<module>.<name>`.")
        ],
    ) -> IndexRebuildPayload:
        """Rebuild one projection in the request's tenant."""
        context = info.context
        try:
            refreshed = await rebuild(context.runtime, projection, context.require_tenant().id)
        except UserInputError as error:
            return IndexRebuildPayload(
                projection=None, refreshed=0, errors=user_errors(error.problems)
            )
        return IndexRebuildPayload(projection=projection, refreshed=refreshed, errors=[])


INDEX_GRAPHQL = GraphQLContribution(query=IndexQuery, mutation=IndexMutation)
