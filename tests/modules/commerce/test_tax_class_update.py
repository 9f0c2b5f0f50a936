"""taxClassUpdate: rename, recode, take the default; taken codes and un-flagging refused."""

from __future__ import annotations

from app.ids import encode_global_id, new_id
from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate, standard_class, tax_class

DOCUMENT = (
    "mutation ($input: TaxClassUpdateInput!) { taxClassUpdate(input: $input) { errors { code } } }"
)


async def test_the_manage_taxes_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        refused = app.refused("commerce.manage_taxes", without="commerce.manage_shipping")
        for label, (token, code) in refused.items():
            answer = await app.gql(DOCUMENT, {"input": {"id": standard, "name": "X"}}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await app.event_types() == []
        allowed = app.member("commerce.manage_taxes")
        payload = await mutate(app, "taxClassUpdate", {"id": standard, "name": "X"}, token=allowed)
        assert payload["taxClass"]["name"] == "X"


async def test_changes_are_saved_and_the_default_moves(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        reduced = (await tax_class(app, "reduced"))["id"]
        changed = await mutate(
            app, "taxClassUpdate", {"id": reduced, "code": "low", "name": "Low", "isDefault": True}
        )
        assert changed["errors"] == []
        assert {k: v for k, v in changed["taxClass"].items() if k != "id"} == {
            "code": "low",
            "name": "Low",
            "isDefault": True,
        }
        same = await mutate(app, "taxClassUpdate", {"id": reduced, "code": "low"})
        assert same["errors"] == []
        updates = await app.payloads("commerce.tax_class.updated")
        assert [(p["code"], p["changed"]) for p in updates] == [
            ("standard", ["isDefault"]),
            ("low", ["code", "name", "isDefault"]),
        ]
        listed = (await app.gql("{ taxClasses { id isDefault } }"))["data"]["taxClasses"]
        assert {c["id"]: c["isDefault"] for c in listed} == {reduced: True, standard: False}


async def test_taken_codes_unflagging_and_unknown_ids_are_refused(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        standard = await standard_class(app)
        await tax_class(app, "reduced")
        events = await app.event_types()
        taken = await mutate(app, "taxClassUpdate", {"id": standard, "code": "reduced"})
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [("CONFLICT", "code")]
        unflag = await mutate(app, "taxClassUpdate", {"id": standard, "isDefault": False})
        assert [(e["code"], e["field"]) for e in unflag["errors"]] == [("VALIDATION", "isDefault")]
        bad = await mutate(app, "taxClassUpdate", {"id": standard, "code": "", "name": ""})
        assert [e["field"] for e in bad["errors"]] == ["code", "name"]
        unknown = await mutate(
            app, "taxClassUpdate", {"id": encode_global_id("TaxClass", new_id()), "name": "X"}
        )
        assert [(e["code"], e["field"]) for e in unknown["errors"]] == [("NOT_FOUND", "id")]
        wrong = await mutate(
            app, "taxClassUpdate", {"id": encode_global_id("Product", new_id()), "name": "X"}
        )
        assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("VALIDATION", "id")]
        assert await app.event_types() == events
