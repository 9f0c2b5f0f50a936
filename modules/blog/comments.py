"""Comments: posting (customers and guests), moderation, and the rules in between.

A comment's first status follows the moderation mode (``all`` → pending, ``none`` →
approved, ``first_time`` → approved for a customer who already has an approved comment);
more links than ``comment_max_links`` send it to moderation whatever the mode. Threads are
one level deep: a reply's parent is an approved top-level comment of the same post. Posting
is rate limited per customer and per client address by the core's limiter.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import CustomerPrincipal, UserPrincipal
from app.errors import RateLimited, Unauthenticated, ValidationFailed
from app.events.emit import emit
from app.ids import new_id
from app.ratelimit.address import limit_subject
from app.ratelimit.limiter import Limit
from app.runtime import Context
from modules.blog.events import (
    COMMENT_APPROVED,
    COMMENT_CREATED,
    COMMENT_DELETED,
    COMMENT_MARKED_SPAM,
    CommentApproved,
    CommentCreated,
    CommentRemoved,
    PrincipalRef,
)
from modules.blog.models import AuthorRow, CommentRow, PostAuthorRow, PostRow
from modules.blog.settings import BlogSettings, Moderation, load_settings
from modules.content import api as content

__all__ = ["CommentInput", "CommentStatus", "create_comment", "moderate_comments"]

_URL = re.compile(r"https?://", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_MODERATED = 100


class CommentStatus(enum.Enum):
    """Where a comment stands."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentInput:
    """A comment as posted; guest fields only count for guests."""

    post_id: uuid.UUID
    body: str
    parent_id: uuid.UUID | None = None
    locale: str | None = None
    guest_name: str | None = None
    guest_email: str | None = None


def _customer(ctx: Context, tenant_id: uuid.UUID) -> uuid.UUID | None:
    principal = ctx.principal
    if isinstance(principal, CustomerPrincipal) and principal.tenant_id == tenant_id:
        return principal.customer_id
    return None


def _check_text(given: CommentInput, settings: BlogSettings, is_guest: bool) -> str:
    body = given.body.strip()
    if not body or len(body) > settings.comment_max_length:
        limit = settings.comment_max_length
        raise ValidationFailed(f"write 1 to {limit} characters", field="body")
    if is_guest:
        name = (given.guest_name or "").strip()
        if not 1 <= len(name) <= 100:
            raise ValidationFailed("guests give a name (at most 100)", field="guestName")
        email = (given.guest_email or "").strip()
        if len(email) > 254 or not _EMAIL.match(email):
            raise ValidationFailed("guests give an e-mail address", field="guestEmail")
    return body


async def _limit(ctx: Context, customer: uuid.UUID | None, settings: BlogSettings) -> None:
    limit = Limit(settings.comment_rate_per_hour, 3600)
    checks: list[tuple[str, str, Limit]] = []
    if customer is not None:
        checks.append(("blog.comment:customer", str(customer), limit))
    if ctx.client_address:
        checks.append(("blog.comment:address", limit_subject(ctx.client_address), limit))
    decision = await ctx.runtime.limiter.hit(*checks)
    if not decision.allowed:
        raise RateLimited(f"too many comments: retry in {decision.retry_after} s")


async def _check_post(
    session: AsyncSession, tenant_id: uuid.UUID, post_id: uuid.UUID, locale: str
) -> None:
    post = await session.get(PostRow, {"tenant_id": tenant_id, "id": post_id})
    if post is None:
        raise ValidationFailed("no such post", field="postId")
    if not post.comments_enabled:
        raise ValidationFailed("this post takes no comments", field="postId")
    translation = content.TranslationRow
    live = await session.scalar(
        select(translation.id).where(
            translation.tenant_id == tenant_id,
            translation.entry_id == post_id,
            translation.locale == locale,
            translation.published_revision_id.is_not(None),
        )
    )
    if live is None:
        raise ValidationFailed("the post is not published in this locale", field="postId")


async def _parent(
    session: AsyncSession, tenant_id: uuid.UUID, given: CommentInput
) -> CommentRow | None:
    if given.parent_id is None:
        return None
    parent = await session.get(CommentRow, {"tenant_id": tenant_id, "id": given.parent_id})
    if (
        parent is None
        or parent.post_id != given.post_id
        or parent.parent_id is not None
        or parent.status != CommentStatus.APPROVED.value
    ):
        raise ValidationFailed(
            "reply to an approved top-level comment of the post", field="parentId"
        )
    return parent


async def _first_status(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    customer: uuid.UUID | None,
    body: str,
    settings: BlogSettings,
) -> CommentStatus:
    if len(_URL.findall(body)) > settings.comment_max_links:
        return CommentStatus.PENDING
    if settings.moderation is Moderation.NONE:
        return CommentStatus.APPROVED
    if settings.moderation is Moderation.ALL or customer is None:
        return CommentStatus.PENDING
    known = await session.scalar(
        select(CommentRow.id)
        .where(
            CommentRow.tenant_id == tenant_id,
            CommentRow.author_customer_id == customer,
            CommentRow.status == CommentStatus.APPROVED.value,
        )
        .limit(1)
    )
    return CommentStatus.APPROVED if known is not None else CommentStatus.PENDING


def client_hash(ctx: Context) -> str:
    """Return the keyed hash of the client's address (never the address itself)."""
    key = ctx.runtime.settings.effective_secret_key.encode()
    address = (ctx.client_address or "").encode()
    return hmac.new(key, b"blog.comment:" + address, hashlib.sha256).hexdigest()


