"""Staff's customer list: ``commerceCustomers(search, filter, sort, first, after)``.

It pages the core's customers (``modules.commerce.listing.customer_lists``) and batches each
node's groups, addresses, order figures and orders through request DataLoaders, so a page
costs the same statements whatever its size.
"""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry

from app.graphql.context import Info
from app.graphql.directives import guarded
from app.graphql.global_ids import local_id
from app.graphql.relay import After, First
from app.graphql.types import Connection, Edge, PageInfo
from modules.commerce.graphql.customer_types import CommerceCustomer
from modules.commerce.listing.customer_lists import (
    CustomerListRequest,
    CustomerPage,
    CustomerSortKey,
    list_customers,
)
from modules.commerce.permissions import VIEW_CUSTOMERS

__all__ = ["CommerceCustomerFilter", "CommerceCustomerSort", "CustomerListQuery"]


@strawberry.input(description="Which customers the list shows (every given condition holds).")
class CommerceCustomerFilter:
    """Customer list filters."""

    group_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only members of this group (a `CustomerGroup` ID)."
    )


@strawberry.enum(description="What the customer list is ordered by.")
class CommerceCustomerSort(enum.Enum):
    """Sort keys of `commerceCustomers`."""

    NEWEST = strawberry.enum_value("newest", description="The newest account first.")
    EMAIL = strawberry.enum_value("email", description="The e-mail, A to Z.")


def _connection(page: CustomerPage) -> Connection[CommerceCustomer]:
    edges = [
        Edge(cursor=cursor, node=CommerceCustomer.from_row(row))
        for row, cursor in zip(page.rows, page.cursors, strict=True)
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total)


@strawberry.type(description="Staff's customer list.")
class CustomerListQuery:
    """The customer list."""

    @strawberry.field(
        description=(
            "The shop's customers: searched by the start of their e-mail, filtered by group, "
            "newest first or by e-mail."
        ),
        directives=guarded(VIEW_CUSTOMERS),
    )
    async def commerce_customers(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="The start of the e-mail, in any case (`ada@` finds ada@example.com)."
            ),
        ] = None,
        filter: Annotated[
            CommerceCustomerFilter | None, strawberry.argument(description="Which customers.")
        ] = None,
        sort: Annotated[
            CommerceCustomerSort | None,
            strawberry.argument(description="The order (default: newest first)."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[CommerceCustomer]:
        """List the customers."""
        group = None if filter is None else filter.group_id
        request = CustomerListRequest(
            search=search,
            group_id=None if group is None else local_id(group, "CustomerGroup", "filter.groupId"),
            sort=CustomerSortKey[sort.name] if sort else CustomerSortKey.NEWEST,
            first=first,
            after=after,
        )
        return _connection(await list_customers(info.context, request))
