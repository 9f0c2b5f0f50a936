"""``rustok commerce export``: a row per variant; its output imports back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.events.models import EventRow
from tests.app.cli import Cli, words
from tests.support.catalog_csv import HEADER, catalog_cli, write_csv
from tests.support.commerce import commerce_app, count_rows
from tests.support.databases import DatabaseTarget

EXPORTED_HEADER = (
    "product_slug,product_name,status,categories,seo_title,seo_description,"
    "option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,"
    "sku,variant_title,weight_grams,barcode,tax_class,track_inventory,allow_backorder,"
    "price_EUR,price_USD,compare_at_EUR,compare_at_USD,stock_main"
)


async def test_the_export_imports_back_unchanged(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        tops = await app.category("tops")
        await app.category("linen", parent=tops)
        product = await app.product(categoryIds=[tops])
        await app.adjust(product["variants"][0]["id"], await app.warehouse(), onHand=7)
        cli = catalog_cli(database, monkeypatch, tmp_path, app)
        first = tmp_path / "first.csv"

        exported = await cli.run("export", "--output", str(first))

        assert exported.exit_code == 0, exported.output
        assert exported.stderr == f"exported 1 products, 2 variants to {first}\n"
        assert first.read_text().splitlines() == [
            EXPORTED_HEADER,
            "linen-shirt,Linen shirt,draft,tops,,,Size,S,,,,,SHIRT-S,S,,,,true,false,2000,2400,,,7",
            "linen-shirt,Linen shirt,draft,tops,,,Size,M,,,,,SHIRT-M,M,,,,true,false,2200,,,,",
        ]
        before = await count_rows(app, EventRow)

        imported = await cli.run("import", str(first))

        assert imported.exit_code == 0, imported.output
        assert imported.stdout == "created 0, updated 1, failed 0 products\n"
        assert await count_rows(app, EventRow) == before  # nothing changed, nothing emitted
        again = await cli.run("export")
        assert again.stdout == first.read_text()


async def test_an_import_costs_the_same_statements_for_every_product(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with commerce_app(database) as app:
        cli = catalog_cli(database, monkeypatch, tmp_path, app)
        counts = []
        for size in (5, 10, 100):  # the last: 300 rows
            rows = [
                [
                    f"p{size}-{n}",
                    f"P {n}",
                    "active",
                    "",
                    "Size",
                    value,
                    f"S{size}-{n}-{value}",
                    "100",
                    "120",
                ]
                for n in range(size)
                for value in ("S", "M", "L")
            ]
            path = write_csv(tmp_path / f"{size}.csv", HEADER, rows)
            statements: list[str] = []

            def record(*arguments: object, found: list[str] = statements) -> None:
                found.append(str(arguments[2]))

            event.listen(Engine, "before_cursor_execute", record)
            try:
                result = await cli.run("import", str(path))
            finally:
                event.remove(Engine, "before_cursor_execute", record)
            assert result.stdout == f"created {size}, updated 0, failed 0 products\n"
            counts.append(len(statements))

        per_product = (counts[1] - counts[0]) // 5
        assert counts[1] - counts[0] == 5 * per_product
        assert counts[2] - counts[1] == 90 * per_product


def test_an_unknown_tenant_is_refused(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli = Cli.on(database, monkeypatch, tmp_path)

    result = cli("commerce", "export", "--tenant", "nobody-here", RUSTOK_MODULES="content,commerce")

    assert result.exit_code == 1
    assert (
        words(result.stderr) == "error: TENANT_NOT_FOUND (tenant): no active tenant 'nobody-here'"
    )
