"""DataLoaders of categories: by id (parents) and by parent (children), one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import and_, func, select
from strawberry.dataloader import DataLoader

from app.graphql.loaders import request_loader
from app.runtime import Context
from modules.content.taxonomy.models import CategoryRow

__all__ = ["categories", "children", "entry_counts"]


def categories(ctx: Context) -> DataLoader[uuid.UUID, CategoryRow | None]:
    """Return the request's loader of categories by id."""

    async def load(keys: list[uuid.UUID]) -> list[CategoryRow | None]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(CategoryRow).where(
                    CategoryRow.tenant_id == tenant.id, CategoryRow.id.in_(keys)
                )
            )
            found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return request_loader(ctx, "content.categories", load)


def children(ctx: Context) -> DataLoader[uuid.UUID, list[CategoryRow]]:
    """Return the request's loader of a category's children (by parent id, in position order)."""

    async def load(keys: list[uuid.UUID]) -> list[list[CategoryRow]]:
        tenant = ctx.require_tenant()
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.scalars(
                select(CategoryRow)
                .where(CategoryRow.tenant_id == tenant.id, CategoryRow.parent_id.in_(keys))
                .order_by(CategoryRow.position, CategoryRow.id)
            )
            found: dict[uuid.UUID | None, list[CategoryRow]] = defaultdict(list)
            for row in rows:
                found[row.parent_id].append(row)
        return [found.get(key, []) for key in keys]

    return request_loader(ctx, "content.category_children", load)


def entry_counts(ctx: Context) -> DataLoader[tuple[uuid.UUID, str], int]:
    """Return the request's loader of published entries per (term id, locale), from the index.

    One grouped statement per batch over the read model: a category counts the entries filed
    directly under it.
    """

    # The listing part imports the taxonomy's types: import its tables only when counting.
    from modules.content.listing.models import EntryListingRow, EntryTermRow

    async def load(keys: list[tuple[uuid.UUID, str]]) -> list[int]:
        tenant = ctx.require_tenant()
        listing, terms = EntryListingRow, EntryTermRow
        async with ctx.runtime.db.transaction(tenant.id, readonly=True) as session:
            rows = await session.execute(
                select(terms.term_id, listing.locale, func.count())
                .join(
                    listing,
                    and_(
                        listing.tenant_id == terms.tenant_id,
                        listing.entry_id == terms.entry_id,
                        listing.edition == "live",
                    ),
                )
                .where(
                    terms.tenant_id == tenant.id,
                    terms.term_id.in_({term for term, _ in keys}),
                    listing.locale.in_({locale for _, locale in keys}),
                )
                .group_by(terms.term_id, listing.locale)
            )
            found = {(term, locale): int(count) for term, locale, count in rows}
        return [found.get(key, 0) for key in keys]

    return request_loader(ctx, "content.term_counts", load)
