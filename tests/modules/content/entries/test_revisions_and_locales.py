"""Drafts keep revisions; restore; slug changes leave redirects; locales and fallback; previews."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.auth.principal import SystemPrincipal
from app.jobs.declarations import JobContext
from app.runtime import Context
from modules.content.entries.models import PreviewTokenRow, RedirectRow, RevisionRow
from modules.content.entries.previews import PRUNE_PREVIEW_TOKENS
from tests.support.content import ContentApp, content_app, count_rows, event_types
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field } }
}
"""
UPDATE = """
mutation ($input: ContentEntryUpdateInput!) {
  contentEntryUpdate(input: $input) {
    entry { title slug hasUnpublishedChanges } errors { code field message }
  }
}
"""
PUBLISH = """
mutation ($id: ID!, $locale: String) {
  contentEntryPublish(input: {id: $id, locale: $locale}) { errors { code field } }
}
"""
REVISIONS = """
query ($id: ID!) {
  adminContentEntry(id: $id) {
    revisions(first: 10) { totalCount edges { node { id number title restoredFrom { number } } } }
  }
}
"""
RESTORE = """
mutation ($id: ID!) {
  contentRevisionRestore(input: {revisionId: $id}) { entry { title } errors { code field } }
}
"""
PUBLIC = """
query ($slug: String!, $locale: String) {
  contentEntry(slug: $slug, locale: $locale) {
    title locale isFallback translations { locale slug }
  }
}
"""


async def _entry(app: ContentApp, **fields: object) -> str:
    body = await app.gql(CREATE, {"input": {"bodyMarkdown": "Text", **fields}})
    entry_id: str = body["data"]["contentEntryCreate"]["entry"]["id"]
    return entry_id


async def _update(app: ContentApp, **fields: object) -> dict[str, Any]:
    body = await app.gql(UPDATE, {"input": fields})
    payload: dict[str, Any] = body["data"]["contentEntryUpdate"]
    return payload


