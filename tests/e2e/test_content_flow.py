"""The core CMS flow end to end over HTTP, as a frontend team and an editor would drive it.

The same flow with a blog post, ending in its feeds, is tests/e2e/test_blog_flow.py.

Create a tenant → draft in two locales → schedule → it goes live on time (moved clock) →
found by search → restore an older revision → republish → the sitemap contains it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

from app.bootstrap import build_work_cycle
from tests.support.content import ContentApp, content_app
from tests.support.databases import DatabaseTarget

SETTINGS = """
mutation {
  moduleSettingsUpdate(input: {module: "content", settings: {
    locales: ["en", "fr"], site_url: "https://shop.example"
  }}) { errors { code field message } }
}
"""
CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id slug } errors { code field message } }
}
"""
TRANSLATE = """
mutation ($input: ContentTranslationCreateInput!) {
  contentTranslationCreate(input: $input) { entry { locale slug } errors { code field } }
}
"""
UPDATE = """
mutation ($input: ContentEntryUpdateInput!) {
  contentEntryUpdate(input: $input) { entry { title } errors { code field } }
}
"""
PUBLISH = """
mutation ($input: ContentEntryPublishInput!) {
  contentEntryPublish(input: $input) { entry { status publishAt } errors { code field } }
}
"""
SEARCH = """
query ($q: String!, $locale: String) {
  contentEntries(search: $q, locale: $locale) {
    totalCount edges { highlight node { title locale slug } }
  }
}
"""
REVISIONS = """
query ($id: ID!) {
  adminContentEntry(id: $id) { revisions(first: 5) { edges { node { id number title } } } }
}
"""
RESTORE = """
mutation ($id: ID!) {
  contentRevisionRestore(input: {revisionId: $id}) { entry { title } errors { code } }
}
"""


async def _ok(app: ContentApp, query: str, name: str, **variables: Any) -> dict[str, Any]:
    body = await app.gql(query, variables)
    payload: dict[str, Any] = body["data"][name]
    assert payload["errors"] == [], payload
    return payload


async def test_draft_schedule_search_restore_republish_sitemap(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        owner = app.member("core.manage_modules")
        assert (await app.gql(SETTINGS, token=owner))["data"]["moduleSettingsUpdate"][
            "errors"
        ] == []
        created = await _ok(
            app,
            CREATE,
            "contentEntryCreate",
            input={"title": "Winter opening hours", "bodyMarkdown": "We open at *nine*."},
        )
        entry_id = created["entry"]["id"]
        await _ok(
            app,
            TRANSLATE,
            "contentTranslationCreate",
            input={
                "entryId": entry_id,
                "locale": "fr",
                "title": "Horaires d'hiver",
                "bodyMarkdown": "Nous ouvrons à *neuf* heures.",
            },
        )
        at = app.clock.now() + timedelta(hours=1)
        for locale in ("en", "fr"):
            scheduled = await _ok(
                app,
                PUBLISH,
                "contentEntryPublish",
                input={"id": entry_id, "locale": locale, "publishAt": at.isoformat()},
            )
            assert scheduled["entry"]["status"] == "SCHEDULED"
        cycle = build_work_cycle(app.api.state.runtime)
        await cycle.run_once()
        assert (await app.gql(SEARCH, {"q": "opening"}, token=None))["data"]["contentEntries"][
            "totalCount"
        ] == 0
        app.clock.advance(timedelta(hours=1, seconds=5))
        while await cycle.run_once():
            pass
        found = (await app.gql(SEARCH, {"q": "opening"}, token=None))["data"]["contentEntries"]
        assert [edge["node"]["title"] for edge in found["edges"]] == ["Winter opening hours"]
        french = await app.gql(SEARCH, {"q": "neuf", "locale": "fr"}, token=None)
        assert french["data"]["contentEntries"]["edges"][0]["highlight"].count("<mark>") == 1
        await _ok(
            app,
            UPDATE,
            "contentEntryUpdate",
            input={"id": entry_id, "locale": "en", "title": "Spring opening hours"},
        )
        revisions = (await app.gql(REVISIONS, {"id": entry_id}))["data"]["adminContentEntry"]
        first = revisions["revisions"]["edges"][-1]["node"]
        assert (first["number"], first["title"]) == (1, "Winter opening hours")
        restored = await _ok(app, RESTORE, "contentRevisionRestore", id=first["id"])
        assert restored["entry"]["title"] == "Winter opening hours"
        await _ok(app, PUBLISH, "contentEntryPublish", input={"id": entry_id, "locale": "en"})
        while await cycle.run_once():
            pass
        response = await app.api.client.get(f"/t/{app.tenant.slug}/sitemap.xml")
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 - our own response, in a test
        namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        urls = sorted(element.text or "" for element in root.iter(f"{namespace}loc"))
        assert urls == [
            "https://shop.example/en/winter-opening-hours",
            "https://shop.example/fr/horaires-d-hiver",
        ]
        alternates = root.findall(".//{http://www.w3.org/1999/xhtml}link")
        assert sorted(link.get("hreflang") or "" for link in alternates) == ["en", "en", "fr", "fr"]
