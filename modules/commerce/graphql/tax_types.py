"""GraphQL types of taxes: ``TaxClass`` and ``TaxRate`` (a rate's class through a loader)."""

from __future__ import annotations

import strawberry

from app.graphql.context import Info
from app.graphql.types import Node
from app.ids import encode_global_id
from modules.commerce.graphql.shipping_loaders import tax_classes_by_id
from modules.commerce.tax_models import TaxClassRow, TaxRateRow
from modules.commerce.tax_rules import percent_text

__all__ = ["TaxClass", "TaxRate"]


@strawberry.type(description="A tax class (`standard`, `reduced`): variants and shipping name one.")
class TaxClass(Node):
    """A tax class."""

    code: str = strawberry.field(description="The code, unique in the shop (`standard`).")
    name: str = strawberry.field(description="The name.")
    is_default: bool = strawberry.field(
        description="Whether variants without a class of their own are taxed by it (one is)."
    )

    @classmethod
    def from_row(cls, row: TaxClassRow) -> TaxClass:
        """Build from a class row."""
        return cls(
            id=strawberry.ID(encode_global_id("TaxClass", row.id)),
            code=row.code,
            name=row.name,
            is_default=row.is_default,
        )


@strawberry.type(description="A tax class's rate in a country, or in one region of it.")
class TaxRate(Node):
    """A tax rate."""

    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code.")
    region: str | None = strawberry.field(
        description="The region (upper case) it applies in; null for the whole country."
    )
    name: str = strawberry.field(description="A label for invoices (`VAT`), possibly empty.")
    rate_percent: str = strawberry.field(
        description="The rate in percent, exact decimal text (`7.25`)."
    )
    row: strawberry.Private[TaxRateRow]

    @strawberry.field(description="The class the rate belongs to.")
    async def tax_class(self, info: Info) -> TaxClass:
        """Load the class (a rate goes with its class)."""
        row = await tax_classes_by_id(info.context).load(self.row.tax_class_id)
        if row is None:
            raise LookupError("a tax rate's class is gone")  # the foreign key cascades
        return TaxClass.from_row(row)

    @classmethod
    def from_row(cls, row: TaxRateRow) -> TaxRate:
        """Build from a rate row."""
        return cls(
            id=strawberry.ID(encode_global_id("TaxRate", row.id)),
            country=row.country,
            region=row.region or None,
            name=row.name,
            rate_percent=percent_text(row.rate_ppm),
            row=row,
        )