async def test_every_save_keeps_a_revision_and_an_old_one_can_be_restored(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        entry_id = await _entry(app, title="First", slug="story")
        await _update(app, id=entry_id, title="Second")
        await _update(app, id=entry_id, title="Third")
        unchanged = await _update(app, id=entry_id, title="Third")
        assert unchanged["errors"] == []
        assert await count_rows(app, RevisionRow) == 3  # the no-op saved nothing
        revisions = (await app.gql(REVISIONS, {"id": entry_id}))["data"]["adminContentEntry"]
        listed = [edge["node"] for edge in revisions["revisions"]["edges"]]
        assert [(node["number"], node["title"]) for node in listed] == [
            (3, "Third"),
            (2, "Second"),
            (1, "First"),
        ]
        restored = await app.gql(RESTORE, {"id": listed[2]["id"]})
        assert restored["data"]["contentRevisionRestore"] == {
            "entry": {"title": "First"},
            "errors": [],
        }
        revisions = (await app.gql(REVISIONS, {"id": entry_id}))["data"]["adminContentEntry"]
        newest = revisions["revisions"]["edges"][0]["node"]
        assert (newest["number"], newest["restoredFrom"]) == (4, {"number": 1})
        assert (await event_types(app))[-1] == "content.entry.revision_restored"


async def test_editing_a_published_entry_waits_for_the_next_publication(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        entry_id = await _entry(app, title="Live title", slug="live")
        await app.gql(PUBLISH, {"id": entry_id})
        saved = await _update(app, id=entry_id, title="Edited title")
        assert saved["entry"]["hasUnpublishedChanges"] is True
        public = await app.gql(PUBLIC, {"slug": "live"}, token=None)
        assert public["data"]["contentEntry"]["title"] == "Live title"
        await app.gql(PUBLISH, {"id": entry_id})
        public = await app.gql(PUBLIC, {"slug": "live"}, token=None)
        assert public["data"]["contentEntry"]["title"] == "Edited title"


async def test_a_changed_slug_of_a_published_entry_leaves_a_redirect(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        entry_id = await _entry(app, title="Old", slug="old-path")
        await _update(app, id=entry_id, slug="never-published")
        assert await count_rows(app, RedirectRow) == 0  # drafts leave no trail
        await app.gql(PUBLISH, {"id": entry_id})
        await _update(app, id=entry_id, slug="new-path")
        await app.gql(PUBLISH, {"id": entry_id})
        query = 'query { contentRedirect(slug: "never-published") { locale fromSlug toSlug } }'
        redirect = await app.gql(query, token=None)
        assert redirect["data"]["contentRedirect"] == {
            "locale": "en",
            "fromSlug": "never-published",
            "toSlug": "new-path",
        }
        # Taking the old slug for another entry removes the redirect.
        await _entry(app, title="Another", slug="never-published")
        assert await count_rows(app, RedirectRow) == 0


async def test_locales_fall_back_to_the_default_and_say_so(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        settings = """
        mutation {
          moduleSettingsUpdate(input: {module: "content", settings: {locales: ["en", "de"]}}) {
            errors { code field }
          }
        }
        """
        owner = app.member("core.manage_modules")
        assert (await app.gql(settings, token=owner))["data"]["moduleSettingsUpdate"][
            "errors"
        ] == []
        entry_id = await _entry(app, title="Hello", slug="hello")
        add = """
        mutation ($id: ID!) {
          contentTranslationCreate(
            input: {entryId: $id, locale: "de", title: "Hallo", slug: "hallo", bodyMarkdown: "Text"}
          ) { entry { locale slug } errors { code field } }
        }
        """
        created = await app.gql(add, {"id": entry_id})
        assert created["data"]["contentTranslationCreate"]["entry"] == {
            "locale": "de",
            "slug": "hallo",
        }
        await app.gql(PUBLISH, {"id": entry_id, "locale": "en"})
        fallback = await app.gql(PUBLIC, {"slug": "hello", "locale": "de"}, token=None)
        assert fallback["data"]["contentEntry"] == {
            "title": "Hello",
            "locale": "en",
            "isFallback": True,
            "translations": [{"locale": "en", "slug": "hello"}],
        }
        await app.gql(PUBLISH, {"id": entry_id, "locale": "de"})
        german = await app.gql(PUBLIC, {"slug": "hallo", "locale": "de"}, token=None)
        assert german["data"]["contentEntry"]["title"] == "Hallo"
        assert german["data"]["contentEntry"]["isFallback"] is False
        again = await app.gql(add, {"id": entry_id})
        errors = again["data"]["contentTranslationCreate"]["errors"]
        assert errors == [{"code": "CONFLICT", "field": "locale"}]


async def test_a_preview_token_shows_the_working_copy(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        entry_id = await _entry(app, title="Secret draft", slug="secret")
        create = """
        mutation ($id: ID!) {
          contentPreviewTokenCreate(input: {entryId: $id, expiresInSeconds: 600}) {
            token expiresAt errors { code field }
          }
        }
        """
        made = (await app.gql(create, {"id": entry_id}))["data"]["contentPreviewTokenCreate"]
        assert made["errors"] == []
        preview = "query ($t: String!) { contentEntryPreview(token: $t) { title } }"
        shown = await app.gql(preview, {"t": made["token"]}, token=None)
        assert shown["data"]["contentEntryPreview"] == {"title": "Secret draft"}
        wrong = await app.gql(preview, {"t": made["token"] + "x"}, token=None)
        assert wrong["data"]["contentEntryPreview"] is None
        app.clock.advance(timedelta(seconds=601))
        expired = await app.gql(preview, {"t": made["token"]}, token=None)
        assert expired["data"]["contentEntryPreview"] is None
        assert await count_rows(app, PreviewTokenRow) == 1
        # The daily job, run directly: periodic runs share one schedule across the test run.
        runtime = app.api.state.runtime
        async with runtime.db.transaction() as session:
            job = JobContext(
                session=session,
                context=Context(runtime=runtime, principal=SystemPrincipal()),
                tenant_id=None,
                now=app.clock.now(),
            )
            await PRUNE_PREVIEW_TOKENS.run(job)
        assert await count_rows(app, PreviewTokenRow) == 0
        too_long = await app.gql(create.replace("600", "999999"), {"id": entry_id})
        errors = too_long["data"]["contentPreviewTokenCreate"]["errors"]
        assert errors == [{"code": "VALIDATION", "field": "expiresInSeconds"}]
