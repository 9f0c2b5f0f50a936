"""contentCategoryUpdate: who may, renames and moves re-path the subtree, cycles and depth."""

from __future__ import annotations

from typing import Any

from app.events.models import EventRow
from modules.content.taxonomy.models import CategoryRow
from tests.modules.content.taxonomy._app import (
    CATEGORY,
    TaxonomyApp,
    assert_refused_to_outsiders,
    local_uuid,
    taxonomy_app,
)
from tests.modules.content.taxonomy._tree import make_category, paths
from tests.support.databases import DatabaseTarget

UPDATE = (
    CATEGORY
    + """
mutation ($input: ContentCategoryUpdateInput!) {
  contentCategoryUpdate(input: $input) { category { ...C } errors { code field message } }
}
"""
)


async def update(app: TaxonomyApp, **fields: Any) -> dict[str, Any]:
    """Update a category as the manager and return the payload."""
    payload: dict[str, Any] = (await app.ok(UPDATE, {"input": fields}))["contentCategoryUpdate"]
    return payload


def problems(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the payload's (code, field) pairs."""
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_only_managers_of_the_tenant_update(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        rename = {"input": {"id": news, "names": [{"locale": "en", "value": "Renamed"}]}}
        before = await app.events()

        await assert_refused_to_outsiders(app, UPDATE, rename, EventRow)

        assert await app.events() == before
        payload = await update(app, **rename["input"])
        assert payload["errors"] == []
        assert payload["category"]["name"] == "Renamed"


async def test_a_move_re_paths_the_subtree(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        local = await make_category(app, "local", news)
        await make_category(app, "city", local)
        sport = await make_category(app, "sport")

        payload = await update(app, id=local, parentId=sport)

        assert problems(payload) == []
        assert (payload["category"]["path"], payload["category"]["position"]) == (
            "sport/local",
            0,
        )
        assert await paths(app) == [
            ("news", 0),
            ("sport", 0),
            ("sport/local", 1),
            ("sport/local/city", 2),
        ]
        assert (await app.events())[-1] == (
            "content.category.updated",
            {
                "category_id": str(local_uuid(local)),
                "parent_id": str(local_uuid(sport)),
                "path": "sport/local",
                "previous_path": "news/local",
            },
        )


async def test_a_move_to_the_root_and_a_new_slug_re_path_too(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        local = await make_category(app, "local", news)
        await make_category(app, "city", local)

        moved = await update(app, id=local, parentId=None, slug="regional")

        assert problems(moved) == []
        assert await paths(app) == [("news", 0), ("regional", 0), ("regional/city", 1)]


async def test_a_rename_without_a_new_path_keeps_previous_path_out(
    database: DatabaseTarget,
) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")

        await update(app, id=news, names=[{"locale": "en", "value": "N"}], position=4)
        unchanged = await update(app, id=news, position=4)

        assert unchanged["category"]["position"] == 4
        assert [event for event, _ in await app.events()] == [
            "content.category.created",
            "content.category.updated",
        ]
        assert (await app.events())[-1][1]["previous_path"] is None


async def test_a_category_cannot_move_under_itself(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        local = await make_category(app, "local", news)
        city = await make_category(app, "city", local)
        events = await app.count(EventRow)

        under_itself = await update(app, id=news, parentId=news)
        under_grandchild = await update(app, id=news, parentId=city)

        assert problems(under_itself) == [("VALIDATION", "parentId")]
        assert problems(under_grandchild) == [("VALIDATION", "parentId")]
        assert await paths(app) == [("news", 0), ("news/local", 1), ("news/local/city", 2)]
        assert await app.count(EventRow) == events


async def test_a_move_keeps_the_subtree_within_eight_levels(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        chain = [await make_category(app, "l0")]
        for level in range(1, 6):
            chain.append(await make_category(app, f"l{level}", chain[-1]))
        branch = await make_category(app, "branch")
        leaf = await make_category(app, "leaf", branch)
        await make_category(app, "tip", leaf)

        too_deep = await update(app, id=branch, parentId=chain[-1])
        fits = await update(app, id=leaf, parentId=chain[-1])

        assert problems(too_deep) == [("VALIDATION", "parentId")]
        assert problems(fits) == []
        assert fits["category"]["depth"] == 6
        assert await app.count(CategoryRow) == 9


async def test_a_taken_path_conflicts(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        await make_category(app, "local", news)
        local = await make_category(app, "local")
        sport = await make_category(app, "sport")

        moved = await update(app, id=local, parentId=news)
        renamed = await update(app, id=sport, slug="news")

        assert problems(moved) == [("CONFLICT", "parentId")]
        assert problems(renamed) == [("CONFLICT", "slug")]


async def test_unknown_and_foreign_ids_are_not_found(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app, taxonomy_app(database) as other:
        mine = await make_category(app, "mine")
        theirs = await make_category(other, "theirs")

        foreign = await update(app, id=theirs, slug="taken")
        foreign_parent = await update(app, id=mine, parentId=theirs)

        assert problems(foreign) == [("NOT_FOUND", "id")]
        assert problems(foreign_parent) == [("NOT_FOUND", "parentId")]
        assert await paths(other) == [("theirs", 0)]


async def test_a_new_position_goes_before_the_sibling_holding_it(
    database: DatabaseTarget,
) -> None:
    async with taxonomy_app(database) as app:
        first, second = await make_category(app, "a"), await make_category(app, "b")
        third = await make_category(app, "c")

        payload = await update(app, id=third, position=0)
        order = await app.ok("{ contentCategories { edges { node { id position } } } }")

        assert problems(payload) == []
        assert [edge["node"] for edge in order["contentCategories"]["edges"]] == [
            {"id": third, "position": 0},
            {"id": first, "position": 1},
            {"id": second, "position": 2},
        ]
