"""Input objects of the tax mutations, and their conversion to the services' fields."""

from __future__ import annotations

import strawberry

from app.graphql.global_ids import local_id
from modules.commerce.tax_classes import TaxClassFields
from modules.commerce.tax_rates import TaxRateFields

__all__ = [
    "TaxClassCreateInput",
    "TaxClassUpdateInput",
    "TaxRateCreateInput",
    "TaxRateUpdateInput",
    "tax_class_fields",
    "tax_rate_fields",
]


@strawberry.input(description="A new tax class.")
class TaxClassCreateInput:
    """A tax class's fields."""

    code: str = strawberry.field(description="The code: a-z, 0-9, `-`, `_`; unique in the shop.")
    name: str = strawberry.field(description="The name.")
    is_default: bool | None = strawberry.field(
        default=None,
        description="Make it the default class (default: only when the shop has none).",
    )


@strawberry.input(description="Changes to a tax class (absent: unchanged).")
class TaxClassUpdateInput:
    """A tax class's changes."""

    id: strawberry.ID = strawberry.field(description="The `TaxClass` ID.")
    code: str | None = strawberry.field(default=None, description="The new code.")
    name: str | None = strawberry.field(default=None, description="The new name.")
    is_default: bool | None = strawberry.field(
        default=None,
        description="True makes it the default (the old default loses the flag); false on the "
        "default is refused.",
    )


@strawberry.input(description="A new tax rate.")
class TaxRateCreateInput:
    """A tax rate's fields."""

    tax_class_id: strawberry.ID = strawberry.field(description="The `TaxClass` ID.")
    country: str = strawberry.field(description="The ISO 3166-1 alpha-2 country code (`DE`).")
    region: str | None = strawberry.field(
        default=None, description="A region of the country (`CA`); absent: the whole country."
    )
    rate_percent: str = strawberry.field(
        description="The rate in percent as exact decimal text, at most 4 decimals (`7.25`)."
    )
    name: str | None = strawberry.field(
        default=None, description="A label for invoices (`VAT`; at most 100 characters)."
    )


@strawberry.input(description="Changes to a tax rate (absent: unchanged).")
class TaxRateUpdateInput:
    """A tax rate's changes."""

    id: strawberry.ID = strawberry.field(description="The `TaxRate` ID.")
    tax_class_id: strawberry.ID | None = strawberry.field(
        default=None, description="Move it to this `TaxClass`."
    )
    country: str | None = strawberry.field(default=None, description="The new country.")
    region: str | None = strawberry.field(
        default=None, description="The new region; an empty string: the whole country."
    )
    rate_percent: str | None = strawberry.field(default=None, description="The new rate.")
    name: str | None = strawberry.field(default=None, description="The new label.")


def tax_class_fields(given: TaxClassCreateInput | TaxClassUpdateInput) -> TaxClassFields:
    """Return the service's fields of a tax class input."""
    return TaxClassFields(code=given.code, name=given.name, is_default=given.is_default)


def tax_rate_fields(given: TaxRateCreateInput | TaxRateUpdateInput) -> TaxRateFields:
    """Return the service's fields of a tax rate input (VALIDATION for a bad class ID)."""
    class_id = given.tax_class_id
    return TaxRateFields(
        tax_class_id=None if class_id is None else local_id(class_id, "TaxClass", "taxClassId"),
        country=given.country,
        region=given.region,
        rate_percent=given.rate_percent,
        name=given.name,
    )
