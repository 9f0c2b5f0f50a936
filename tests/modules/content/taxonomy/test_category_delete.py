"""contentCategoryDelete: who may, children first, entries lose the category."""

from __future__ import annotations

from typing import Any

from modules.content.taxonomy.api import set_entry_terms
from modules.content.taxonomy.models import CategoryRow, EntryCategoryRow
from tests.modules.content.taxonomy._app import (
    assert_refused_to_outsiders,
    local_uuid,
    system_context,
    taxonomy_app,
)
from tests.modules.content.taxonomy._entries import insert_entry
from tests.modules.content.taxonomy._tree import make_category, paths
from tests.support.databases import DatabaseTarget

DELETE = """
mutation ($id: ID!) { contentCategoryDelete(id: $id) { deletedId errors { code field } } }
"""


def problems(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the payload's (code, field) pairs."""
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_only_managers_of_the_tenant_delete(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")

        await assert_refused_to_outsiders(app, DELETE, {"id": news}, CategoryRow)

        payload = (await app.ok(DELETE, {"id": news}))["contentCategoryDelete"]
        assert payload == {"deletedId": news, "errors": []}
        assert await app.count(CategoryRow) == 0
        assert (await app.events())[-1] == (
            "content.category.deleted",
            {"category_id": str(local_uuid(news)), "path": "news"},
        )


async def test_a_category_with_children_stays(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        await make_category(app, "local", news)
        events = len(await app.events())

        payload = (await app.ok(DELETE, {"id": news}))["contentCategoryDelete"]

        assert payload["deletedId"] is None
        assert problems(payload) == [("CONFLICT", "id")]
        assert await paths(app) == [("news", 0), ("news/local", 1)]
        assert len(await app.events()) == events


async def test_entries_lose_a_deleted_category(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        sport = await make_category(app, "sport")
        entry_id = await insert_entry(app)
        ctx = await system_context(app)
        async with app.api.state.runtime.db.transaction(app.tenant.id) as session:
            ids = [local_uuid(news), local_uuid(sport)]
            await set_entry_terms(
                ctx, session, entry_id, category_ids=ids, tag_ids=None, tag_names=None
            )

        await app.ok(DELETE, {"id": news})

        assert await app.count(EntryCategoryRow) == 1


async def test_unknown_and_foreign_ids_are_not_found(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app, taxonomy_app(database) as other:
        theirs = await make_category(other, "theirs")

        payload = (await app.ok(DELETE, {"id": theirs}))["contentCategoryDelete"]

        assert problems(payload) == [("NOT_FOUND", "id")]
        assert await paths(other) == [("theirs", 0)]
