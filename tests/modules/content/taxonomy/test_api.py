"""What entries and listing call: set_entry_terms, load_entry_terms, ancestors, names."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.errors import NotFound, ValidationFailed
from app.ids import new_id
from modules.content.taxonomy.api import (
    category_ancestor_ids,
    load_entry_terms,
    localized_name,
    set_entry_terms,
)
from modules.content.taxonomy.models import EntryTagRow, TagRow
from modules.content.taxonomy.tags import ensure_tag
from tests.modules.content.taxonomy._app import (
    TaxonomyApp,
    local_uuid,
    system_context,
    taxonomy_app,
)
from tests.modules.content.taxonomy._entries import insert_entry
from tests.modules.content.taxonomy._tags import make_tag
from tests.modules.content.taxonomy._tree import make_category
from tests.support.databases import DatabaseTarget
from tests.support.statements import recorded_statements


async def set_terms(
    app: TaxonomyApp,
    entry_id: uuid.UUID,
    *,
    category_ids: list[uuid.UUID] | None = None,
    tag_ids: list[uuid.UUID] | None = None,
    tag_names: list[str] | None = None,
) -> list[str]:
    """Call set_entry_terms in a transaction of its own, as the system."""
    ctx = await system_context(app)
    async with app.api.state.runtime.db.transaction(app.tenant.id) as session:
        return await set_entry_terms(
            ctx,
            session,
            entry_id,
            category_ids=category_ids,
            tag_ids=tag_ids,
            tag_names=tag_names,
        )


async def terms_of(
    app: TaxonomyApp, *entry_ids: uuid.UUID
) -> dict[uuid.UUID, tuple[list[str], list[str]]]:
    """Return each entry's category paths and tag slugs, through load_entry_terms."""
    async with app.api.state.runtime.db.transaction(app.tenant.id, readonly=True) as session:
        found = await load_entry_terms(session, app.tenant.id, entry_ids)
    return {
        entry_id: ([row.path for row in terms.categories], [row.slug for row in terms.tags])
        for entry_id, terms in found.items()
    }


async def test_terms_are_replaced_and_changes_reported(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = local_uuid(await make_category(app, "news"))
        sport = local_uuid(await make_category(app, "sport"))
        python = local_uuid(await make_tag(app, "Python"))
        entry_id = await insert_entry(app)

        first = await set_terms(app, entry_id, category_ids=[sport, news, sport], tag_ids=[python])
        same = await set_terms(app, entry_id, category_ids=[news, sport], tag_ids=[python])
        categories_only = await set_terms(app, entry_id, category_ids=[news])
        cleared = await set_terms(app, entry_id, tag_ids=[])

        assert (first, same, categories_only, cleared) == (
            ["categoryIds", "tags"],
            [],
            ["categoryIds"],
            ["tags"],
        )
        assert await terms_of(app, entry_id) == {entry_id: (["news"], [])}


async def test_named_tags_are_created_once_and_linked(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        python = local_uuid(await make_tag(app, "Python"))
        entry_id = await insert_entry(app)

        changed = await set_terms(
            app, entry_id, tag_ids=[python], tag_names=["python", "Rust Lang", "rust lang"]
        )

        assert changed == ["tags"]
        assert await terms_of(app, entry_id) == {entry_id: ([], ["python", "rust-lang"])}
        assert await app.count(TagRow) == 2
        created = [event for event in await app.events() if event[0] == "content.tag.created"]
        assert [payload["slug"] for _, payload in created] == ["python", "rust-lang"]
        async with app.api.state.runtime.db.transaction(app.tenant.id, readonly=True) as session:
            names = await session.scalar(
                select(TagRow.names).where(
                    TagRow.tenant_id == app.tenant.id, TagRow.slug == "rust-lang"
                )
            )
        assert names == {"en": "Rust Lang"}


async def test_unknown_and_foreign_ids_are_not_found(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app, taxonomy_app(database) as other:
        mine = local_uuid(await make_category(app, "mine"))
        theirs = local_uuid(await make_category(other, "theirs"))
        their_tag = local_uuid(await make_tag(other, "Theirs"))
        entry_id = await insert_entry(app)

        with pytest.raises(NotFound) as category:
            await set_terms(app, entry_id, category_ids=[mine, theirs])
        with pytest.raises(NotFound) as tag:
            await set_terms(app, entry_id, tag_ids=[new_id(), their_tag])
        with pytest.raises(ValidationFailed) as name:
            await set_terms(app, entry_id, tag_names=["ok", "!!!"])

        assert (category.value.field, tag.value.field, name.value.field) == (
            "categoryIds.1",
            "tagIds.0",
            "tagNames.1",
        )
        assert await terms_of(app, entry_id) == {entry_id: ([], [])}
        assert await app.count(EntryTagRow) == 0


async def test_terms_of_many_entries_load_in_two_statements(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = local_uuid(await make_category(app, "news"))
        entries = [await insert_entry(app) for _ in range(5)]
        for entry_id in entries[:4]:
            await set_terms(app, entry_id, category_ids=[news], tag_names=["x"])
        runtime = app.api.state.runtime

        async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
            with recorded_statements(runtime.db.engine) as statements:
                found = await load_entry_terms(session, app.tenant.id, entries)

        assert len([sql for sql in statements if sql.startswith("SELECT")]) == 2
        assert {entry_id: len(terms.categories) for entry_id, terms in found.items()} == {
            **dict.fromkeys(entries[:4], 1),
            entries[4]: 0,
        }
        assert await terms_of(app, entries[0]) == {entries[0]: (["news"], ["x"])}


async def test_ancestors_run_from_the_root_down(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = await make_category(app, "news")
        local = await make_category(app, "local", news)
        city = await make_category(app, "city", local)
        sport = await make_category(app, "sport")

        async with app.api.state.runtime.db.transaction(app.tenant.id, readonly=True) as session:
            found = await category_ancestor_ids(
                session, app.tenant.id, [local_uuid(city), local_uuid(sport), new_id()]
            )

        assert found == {
            local_uuid(city): (local_uuid(news), local_uuid(local), local_uuid(city)),
            local_uuid(sport): (local_uuid(sport),),
        }


def test_a_localized_name_falls_back() -> None:
    names = {"en": "News", "de": "Nachrichten"}

    assert localized_name(names, "de", "en") == "Nachrichten"
    assert localized_name(names, "fr", "en") == "News"
    assert localized_name({"de": "Nachrichten"}, "fr", "en") == "Nachrichten"
    assert localized_name({}, "fr", "en") == ""


async def test_ensuring_a_taken_slug_returns_that_tag_silently(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        python = local_uuid(await make_tag(app, "Python"))
        ctx = await system_context(app)

        async with app.api.state.runtime.db.transaction(app.tenant.id) as session:
            found = await ensure_tag(ctx, session, "python", {"en": "Another Python"})

        assert found == python
        assert [event for event, _ in await app.events()] == ["content.tag.created"]
        assert await app.count(TagRow) == 1
