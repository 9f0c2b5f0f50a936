"""The core's GraphQL contribution for events: dead letters, listed and replayed.

A principal sees (and replays) only dead letters of event types whose declared permission it
holds in the tenant (:func:`app.events.visibility.visible_event_types`).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.auth.permissions import MANAGE_EVENTS, VIEW_EVENTS
from app.errors import BadRequest, NotFound, ValidationFailed
from app.events import dead_letters as letters
from app.events.envelope import Event
from app.events.visibility import visible_event_types
from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.relay import After, First, PageRequest
from app.graphql.types import Connection, Edge, PageInfo, UserError, user_errors
from app.registry import GraphQLContribution
from app.runtime import Context

__all__ = [
    "EVENTS_GRAPHQL",
    "DeadLetter",
    "EventEnvelope",
    "decode_dead_letter_cursor",
    "encode_dead_letter_cursor",
]

_CURSOR_PREFIX = "dl:"
_INPUT = strawberry.argument(description="The operation's input.")


def encode_dead_letter_cursor(event_id: uuid.UUID, subscriber: str) -> str:
    """Return the opaque cursor of one dead letter (its event and subscriber)."""
    raw = f"{_CURSOR_PREFIX}{event_id}:{subscriber}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_dead_letter_cursor(cursor: str) -> tuple[uuid.UUID, str]:
    """Return the (event id, subscriber) inside a cursor; BadRequest if it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(_CURSOR_PREFIX):
            raise ValueError(raw)
        event_id, _, subscriber = raw.removeprefix(_CURSOR_PREFIX).partition(":")
        if not subscriber:
            raise ValueError(raw)
        return uuid.UUID(event_id), subscriber
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest("`after` is not a cursor returned by this list") from None


@strawberry.type(description="One event as stored in the outbox.")
class EventEnvelope:
    """The envelope of an event."""

    id: strawberry.ID = strawberry.field(description="The event's id (a UUIDv7).")
    type: str = strawberry.field(description="`<module>.<entity>.<past_tense_verb>`.")
    version: int = strawberry.field(description="The payload's schema version, from 1.")
    aggregate_type: str = strawberry.field(
        description="The aggregate whose history it belongs to, `<module>.<entity>`."
    )
    aggregate_id: str = strawberry.field(description="The aggregate's id.")
    sequence: int = strawberry.field(
        description="Its position in the aggregate's history, from 1, without gaps."
    )
    occurred_at: datetime = strawberry.field(description="When it was emitted.")
    actor: str = strawberry.field(
        description="Who caused it: `user:<id>`, `apikey:<id>`, `customer:<id>`, `system`."
    )
    payload: JSON = strawberry.field(description="The payload as stored, at `version`.")

    @classmethod
    def from_event(cls, event: Event) -> EventEnvelope:
        """Build from the pipeline's envelope."""
        return cls(
            id=strawberry.ID(str(event.id)),
            type=event.type,
            version=event.version,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor=event.actor,
            payload=JSON(event.payload),
        )


@strawberry.type(description="A delivery that exhausted its attempts; it can be replayed.")
class DeadLetter:
    """One dead delivery with its event."""

    event: EventEnvelope = strawberry.field(description="The event that could not be delivered.")
    subscriber: str = strawberry.field(description="The subscriber that failed on it.")
    attempts: int = strawberry.field(description="How many times delivery was tried.")
    last_error: str = strawberry.field(description="The last attempt's error.")
    failed_at: datetime = strawberry.field(description="When the delivery was given up.")

    @classmethod
    def from_letter(cls, letter: letters.DeadLetter) -> DeadLetter:
        """Build from the service's view."""
        return cls(
            event=EventEnvelope.from_event(letter.event),
            subscriber=letter.subscriber,
            attempts=letter.attempts,
            last_error=letter.last_error,
            failed_at=letter.failed_at,
        )


@strawberry.input(description="One dead letter to send again.")
class DeadLetterReplayInput:
    """Input of deadLetterReplay."""

    event_id: strawberry.ID = strawberry.field(description="The event's id.")
    subscriber: str = strawberry.field(description="The subscriber to deliver it to again.")


@strawberry.input(description="Which dead letters to send again.")
class DeadLettersReplayAllInput:
    """Input of deadLettersReplayAll."""

    subscriber: str | None = strawberry.field(
        default=None, description="Only this subscriber's; every subscriber's when omitted."
    )


