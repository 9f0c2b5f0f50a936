"""The projection blog.listing: listing rows, filter rows, archive, kept in step by events."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.index.rebuild import rebuild
from modules.blog.listing.models import ArchiveMonthRow, PostListingRow, PostTermRow
from tests.support.blog import BlogApp, blog_app, count_rows, read_model_checksum
from tests.support.content import local_uuid
from tests.support.databases import DatabaseTarget

UPDATE_AUTHOR = """
mutation ($id: ID!) {
  blogAuthorUpdate(input: {id: $id, displayName: "Ada King"}) { errors { code } }
}
"""
RENAME_TAG = """
mutation ($id: ID!) {
  contentTagUpdate(input: {id: $id, names: [{locale: "en", value: "Lamps"}]}) {
    errors { code }
  }
}
"""
TAGS = "{ contentTags(first: 10) { edges { node { id slug } } } }"
COMMENT = """
mutation ($id: ID!) {
  blogCommentCreate(input: {postId: $id, body: "Nice.", guestName: "G", guestEmail: "g@x.io"}) {
    errors { code }
  }
}
"""
DELETE = "mutation ($id: ID!) { blogPostDelete(id: $id) { errors { code } } }"
UNPUBLISH = "mutation ($id: ID!) { blogPostUnpublish(input: {id: $id}) { errors { code } } }"


async def _rows(app: BlogApp) -> list[PostListingRow]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.scalars(
            select(PostListingRow)
            .where(PostListingRow.tenant_id == app.tenant.id)
            .order_by(PostListingRow.title, PostListingRow.edition)
        )
        return list(found)


async def _terms(app: BlogApp) -> list[tuple[str, str]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.execute(
            select(PostTermRow.term_type, PostTermRow.edition)
            .where(PostTermRow.tenant_id == app.tenant.id)
            .order_by(PostTermRow.term_type, PostTermRow.edition, PostTermRow.term_id)
        )
        return [(term_type, edition) for term_type, edition in found]


async def _archive(app: BlogApp) -> list[tuple[str, str, int]]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await session.scalars(
            select(ArchiveMonthRow).where(ArchiveMonthRow.tenant_id == app.tenant.id)
        )
        return sorted((row.locale, row.month, row.post_count) for row in found)


async def _site(app: BlogApp) -> tuple[str, str, str]:
    ada = await app.author("ada", "Ada")
    news = await app.category("News")
    local = await app.category("Local", parent=news)
    post = await app.post(
        [ada],
        title="Lanterns",
        bodyMarkdown="Brass lanterns light the road at night.",
        categoryIds=[local],
        tagNames=["lamps", "night"],
        isFeatured=True,
    )
    await app.publish(post)
    await app.post([ada], title="Draft", tagNames=["lamps"])
    await app.deliver()
    return ada, post, news


async def test_a_published_post_has_a_live_and_a_working_row(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada, post, _news = await _site(app)
        rows = await _rows(app)
        assert [(row.title, row.edition, row.status) for row in rows] == [
            ("Draft", "working", "draft"),
            ("Lanterns", "live", "published"),
            ("Lanterns", "working", "published"),
        ]
        live = rows[1]
        assert live.post_id == local_uuid(post)
        assert (live.is_featured, live.word_count, live.archive_month) == (True, 7, "2026-11")
        assert [author["display_name"] for author in live.authors] == ["Ada"]
        assert live.authors[0]["id"] == str(local_uuid(ada))
        assert [category["path"] for category in live.categories] == ["news/local"]
        assert [tag["slug"] for tag in live.tags] == ["lamps", "night"]
        # Lanterns: 2 categories (Local and its parent), 2 tags, 1 author per edition;
        # Draft: 1 tag and 1 author, working only.
        assert await _terms(app) == [
            ("author", "live"),
            ("author", "working"),
            ("author", "working"),
            ("category", "live"),
            ("category", "live"),
            ("category", "working"),
            ("category", "working"),
            ("tag", "live"),
            ("tag", "live"),
            ("tag", "working"),
            ("tag", "working"),
            ("tag", "working"),
        ]
        assert await _archive(app) == [("en", "2026-11", 1)]


async def test_renamed_authors_and_tags_reach_the_rows(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada, _post, _news = await _site(app)
        await app.gql(UPDATE_AUTHOR, {"id": ada})
        tags = (await app.gql(TAGS))["data"]["contentTags"]["edges"]
        lamps = next(edge["node"]["id"] for edge in tags if edge["node"]["slug"] == "lamps")
        token = app.member("content.manage_taxonomy")
        renamed = await app.gql(RENAME_TAG, {"id": lamps}, token=token)
        assert renamed["data"]["contentTagUpdate"]["errors"] == []
        await app.deliver()
        for row in await _rows(app):
            assert [author["display_name"] for author in row.authors] == ["Ada King"]
            assert row.tags[0]["names"] == {"en": "Lamps"}


async def test_comments_are_counted(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        _ada, post, _news = await _site(app)
        for _ in range(2):
            answer = await app.gql(COMMENT, {"id": post}, token=None)
            assert answer["data"]["blogCommentCreate"]["errors"] == []
        await app.deliver()
        counts = {
            (row.title, row.edition): (row.approved_comment_count, row.pending_comment_count)
            for row in await _rows(app)
        }
        assert counts[("Lanterns", "live")] == (0, 2)


async def test_unpublished_and_deleted_posts_leave_the_lists(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        _ada, post, _news = await _site(app)
        await app.gql(UNPUBLISH, {"id": post})
        await app.deliver()
        assert [(row.title, row.edition) for row in await _rows(app)] == [
            ("Draft", "working"),
            ("Lanterns", "working"),
        ]
        assert await _archive(app) == []
        deleted = await app.gql(DELETE, {"id": post})
        assert deleted["data"]["blogPostDelete"]["errors"] == []
        await app.deliver()
        assert [row.title for row in await _rows(app)] == ["Draft"]
        assert await count_rows(app, PostTermRow) == 2


async def test_a_rebuild_equals_the_incrementally_built_model(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        ada, post, _news = await _site(app)
        second = await app.post([ada], title="Second", tagNames=["night"])
        app.clock.advance(timedelta(days=40))
        await app.publish(second)
        await app.gql(COMMENT, {"id": post}, token=None)
        await app.gql(UPDATE_AUTHOR, {"id": ada})
        await app.deliver()
        incremental = await read_model_checksum(app)
        assert await _archive(app) == [("en", "2026-11", 1), ("en", "2027-01", 1)]
        runtime = app.api.state.runtime
        assert await rebuild(runtime, "blog.listing", app.tenant.id) == 3
        assert await read_model_checksum(app) == incremental
        assert await rebuild(runtime, "blog.listing", app.tenant.id, chunk_size=1) == 3
        assert await read_model_checksum(app) == incremental
