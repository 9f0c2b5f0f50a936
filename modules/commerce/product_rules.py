"""What a product's own fields must satisfy: name, slug, description, status, SEO, categories.

Statuses move ``draft`` → ``active`` → ``archived`` and back to ``draft`` (an active product
may also go back to draft); only active products are public.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, FieldProblem, ValidationFailed
from modules.commerce.errors import not_found
from modules.commerce.models import CategoryRow, ProductCategoryRow
from modules.commerce.options import OptionInput
from modules.commerce.variant_rules import VariantFields
from modules.content import api as content

__all__ = [
    "TRANSITIONS",
    "ProductFields",
    "ProductStatus",
    "category_problems",
    "field_problems",
    "parse_description",
    "set_categories",
    "slug_from",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 200


class ProductStatus(enum.Enum):
    """Where a product is in its life; only ``active`` products are public."""

    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


TRANSITIONS: dict[ProductStatus, frozenset[ProductStatus]] = {
    ProductStatus.DRAFT: frozenset({ProductStatus.ACTIVE}),
    ProductStatus.ACTIVE: frozenset({ProductStatus.ARCHIVED, ProductStatus.DRAFT}),
    ProductStatus.ARCHIVED: frozenset({ProductStatus.DRAFT}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductFields:
    """A product's fields; on update, None leaves one as it is (an empty SEO text clears it).

    ``options`` and ``variants`` are read on create only.
    """

    name: str | None = None
    slug: str | None = None
    description: object | None = None
    status: ProductStatus | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    category_ids: Sequence[uuid.UUID] | None = None
    options: Sequence[OptionInput] = ()
    variants: Sequence[VariantFields] = ()


def _problem(message: str, field: str) -> FieldProblem:
    return FieldProblem(ErrorCode.VALIDATION, message, field)


def slug_from(name: str) -> str:
    """Return a slug made of ``name``'s letters and digits (may be empty)."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:MAX_SLUG].strip("-")


def field_problems(fields: ProductFields) -> list[FieldProblem]:
    """Return what is wrong with the product's own fields (not its options or variants)."""
    found: list[FieldProblem] = []
    if fields.name is not None and not 1 <= len(fields.name.strip()) <= 300:
        found.append(_problem("a name of 1 to 300 characters", "name"))
    if fields.slug is not None and (len(fields.slug) > MAX_SLUG or not SLUG.match(fields.slug)):
        found.append(_problem("lowercase letters, digits and single hyphens, at most 200", "slug"))
    if fields.seo_title is not None and len(fields.seo_title) > 300:
        found.append(_problem("at most 300 characters", "seo.title"))
    if fields.seo_description is not None and len(fields.seo_description) > 1000:
        found.append(_problem("at most 1000 characters", "seo.description"))
    ids = fields.category_ids or ()
    if len(set(ids)) != len(ids) or len(ids) > 50:
        found.append(_problem("at most 50 categories, each once", "categoryIds"))
    return found


def parse_description(raw: object, problems: list[FieldProblem]) -> list[dict[str, object]]:
    """Return a description's stored blocks; add what is wrong with it to ``problems``."""
    try:
        return content.body_to_json(content.parse_body(raw, field="description"))
    except ValidationFailed as error:
        problems.extend(error.problems)
        return []


async def category_problems(
    session: AsyncSession, tenant_id: uuid.UUID, category_ids: Sequence[uuid.UUID]
) -> list[FieldProblem]:
    """Return a NOT_FOUND problem per category id the tenant does not have."""
    if not category_ids:
        return []
    known = set(
        await session.scalars(
            select(CategoryRow.id).where(
                CategoryRow.tenant_id == tenant_id, CategoryRow.id.in_(list(category_ids))
            )
        )
    )
    return [
        not_found("no such category", f"categoryIds.{number}")
        for number, category_id in enumerate(category_ids)
        if category_id not in known
    ]


async def set_categories(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    category_ids: Sequence[uuid.UUID],
) -> bool:
    """File the product in exactly ``category_ids``, in order; return whether that changed."""
    current = list(
        await session.scalars(
            select(ProductCategoryRow.category_id)
            .where(
                ProductCategoryRow.tenant_id == tenant_id,
                ProductCategoryRow.product_id == product_id,
            )
            .order_by(ProductCategoryRow.position)
        )
    )
    if current == list(category_ids):
        return False
    await session.execute(
        delete(ProductCategoryRow).where(
            ProductCategoryRow.tenant_id == tenant_id, ProductCategoryRow.product_id == product_id
        )
    )
    session.add_all(
        ProductCategoryRow(
            tenant_id=tenant_id, product_id=product_id, category_id=category_id, position=position
        )
        for position, category_id in enumerate(category_ids)
    )
    return True
