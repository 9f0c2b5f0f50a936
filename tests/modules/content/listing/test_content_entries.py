"""contentEntries and adminContentEntries: from the read model, filtered, searched, paged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

from tests.support.content import ContentApp, content_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field } }
}
"""
PUBLISH = "mutation ($id: ID!) { contentEntryPublish(input: {id: $id}) { errors { code } } }"
LIST = """
query ($search: String, $first: Int, $after: String, $sort: ContentEntrySort) {
  contentEntries(search: $search, first: $first, after: $after, sort: $sort) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { highlight node { title slug excerpt publishedAt } }
  }
}
"""
ADMIN = """
query ($status: [ContentStatus!]) {
  adminContentEntries(filter: {status: $status}) {
    totalCount edges { node { title status hasUnpublishedChanges } }
  }
}
"""


async def _entry(app: ContentApp, title: str, markdown: str, *, publish: bool) -> str:
    body = await app.gql(CREATE, {"input": {"title": title, "bodyMarkdown": markdown}})
    entry_id: str = body["data"]["contentEntryCreate"]["entry"]["id"]
    if publish:
        await app.gql(PUBLISH, {"id": entry_id})
        app.clock.advance(timedelta(minutes=1))
    return entry_id


async def _drain(app: ContentApp) -> None:
    await app.api.state.runtime.dispatcher.drain()


async def _list(app: ContentApp, **variables: Any) -> dict[str, Any]:
    body = await app.gql(LIST, variables, token=None)
    result: dict[str, Any] = body["data"]["contentEntries"]
    return result


