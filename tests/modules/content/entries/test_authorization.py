"""Every entry mutation refuses anonymous callers, members without its permission and members
of other tenants, and writes nothing when it refuses; a member with the permission passes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from modules.content.entries.models import EntryRow, RevisionRow, TranslationRow
from tests.support.content import ContentApp, content_app, count_rows, event_types
from tests.support.databases import DatabaseTarget

CREATE = """
mutation ($input: ContentEntryCreateInput!) {
  contentEntryCreate(input: $input) { entry { id } errors { code } }
}
"""

Inputs = Callable[[str], dict[str, Any]]
CASES: list[tuple[str, str, str, Inputs]] = [
    (
        "contentEntryUpdate",
        "ContentEntryUpdateInput",
        "content.edit_entries",
        lambda entry: {"input": {"id": entry, "title": "Changed"}},
    ),
    (
        "contentTranslationCreate",
        "ContentTranslationCreateInput",
        "content.edit_entries",
        lambda entry: {"input": {"entryId": entry, "locale": "en", "title": "x"}},
    ),
    (
        "contentEntrySubmit",
        "ContentEntryRefInput",
        "content.edit_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentEntryReject",
        "ContentEntryRejectInput",
        "content.publish_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentEntryPublish",
        "ContentEntryPublishInput",
        "content.publish_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentEntryUnschedule",
        "ContentEntryRefInput",
        "content.publish_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentEntryUnpublish",
        "ContentEntryRefInput",
        "content.publish_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentEntryArchive",
        "ContentEntryRefInput",
        "content.publish_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentEntryUnarchive",
        "ContentEntryRefInput",
        "content.publish_entries",
        lambda entry: {"input": {"id": entry}},
    ),
    (
        "contentTranslationDelete",
        "ContentTranslationDeleteInput",
        "content.delete_entries",
        lambda entry: {"input": {"entryId": entry, "locale": "en"}},
    ),
    (
        "contentPreviewTokenCreate",
        "ContentPreviewTokenCreateInput",
        "content.edit_entries",
        lambda entry: {"input": {"entryId": entry}},
    ),
]


def _operation(name: str, input_type: str) -> str:
    return f"mutation ($input: {input_type}!) {{ {name}(input: $input) {{ errors {{ code }} }} }}"


async def _footprint(app: ContentApp) -> tuple[int, int, int, list[str]]:
    return (
        await count_rows(app, EntryRow),
        await count_rows(app, TranslationRow),
        await count_rows(app, RevisionRow),
        await event_types(app),
    )


@pytest.mark.parametrize(("name", "input_type", "permission", "inputs"), CASES)
async def test_the_permission_decides(
    database: DatabaseTarget, name: str, input_type: str, permission: str, inputs: Inputs
) -> None:
    async with content_app(database) as app:
        body = await app.gql(CREATE, {"input": {"title": "Subject", "bodyMarkdown": "x"}})
        entry_id = body["data"]["contentEntryCreate"]["entry"]["id"]
        before = await _footprint(app)
        others = [
            p
            for p in (
                "content.edit_entries",
                "content.publish_entries",
                "content.delete_entries",
                "content.view_entries",
            )
            if p != permission
        ]
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (app.member(*others), "PERMISSION_DENIED"),
            "member of another tenant": (
                app.api.auth.member(uuid.uuid4(), permission),
                "PERMISSION_DENIED",
            ),
        }
        operation = _operation(name, input_type)
        for label, (token, code) in refused.items():
            answer = await app.gql(operation, inputs(entry_id), token=token)
            assert answer["data"] is None, label
            assert [error["extensions"]["code"] for error in answer["errors"]] == [code], label
        assert await _footprint(app) == before
        allowed = await app.gql(operation, inputs(entry_id), token=app.member(permission))
        assert "errors" not in allowed, allowed  # ran: any refusal is a typed payload error


async def test_deleting_an_entry_needs_the_delete_permission(database: DatabaseTarget) -> None:
    async with content_app(database) as app:
        body = await app.gql(CREATE, {"input": {"title": "Doomed", "bodyMarkdown": "x"}})
        entry_id = body["data"]["contentEntryCreate"]["entry"]["id"]
        operation = (
            "mutation ($id: ID!) { contentEntryDelete(id: $id) { deletedId errors { code } } }"
        )
        denied = await app.gql(
            operation, {"id": entry_id}, token=app.member("content.edit_entries")
        )
        assert [e["extensions"]["code"] for e in denied["errors"]] == ["PERMISSION_DENIED"]
        assert await count_rows(app, EntryRow) == 1
        done = await app.gql(
            operation, {"id": entry_id}, token=app.member("content.delete_entries")
        )
        assert done["data"]["contentEntryDelete"] == {"deletedId": entry_id, "errors": []}
        assert await count_rows(app, EntryRow) == 0
        assert await count_rows(app, RevisionRow) == 0
        assert (await event_types(app))[-1] == "content.entry.deleted"
