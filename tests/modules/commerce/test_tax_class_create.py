"""taxClassCreate: the `standard` class comes with commerce; codes unique; one default."""

from __future__ import annotations

from app.ids import decode_global_id
from modules.commerce.tax_models import TaxClassRow
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget
from tests.support.shipping import mutate

LIST = "{ taxClasses { code name isDefault } }"
OFF = 'mutation { moduleDisable(module: "commerce") { errors { code } } }'
ON = 'mutation { moduleEnable(module: "commerce") { errors { code } } }'
STANDARD = {"code": "standard", "name": "Standard", "isDefault": True}


async def test_enabling_commerce_gives_one_default_standard_class(
    database: DatabaseTarget,
) -> None:
    async with commerce_app(database) as app:
        assert (await app.gql(LIST))["data"]["taxClasses"] == [STANDARD]
        owner = app.member("core.manage_modules")
        for toggle in (OFF, ON):
            assert "errors" not in await app.gql(toggle, token=owner)
        assert (await app.gql(LIST))["data"]["taxClasses"] == [STANDARD]
        assert await app.event_types() == []


async def test_the_manage_taxes_permission_decides(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        values = {"code": "reduced", "name": "Reduced"}
        refused = app.refused("commerce.manage_taxes", without="commerce.manage_shipping")
        document = (
            "mutation ($input: TaxClassCreateInput!) "
            "{ taxClassCreate(input: $input) { errors { code } } }"
        )
        for label, (token, code) in refused.items():
            answer = await app.gql(document, {"input": values}, token=token)
            assert answer["data"] is None, label
            assert [e["extensions"]["code"] for e in answer["errors"]] == [code], label
        assert await count_rows(app, TaxClassRow) == 1
        assert await app.event_types() == []
        allowed = app.member("commerce.manage_taxes")
        assert (await mutate(app, "taxClassCreate", values, token=allowed))["errors"] == []


async def test_a_class_is_created_and_may_take_the_default(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        reduced = await mutate(app, "taxClassCreate", {"code": "reduced", "name": " Reduced "})
        assert reduced["errors"] == []
        assert reduced["taxClass"]["name"] == "Reduced"
        assert reduced["taxClass"]["isDefault"] is False
        zero = await mutate(
            app, "taxClassCreate", {"code": "zero", "name": "Zero", "isDefault": True}
        )
        assert zero["taxClass"]["isDefault"] is True
        listed = (await app.gql(LIST))["data"]["taxClasses"]
        assert [(c["code"], c["isDefault"]) for c in listed] == [
            ("reduced", False),
            ("standard", False),
            ("zero", True),
        ]
        zero_id = decode_global_id(zero["taxClass"]["id"])[1]
        assert await app.payloads("commerce.tax_class.created") == [
            {"tax_class_id": decode_global_id(reduced["taxClass"]["id"])[1], "code": "reduced"},
            {"tax_class_id": zero_id, "code": "zero"},
        ]
        changed = await app.payloads("commerce.tax_class.updated")
        assert [(p["code"], p["changed"]) for p in changed] == [("standard", ["isDefault"])]


async def test_bad_fields_and_taken_codes_are_refused(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        bad = await mutate(app, "taxClassCreate", {"code": "Not A Code", "name": " "})
        assert [(e["code"], e["field"]) for e in bad["errors"]] == [
            ("VALIDATION", "code"),
            ("VALIDATION", "name"),
        ]
        taken = await mutate(app, "taxClassCreate", {"code": "standard", "name": "Again"})
        assert taken["taxClass"] is None
        assert [(e["code"], e["field"]) for e in taken["errors"]] == [("CONFLICT", "code")]
        assert await count_rows(app, TaxClassRow) == 1
        assert await app.event_types() == []