async def test_the_public_list_shows_published_entries_newest_first(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        await _entry(app, "Kettles", "All about copper kettles.", publish=True)
        await _entry(app, "Lanterns", "Brass lanterns light the road.", publish=True)
        await _entry(app, "Secret plans", "Not yet.", publish=False)
        await _drain(app)
        listed = await _list(app)
        assert listed["totalCount"] == 2
        assert [edge["node"]["title"] for edge in listed["edges"]] == ["Lanterns", "Kettles"]
        assert listed["edges"][0]["node"]["excerpt"] == "Brass lanterns light the road."
        by_title = await _list(app, sort={"field": "TITLE"})
        assert [edge["node"]["title"] for edge in by_title["edges"]] == ["Kettles", "Lanterns"]
        admin = await app.gql(ADMIN, {"status": ["DRAFT"]})
        edges = admin["data"]["adminContentEntries"]["edges"]
        assert [(e["node"]["title"], e["node"]["status"]) for e in edges] == [
            ("Secret plans", "DRAFT")
        ]


async def test_search_finds_words_and_highlights_them(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        await _entry(app, "Kettles", "All about copper kettles.", publish=True)
        await _entry(app, "Lanterns", "Brass lanterns light the road.", publish=True)
        await _entry(app, "Draft lantern", "Brass lantern draft.", publish=False)
        await _drain(app)
        found = await _list(app, search="brass")
        assert found["totalCount"] == 1
        [edge] = found["edges"]
        assert edge["node"]["title"] == "Lanterns"
        assert "<mark>Brass</mark>" in edge["highlight"]
        assert (await _list(app, search="nothing-like-this"))["totalCount"] == 0


async def test_pages_follow_their_cursors(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        for number in range(5):
            await _entry(app, f"Entry {number}", "Text.", publish=True)
        await _drain(app)
        seen: list[str] = []
        after = None
        while True:
            page = await _list(app, first=2, after=after)
            seen += [edge["node"]["title"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == [f"Entry {number}" for number in reversed(range(5))]
        bad = await app.gql(LIST, {"after": "not-a-cursor"}, token=None)
        assert bad["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


ADMIN_PAGE = """
query ($first: Int, $category: ID) {
  adminContentEntries(first: $first, filter: {categoryId: $category}) {
    edges { node { title status body coverImage { id } categories { slug } tags { slug } } }
  }
}
"""
CATEGORY = """
mutation { contentCategoryCreate(input: {names: [{locale: "en", value: "All"}]}) {
  category { id } } }
"""


async def test_a_list_costs_the_same_statements_at_10_and_100(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        category = await app.gql(CATEGORY)
        category_id = category["data"]["contentCategoryCreate"]["category"]["id"]
        for number in range(12):
            body = await app.gql(
                CREATE,
                {
                    "input": {
                        "title": f"Entry {number}",
                        "bodyMarkdown": "Some words.",
                        "categoryIds": [category_id],
                        "tagNames": [f"tag {number}"],
                    }
                },
            )
            await app.gql(PUBLISH, {"id": body["data"]["contentEntryCreate"]["entry"]["id"]})
        await _drain(app)
        engine = app.api.state.runtime.db.engine
        searched, filtered = [], []
        for size in (10, 100):
            with recorded_statements(engine) as statements:
                page = await _list(app, first=size, search="words")
            assert len(page["edges"]) == min(size, 12)
            searched.append(len(statements))
            with recorded_statements(engine) as statements:
                admin = await app.gql(ADMIN_PAGE, {"first": size, "category": category_id})
            assert len(admin["data"]["adminContentEntries"]["edges"]) == min(size, 12)
            filtered.append(len(statements))
        assert searched[0] == searched[1]
        assert filtered[0] == filtered[1]


async def test_the_sitemap_lists_live_entries_once_the_site_url_is_set(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        await _entry(app, "Hello", "Text.", publish=True)
        await _entry(app, "Hidden", "Text.", publish=False)
        await _drain(app)
        path = f"/t/{app.tenant.slug}/sitemap.xml"
        missing = await app.api.client.get(path)
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "NOT_FOUND")
        settings = """
        mutation {
          moduleSettingsUpdate(
            input: {module: "content", settings: {site_url: "https://example.test"}}
          ) { errors { code field message } }
        }
        """
        owner = app.member("core.manage_modules")
        updated = await app.gql(settings, token=owner)
        assert updated["data"]["moduleSettingsUpdate"]["errors"] == [], updated
        response = await app.api.client.get(path)
        assert response.headers["content-type"].startswith("application/xml")
        root = ET.fromstring(response.content)  # noqa: S314 - our own response, in a test
        namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        urls = [element.text for element in root.iter(f"{namespace}loc")]
        assert urls == ["https://example.test/en/hello"]


async def test_a_deleted_tag_no_longer_filters(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        body = await app.gql(CREATE, {"input": {"title": "Tagged", "tagNames": ["gone soon"]}})
        entry_id = body["data"]["contentEntryCreate"]["entry"]["id"]
        await app.gql(PUBLISH, {"id": entry_id})
        tags = await app.gql("{ contentTags(first: 5) { edges { node { id } } } }", token=None)
        tag_id = tags["data"]["contentTags"]["edges"][0]["node"]["id"]
        await _drain(app)
        query = "query ($t: ID!) { contentEntries(filter: {tagId: $t}) { totalCount } }"
        assert (await app.gql(query, {"t": tag_id}, token=None))["data"]["contentEntries"] == {
            "totalCount": 1
        }
        deleted = await app.gql(
            "mutation ($id: ID!) { contentTagDelete(id: $id) { errors { code } } }", {"id": tag_id}
        )
        assert deleted["data"]["contentTagDelete"]["errors"] == []
        await _drain(app)
        assert (await app.gql(query, {"t": tag_id}, token=None))["data"]["contentEntries"] == {
            "totalCount": 0
        }


async def test_terms_count_their_published_entries(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        category = await app.gql(CATEGORY)
        category_id = category["data"]["contentCategoryCreate"]["category"]["id"]
        for number, publish in ((1, True), (2, True), (3, False)):
            body = await app.gql(
                CREATE,
                {"input": {"title": f"Counted {number}", "categoryIds": [category_id]}},
            )
            if publish:
                await app.gql(PUBLISH, {"id": body["data"]["contentEntryCreate"]["entry"]["id"]})
        await _drain(app)
        query = """
        { contentCategories(first: 10) {
            edges { node { entryCount fr: entryCount(locale: "fr") } }
        } }
        """
        answer = await app.gql(query, token=None)
        assert answer["data"]["contentCategories"]["edges"] == [
            {"node": {"entryCount": 2, "fr": 0}}
        ]
