"""Products: create (with options, variants and prices, all or nothing), update, delete.

Every write checks the whole input first and raises every problem at once, so a refused input
writes nothing and emits nothing; an accepted one writes its rows and events in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem
from app.events.emit import emit
from app.ids import new_id
from app.runtime import Context
from modules.commerce.errors import conflict, refuse_if_any
from modules.commerce.events import (
    PRODUCT_CREATED,
    PRODUCT_DELETED,
    PRODUCT_STATUS_CHANGED,
    PRODUCT_UPDATED,
    ProductCreated,
    ProductDeleted,
    ProductStatusChanged,
    ProductUpdated,
)
from modules.commerce.models import ProductRow, VariantRow
from modules.commerce.options import OptionInput, create_options, option_problems
from modules.commerce.order_models import OrderLineRow, OrderRow
from modules.commerce.order_rules import OrderStatus
from modules.commerce.product_rules import (
    TRANSITIONS,
    ProductFields,
    ProductStatus,
    category_problems,
    field_problems,
    parse_description,
    set_categories,
    slug_from,
)
from modules.commerce.settings import CommerceSettings, load_settings
from modules.commerce.tax_classes import unknown_classes
from modules.commerce.variant_rules import (
    MAX_VARIANTS,
    VariantFields,
    combination_of,
    taken_skus,
    variant_problems,
)
from modules.commerce.variants import emit_variant_created, lock_product, write_variant

__all__ = ["create_product", "delete_product", "update_product"]


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def _variants_problems(fields: ProductFields, settings: CommerceSettings) -> list[FieldProblem]:
    variants = fields.variants
    found: list[FieldProblem] = []
    if not 1 <= len(variants) <= MAX_VARIANTS:
        found.append(_problem(f"give 1 to {MAX_VARIANTS} variants", "variants"))
    elif not fields.options and len(variants) > 1:
        found.append(_problem("a product without options has exactly one variant", "variants"))
    names = {option.name: {value: new_id() for value in option.values} for option in fields.options}
    skus: set[str] = set()
    picks: set[frozenset[uuid.UUID]] = set()
    for number, variant in enumerate(variants):
        at = f"variants.{number}."
        problems = variant_problems(variant, names, settings, at, is_new=True)
        found += problems
        if variant.sku in skus:
            found.append(conflict(f"the SKU {variant.sku!r} is given twice", f"{at}sku"))
        skus.add(variant.sku or "")
        if not names or any(
            (problem.field or "").startswith(f"{at}optionValues") for problem in problems
        ):
            continue
        combination = combination_of(variant.option_values or (), names)
        if combination in picks:
            found.append(conflict("another variant picks these values", f"{at}optionValues"))
        picks.add(combination)
    return found


async def _taken_problems(
    session: AsyncSession, tenant_id: uuid.UUID, fields: ProductFields, product_id: uuid.UUID
) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if fields.slug is not None:
        taken = await session.scalar(
            select(ProductRow.id).where(
                ProductRow.tenant_id == tenant_id,
                ProductRow.slug == fields.slug,
                ProductRow.id != product_id,
            )
        )
        if taken is not None:
            found.append(conflict(f"another product has the slug {fields.slug!r}", "slug"))
    skus = [variant.sku for variant in fields.variants if variant.sku]
    taken_now = await taken_skus(session, tenant_id, skus) if skus else set()
    found += [
        conflict(f"another variant has the SKU {variant.sku!r}", f"variants.{number}.sku")
        for number, variant in enumerate(fields.variants)
        if variant.sku in taken_now
    ]
    found += await unknown_classes(
        session,
        tenant_id,
        {f"variants.{n}.taxClassId": v.tax_class_id for n, v in enumerate(fields.variants)},
    )
    return found + await category_problems(session, tenant_id, fields.category_ids or ())


def _with_slug(fields: ProductFields, problems: list[FieldProblem]) -> str:
    if fields.slug is not None:
        return fields.slug
    slug = slug_from(fields.name or "")
    if not slug and fields.name is not None:
        problems.append(_problem("give a slug: the name has no letters or digits", "slug"))
    return slug


def _new_row(
    ctx: Context, fields: ProductFields, slug: str, description: list[dict[str, object]]
) -> ProductRow:
    now = ctx.runtime.clock.now()
    status = fields.status or ProductStatus.DRAFT
    return ProductRow(
        tenant_id=ctx.require_tenant().id,
        id=new_id(),
        slug=slug,
        name=(fields.name or "").strip(),
        description=description,
        status=status.value,
        seo_title=fields.seo_title or None,
        seo_description=fields.seo_description or None,
        activated_at=now if status is ProductStatus.ACTIVE else None,
        created_at=now,
        updated_at=now,
    )


async def _write_variants(
    ctx: Context,
    session: AsyncSession,
    row: ProductRow,
    options: Sequence[OptionInput],
    variants: Sequence[VariantFields],
) -> list[VariantRow]:
    values = await create_options(session, row.tenant_id, row.id, options)
    return [
        await write_variant(ctx, session, row.id, variant, values, position)
        for position, variant in enumerate(variants)
    ]


async def create_product(ctx: Context, fields: ProductFields) -> uuid.UUID:
    """Create a product with its options, variants and prices; emit its events.

    Emits ``commerce.product.created``, then per variant ``commerce.variant.created`` and
    ``commerce.variant.prices_updated``.

    Raises:
        ValidationFailed: every problem at once, each with its code and input path
            (``CONFLICT`` at ``variants.1.sku`` for a SKU taken or given twice).
    """
    tenant_id = ctx.require_tenant().id
    problems = field_problems(fields) + option_problems(fields.options)
    if fields.name is None:
        problems.append(_problem("give a name", "name"))
    slug = _with_slug(fields, problems)
    description = parse_description(fields.description or [], problems)
    async with ctx.runtime.db.transaction(tenant_id) as session:
        settings = await load_settings(session, tenant_id)
        problems += _variants_problems(fields, settings)
        given = ProductFields(slug=slug, variants=fields.variants, category_ids=fields.category_ids)
        problems += await _taken_problems(session, tenant_id, given, uuid.UUID(int=0))
        refuse_if_any(problems)
        row = _new_row(ctx, fields, slug, description)
        session.add(row)
        await session.flush()
        variants = await _write_variants(ctx, session, row, fields.options, fields.variants)
        await set_categories(session, tenant_id, row.id, fields.category_ids or ())
        created = ProductCreated(
            product_id=str(row.id),
            slug=row.slug,
            status=row.status,
            variant_ids=[str(variant.id) for variant in variants],
        )
        await emit(ctx, session, PRODUCT_CREATED, created, aggregate_id=row.id)
        for variant, given_variant in zip(variants, fields.variants, strict=True):
            currencies = [price.currency for price in given_variant.prices or ()]
            await emit_variant_created(ctx, session, variant, currencies)
    return row.id


def _status_change(row: ProductRow, wanted: ProductStatus | None) -> ProductStatus | None:
    current = ProductStatus(row.status)
    if wanted is None or wanted is current:
        return None
    if wanted not in TRANSITIONS[current]:
        message = f"a {current.value} product cannot become {wanted.value}"
        refuse_if_any([conflict(message, "status")])
    return wanted


def _apply(
    row: ProductRow, fields: ProductFields, description: list[dict[str, object]]
) -> list[str]:
    wanted: dict[str, tuple[str, object, object]] = {
        "name": ("name", fields.name, (fields.name or "").strip()),
        "slug": ("slug", fields.slug, fields.slug),
        "description": ("description", fields.description, description),
        "seo_title": ("seo", fields.seo_title, fields.seo_title or None),
        "seo_description": ("seo", fields.seo_description, fields.seo_description or None),
    }
    changed: list[str] = []
    for attribute, (name, given, value) in wanted.items():
        if given is not None and getattr(row, attribute) != value:
            setattr(row, attribute, value)
            if name not in changed:
                changed.append(name)
    return changed


async def update_product(ctx: Context, product_id: uuid.UUID, fields: ProductFields) -> None:
    """Change a product's fields and status; emit updated and/or status_changed if any did.

    Raises:
        ValidationFailed: every problem at once (CONFLICT for a taken slug or a status the
            product cannot move to).
        NotFound: the tenant has no such product (``id``).
    """
    tenant_id = ctx.require_tenant().id
    problems = field_problems(fields)
    description = parse_description(fields.description, problems) if fields.description else []
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await lock_product(session, tenant_id, product_id)
        problems += await _taken_problems(session, tenant_id, fields, product_id)
        refuse_if_any(problems)
        status = _status_change(row, fields.status)
        changed = _apply(row, fields, description)
        if fields.category_ids is not None and await set_categories(
            session, tenant_id, product_id, fields.category_ids
        ):
            changed.append("categoryIds")
        now = ctx.runtime.clock.now()
        if changed or status is not None:
            row.updated_at = now
        if changed:
            payload = ProductUpdated(product_id=str(product_id), changed=changed)
            await emit(ctx, session, PRODUCT_UPDATED, payload, aggregate_id=product_id)
        if status is not None:
            moved = ProductStatusChanged(
                product_id=str(product_id), from_status=row.status, to_status=status.value
            )
            row.status = status.value
            if status is ProductStatus.ACTIVE:
                row.activated_at = now
            await emit(ctx, session, PRODUCT_STATUS_CHANGED, moved, aggregate_id=product_id)


async def _open_order_number(
    session: AsyncSession, tenant_id: uuid.UUID, product_id: uuid.UUID
) -> str | None:
    """Return the number of a placed order that names the product, if there is one."""
    return await session.scalar(
        select(OrderRow.number)
        .join(
            OrderLineRow,
            (OrderLineRow.tenant_id == OrderRow.tenant_id) & (OrderLineRow.order_id == OrderRow.id),
        )
        .where(
            OrderRow.tenant_id == tenant_id,
            OrderRow.status == OrderStatus.PLACED,
            OrderLineRow.product_id == product_id,
        )
        .order_by(OrderRow.number)
        .limit(1)
    )


async def delete_product(ctx: Context, product_id: uuid.UUID) -> None:
    """Delete a product with its options, variants and prices; emit ``commerce.product.deleted``.

    Checkout holds a share lock on the products it sells, so an order being placed either
    commits first (and is seen here) or finds the product gone.

    Raises:
        NotFound: the tenant has no such product (``id``).
        Conflict: a placed order names it (``id``; the message names the order).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        row = await lock_product(session, tenant_id, product_id)
        number = await _open_order_number(session, tenant_id, product_id)
        if number is not None:
            message = f"order {number} is open with this product: cancel or complete it first"
            refuse_if_any([conflict(message, "id")])
        variant_ids = await session.scalars(
            select(VariantRow.id)
            .where(VariantRow.tenant_id == tenant_id, VariantRow.product_id == product_id)
            .order_by(VariantRow.position)
        )
        payload = ProductDeleted(
            product_id=str(product_id), variant_ids=[str(value) for value in variant_ids]
        )
        await session.delete(row)
        await emit(ctx, session, PRODUCT_DELETED, payload, aggregate_id=product_id)
