"""``rustok commerce import``: products by slug and variants by SKU, all of a product or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.events.models import EventRow
from modules.commerce.models import ProductRow, VariantRow
from tests.support.catalog_csv import HEADER, catalog_cli, problems, write_csv
from tests.support.commerce import CommerceApp, commerce_app, count_rows
from tests.support.databases import DatabaseTarget

SHIRTS = [
    ["tee", "Tee", "active", "", "Size", "S", "TEE-S", "1500", "1800"],
    ["tee", "Tee", "active", "", "Size", "M", "TEE-M", "1600", ""],
    ["mug", "Mug", "draft", "", "", "", "MUG-1", "900", "1100"],
]


async def test_create_then_update(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        cli = catalog_cli(database, monkeypatch, tmp_path, app)

        created = await cli.run("import", str(write_csv(tmp_path / "a.csv", HEADER, SHIRTS)))

        assert created.exit_code == 0, created.output
        assert created.stdout == "created 2, updated 0, failed 0 products\n"
        assert await cli.products() == {"tee": ("Tee", "active"), "mug": ("Mug", "draft")}
        assert await cli.prices() == {
            "TEE-S": {"EUR": 1500, "USD": 1800},
            "TEE-M": {"EUR": 1600},
            "MUG-1": {"EUR": 900, "USD": 1100},
        }

        changed = [
            ["tee", "T-shirt", "", "", "Size", "S", "TEE-S", "1550", "1800"],
            ["tee", "", "", "", "Size", "M", "TEE-M", "1600", "1900"],
            ["mug", "Mug", "active", "", "", "", "MUG-1", "900", ""],
        ]
        updated = await cli.run("import", str(write_csv(tmp_path / "b.csv", HEADER, changed)))

        assert updated.exit_code == 0, updated.output
        assert updated.stdout == "created 0, updated 2, failed 0 products\n"
        assert await cli.products() == {"tee": ("T-shirt", "active"), "mug": ("Mug", "active")}
        assert await cli.prices() == {
            "TEE-S": {"EUR": 1550, "USD": 1800},
            "TEE-M": {"EUR": 1600, "USD": 1900},
            "MUG-1": {"EUR": 900},
        }


async def test_bad_rows_are_reported_by_line_and_their_product_writes_nothing(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        cli = catalog_cli(database, monkeypatch, tmp_path, app)
        header = [*HEADER, "stock_main", "stock_attic"]
        rows = [
            ["good", "Good", "", "", "", "", "GOOD-1", "100", "", "5", ""],
            ["bad", "Bad", "", "", "Size", "S", "BAD-S", "-5", "", "", ""],
            ["bad", "Bad", "", "", "Size", "M", "BAD-M", "12.5", "abc", "1.5", ""],
            ["worse", "Worse", "sold", "shoes", "", "", "WORSE-1", "100", "", "-2", "3"],
            ["", "Nobody", "", "", "", "", "NOBODY-1", "100", "", "", ""],
        ]
        before = await count_rows(app, EventRow)

        result = await cli.run("import", str(write_csv(tmp_path / "bad.csv", header, rows)))

        assert result.exit_code == 1
        assert problems(result) == [
            (
                "line 3, price_EUR: VALIDATION: '-5' is negative: "
                "give a price in minor units of 0 or more"
            ),
            (
                "line 4, price_EUR: VALIDATION: '12.5' is fractional: "
                "give a price in minor units as a whole number"
            ),
            (
                "line 4, price_USD: VALIDATION: 'abc' is not a number: "
                "give a price in minor units as a whole number"
            ),
            (
                "line 4, stock_main: VALIDATION: '1.5' is fractional: "
                "give a quantity as a whole number"
            ),
            "line 5, status: VALIDATION: 'sold' is not a status: draft, active, archived",
            "line 5, categories: NOT_FOUND: no category with the path 'shoes'",
            "line 5, stock_main: VALIDATION: '-2' is negative: give a quantity of 0 or more",
            "line 5, stock_attic: NOT_FOUND: no warehouse 'attic'",
            "line 6, product_slug: VALIDATION: give the product's slug",
        ]
        assert result.stdout == "created 1, updated 0, failed 3 products\n"
        assert set(await cli.products()) == {"good"}
        assert await count_rows(app, VariantRow) == 1
        assert (
            await count_rows(app, EventRow) == before + 4
        )  # good's created, variant, prices, stock


async def test_a_sku_of_another_product_or_line_fails_the_later_product(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        await app.product()  # linen-shirt: SHIRT-S and SHIRT-M
        cli = catalog_cli(database, monkeypatch, tmp_path, app)
        rows = [
            ["first", "First", "", "", "", "", "NEW-1", "100", ""],
            ["copy", "Copy", "", "", "Size", "S", "NEW-1", "100", ""],
            ["copy", "Copy", "", "", "Size", "M", "NEW-2", "100", ""],
            ["thief", "Thief", "", "", "", "", "SHIRT-M", "100", ""],
        ]

        result = await cli.run("import", str(write_csv(tmp_path / "dup.csv", HEADER, rows)))

        assert result.exit_code == 1
        assert problems(result) == [
            "line 3, sku: CONFLICT: the SKU 'NEW-1' is also on line 2",
            "line 5, sku: CONFLICT: the SKU 'SHIRT-M' belongs to the product 'linen-shirt'",
        ]
        assert set(await cli.products()) == {"first", "linen-shirt"}
        assert await count_rows(app, VariantRow) == 3


async def test_prices_the_shop_refuses_are_reported_at_their_line(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        cli = catalog_cli(database, monkeypatch, tmp_path, app)
        header = [*HEADER, "price_GBP", "price_XYZ"]
        rows = [
            ["no-euro", "No euro", "", "", "", "", "NE-1", "", "100", "", ""],
            ["pounds", "Pounds", "", "", "", "", "GB-1", "100", "", "90", ""],
            ["made-up", "Made up", "", "", "", "", "MU-1", "100", "", "", "7"],
        ]

        result = await cli.run("import", str(write_csv(tmp_path / "cur.csv", header, rows)))

        assert result.exit_code == 1
        assert problems(result) == [
            "line 2: VALIDATION: give a price in the default currency, EUR",
            "line 3, price_GBP: VALIDATION: the shop does not sell in GBP; it sells in EUR, USD",
            "line 4, price_XYZ: VALIDATION: 'XYZ' is not an ISO 4217 currency code (e.g. USD)",
        ]
        assert await cli.products() == {}
        assert await count_rows(app, ProductRow) == 0


async def test_a_dry_run_checks_everything_and_writes_nothing(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        cli = catalog_cli(database, monkeypatch, tmp_path, app)
        rows = [*SHIRTS, ["odd", "Odd", "", "", "", "", "ODD-1", "", "5"]]
        before = await count_rows(app, EventRow)

        result = await cli.run(
            "import", str(write_csv(tmp_path / "d.csv", HEADER, rows)), "--dry-run"
        )

        assert result.exit_code == 1
        assert problems(result) == ["line 5: VALIDATION: give a price in the default currency, EUR"]
        assert result.stdout == (
            "would create 2, would update 0, failed 1 products (dry run: nothing written)\n"
        )
        assert await count_rows(app, ProductRow) == 0
        assert await count_rows(app, EventRow) == before


async def test_imported_products_emit_their_events_as_the_system(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        cli = catalog_cli(database, monkeypatch, tmp_path, app)

        result = await cli.run("import", str(write_csv(tmp_path / "e.csv", HEADER, SHIRTS[:2])))

        assert result.exit_code == 0, result.output
        assert await app.event_types() == [
            "commerce.product.created",
            "commerce.variant.created",
            "commerce.variant.prices_updated",
            "commerce.variant.created",
            "commerce.variant.prices_updated",
        ]
        assert await _actors(app) == {"system"}


async def _actors(app: CommerceApp) -> set[str]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        actors = await session.scalars(
            select(EventRow.actor).where(
                EventRow.tenant_id == app.tenant.id, EventRow.type.like("commerce.%")
            )
        )
        return set(actors)
