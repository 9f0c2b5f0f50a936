"""GraphQL ``CustomerAddress``: an address in a customer's address book."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.graphql.types import Node
from app.ids import encode_global_id
from modules.commerce.customer_models import AddressBookRow
from modules.commerce.graphql.address_types import Address

__all__ = ["CustomerAddress"]


@strawberry.type(description="An address in a customer's address book.")
class CustomerAddress(Node):
    """A saved address."""

    label: str | None = strawberry.field(description="The customer's name for it (`Home`).")
    address: Address = strawberry.field(description="The postal address.")
    is_default_shipping: bool = strawberry.field(
        description="Whether it is the customer's default shipping address (at most one is)."
    )
    is_default_billing: bool = strawberry.field(
        description="Whether it is the customer's default billing address (at most one is)."
    )
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_row(cls, row: AddressBookRow) -> CustomerAddress:
        """Build from an address book row."""
        address = Address(
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            line1=row.line1,
            line2=row.line2,
            city=row.city,
            postal_code=row.postal_code,
            region=row.region,
            country=row.country,
            phone=row.phone,
        )
        return cls(
            id=strawberry.ID(encode_global_id("CustomerAddress", row.id)),
            label=row.label,
            address=address,
            is_default_shipping=row.is_default_shipping,
            is_default_billing=row.is_default_billing,
            updated_at=row.updated_at,
        )
