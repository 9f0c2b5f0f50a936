"""Variants: create, update, delete, and set base prices; every write emits its events.

A variant's events form the ``commerce.variant`` aggregate (its id); each names its product.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import FieldProblem, NotFound
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import conflict, refuse_if_any
from modules.commerce.events import (
    VARIANT_CREATED,
    VARIANT_DELETED,
    VARIANT_PRICES_UPDATED,
    VARIANT_UPDATED,
    VariantChanged,
    VariantPricesUpdated,
    VariantRef,
)
from modules.commerce.models import ProductRow, VariantOptionValueRow, VariantRow
from modules.commerce.options import OptionValues, SelectedOption, load_option_values
from modules.commerce.prices import PriceInput, load_prices, price_problems, replace_prices
from modules.commerce.settings import load_settings
from modules.commerce.tax_classes import unknown_classes
from modules.commerce.variant_rules import (
    MAX_VARIANTS,
    VariantFields,
    combination_of,
    load_combinations,
    taken_skus,
    variant_problems,
)

__all__ = [
    "create_variant",
    "delete_variant",
    "emit_variant_created",
    "lock_product",
    "set_variant_prices",
    "update_variant",
    "write_variant",
]


async def lock_product(
    session: AsyncSession, tenant_id: uuid.UUID, product_id: uuid.UUID, field: str = "id"
) -> ProductRow:
    """Return the product, locked; NOT_FOUND naming ``field`` when the tenant has none such."""
    row = await session.scalar(
        select(ProductRow)
        .where(ProductRow.tenant_id == tenant_id, ProductRow.id == product_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such product", field=field)
    return row


async def _lock_variant(
    session: AsyncSession, tenant_id: uuid.UUID, variant_id: uuid.UUID, field: str
) -> VariantRow:
    row = await session.scalar(
        select(VariantRow)
        .where(VariantRow.tenant_id == tenant_id, VariantRow.id == variant_id)
        .with_for_update()
    )
    if row is None:
        raise NotFound("no such variant", field=field)
    return row


def _title(fields: VariantFields, selected: Sequence[SelectedOption]) -> str:
    if fields.title is not None:
        return fields.title.strip()
    return " / ".join(choice.value for choice in selected) or "Default"


async def write_variant(
    ctx: Context,
    session: AsyncSession,
    product_id: uuid.UUID,
    fields: VariantFields,
    options: OptionValues,
    position: int,
) -> VariantRow:
    """Write a checked new variant with its picks and prices (no events)."""
    tenant_id = ctx.require_tenant().id
    now = ctx.runtime.clock.now()
    selected = fields.option_values or ()
    row = VariantRow(
        tenant_id=tenant_id,
        id=new_id(),
        product_id=product_id,
        sku=fields.sku,
        title=_title(fields, selected),
        position=position,
        weight_grams=fields.weight_grams,
        barcode=fields.barcode or None,
        tax_class_id=fields.tax_class_id,
        track_inventory=True if fields.track_inventory is None else fields.track_inventory,
        allow_backorder=bool(fields.allow_backorder),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    picks = combination_of(selected, options)
    session.add_all(
        VariantOptionValueRow(tenant_id=tenant_id, variant_id=row.id, option_value_id=value_id)
        for value_id in picks
    )
    await replace_prices(session, tenant_id, row.id, fields.prices or (), fields.compare_at_prices)
    await session.flush()
    return row


async def emit_variant_created(
    ctx: Context, session: AsyncSession, row: VariantRow, currencies: Sequence[str]
) -> None:
    """Emit ``commerce.variant.created`` and ``commerce.variant.prices_updated``."""
    ids = {"product_id": str(row.product_id), "variant_id": str(row.id)}
    await emit(ctx, session, VARIANT_CREATED, VariantRef(**ids, sku=row.sku), aggregate_id=row.id)
    prices = VariantPricesUpdated(**ids, currencies=list(currencies))
    await emit(ctx, session, VARIANT_PRICES_UPDATED, prices, aggregate_id=row.id)


async def _next_position(session: AsyncSession, tenant_id: uuid.UUID, product_id: uuid.UUID) -> int:
    found = await session.scalar(
        select(func.max(VariantRow.position)).where(
            VariantRow.tenant_id == tenant_id, VariantRow.product_id == product_id
        )
    )
    return 0 if found is None else int(found) + 1


async def _clashes(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    fields: VariantFields,
    options: OptionValues,
    problems: Sequence[FieldProblem],
) -> list[FieldProblem]:
    """Return what a new variant would clash with: the product's variants, the tenant's SKUs."""
    found: list[FieldProblem] = []
    combinations = await load_combinations(session, tenant_id, product_id)
    if len(combinations) >= MAX_VARIANTS:
        found.append(conflict(f"at most {MAX_VARIANTS} variants", "productId"))
    if not options and combinations:
        found.append(conflict("a product without options has one variant", "optionValues"))
    elif not any((problem.field or "").startswith("optionValues") for problem in problems):
        wanted = combination_of(fields.option_values or (), options)
        if wanted in set(combinations.values()):
            found.append(conflict("another variant picks these values", "optionValues"))
    if fields.sku is not None and await taken_skus(session, tenant_id, [fields.sku]):
        found.append(conflict(f"another variant has the SKU {fields.sku!r}", "sku"))
    return found + await unknown_classes(session, tenant_id, {"taxClassId": fields.tax_class_id})


async def create_variant(ctx: Context, product_id: uuid.UUID, fields: VariantFields) -> uuid.UUID:
    """Add a variant with its prices to a product; emit its created and prices events.

    Raises:
        ValidationFailed: every problem at once (CONFLICT for a taken SKU or combination).
        NotFound: the tenant has no such product (``productId``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        await lock_product(session, tenant_id, product_id, field="productId")
        options = await load_option_values(session, tenant_id, product_id)
        settings = await load_settings(session, tenant_id)
        problems = variant_problems(fields, options, settings, is_new=True)
        problems += await _clashes(session, tenant_id, product_id, fields, options, problems)
        refuse_if_any(problems)
        position = await _next_position(session, tenant_id, product_id)
        row = await write_variant(ctx, session, product_id, fields, options, position)
        currencies = [price.currency for price in fields.prices or ()]
        await emit_variant_created(ctx, session, row, currencies)
    return row.id


async def _check_update(
    session: AsyncSession, row: VariantRow, fields: VariantFields, options: OptionValues
) -> None:
    problems = []
    if fields.option_values is not None:
        wanted = combination_of(fields.option_values, options)
        others = await load_combinations(session, row.tenant_id, row.product_id)
        if any(picks == wanted for key, picks in others.items() if key != row.id):
            problems.append(conflict("another variant picks these values", "optionValues"))
    if fields.sku is not None and await taken_skus(
        session, row.tenant_id, [fields.sku], exclude=row.id
    ):
        problems.append(conflict(f"another variant has the SKU {fields.sku!r}", "sku"))
    problems += await unknown_classes(session, row.tenant_id, {"taxClassId": fields.tax_class_id})
    refuse_if_any(problems)


def _apply(row: VariantRow, fields: VariantFields) -> list[str]:
    wanted: dict[str, tuple[str, object]] = {
        "sku": ("sku", fields.sku),
        "title": ("title", None if fields.title is None else fields.title.strip()),
        "weight_grams": ("weightGrams", fields.weight_grams),
        "barcode": ("barcode", None if fields.barcode is None else fields.barcode or None),
        "track_inventory": ("trackInventory", fields.track_inventory),
        "allow_backorder": ("allowBackorder", fields.allow_backorder),
        "tax_class_id": ("taxClassId", fields.tax_class_id),
    }
    changed = []
    for attribute, (name, value) in wanted.items():
        given = getattr(fields, attribute)
        if given is not None and getattr(row, attribute) != value:
            setattr(row, attribute, value)
            changed.append(name)
    return changed


async def _replace_picks(
    session: AsyncSession, row: VariantRow, picks: frozenset[uuid.UUID]
) -> bool:
    current = await load_combinations(session, row.tenant_id, row.product_id)
    if current.get(row.id, frozenset()) == picks:
        return False
    await session.execute(
        delete(VariantOptionValueRow).where(
            VariantOptionValueRow.tenant_id == row.tenant_id,
            VariantOptionValueRow.variant_id == row.id,
        )
    )
    session.add_all(
        VariantOptionValueRow(tenant_id=row.tenant_id, variant_id=row.id, option_value_id=value)
        for value in picks
    )
    return True


async def update_variant(ctx: Context, variant_id: uuid.UUID, fields: VariantFields) -> None:
    """Change a variant's fields (not its prices); emit ``commerce.variant.updated`` if any did.

    Raises:
        ValidationFailed: every problem at once (CONFLICT for a taken SKU or combination).
        NotFound: the tenant has no such variant (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _lock_variant(session, tenant_id, variant_id, "id")
        options = await load_option_values(session, tenant_id, row.product_id)
        settings = await load_settings(session, tenant_id)
        refuse_if_any(variant_problems(fields, options, settings, is_new=False))
        await _check_update(session, row, fields, options)
        changed = _apply(row, fields)
        if fields.option_values is not None:
            picks = combination_of(fields.option_values, options)
            if await _replace_picks(session, row, picks):
                changed.append("optionValues")
        if not changed:
            return
        row.updated_at = ctx.runtime.clock.now()
        payload = VariantChanged(
            product_id=str(row.product_id), variant_id=str(row.id), changed=changed
        )
        await emit(ctx, session, VARIANT_UPDATED, payload, aggregate_id=row.id)


async def delete_variant(ctx: Context, variant_id: uuid.UUID) -> None:
    """Delete a variant with its prices (not a product's last); emit its deleted event.

    Raises:
        ValidationFailed: CONFLICT when it is the product's last variant.
        NotFound: the tenant has no such variant (``id``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _lock_variant(session, tenant_id, variant_id, "id")
        await lock_product(session, tenant_id, row.product_id)
        siblings = await session.scalar(
            select(func.count()).where(
                VariantRow.tenant_id == tenant_id, VariantRow.product_id == row.product_id
            )
        )
        if int(siblings or 0) <= 1:
            refuse_if_any([conflict("a product keeps one variant; delete the product", "id")])
        payload = VariantRef(product_id=str(row.product_id), variant_id=str(row.id), sku=row.sku)
        await session.delete(row)
        await emit(ctx, session, VARIANT_DELETED, payload, aggregate_id=variant_id)


async def set_variant_prices(
    ctx: Context,
    variant_id: uuid.UUID,
    prices: Sequence[PriceInput],
    compare_at: Sequence[PriceInput],
) -> None:
    """Replace a variant's base prices; emit ``commerce.variant.prices_updated`` if they changed.

    Raises:
        ValidationFailed: every problem with the prices at once.
        NotFound: the tenant has no such variant (``variantId``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await _lock_variant(session, tenant_id, variant_id, "variantId")
        settings = await load_settings(session, tenant_id)
        refuse_if_any(price_problems(prices, compare_at, settings, "prices", "compareAtPrices"))
        was = {price.currency: price.amount for price in compare_at}
        wanted = {price.currency: (price.amount, was.get(price.currency)) for price in prices}
        if await load_prices(session, tenant_id, variant_id) == wanted:
            return
        await replace_prices(session, tenant_id, variant_id, prices, compare_at)
        row.updated_at = ctx.runtime.clock.now()
        payload = VariantPricesUpdated(
            product_id=str(row.product_id), variant_id=str(row.id), currencies=list(wanted)
        )
        await emit(ctx, session, VARIANT_PRICES_UPDATED, payload, aggregate_id=row.id)
