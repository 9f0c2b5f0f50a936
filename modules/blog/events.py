"""Blog's event types: thin payloads (ids, locale, the people concerned), version 1 each.

Aggregates: ``blog.post`` (the post id, which is the entry id), ``blog.author`` and
``blog.comment`` (the comment id, so a busy post's comments do not contend for one sequence).
"""

from __future__ import annotations

from datetime import datetime

from app.events.declarations import EventPayload, EventType
from app.registry import Permission
from modules.blog.permissions import MODERATE_COMMENTS, VIEW_POSTS

__all__ = [
    "AUTHOR_CREATED",
    "AUTHOR_DELETED",
    "AUTHOR_UPDATED",
    "COMMENT_APPROVED",
    "COMMENT_CREATED",
    "COMMENT_DELETED",
    "COMMENT_MARKED_SPAM",
    "EVENTS",
    "POST_ARCHIVED",
    "POST_CREATED",
    "POST_DELETED",
    "POST_PUBLISHED",
    "POST_SCHEDULED",
    "POST_UNPUBLISHED",
    "POST_UPDATED",
    "AuthorChanged",
    "AuthorCreated",
    "AuthorDeleted",
    "CommentApproved",
    "CommentCreated",
    "CommentRemoved",
    "PostArchived",
    "PostChanged",
    "PostCreated",
    "PostDeleted",
    "PostPublished",
    "PostScheduled",
    "PostUnpublished",
    "PrincipalRef",
]


class PrincipalRef(EventPayload):
    """Who wrote a comment: ``{kind: "customer", id}``."""

    kind: str
    id: str


class PostCreated(EventPayload):
    """A post was created as a draft in ``locale`` with its byline."""

    post_id: str
    locale: str
    author_ids: list[str]


class PostChanged(EventPayload):
    """A post's draft (``locale`` set) and/or blog fields changed; ``changed`` names inputs."""

    post_id: str
    locale: str | None = None
    changed: list[str]


class PostScheduled(EventPayload):
    """A post's locale will go live at ``publish_at``."""

    post_id: str
    locale: str
    publish_at: datetime


class PostPublished(EventPayload):
    """A post's locale went live; the authors let notifications reach the writers."""

    post_id: str
    locale: str
    slug: str
    published_at: datetime
    is_first_publication: bool
    author_ids: list[str]
    author_user_ids: list[str]


class PostUnpublished(EventPayload):
    """A post's locale went offline; ``slug`` is the one it was live at."""

    post_id: str
    locale: str
    slug: str


class PostArchived(EventPayload):
    """A post's locale was archived."""

    post_id: str
    locale: str


class PostDeleted(EventPayload):
    """A post was deleted with its entry."""

    post_id: str


class AuthorCreated(EventPayload):
    """An author profile was created (``user_id`` when it belongs to a user)."""

    author_id: str
    user_id: str | None = None


class AuthorChanged(EventPayload):
    """An author profile changed; ``changed`` names the input fields."""

    author_id: str
    changed: list[str]


class AuthorDeleted(EventPayload):
    """An author profile without posts was deleted."""

    author_id: str


class CommentCreated(EventPayload):
    """A comment was posted; ``author`` is null for a guest."""

    comment_id: str
    post_id: str
    parent_id: str | None = None
    status: str
    author: PrincipalRef | None = None
    locale: str


class CommentApproved(EventPayload):
    """A comment became visible; the people a notification may want to tell."""

    comment_id: str
    post_id: str
    parent_id: str | None = None
    author: PrincipalRef | None = None
    parent_author: PrincipalRef | None = None
    post_author_user_ids: list[str]


class CommentRemoved(EventPayload):
    """A comment was marked as spam or deleted."""

    comment_id: str
    post_id: str


def _type(
    name: str, payload: type[EventPayload], description: str, permission: Permission = VIEW_POSTS
) -> EventType:
    return EventType(
        name=name, version=1, payload=payload, permission=permission, description=description
    )


POST_CREATED = _type("blog.post.created", PostCreated, "A post was created as a draft.")
POST_UPDATED = _type("blog.post.updated", PostChanged, "A post's draft or blog fields changed.")
POST_SCHEDULED = _type("blog.post.scheduled", PostScheduled, "A post was scheduled to go live.")
POST_PUBLISHED = _type("blog.post.published", PostPublished, "A post went live in a locale.")
POST_UNPUBLISHED = _type(
    "blog.post.unpublished", PostUnpublished, "A post was taken offline in a locale."
)
POST_ARCHIVED = _type("blog.post.archived", PostArchived, "A post was archived in a locale.")
POST_DELETED = _type("blog.post.deleted", PostDeleted, "A post was deleted.")
AUTHOR_CREATED = _type("blog.author.created", AuthorCreated, "An author profile was created.")
AUTHOR_UPDATED = _type("blog.author.updated", AuthorChanged, "An author profile changed.")
AUTHOR_DELETED = _type("blog.author.deleted", AuthorDeleted, "An author profile was deleted.")
COMMENT_CREATED = _type(
    "blog.comment.created", CommentCreated, "A comment was posted.", MODERATE_COMMENTS
)
COMMENT_APPROVED = _type(
    "blog.comment.approved", CommentApproved, "A comment became visible.", MODERATE_COMMENTS
)
COMMENT_MARKED_SPAM = _type(
    "blog.comment.marked_spam", CommentRemoved, "A comment was marked as spam.", MODERATE_COMMENTS
)
COMMENT_DELETED = _type(
    "blog.comment.deleted", CommentRemoved, "A comment was deleted.", MODERATE_COMMENTS
)

EVENTS = (
    POST_CREATED,
    POST_UPDATED,
    POST_SCHEDULED,
    POST_PUBLISHED,
    POST_UNPUBLISHED,
    POST_ARCHIVED,
    POST_DELETED,
    AUTHOR_CREATED,
    AUTHOR_UPDATED,
    AUTHOR_DELETED,
    COMMENT_CREATED,
    COMMENT_APPROVED,
    COMMENT_MARKED_SPAM,
    COMMENT_DELETED,
)
