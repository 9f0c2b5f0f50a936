"""contentTagUpdate: who may, slugs and names, unknown and foreign ids."""

from __future__ import annotations

from typing import Any

from app.events.models import EventRow
from tests.modules.content.taxonomy._app import (
    TaxonomyApp,
    assert_refused_to_outsiders,
    local_uuid,
    taxonomy_app,
)
from tests.modules.content.taxonomy._tags import make_tag
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($input: ContentTagUpdateInput!) {
  contentTagUpdate(input: $input) {
    tag { id slug name(locale: "de") names { locale value } }
    errors { code field }
  }
}
"""


async def update(app: TaxonomyApp, **fields: Any) -> dict[str, Any]:
    """Update a tag as the manager and return the payload."""
    payload: dict[str, Any] = (await app.ok(UPDATE, {"input": fields}))["contentTagUpdate"]
    return payload


def problems(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the payload's (code, field) pairs."""
    return [(error["code"], error["field"]) for error in payload["errors"]]


async def test_only_managers_of_the_tenant_update(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        tag = await make_tag(app, "Python")
        variables = {"input": {"id": tag, "slug": "py"}}

        await assert_refused_to_outsiders(app, UPDATE, variables, EventRow)

        payload = await update(app, **variables["input"])
        assert payload["errors"] == []
        assert (payload["tag"]["slug"], payload["tag"]["name"]) == ("py", "Python")
        assert (await app.events())[-1] == (
            "content.tag.updated",
            {"tag_id": str(local_uuid(tag)), "slug": "py"},
        )


async def test_names_are_replaced_and_checked(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        tag = await make_tag(app, "Python")
        names = [{"locale": "en", "value": "Python"}, {"locale": "de", "value": "Schlange"}]

        renamed = await update(app, id=tag, names=names)
        unknown = await update(app, id=tag, names=[*names, {"locale": "fr", "value": "Serpent"}])
        unchanged = await update(app, id=tag, slug="python")

        assert renamed["tag"]["name"] == "Schlange"
        assert problems(unknown) == [("VALIDATION", "names.2.locale")]
        assert unchanged["errors"] == []
        assert [event for event, _ in await app.events()] == [
            "content.tag.created",
            "content.tag.updated",
        ]


async def test_a_taken_slug_conflicts(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app:
        await make_tag(app, "Python")
        rust = await make_tag(app, "Rust")

        payload = await update(app, id=rust, slug="python")

        assert problems(payload) == [("CONFLICT", "slug")]


async def test_unknown_and_foreign_ids_are_not_found(database: DatabaseTarget) -> None:
    async with taxonomy_app(database) as app, taxonomy_app(database) as other:
        theirs = await make_tag(other, "Theirs")

        foreign = await update(app, id=theirs, slug="mine")
        wrong_type = await update(app, id="Q29udGVudENhdGVnb3J5OjE=", slug="mine")

        assert problems(foreign) == [("NOT_FOUND", "id")]
        assert problems(wrong_type) == [("VALIDATION", "id")]
