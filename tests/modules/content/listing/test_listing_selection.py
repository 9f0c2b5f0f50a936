"""contentEntries loads what the query selects: the count, the terms in the page's transaction."""

from __future__ import annotations

from typing import Any

from tests.support.content import ContentApp, content_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

CATEGORY = """
mutation {
  contentCategoryCreate(input: {names: [{locale: "en", value: "News"}]}) {
    category { id } errors { code }
  }
}
"""
CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field } }
}
"""
PUBLISH = "mutation ($id: ID!) { contentEntryPublish(input: {id: $id}) { errors { code } } }"
PLAIN = "{ contentEntries(first: 10) { edges { node { title } } } }"
COUNTED = "{ contentEntries(first: 10) { totalCount edges { node { title } } } }"
WITH_TERMS = """
{
  contentEntries(first: 10) {
    edges { node { title ...Terms } }
  }
}
fragment Terms on ContentEntry { categories { slug name } tags { slug name } }
"""


async def _seed(app: ContentApp) -> None:
    category = await app.gql(CATEGORY)
    category_id = category["data"]["contentCategoryCreate"]["category"]["id"]
    for number in range(3):
        created = await app.gql(
            CREATE,
            {
                "input": {
                    "title": f"Entry {number}",
                    "bodyMarkdown": "Some words.",
                    "categoryIds": [category_id] if number else [],
                    "tagNames": [f"tag {n}" for n in range(number)],
                }
            },
        )
        await app.gql(PUBLISH, {"id": created["data"]["contentEntryCreate"]["entry"]["id"]})
    await app.api.state.runtime.dispatcher.drain()


async def _measured(app: ContentApp, query: str) -> tuple[int, dict[str, Any]]:
    engine = app.api.state.runtime.db.engine
    with recorded_statements(engine) as statements:
        body = await app.gql(query, token=None)
    assert "errors" not in body, body
    return len(statements), body["data"]["contentEntries"]


async def test_the_count_runs_only_when_total_count_is_selected(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        await _seed(app)
        plain, _ = await _measured(app, PLAIN)
        counted, listed = await _measured(app, COUNTED)
        assert listed["totalCount"] == 3
        assert counted == plain + 1


async def test_terms_load_in_the_list_s_transaction_with_two_statements(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        await _seed(app)
        plain, _ = await _measured(app, PLAIN)
        with_terms, listed = await _measured(app, WITH_TERMS)
        # Two statements (categories, tags), no second transaction or settings read.
        assert with_terms == plain + 2
        nodes = {edge["node"]["title"]: edge["node"] for edge in listed["edges"]}
        assert nodes["Entry 0"]["categories"] == []
        assert nodes["Entry 0"]["tags"] == []
        assert nodes["Entry 2"]["categories"] == [{"slug": "news", "name": "News"}]
        assert nodes["Entry 2"]["tags"] == [
            {"slug": "tag-0", "name": "tag 0"},
            {"slug": "tag-1", "name": "tag 1"},
        ]
