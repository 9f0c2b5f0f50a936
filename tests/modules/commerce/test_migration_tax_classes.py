"""commerce_008 gives variants a tax class without touching a row that names a variant.

On SQLite the foreign key is written into the table's definition in place: a copy-and-drop
would cascade the drop's implicit DELETE to prices, cart lines and stock.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.engine import Connection

from app.db.database import create_engine
from app.db.migrate import alembic_config, upgrade_all
from app.ids import new_id
from modules.commerce.models import PriceRow, ProductRow, VariantRow
from tests.conftest import make_registry, make_settings
from tests.support.databases import throwaway_database

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def _seed(url: str, tenant_id: uuid.UUID) -> None:
    product_id, variant_id = new_id(), new_id()
    engine = create_engine(url, pooled=False)
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)}
                )
            stamps = {"tenant_id": tenant_id, "created_at": NOW, "updated_at": NOW}
            await connection.execute(
                insert(ProductRow).values(
                    id=product_id,
                    slug="shirt",
                    name="Shirt",
                    description=[],
                    status="active",
                    **stamps,
                )
            )
            await connection.execute(
                insert(VariantRow).values(
                    id=variant_id,
                    product_id=product_id,
                    sku="S",
                    title="S",
                    position=0,
                    track_inventory=True,
                    allow_backorder=False,
                    **stamps,
                )
            )
            await connection.execute(
                insert(PriceRow).values(
                    tenant_id=tenant_id, variant_id=variant_id, currency="EUR", amount=2000
                )
            )
    finally:
        await engine.dispose()


def _state(connection: Connection) -> tuple[int, list[object], list[str]]:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET row_security = off"))
    prices = connection.execute(select(func.count()).select_from(PriceRow))
    classes = connection.execute(select(VariantRow.tax_class_id))
    keys = inspect(connection).get_foreign_keys("commerce_variants")
    return (
        int(prices.scalar_one()),
        list(classes.scalars()),
        sorted(k["referred_table"] for k in keys),
    )


async def _read(url: str) -> tuple[int, list[object], list[str]]:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_state)
    finally:
        await engine.dispose()


def test_variants_and_their_prices_survive_the_upgrade(tmp_path: Path) -> None:
    with throwaway_database(tmp_path, "taxclass") as target:
        registry = make_registry(make_settings(target), installed=True)
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        command.downgrade(alembic_config(registry, target.owner_url), "commerce_007")
        asyncio.run(_seed(target.owner_url, new_id()))
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        prices, classes, keys = asyncio.run(_read(target.owner_url))
        assert (prices, classes) == (1, [None])
        assert keys == ["commerce_products", "commerce_tax_classes"]
