"""Commerce's per-tenant settings: currencies, cart limits, checkout, orders and payments.

Payments: the providers offered (``payment_providers``; a name not installed is simply not
offered), the manual methods and their instructions, how long a bank transfer may wait, and how
long a provider call may take before it counts as timed out. The remaining settings of the
contract come with their features (issue #8).
"""

from __future__ import annotations

import re
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.money import is_currency
from app.tenants.models import TenantModuleRow
from modules.commerce.address import COUNTRIES

__all__ = ["CommerceSettings", "load_settings"]

_METHOD = re.compile(r"[a-z0-9_]{1,60}")


class CommerceSettings(BaseModel):
    """The currencies sold (every variant priced in the default one); carts; checkout; orders."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_currency: str = "USD"
    currencies: tuple[str, ...] = Field(default=("USD",), min_length=1, max_length=50)
    max_line_quantity: int = Field(default=999, ge=1, le=100_000)
    cart_abandoned_after_hours: int = Field(default=24, ge=1, le=8_760)
    cart_retention_days: int = Field(default=30, ge=1, le=3_650)
    guest_checkout: bool = True
    reservation_ttl_minutes: int = Field(default=30, ge=5, le=1_440)
    order_number_prefix: str = Field(default="", max_length=10)
    order_number_start: int = Field(default=1000, ge=1, le=1_000_000_000)
    prices_include_tax: bool = False
    tax_rounding: Literal["line", "order"] = "line"
    tax_address: Literal["shipping", "billing"] = "shipping"
    default_tax_country: str | None = None
    payment_providers: tuple[str, ...] = Field(default=("manual",), max_length=20)
    manual_methods: tuple[str, ...] = Field(
        default=("bank_transfer", "cash_on_delivery"), max_length=20
    )
    manual_instructions: str = Field(default="", max_length=2000)
    manual_payment_ttl_hours: int = Field(default=168, ge=1, le=720)
    payment_timeout_seconds: int = Field(default=20, ge=1, le=120)
    auto_complete_days: int = Field(default=14, ge=0, le=365)
    discount_codes_per_cart: int = Field(default=1, ge=1, le=5)

    @field_validator("payment_providers", "manual_methods")
    @classmethod
    def _names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [name for name in value if not _METHOD.fullmatch(name)]
        if bad:
            raise ValueError(f"names are 1 to 60 of a-z, 0-9 and _: {', '.join(bad)}")
        if len(set(value)) != len(value):
            raise ValueError("each name at most once")
        return value

    @field_validator("currencies")
    @classmethod
    def _known_and_distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [code for code in value if not is_currency(code)]
        if unknown:
            raise ValueError(f"not ISO 4217 currency codes (upper case): {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("each currency at most once")
        return value

    @field_validator("default_tax_country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and value not in COUNTRIES:
            raise ValueError(f"not an ISO 3166-1 alpha-2 country code (upper case): {value}")
        return value

    @model_validator(mode="after")
    def _default_is_sold(self) -> CommerceSettings:
        if self.default_currency not in self.currencies:
            raise ValueError(f"default_currency {self.default_currency!r} must be in currencies")
        return self


async def load_settings(session: AsyncSession, tenant_id: uuid.UUID) -> CommerceSettings:
    """Return the tenant's commerce settings (defaults for what was never set), in ``session``."""
    raw = await session.scalar(
        select(TenantModuleRow.settings).where(
            TenantModuleRow.tenant_id == tenant_id, TenantModuleRow.module == "commerce"
        )
    )
    return CommerceSettings.model_validate(raw or {})
