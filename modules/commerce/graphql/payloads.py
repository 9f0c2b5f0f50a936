"""Payloads of commerce's mutations, and how a mutation's outcome becomes one."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select

from app.errors import UserInputError
from app.graphql.types import UserError, user_errors
from app.runtime import Context
from modules.commerce.graphql.types import Product, ProductCategory, ProductVariant
from modules.commerce.graphql.warehouse_types import StockLevel, Warehouse
from modules.commerce.models import CategoryRow, ProductRow, StockLevelRow, VariantRow, WarehouseRow

__all__ = [
    "ProductCategoryDeletePayload",
    "ProductCategoryPayload",
    "ProductDeletePayload",
    "ProductPayload",
    "ProductVariantDeletePayload",
    "ProductVariantPayload",
    "StockAdjustPayload",
    "WarehousePayload",
    "category_payload",
    "deleted",
    "product_payload",
    "stock_payload",
    "variant_payload",
    "warehouse_payload",
]

Act = Callable[[], Awaitable[uuid.UUID]]


@strawberry.type(description="Result of a product mutation.")
class ProductPayload:
    """The product after the change, or why nothing changed."""

    product: Product | None = strawberry.field(description="The product after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of a variant mutation.")
class ProductVariantPayload:
    """The variant after the change, or why nothing changed."""

    variant: ProductVariant | None = strawberry.field(description="The variant after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of a category mutation.")
class ProductCategoryPayload:
    """The category after the change, or why nothing changed."""

    category: ProductCategory | None = strawberry.field(
        description="The category after the change."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of productDelete.")
class ProductDeletePayload:
    """The deleted product's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted product's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of productVariantDelete.")
class ProductVariantDeletePayload:
    """The deleted variant's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted variant's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of productCategoryDelete.")
class ProductCategoryDeletePayload:
    """The deleted category's ID, or why nothing changed."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The deleted category's ID.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of a warehouse mutation.")
class WarehousePayload:
    """The warehouse after the change, or why nothing changed."""

    warehouse: Warehouse | None = strawberry.field(description="The warehouse after the change.")
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


@strawberry.type(description="Result of stockAdjust.")
class StockAdjustPayload:
    """The stock level after the change, or why nothing changed."""

    stock_level: StockLevel | None = strawberry.field(
        description="The variant's stock in the warehouse after the change."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing changed, if so.")


async def _warehouse(ctx: Context, warehouse_id: uuid.UUID) -> WarehouseRow | None:
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        found: WarehouseRow | None = await session.scalar(
            select(WarehouseRow).where(
                WarehouseRow.tenant_id == tenant_id, WarehouseRow.id == warehouse_id
            )
        )
    return found


async def warehouse_payload(ctx: Context, act: Act) -> WarehousePayload:
    """Run ``act`` and answer with the warehouse it returns, or with its errors."""
    try:
        warehouse_id = await act()
    except UserInputError as error:
        return WarehousePayload(warehouse=None, errors=user_errors(error.problems))
    row = await _warehouse(ctx, warehouse_id)
    return WarehousePayload(warehouse=Warehouse.from_row(row) if row else None, errors=[])


async def stock_payload(
    ctx: Context, act: Callable[[], Awaitable[StockLevelRow]]
) -> StockAdjustPayload:
    """Run ``act`` and answer with the stock level it returns, or with its errors."""
    try:
        level = await act()
    except UserInputError as error:
        return StockAdjustPayload(stock_level=None, errors=user_errors(error.problems))
    warehouse = await _warehouse(ctx, level.warehouse_id)
    found = StockLevel.from_rows(level, warehouse) if warehouse else None
    return StockAdjustPayload(stock_level=found, errors=[])


async def product_payload(ctx: Context, act: Act) -> ProductPayload:
    """Run ``act`` and answer with the product it returns, or with its errors."""
    try:
        product_id = await act()
    except UserInputError as error:
        return ProductPayload(product=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(ProductRow).where(ProductRow.tenant_id == tenant_id, ProductRow.id == product_id)
        )
    return ProductPayload(product=Product.from_row(row) if row else None, errors=[])


async def variant_payload(ctx: Context, act: Act) -> ProductVariantPayload:
    """Run ``act`` and answer with the variant it returns, or with its errors."""
    try:
        variant_id = await act()
    except UserInputError as error:
        return ProductVariantPayload(variant=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(VariantRow).where(VariantRow.tenant_id == tenant_id, VariantRow.id == variant_id)
        )
    return ProductVariantPayload(variant=ProductVariant.from_row(row) if row else None, errors=[])


async def category_payload(ctx: Context, act: Act) -> ProductCategoryPayload:
    """Run ``act`` and answer with the category it returns, or with its errors."""
    try:
        category_id = await act()
    except UserInputError as error:
        return ProductCategoryPayload(category=None, errors=user_errors(error.problems))
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        row = await session.scalar(
            select(CategoryRow).where(
                CategoryRow.tenant_id == tenant_id, CategoryRow.id == category_id
            )
        )
    return ProductCategoryPayload(
        category=ProductCategory.from_row(row) if row else None, errors=[]
    )


async def deleted(
    act: Callable[[], Awaitable[None]], global_id: strawberry.ID
) -> tuple[strawberry.ID | None, list[UserError]]:
    """Run a deletion; return the deleted ID and no errors, or no ID and the errors."""
    try:
        await act()
    except UserInputError as error:
        return None, user_errors(error.problems)
    return global_id, []
