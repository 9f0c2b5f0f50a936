"""contentTagDelete: who may, entries lose the tag."""

from __future__ import annotations

from modules.content.taxonomy.api import set_entry_terms
from modules.content.taxonomy.models import EntryTagRow, TagRow
from tests.modules.content.taxonomy._app import (
    assert_refused_to_outsiders,
    local_uuid,
    system_context,
    taxonomy_app,
)
from tests.modules.content.taxonomy._entries import insert_entry
from tests.modules.content.taxonomy._tags import make_tag
from tests.support.databases import DatabaseTarget

DELETE = "mutation ($id: ID!) { contentTagDelete(id: $id) { deletedId errors { code field } } }"


async def test_only_managers_of_the_tenant_delete(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        tag = await make_tag(app, "Python")

        await assert_refused_to_outsiders(app, DELETE, {"id": tag}, TagRow)

        payload = (await app.ok(DELETE, {"id": tag}))["contentTagDelete"]
        assert payload == {"deletedId": tag, "errors": []}
        assert await app.count(TagRow) == 0
        assert (await app.events())[-1] == (
            "content.tag.deleted",
            {"tag_id": str(local_uuid(tag)), "slug": "python"},
        )


async def test_entries_lose_a_deleted_tag(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        python, rust = await make_tag(app, "Python"), await make_tag(app, "Rust")
        entry_id = await insert_entry(app)
        ctx = await system_context(app)
        async with app.api.state.runtime.db.transaction(app.tenant.id) as session:
            ids = [local_uuid(python), local_uuid(rust)]
            await set_entry_terms(
                ctx, session, entry_id, category_ids=None, tag_ids=ids, tag_names=None
            )

        await app.ok(DELETE, {"id": python})

        assert await app.count(EntryTagRow) == 1


async def test_unknown_and_foreign_ids_are_not_found(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app, taxonomy_app(database) as other:
        theirs = await make_tag(other, "Theirs")

        payload = (await app.ok(DELETE, {"id": theirs}))["contentTagDelete"]

        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "id")]
        assert await other.count(TagRow) == 1