@strawberry.type(description="The result of replaying one dead letter.")
class DeadLetterReplayPayload:
    """Payload of deadLetterReplay."""

    replayed: int = strawberry.field(description="Dead letters sent again (0 or 1).")
    errors: list[UserError] = strawberry.field(description="Why nothing was replayed, if so.")


@strawberry.type(description="The result of replaying dead letters.")
class DeadLettersReplayAllPayload:
    """Payload of deadLettersReplayAll."""

    replayed: int = strawberry.field(description="Dead letters sent again.")
    errors: list[UserError] = strawberry.field(description="Why nothing was replayed, if so.")


def _visible(context: Context, tenant_id: uuid.UUID) -> frozenset[str]:
    return visible_event_types(context.principal, tenant_id, context.runtime.events.types)


async def _page(
    context: Context, size: int, after: tuple[uuid.UUID, str] | None, subscriber: str | None
) -> Connection[DeadLetter]:
    tenant_id = context.require_tenant().id
    types = _visible(context, tenant_id)
    async with context.runtime.db.transaction(tenant_id, readonly=True) as session:
        total = await letters.count_dead_letters(
            session, tenant_id, subscriber=subscriber, types=types
        )
        found = await letters.list_dead_letters(
            session, tenant_id, after=after, limit=size + 1, subscriber=subscriber, types=types
        )
    edges = [
        Edge(
            cursor=encode_dead_letter_cursor(letter.event.id, letter.subscriber),
            node=DeadLetter.from_letter(letter),
        )
        for letter in found[:size]
    ]
    info = PageInfo(
        has_next_page=len(found) > size,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=total)


@strawberry.type(description="Event read operations.")
class EventQuery:
    """Queries of the event pipeline."""

    @strawberry.field(
        description="This tenant's dead letters, oldest event first (only event types you may "
        "see).",
        directives=guarded(VIEW_EVENTS),
    )
    async def dead_letters(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        subscriber: Annotated[
            str | None, strawberry.argument(description="Only this subscriber's dead letters.")
        ] = None,
    ) -> Connection[DeadLetter]:
        """Page through dead letters."""
        context = info.context
        page = PageRequest.from_arguments(
            first=first,
            after=None,
            max_size=context.runtime.settings.max_page_size,
        )
        position = decode_dead_letter_cursor(after) if after is not None else None
        return await _page(context, page.size, position, subscriber)


def _event_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValidationFailed(f"{value[:60]!r} is not an event id", field="eventId") from None


@strawberry.type(description="Event write operations.")
class EventMutation:
    """Mutations of the event pipeline."""

    @strawberry.mutation(
        description="Send one dead letter again, from its first attempt.",
        directives=guarded(MANAGE_EVENTS),
    )
    async def dead_letter_replay(
        self, info: Info, input: Annotated[DeadLetterReplayInput, _INPUT]
    ) -> DeadLetterReplayPayload:
        """Replay one dead letter."""
        context = info.context
        tenant_id = context.require_tenant().id
        try:
            event_id = _event_id(input.event_id)
            replayed = await letters.replay(
                context, tenant_id, event_id, input.subscriber, types=_visible(context, tenant_id)
            )
            if not replayed:
                raise NotFound(f"no dead letter of event {event_id} to {input.subscriber!r}")
        except (ValidationFailed, NotFound) as error:
            return DeadLetterReplayPayload(replayed=0, errors=user_errors(error.problems))
        return DeadLetterReplayPayload(replayed=1, errors=[])

    @strawberry.mutation(
        description="Send every dead letter of this tenant (or of one subscriber) again.",
        directives=guarded(MANAGE_EVENTS),
    )
    async def dead_letters_replay_all(
        self, info: Info, input: Annotated[DeadLettersReplayAllInput, _INPUT]
    ) -> DeadLettersReplayAllPayload:
        """Replay dead letters in bulk."""
        context = info.context
        tenant_id = context.require_tenant().id
        replayed = await letters.replay_dead_letters(
            context, tenant_id, subscriber=input.subscriber, types=_visible(context, tenant_id)
        )
        if not replayed:
            whose = f" of {input.subscriber!r}" if input.subscriber is not None else ""
            field = "subscriber" if input.subscriber is not None else None
            error = NotFound(f"no dead letters{whose} to replay", field=field)
            return DeadLettersReplayAllPayload(replayed=0, errors=user_errors(error.problems))
        return DeadLettersReplayAllPayload(replayed=replayed, errors=[])


EVENTS_GRAPHQL = GraphQLContribution(query=EventQuery, mutation=EventMutation)