def _ref(customer: uuid.UUID | None) -> PrincipalRef | None:
    return PrincipalRef(kind="customer", id=str(customer)) if customer is not None else None


async def _writer_ids(session: AsyncSession, tenant_id: uuid.UUID, post_id: uuid.UUID) -> list[str]:
    rows = await session.scalars(
        select(AuthorRow.user_id)
        .join(
            PostAuthorRow,
            (PostAuthorRow.tenant_id == AuthorRow.tenant_id)
            & (PostAuthorRow.author_id == AuthorRow.id),
        )
        .where(PostAuthorRow.tenant_id == tenant_id, PostAuthorRow.post_id == post_id)
        .order_by(PostAuthorRow.position)
    )
    return [str(user) for user in rows if user is not None]


async def _approved(ctx: Context, session: AsyncSession, row: CommentRow) -> None:
    parent_author = None
    if row.parent_id is not None:
        parent = await session.get(CommentRow, {"tenant_id": row.tenant_id, "id": row.parent_id})
        parent_author = _ref(parent.author_customer_id) if parent is not None else None
    payload = CommentApproved(
        comment_id=str(row.id),
        post_id=str(row.post_id),
        parent_id=str(row.parent_id) if row.parent_id else None,
        author=_ref(row.author_customer_id),
        parent_author=parent_author,
        post_author_user_ids=await _writer_ids(session, row.tenant_id, row.post_id),
    )
    await emit(ctx, session, COMMENT_APPROVED, payload, aggregate_id=row.id)


async def create_comment(ctx: Context, given: CommentInput) -> uuid.UUID:
    """Post a comment as the signed-in customer or as a guest; emit its events.

    Raises:
        Unauthenticated: a guest while guest comments are off.
        ValidationFailed: comments closed, post not live, bad parent, body or guest fields.
        RateLimited: too many comments from this customer or address this hour.
    """
    tenant = ctx.require_tenant()
    customer = _customer(ctx, tenant.id)
    async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
        settings = await load_settings(session, tenant.id)
        site = await content.load_settings(session, tenant.id)
    if customer is None and not settings.guest_comments:
        raise Unauthenticated("sign in to comment")
    if not settings.comments_enabled:
        raise ValidationFailed("comments are closed on this site", field="postId")
    body = _check_text(given, settings, customer is None)
    await _limit(ctx, customer, settings)
    locale = given.locale or site.default_locale
    async with ctx.runtime.db.transaction(tenant.id) as session:
        await _check_post(session, tenant.id, given.post_id, locale)
        parent = await _parent(session, tenant.id, given)
        status = await _first_status(session, tenant.id, customer, body, settings)
        now = ctx.runtime.clock.now()
        row = CommentRow(
            tenant_id=tenant.id,
            id=new_id(),
            post_id=given.post_id,
            parent_id=parent.id if parent is not None else None,
            locale=locale,
            author_customer_id=customer,
            guest_name=(given.guest_name or "").strip() if customer is None else None,
            guest_email=(given.guest_email or "").strip() if customer is None else None,
            body=body,
            status=status.value,
            client_hash=client_hash(ctx),
            moderated_at=None,
            moderated_by_id=None,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        created = CommentCreated(
            comment_id=str(row.id),
            post_id=str(row.post_id),
            parent_id=str(row.parent_id) if row.parent_id else None,
            status=row.status,
            author=_ref(customer),
            locale=locale,
        )
        await emit(ctx, session, COMMENT_CREATED, created, aggregate_id=row.id)
        if status is CommentStatus.APPROVED:
            await _approved(ctx, session, row)
    return row.id


async def moderate_comments(
    ctx: Context, ids: Sequence[uuid.UUID], status: CommentStatus
) -> list[uuid.UUID]:
    """Approve, mark as spam or delete comments; emit one event per comment that changed.

    Returns:
        The ids, in the order given.
    """
    if status is CommentStatus.PENDING:
        raise ValidationFailed("moderate to approved, spam or deleted", field="status")
    if not 1 <= len(ids) <= MAX_MODERATED:
        raise ValidationFailed(f"give 1 to {MAX_MODERATED} comments", field="ids")
    tenant = ctx.require_tenant()
    moderator = ctx.principal.user_id if isinstance(ctx.principal, UserPrincipal) else None
    async with ctx.runtime.db.transaction(tenant.id) as session:
        rows = {
            row.id: row
            for row in await session.scalars(
                select(CommentRow)
                .where(CommentRow.tenant_id == tenant.id, CommentRow.id.in_(list(ids)))
                .with_for_update()
            )
        }
        for number, comment_id in enumerate(ids):
            if comment_id not in rows:
                raise ValidationFailed("no such comment", field=f"ids.{number}")
        now = ctx.runtime.clock.now()
        for comment_id in dict.fromkeys(ids):
            row = rows[comment_id]
            if row.status == status.value:
                continue
            row.status, row.moderated_at, row.moderated_by_id = status.value, now, moderator
            row.updated_at = now
            await session.flush()
            if status is CommentStatus.APPROVED:
                await _approved(ctx, session, row)
                continue
            event = COMMENT_MARKED_SPAM if status is CommentStatus.SPAM else COMMENT_DELETED
            payload = CommentRemoved(comment_id=str(row.id), post_id=str(row.post_id))
            await emit(ctx, session, event, payload, aggregate_id=row.id)
    return list(ids)
