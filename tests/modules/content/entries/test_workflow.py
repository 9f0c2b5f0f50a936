"""The workflow: review, publish now or on time, unpublish, archive; and who may do what."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.bootstrap import build_work_cycle
from modules.content.entries.models import TranslationRow
from tests.support.content import ContentApp, content_app, count_rows, event_types
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code field } }
}
"""
STEP = """
mutation ($input: %(input)s!) {
  %(name)s(input: $input) { entry { status publishAt } errors { code field message } }
}
"""
PUBLIC = """
query ($slug: String!) { contentEntry(slug: $slug) { title locale isFallback publishedAt } }
"""


async def _new(app: ContentApp, title: str = "Launch", slug: str = "launch") -> str:
    body = await app.gql(CREATE, {"input": {"title": title, "slug": slug, "bodyMarkdown": "Hi"}})
    entry_id: str = body["data"]["contentEntryCreate"]["entry"]["id"]
    return entry_id


async def _step(
    app: ContentApp,
    name: str,
    entry_id: str,
    extra: dict[str, object] | None = None,
    *,
    token: str | None = "",
) -> dict[str, Any]:
    kind = {
        "contentEntryPublish": "ContentEntryPublishInput",
        "contentEntryReject": "ContentEntryRejectInput",
    }.get(name, "ContentEntryRefInput")
    query = STEP % {"input": kind, "name": name}
    return await app.gql(query, {"input": {"id": entry_id, **(extra or {})}}, token=token)


async def _payload(app: ContentApp, name: str, entry_id: str, **extra: object) -> dict[str, Any]:
    body = await _step(app, name, entry_id, extra)
    payload: dict[str, Any] = body["data"][name]
    return payload


async def test_review_then_publish_makes_it_public(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        assert (await app.gql(PUBLIC, {"slug": "launch"}, token=None))["data"] == {
            "contentEntry": None
        }
        submitted = await _payload(app, "contentEntrySubmit", entry_id)
        assert submitted["entry"]["status"] == "IN_REVIEW"
        rejected = await _payload(app, "contentEntryReject", entry_id, note="Shorter, please")
        assert rejected["entry"]["status"] == "DRAFT"
        published = await _payload(app, "contentEntryPublish", entry_id)
        assert (published["entry"]["status"], published["errors"]) == ("PUBLISHED", [])
        public = await app.gql(PUBLIC, {"slug": "launch"}, token=None)
        assert public["data"]["contentEntry"]["title"] == "Launch"
        assert public["data"]["contentEntry"]["isFallback"] is False
        assert await event_types(app) == [
            "content.entry.created",
            "content.entry.submitted",
            "content.entry.rejected",
            "content.entry.published",
        ]


async def test_publishing_twice_is_a_conflict_without_a_second_event(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        await _payload(app, "contentEntryPublish", entry_id)
        again = await _payload(app, "contentEntryPublish", entry_id)
        assert again["entry"] is None
        assert [(e["code"], e["field"]) for e in again["errors"]] == [("CONFLICT", "id")]
        assert (await event_types(app)).count("content.entry.published") == 1


async def test_a_scheduled_entry_goes_live_on_time_without_a_request(
    database: DatabaseTarget,
) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        past = (app.clock.now() - timedelta(minutes=1)).isoformat()
        refused = await _payload(app, "contentEntryPublish", entry_id, publishAt=past)
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [("VALIDATION", "publishAt")]
        at = app.clock.now() + timedelta(hours=2)
        scheduled = await _payload(app, "contentEntryPublish", entry_id, publishAt=at.isoformat())
        assert scheduled["entry"]["status"] == "SCHEDULED"
        cycle = build_work_cycle(app.api.state.runtime)
        await cycle.run_once()
        assert (await app.gql(PUBLIC, {"slug": "launch"}, token=None))["data"][
            "contentEntry"
        ] is None
        app.clock.advance(timedelta(hours=2, seconds=1))
        await cycle.run_once()
        public = await app.gql(PUBLIC, {"slug": "launch"}, token=None)
        assert public["data"]["contentEntry"]["title"] == "Launch"
        assert (await event_types(app))[-2:] == [
            "content.entry.scheduled",
            "content.entry.published",
        ]


async def test_unscheduling_cancels_the_publication(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        at = app.clock.now() + timedelta(minutes=5)
        await _payload(app, "contentEntryPublish", entry_id, publishAt=at.isoformat())
        unscheduled = await _payload(app, "contentEntryUnschedule", entry_id)
        assert unscheduled["entry"] == {"status": "DRAFT", "publishAt": None}
        app.clock.advance(timedelta(minutes=10))
        await build_work_cycle(app.api.state.runtime).run_once()
        assert (await app.gql(PUBLIC, {"slug": "launch"}, token=None))["data"][
            "contentEntry"
        ] is None


async def test_unpublish_and_archive_take_it_offline(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        await _payload(app, "contentEntryPublish", entry_id)
        assert (await _payload(app, "contentEntryUnpublish", entry_id))["entry"][
            "status"
        ] == "DRAFT"
        assert (await app.gql(PUBLIC, {"slug": "launch"}, token=None))["data"][
            "contentEntry"
        ] is None
        await _payload(app, "contentEntryPublish", entry_id)
        archived = await _payload(app, "contentEntryArchive", entry_id)
        assert archived["entry"]["status"] == "ARCHIVED"
        assert (await app.gql(PUBLIC, {"slug": "launch"}, token=None))["data"][
            "contentEntry"
        ] is None
        again = await _payload(app, "contentEntryArchive", entry_id)
        assert [e["code"] for e in again["errors"]] == ["CONFLICT"]
        back = await _payload(app, "contentEntryUnarchive", entry_id)
        assert back["entry"]["status"] == "DRAFT"


async def test_only_publishers_of_the_tenant_may_publish(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        before = await event_types(app)
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                app.member("content.edit_entries", "content.view_entries"),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (
                app.api.auth.member(uuid.uuid4(), "content.publish_entries"),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            body = await _step(app, "contentEntryPublish", entry_id, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        assert await event_types(app) == before
        assert await count_rows(app, TranslationRow) == 1
        body = await _step(
            app,
            "contentEntryPublish",
            entry_id,
            token=app.member("content.publish_entries", "content.view_entries"),
        )
        assert body["data"]["contentEntryPublish"]["errors"] == []


async def test_another_tenants_entry_is_not_found(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        entry_id = await _new(app)
        async with content_app(database) as other:
            payload = await _payload(other, "contentEntryPublish", entry_id)
            assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "id")]
        assert await event_types(app) == ["content.entry.created"]
