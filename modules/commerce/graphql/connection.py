"""``ProductConnection``: a page of products with the total and the facet counts."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

import strawberry

from app.graphql.types import Connection, Edge, PageInfo
from app.ids import encode_global_id
from modules.commerce.graphql.listed import ListedProduct
from modules.commerce.graphql.types import Product
from modules.commerce.listing.facets import FacetCount
from modules.commerce.listing.lists import ProductPage

__all__ = ["Facet", "FacetValue", "ProductConnection", "facet_category_ids", "listed_page"]


@strawberry.type(description="One value of a facet and how many listed products carry it.")
class FacetValue:
    """A facet value."""

    value: str = strawberry.field(
        description="The value to filter by (a `ProductCategory` ID for `category`)."
    )
    label: str = strawberry.field(description="What to show (the category's name).")
    count: int = strawberry.field(
        description="How many products of the list carry it (the facet's own filter left out)."
    )


@strawberry.type(description="A facet of a product list: `category` or `option:<name>`.")
class Facet:
    """A facet and its values, most common first."""

    name: str = strawberry.field(description="`category`, or `option:` and the option's name.")
    label: str = strawberry.field(description="What to show (`Category`, `Size`).")
    values: list[FacetValue] = strawberry.field(description="Its values, most common first.")


@strawberry.type(description="A page of products, with the total and the facet counts.")
class ProductConnection:
    """A Relay connection of products."""

    edges: list[Edge[Product]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many items the whole list has.")
    facets: list[Facet] = strawberry.field(
        description="Counts per facet value over the filtered list (`products` only)."
    )

    @classmethod
    def of(cls, connection: Connection[Product]) -> ProductConnection:
        """Wrap a plain connection (no facets)."""
        return cls(
            edges=connection.edges,
            page_info=connection.page_info,
            total_count=connection.total_count,
            facets=[],
        )


def facet_category_ids(counts: Sequence[FacetCount]) -> list[uuid.UUID]:
    """Return the category ids the counts name (their labels are the categories' names)."""
    return [uuid.UUID(count.value) for count in counts if count.facet == "category"]


def _facets(counts: Sequence[FacetCount], names: Mapping[str, str]) -> list[Facet]:
    grouped: dict[str, list[FacetValue]] = {}
    for count in counts:
        is_category = count.facet == "category"
        value = encode_global_id("ProductCategory", count.value) if is_category else count.value
        label = names.get(count.value, "") if is_category else count.value
        grouped.setdefault(count.facet, []).append(
            FacetValue(value=value, label=label, count=count.count)
        )
    return [Facet(name=name, label=_label(name), values=values) for name, values in grouped.items()]


def _label(name: str) -> str:
    return "Category" if name == "category" else name.partition(":")[2]


def listed_page(
    page: ProductPage, names: Mapping[str, str], *, is_base_pricing: bool
) -> ProductConnection:
    """Return a page of the catalog list as a connection; ``names`` label the categories.

    Its products answer from their rows where ``modules.commerce.graphql.listed`` allows;
    ``is_base_pricing``: whether the principal pays base prices.
    """
    edges = [
        Edge(
            cursor=cursor,
            node=Product.from_listing(
                ListedProduct(row, page.default_currency, is_base_pricing=is_base_pricing)
            ),
        )
        for row, cursor in zip(page.rows, page.cursors, strict=True)
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return ProductConnection(
        edges=edges, page_info=info, total_count=page.total, facets=_facets(page.facets, names)
    )
