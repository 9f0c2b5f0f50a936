"""Running the app with content and blog enabled, for blog's tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from app.auth.principal import SystemPrincipal
from app.clock import FrozenClock
from app.events.models import EventRow
from app.identity.membership import grant_role
from app.identity.users import create_user
from app.runtime import Context
from modules.blog.permissions import PERMISSIONS
from tests.conftest import make_registry, make_settings
from tests.support.client import CreatedTenant, RunningApp, create_tenant, running_app
from tests.support.databases import DatabaseTarget
from tests.support.events import checksum

__all__ = [
    "AUTHOR_CREATE",
    "POST_CREATE",
    "PUBLISH",
    "BlogApp",
    "blog_app",
    "count_rows",
    "read_model_checksum",
]

POST_CREATE = """
mutation ($input: BlogPostCreateInput!) {
  blogPostCreate(input: $input) {
    post { id title slug locale isFeatured commentsEnabled authors { id slug } }
    errors { code field message }
  }
}
"""
PUBLISH = """
mutation ($id: ID!, $locale: String) {
  blogPostPublish(input: {id: $id, locale: $locale}) { errors { code field } }
}
"""
CATEGORY_CREATE = """
mutation ($input: ContentCategoryCreateInput!) {
  contentCategoryCreate(input: $input) { category { id } errors { code field } }
}
"""
READ_TABLES = (
    ("idx_blog_posts", "post_id, locale, edition"),
    ("idx_blog_post_terms", "term_type, term_id, edition, locale, post_id"),
    ("idx_blog_archive", "locale, month"),
)
AUTHOR_CREATE = """
mutation ($input: BlogAuthorCreateInput!) {
  blogAuthorCreate(input: $input) { author { id slug displayName } errors { code field } }
}
"""


@dataclass(slots=True)
class BlogApp:
    """The app, its frozen clock, a tenant with content and blog, and an editor's token."""

    api: RunningApp
    clock: FrozenClock
    tenant: CreatedTenant
    editor: str

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ""
    ) -> dict[str, Any]:
        """Run ``query`` in the tenant as the editor (``token=None``: anonymously)."""
        chosen = self.editor if token == "" else token
        return await self.api.gql(query, variables, tenant=self.tenant.slug, token=chosen)

    def member(self, *permissions: str) -> str:
        """Return a token of a member of the tenant holding ``permissions``."""
        return self.api.auth.member(self.tenant.id, *permissions)

    async def member_user(self, name: str = "Ada Lovelace") -> uuid.UUID:
        """Create a user who is a member (viewer) of the tenant; return the user's id."""
        ctx = Context(runtime=self.api.state.runtime, principal=SystemPrincipal())
        user = await create_user(
            ctx,
            email=f"member.{uuid.uuid4().hex[:10]}@example.test",
            display_name=name,
            password="correct horse battery staple",
        )
        await grant_role(ctx, self.tenant.id, user.id, "viewer")
        return user.id

    async def author(self, slug: str = "ada", name: str = "Ada Lovelace") -> str:
        """Create an author profile; return its global ID."""
        body = await self.gql(AUTHOR_CREATE, {"input": {"slug": slug, "displayName": name}})
        created: str = body["data"]["blogAuthorCreate"]["author"]["id"]
        return created

    async def post(self, authors: list[str], **fields: Any) -> str:
        """Create a post (title ``Hello`` unless given); return its global ID."""
        values = {"title": "Hello", "bodyMarkdown": "Some words here.", **fields}
        body = await self.gql(POST_CREATE, {"input": {"authorIds": authors, **values}})
        payload = body["data"]["blogPostCreate"]
        assert payload["errors"] == [], payload
        created: str = payload["post"]["id"]
        return created

    async def publish(self, post: str, locale: str | None = None) -> None:
        """Publish a post now, then move the clock a minute on (distinct publication times)."""
        body = await self.gql(PUBLISH, {"id": post, "locale": locale})
        assert body["data"]["blogPostPublish"]["errors"] == [], body
        self.clock.advance(timedelta(minutes=1))

    async def category(self, name: str, parent: str | None = None) -> str:
        """Create a category (under ``parent``); return its global ID."""
        values = {"names": [{"locale": "en", "value": name}], "parentId": parent}
        token = self.member("content.manage_taxonomy")
        body = await self.gql(CATEGORY_CREATE, {"input": values}, token=token)
        payload = body["data"]["contentCategoryCreate"]
        assert payload["errors"] == [], payload
        created: str = payload["category"]["id"]
        return created

    async def event_types(self, *prefixes: str) -> list[str]:
        """Return the types of the tenant's events starting with a prefix, oldest first.

        Without prefixes: blog's and content's events.
        """
        wanted = prefixes or ("blog.", "content.")
        runtime = self.api.state.runtime
        async with runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(EventRow.type)
                .where(EventRow.tenant_id == self.tenant.id)
                .order_by(EventRow.id)
            )
            return [str(row) for row in rows if str(row).startswith(wanted)]

    async def payloads(self, event_type: str) -> list[dict[str, Any]]:
        """Return the payloads of the tenant's events of ``event_type``, oldest first."""
        runtime = self.api.state.runtime
        async with runtime.db.transaction(self.tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(EventRow.payload)
                .where(EventRow.tenant_id == self.tenant.id, EventRow.type == event_type)
                .order_by(EventRow.id)
            )
            return [dict(row) for row in rows]

    async def deliver(self) -> None:
        """Deliver every pending event (handlers and projections), twice to be sure."""
        await self.api.state.runtime.dispatcher.drain()
        await self.api.state.runtime.dispatcher.drain()


@asynccontextmanager
async def blog_app(database: DatabaseTarget, **overrides: Any) -> AsyncIterator[BlogApp]:
    """An app with content and blog enabled for a new tenant; no runner; a frozen clock."""
    clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    values: dict[str, Any] = {"event_runner": "off", "default_modules": ["content", "blog"]}
    settings = make_settings(database, **{**values, **overrides})
    registry = make_registry(settings, installed=True)
    async with running_app(settings, registry, clock=clock) as api:
        tenant = await create_tenant(api)
        editor = api.auth.member(
            tenant.id,
            *(permission.name for permission in PERMISSIONS),
            "content.view_entries",
            "content.edit_entries",
            "content.publish_entries",
            "content.delete_entries",
        )
        yield BlogApp(api=api, clock=clock, tenant=tenant, editor=editor)


async def count_rows(app: BlogApp, model: type[Any]) -> int:
    """Count the tenant's rows of ``model``."""
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.scalar(
            select(func.count()).select_from(model).where(model.tenant_id == app.tenant.id)
        )
        return int(found or 0)


async def read_model_checksum(app: BlogApp) -> list[str]:
    """Digest the tenant's rows of each of blog's read tables (search indexes aside)."""
    runtime = app.api.state.runtime
    return [await checksum(runtime, table, app.tenant.id, order) for table, order in READ_TABLES]
