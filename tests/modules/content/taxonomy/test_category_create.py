"""contentCategoryCreate: who may, slugs and paths, locales, parents and depth."""

from __future__ import annotations

from typing import Any

from app.ids import encode_global_id, new_id
from modules.content.taxonomy.models import CategoryRow
from tests.modules.content.taxonomy._app import (
    CATEGORY,
    TaxonomyApp,
    assert_refused_to_outsiders,
    local_uuid,
    taxonomy_app,
)
from tests.support.databases import DatabaseTarget

CREATE = (
    CATEGORY
    + """
mutation ($input: ContentCategoryCreateInput!) {
  contentCategoryCreate(input: $input) {
    category { ...C parent { id } }
    errors { code field message }
  }
}
"""
)


def names(en: str, de: str | None = None) -> list[dict[str, str]]:
    """Return names input in English (and German)."""
    given = [{"locale": "en", "value": en}]
    return given if de is None else [*given, {"locale": "de", "value": de}]


async def create(app: TaxonomyApp, **fields: Any) -> dict[str, Any]:
    """Create a category as the manager and return the payload."""
    payload: dict[str, Any] = (await app.ok(CREATE, {"input": fields}))["contentCategoryCreate"]
    return payload


async def test_only_managers_of_the_tenant_create(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        variables = {"input": {"names": names("News")}}
        await assert_refused_to_outsiders(app, CREATE, variables, CategoryRow)

        payload = await create(app, names=names("News"))

        assert payload["errors"] == []
        assert await app.count(CategoryRow) == 1


async def test_a_child_gets_its_path_depth_and_position(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        news = (await create(app, names=names("News & Views", "Nachrichten")))["category"]
        local = (await create(app, parentId=news["id"], names=names("Local")))["category"]
        world = (await create(app, parentId=news["id"], slug="world", names=names("W")))["category"]

        assert news["slug"] == "news-views"
        assert news["names"] == [
            {"locale": "de", "value": "Nachrichten"},
            {"locale": "en", "value": "News & Views"},
        ]
        assert (local["path"], local["depth"], local["position"]) == ("news-views/local", 1, 0)
        assert (world["path"], world["depth"], world["position"]) == ("news-views/world", 1, 1)
        assert local["parent"] == {"id": news["id"]}
        assert await app.events() == [
            (
                "content.category.created",
                {
                    "category_id": str(local_uuid(news["id"])),
                    "parent_id": None,
                    "path": "news-views",
                },
            ),
            (
                "content.category.created",
                {
                    "category_id": str(local_uuid(local["id"])),
                    "parent_id": str(local_uuid(news["id"])),
                    "path": "news-views/local",
                },
            ),
            (
                "content.category.created",
                {
                    "category_id": str(local_uuid(world["id"])),
                    "parent_id": str(local_uuid(news["id"])),
                    "path": "news-views/world",
                },
            ),
        ]


async def test_a_generated_slug_is_numbered_a_given_one_conflicts(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        await create(app, names=names("Sport"))
        second = await create(app, names=names("Sport"))
        taken = await create(app, slug="sport", names=names("Other"))

        assert second["category"]["slug"] == "sport-2"
        assert taken["category"] is None
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [("CONFLICT", "slug")]
        assert await app.count(CategoryRow) == 2


async def test_names_must_use_the_sites_locales(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        unknown = await create(app, names=[*names("A"), {"locale": "fr", "value": "B"}])
        twice = await create(app, names=[*names("A"), {"locale": "en", "value": "B"}])
        no_default = await create(app, names=[{"locale": "de", "value": "Nur Deutsch"}])
        blank = await create(app, names=names(" "))

        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [
            ("VALIDATION", "names.1.locale")
        ]
        assert [(e["code"], e["field"]) for e in twice["errors"]] == [
            ("VALIDATION", "names.1.locale")
        ]
        assert [(e["code"], e["field"]) for e in no_default["errors"]] == [("VALIDATION", "names")]
        assert [(e["code"], e["field"]) for e in blank["errors"]] == [
            ("VALIDATION", "names.0.value")
        ]
        assert await app.count(CategoryRow) == 0
        assert await app.events() == []


async def test_bad_slugs_positions_and_parents_are_refused(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        bad_slug = await create(app, slug="Not A Slug", names=names("A"))
        negative = await create(app, position=-1, names=names("A"))
        missing = await create(
            app, parentId=encode_global_id("ContentCategory", new_id()), names=names("A")
        )
        malformed = await create(app, parentId="not-an-id", names=names("A"))

        assert [(e["code"], e["field"]) for e in bad_slug["errors"]] == [("VALIDATION", "slug")]
        assert [(e["code"], e["field"]) for e in negative["errors"]] == [("VALIDATION", "position")]
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "parentId")]
        assert [(e["code"], e["field"]) for e in malformed["errors"]] == [
            ("VALIDATION", "parentId")
        ]


async def test_another_tenants_parent_is_not_found(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app, taxonomy_app(database) as other:
        theirs = (await create(other, names=names("Theirs")))["category"]

        payload = await create(app, parentId=theirs["id"], names=names("Mine"))

        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "parentId")]
        assert await app.count(CategoryRow) == 0


async def test_categories_nest_eight_levels_deep(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        parent = None
        for level in range(8):
            made = await create(app, parentId=parent, names=names(f"Level {level}"))
            parent = made["category"]["id"]
            assert made["category"]["depth"] == level

        too_deep = await create(app, parentId=parent, names=names("Level 8"))

        assert [(e["code"], e["field"]) for e in too_deep["errors"]] == [("VALIDATION", "parentId")]
        assert await app.count(CategoryRow) == 8
