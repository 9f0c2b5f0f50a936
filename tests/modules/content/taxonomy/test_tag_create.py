"""contentTagCreate: who may, generated and taken slugs, locales."""

from __future__ import annotations

from typing import Any

from modules.content.taxonomy.models import TagRow
from tests.modules.content.taxonomy._app import (
    TaxonomyApp,
    assert_refused_to_outsiders,
    local_uuid,
    taxonomy_app,
)
from tests.modules.content.taxonomy._tags import TAG_CREATE
from tests.support.databases import DatabaseTarget


async def create(app: TaxonomyApp, **fields: Any) -> dict[str, Any]:
    """Create a tag as the manager and return the payload."""
    payload: dict[str, Any] = (await app.ok(TAG_CREATE, {"input": fields}))["contentTagCreate"]
    return payload


def problems(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the payload's (code, field) pairs."""
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_only_managers_of_the_tenant_create(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        variables = {"input": {"names": [{"locale": "en", "value": "Python"}]}}
        await assert_refused_to_outsiders(app, TAG_CREATE, variables, TagRow)

        payload = await create(app, **variables["input"])

        assert payload["errors"] == []
        assert await app.count(TagRow) == 1


async def test_the_slug_comes_from_the_default_locale_name(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        names = [{"locale": "de", "value": "Straßenbahn"}, {"locale": "en", "value": "Tram Lines"}]

        tag = (await create(app, names=names))["tag"]

        assert (tag["slug"], tag["name"]) == ("tram-lines", "Tram Lines")
        assert tag["names"] == [
            {"locale": "de", "value": "Straßenbahn"},
            {"locale": "en", "value": "Tram Lines"},
        ]
        assert await app.events() == [
            ("content.tag.created", {"tag_id": str(local_uuid(tag["id"])), "slug": "tram-lines"})
        ]


async def test_taken_and_malformed_slugs_are_refused(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        await create(app, names=[{"locale": "en", "value": "Python"}])

        taken = await create(app, slug="python", names=[{"locale": "en", "value": "Py"}])
        generated_taken = await create(app, names=[{"locale": "en", "value": "PYTHON"}])
        malformed = await create(app, slug="-x-", names=[{"locale": "en", "value": "X"}])
        nothing_latin = await create(app, names=[{"locale": "en", "value": "日本"}])

        assert problems(taken) == [("CONFLICT", "slug")]
        assert problems(generated_taken) == [("CONFLICT", "slug")]
        assert problems(malformed) == [("VALIDATION", "slug")]
        assert problems(nothing_latin) == [("VALIDATION", "names")]
        assert await app.count(TagRow) == 1


async def test_names_must_use_the_sites_locales(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        names = [{"locale": "en", "value": "A"}, {"locale": "pt-BR", "value": "B"}]

        unknown = await create(app, names=names)
        no_default = await create(app, names=[{"locale": "de", "value": "Nur"}])

        assert problems(unknown) == [("VALIDATION", "names.1.locale")]
        assert problems(no_default) == [("VALIDATION", "names")]
        assert await app.count(TagRow) == 0
        assert await app.events() == []
