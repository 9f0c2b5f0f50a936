"""contentCategories and contentTags: public pages, tree fields, fallbacks, statement counts."""

from __future__ import annotations

from typing import Any

from modules.content.taxonomy.categories import CategoryInput, create_category
from modules.content.taxonomy.names import LocalizedName
from tests.modules.content.taxonomy._app import TaxonomyApp, system_context, taxonomy_app
from tests.modules.content.taxonomy._tags import make_tag
from tests.modules.content.taxonomy._tree import make_category
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

CATEGORIES = """
query ($parentId: ID, $first: Int, $after: String, $last: Int, $before: String) {
  contentCategories(
    parentId: $parentId, first: $first, after: $after, last: $last, before: $before
  ) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug position name(locale: "de") parent { slug } children { slug } } }
  }
}
"""
TAGS = """
query ($search: String, $first: Int, $after: String) {
  contentTags(search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { slug name } }
  }
}
"""


async def categories(app: TaxonomyApp, **variables: Any) -> dict[str, Any]:
    """Read contentCategories anonymously."""
    body = await app.gql(CATEGORIES, variables, token=None)
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["contentCategories"]
    return found


def slugs(page: dict[str, Any]) -> list[str]:
    """Return the slugs of a page's nodes."""
    return [edge["node"]["slug"] for edge in page["edges"]]


async def test_a_level_pages_by_position_for_anyone(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        for slug in ("a", "b", "c"):
            await make_category(app, slug, news)
        ctx = await system_context(app)
        first_place = CategoryInput(
            parent_id=None, slug="first", names=[LocalizedName("en", "First")], position=0
        )
        await create_category(ctx, first_place)

        roots = await categories(app)
        first = await categories(app, parentId=news, first=2)
        rest = await categories(app, parentId=news, first=2, after=first["pageInfo"]["endCursor"])
        back = await categories(app, parentId=news, last=2, before=rest["edges"][0]["cursor"])

        assert slugs(roots) == ["first", "news"]
        assert roots["edges"][1]["node"]["children"] == [
            {"slug": "a"},
            {"slug": "b"},
            {"slug": "c"},
        ]
        assert (slugs(first), first["totalCount"], first["pageInfo"]["hasNextPage"]) == (
            ["a", "b"],
            3,
            True,
        )
        assert (slugs(rest), rest["pageInfo"]["hasNextPage"]) == (["c"], False)
        assert rest["pageInfo"]["hasPreviousPage"] is True
        assert (slugs(back), back["pageInfo"]["hasPreviousPage"]) == (["a", "b"], False)
        assert first["edges"][0]["node"]["parent"] == {"slug": "news"}


async def test_a_name_falls_back_to_the_default_locale(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        ctx = await system_context(app)
        for slug, names in (
            ("both", [LocalizedName("en", "Both"), LocalizedName("de", "Beide")]),
            ("english", [LocalizedName("en", "English only")]),
        ):
            await create_category(ctx, CategoryInput(slug=slug, names=names))

        page = await categories(app)

        assert [edge["node"]["name"] for edge in page["edges"]] == ["Beide", "English only"]


async def test_a_foreign_cursor_is_refused(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        await make_tag(app, "Python")
        tags = await app.gql(TAGS, {"first": 1}, token=None)
        cursor = tags["data"]["contentTags"]["pageInfo"]["endCursor"]

        body = await app.gql(CATEGORIES, {"after": cursor}, token=None)

        assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_REQUEST"]


async def test_statements_do_not_grow_with_the_page(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        ctx = await system_context(app)
        for number in range(12):
            names = [LocalizedName("en", f"Root {number}")]
            root = await create_category(ctx, CategoryInput(names=names))
            child = CategoryInput(parent_id=root.id, names=[LocalizedName("en", "Child")])
            await create_category(ctx, child)
        engine = app.api.state.runtime.db.engine

        with recorded_statements(engine) as small:
            ten = await categories(app, first=10)
        with recorded_statements(engine) as large:
            hundred = await categories(app, first=100)

        assert (len(ten["edges"]), len(hundred["edges"])) == (10, 12)
        assert all(edge["node"]["children"] for edge in hundred["edges"])
        assert len(small) == len(large)


async def test_tags_list_by_slug_and_search_by_slug(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        for name in ("New York", "Newark", "Boston"):
            await make_tag(app, name)

        everything = await app.gql(TAGS, {"first": 2}, token=None)
        page = everything["data"]["contentTags"]
        after = await app.gql(TAGS, {"after": page["pageInfo"]["endCursor"]}, token=None)
        found = await app.gql(TAGS, {"search": "New Y"}, token=None)

        assert ([edge["node"]["slug"] for edge in page["edges"]], page["totalCount"]) == (
            ["boston", "new-york"],
            3,
        )
        assert [edge["node"]["slug"] for edge in after["data"]["contentTags"]["edges"]] == [
            "newark"
        ]
        assert found["data"]["contentTags"]["edges"] == [
            {"node": {"slug": "new-york", "name": "New York"}}
        ]
