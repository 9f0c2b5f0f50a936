"""contentEntryCreate: drafts from blocks, Markdown or HTML; slugs; typed errors; access."""

from __future__ import annotations

import uuid
from typing import Any

from modules.content.entries.models import EntryRow, RevisionRow, TranslationRow
from tests.support.content import ContentApp, content_app, count_rows, event_types
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) {
    entry { id kind locale title slug excerpt body bodyHtml status hasUnpublishedChanges }
    errors { code field message }
  }
}
"""


async def _create(app: ContentApp, token: str | None = "", **fields: object) -> dict[str, Any]:
    body = await app.gql(CREATE, {"input": fields}, token=token)
    payload: dict[str, Any] = body["data"]["contentEntryCreate"]
    return payload


async def test_a_markdown_draft_becomes_blocks_with_a_generated_slug(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        payload = await _create(
            app, title="Hello, Wörld!", bodyMarkdown="# Intro\n\nFirst *words* here."
        )
        assert payload["errors"] == []
        entry = payload["entry"]
        assert (entry["kind"], entry["locale"], entry["slug"]) == ("page", "en", "hello-world")
        assert entry["status"] == "DRAFT"
        assert entry["hasUnpublishedChanges"] is True
        assert [block["type"] for block in entry["body"]] == ["heading", "paragraph"]
        assert "<em>words</em>" in entry["bodyHtml"]
        assert entry["excerpt"].startswith("Intro")
        assert await event_types(app) == ["content.entry.created"]
        again = await _create(app, title="Hello World")
        assert again["entry"]["slug"] == "hello-world-2"


async def test_a_taken_slug_is_a_conflict_and_nothing_is_written(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        await _create(app, title="About", slug="about")
        before = await count_rows(app, EntryRow), await event_types(app)
        payload = await _create(app, title="About us", slug="about")
        assert payload == {
            "entry": None,
            "errors": [
                {
                    "code": "CONFLICT",
                    "field": "slug",
                    "message": "the slug 'about' is taken in locale 'en'",
                }
            ],
        }
        assert (await count_rows(app, EntryRow), await event_types(app)) == before


async def test_bad_input_names_the_field(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        cases: dict[str, dict[str, Any]] = {
            "body.1": {
                "title": "x",
                "body": [{"type": "paragraph", "text": "ok"}, {"type": "nope"}],
            },
            "locale": {"title": "x", "locale": "xx"},
            "title": {"title": "   "},
            "slug": {"title": "x", "slug": "Not A Slug"},
            "bodyMarkdown": {"title": "x", "body": [], "bodyMarkdown": "two bodies"},
            "kind": {"title": "x", "kind": "Bad Kind"},
        }
        for field, fields in cases.items():
            payload = await _create(app, **fields)
            fields_named = [error["field"] for error in payload["errors"]]
            assert payload["entry"] is None, field
            assert fields_named[0].startswith(field), (field, payload)
            assert {error["code"] for error in payload["errors"]} == {"VALIDATION"}
        assert await count_rows(app, TranslationRow) == 0
        assert await count_rows(app, RevisionRow) == 0
        assert await event_types(app) == []


async def test_html_input_is_sanitized(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        payload = await _create(
            app,
            title="Safe",
            bodyHtml='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">a</a>',
        )
        html = payload["entry"]["bodyHtml"]
        assert "script" not in html
        assert "onclick" not in html
        assert "javascript:" not in html


async def test_only_editors_of_the_tenant_may_create(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                app.member("content.view_entries"),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (
                app.api.auth.member(uuid.uuid4(), "content.edit_entries"),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            body = await app.gql(CREATE, {"input": {"title": "x"}}, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await count_rows(app, EntryRow) == 0
        assert await event_types(app) == []
        editor = app.member("content.edit_entries", "content.view_entries")
        allowed = await _create(app, editor, title="Allowed")
        assert allowed["errors"] == []
        assert await count_rows(app, EntryRow) == 1
