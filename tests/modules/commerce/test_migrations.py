"""Commerce's migration branch agrees with its models, has one head, and round-trips."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from app.db.base import Base
from app.db.database import create_engine
from app.db.migrate import alembic_config, branch_heads, include_object_for, upgrade_all
from modules.commerce import module
from tests.conftest import make_registry, make_settings
from tests.support.databases import DatabaseTarget, throwaway_database

T = TypeVar("T")
COMMERCE_TABLES = {
    "commerce_products",
    "commerce_product_options",
    "commerce_product_option_values",
    "commerce_variants",
    "commerce_variant_option_values",
    "commerce_variant_prices",
    "commerce_categories",
    "commerce_product_categories",
    "idx_commerce_products",
    "idx_commerce_product_facets",
    "commerce_warehouses",
    "commerce_stock_levels",
    "commerce_stock_movements",
    "commerce_carts",
    "commerce_cart_lines",
    "commerce_order_counters",
    "commerce_orders",
    "commerce_order_lines",
    "commerce_reservations",
    "commerce_payments",
    "commerce_payment_attempts",
    "commerce_refunds",
    "commerce_fulfilments",
    "commerce_fulfilment_lines",
    "idx_commerce_orders",
    "commerce_tax_classes",
    "commerce_tax_rates",
    "commerce_shipping_zones",
    "commerce_shipping_zone_regions",
    "commerce_shipping_rates",
    "commerce_discounts",
    "commerce_discount_targets",
    "commerce_cart_discounts",
    "commerce_discount_redemptions",
    "commerce_order_discounts",
    "commerce_addresses",
    "commerce_customer_groups",
    "commerce_customer_group_members",
    "commerce_price_lists",
    "commerce_price_list_groups",
    "commerce_price_list_entries",
}


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _run(url: str, work: Callable[[Connection], T]) -> T:
    async def run() -> T:
        engine = create_engine(url, pooled=False)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(work)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={"include_object": include_object_for(COMMERCE_TABLES), "compare_type": True},
    )
    return list(compare_metadata(context, Base.metadata))


def test_the_models_declare_exactly_the_contract_tables() -> None:
    names = {model.__tablename__ for model in module.models}  # type: ignore[attr-defined]
    assert names == COMMERCE_TABLES


def test_models_and_migration_agree(database: DatabaseTarget) -> None:
    assert _run(database.owner_url, _diff) == []


def test_one_head(database: DatabaseTarget) -> None:
    registry = make_registry(make_settings(database), installed=True)
    assert branch_heads(registry)["commerce"] == frozenset({"commerce_014"})


def test_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    with throwaway_database(tmp_path, "commerce") as target:
        registry = make_registry(make_settings(target), installed=True)
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        assert _run(target.owner_url, _tables) >= COMMERCE_TABLES
        command.downgrade(alembic_config(registry, target.owner_url), "commerce@base")
        assert _run(target.owner_url, _tables) & COMMERCE_TABLES == set()
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        assert _run(target.owner_url, _diff) == []
