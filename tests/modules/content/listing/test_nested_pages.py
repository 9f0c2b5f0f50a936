"""Nested lists under an entry list: each entry's revisions, batched for the whole page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.content import ContentApp, content_app
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field } }
}
"""
UPDATE = """
mutation ($input: ContentEntryUpdateInput!) {
  contentEntryUpdate(input: $input) { errors { code field } }
}
"""
LIST = """
query ($first: Int, $revisions: Int) {
  adminContentEntries(first: $first, sort: {field: TITLE}) {
    edges {
      node {
        title
        author { displayName }
        revisions(first: $revisions) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { node { number title createdBy { kind } } }
        }
      }
    }
  }
}
"""
ONE = """
query ($id: ID!, $after: String) {
  adminContentEntry(id: $id) {
    revisions(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { number } }
    }
  }
}
"""
ENTRIES = 12


async def _fill(app: ContentApp) -> list[str]:
    ids = []
    for number in range(ENTRIES):
        title = f"Entry {number:02}"
        body = await app.gql(CREATE, {"input": {"title": title, "bodyMarkdown": "Words."}})
        entry_id: str = body["data"]["contentEntryCreate"]["entry"]["id"]
        ids.append(entry_id)
        for edit in range(number % 3 + 1):
            app.clock.advance(timedelta(seconds=1))
            changed = {"id": entry_id, "title": f"{title} v{edit + 2}"}
            assert (await app.gql(UPDATE, {"input": changed}))["data"]["contentEntryUpdate"][
                "errors"
            ] == []
    await app.api.state.runtime.dispatcher.drain()
    return ids


def _revisions(body: dict[str, Any]) -> list[tuple[int, list[int], bool]]:
    return [
        (
            edge["node"]["revisions"]["totalCount"],
            [revision["node"]["number"] for revision in edge["node"]["revisions"]["edges"]],
            edge["node"]["revisions"]["pageInfo"]["hasNextPage"],
        )
        for edge in body["data"]["adminContentEntries"]["edges"]
    ]


async def test_each_entry_gets_its_own_newest_revisions(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        await _fill(app)

        body = await app.gql(LIST, {"first": ENTRIES, "revisions": 2})

        expected = []
        for number in range(ENTRIES):
            total = number % 3 + 2
            expected.append((total, [total, total - 1], total > 2))
        assert _revisions(body) == expected
        first = body["data"]["adminContentEntries"]["edges"][0]["node"]
        assert first["title"] == "Entry 00 v2"
        assert first["revisions"]["edges"][0]["node"]["title"] == "Entry 00 v2"


async def test_a_nested_page_continues_after_its_cursor(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        ids = await _fill(app)
        busiest = ids[2]  # four revisions

        first = await app.gql(ONE, {"id": busiest})
        page = first["data"]["adminContentEntry"]["revisions"]
        cursor = (await app.gql(LIST, {"first": ENTRIES, "revisions": 2}))["data"][
            "adminContentEntries"
        ]["edges"][2]["node"]["revisions"]["pageInfo"]["endCursor"]
        rest = await app.gql(ONE, {"id": busiest, "after": cursor})

        assert [edge["node"]["number"] for edge in page["edges"]] == [4, 3]
        second = rest["data"]["adminContentEntry"]["revisions"]
        assert [edge["node"]["number"] for edge in second["edges"]] == [2, 1]
        assert second["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
        assert second["totalCount"] == 4


async def test_nested_revisions_cost_the_same_at_10_and_100(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        await _fill(app)
        engine = app.api.state.runtime.db.engine
        counts = []
        for size in (10, 100):
            with recorded_statements(engine) as statements:
                body = await app.gql(LIST, {"first": size, "revisions": 5})
            assert len(body["data"]["adminContentEntries"]["edges"]) == min(size, ENTRIES)
            counts.append(len(statements))
        assert counts[0] == counts[1], counts
