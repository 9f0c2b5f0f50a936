"""Handler ``blog.mirror_entry_workflow``: content's workflow events of posts, as blog's.

Content knows nothing of blog; blog listens to ``content.entry.*`` events of kind ``post``
and emits the matching ``blog.post.*`` event in the delivery transaction, with the receipt,
so each content event is mirrored exactly once however often it is delivered. A post
scheduled by content's job is thus announced as ``blog.post.published`` too.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.events.declarations import DeliveryContext, EventPayload, EventType, Handler
from app.events.envelope import Event
from app.events.models import AggregateSequenceRow
from modules.blog.events import (
    POST_ARCHIVED,
    POST_DELETED,
    POST_PUBLISHED,
    POST_SCHEDULED,
    POST_UNPUBLISHED,
    PostArchived,
    PostDeleted,
    PostPublished,
    PostScheduled,
    PostUnpublished,
)
from modules.blog.models import AuthorRow, PostAuthorRow, PostRow
from modules.blog.posts import KIND

__all__ = ["MIRROR_ENTRY_WORKFLOW"]

_MIRRORED = ("scheduled", "published", "unpublished", "archived", "deleted")


async def _is_post(context: DeliveryContext, post_id: uuid.UUID) -> bool:
    found = await context.session.scalar(
        select(PostRow.id).where(PostRow.tenant_id == context.tenant_id, PostRow.id == post_id)
    )
    return found is not None


async def _was_announced(context: DeliveryContext, post_id: uuid.UUID) -> bool:
    """Whether blog emitted events of the post (its row is gone once the entry is deleted)."""
    found = await context.session.scalar(
        select(AggregateSequenceRow.last_sequence).where(
            AggregateSequenceRow.tenant_id == context.tenant_id,
            AggregateSequenceRow.aggregate_type == "blog.post",
            AggregateSequenceRow.aggregate_id == str(post_id),
        )
    )
    return found is not None


async def _authors(context: DeliveryContext, post_id: uuid.UUID) -> tuple[list[str], list[str]]:
    rows = await context.session.execute(
        select(AuthorRow.id, AuthorRow.user_id)
        .join(
            PostAuthorRow,
            (PostAuthorRow.tenant_id == AuthorRow.tenant_id)
            & (PostAuthorRow.author_id == AuthorRow.id),
        )
        .where(PostAuthorRow.tenant_id == context.tenant_id, PostAuthorRow.post_id == post_id)
        .order_by(PostAuthorRow.position)
    )
    pairs = list(rows)
    return [str(pair[0]) for pair in pairs], [str(pair[1]) for pair in pairs if pair[1]]


_SIMPLE: dict[str, tuple[EventType, type[EventPayload], tuple[str, ...]]] = {
    "scheduled": (POST_SCHEDULED, PostScheduled, ("publish_at",)),
    "unpublished": (POST_UNPUBLISHED, PostUnpublished, ("slug",)),
    "archived": (POST_ARCHIVED, PostArchived, ()),
}


async def _mirrored(
    context: DeliveryContext, verb: str, post_id: uuid.UUID, payload: dict[str, object]
) -> tuple[EventType, EventPayload] | None:
    if verb == "deleted":
        if not await _was_announced(context, post_id):
            return None
        return POST_DELETED, PostDeleted(post_id=str(post_id))
    if not await _is_post(context, post_id):
        return None  # an entry whose blog row never came (compensated): not a post
    base: dict[str, object] = {"post_id": str(post_id), "locale": payload["locale"]}
    if verb in _SIMPLE:
        event_type, schema, copied = _SIMPLE[verb]
        return event_type, schema.model_validate(base | {name: payload[name] for name in copied})
    author_ids, user_ids = await _authors(context, post_id)
    copied_fields = ("slug", "published_at", "is_first_publication")
    values = base | {name: payload[name] for name in copied_fields}
    values |= {"author_ids": author_ids, "author_user_ids": user_ids}
    return POST_PUBLISHED, PostPublished.model_validate(values)


async def mirror_entry_workflow(context: DeliveryContext, event: Event) -> None:
    """Emit the ``blog.post.*`` event matching a content event of a post."""
    if event.payload.get("kind") != KIND:
        return
    verb = event.type.rpartition(".")[2]
    post_id = uuid.UUID(event.aggregate_id)
    mirrored = await _mirrored(context, verb, post_id, event.payload)
    if mirrored is not None:
        event_type, payload = mirrored
        await context.emit(event_type, payload, aggregate_id=post_id)


MIRROR_ENTRY_WORKFLOW = Handler(
    name="blog.mirror_entry_workflow",
    events=tuple(f"content.entry.{verb}" for verb in _MIRRORED),
    handle=mirror_entry_workflow,
)
