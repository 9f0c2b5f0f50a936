"""THE declaration of the commerce module: read this file to know all that commerce adds.

This is the catalog's first slice (issue #7): products, options, variants, base prices per
currency and categories. Product descriptions are content documents, reached through
``modules.content.api`` only.
"""

from __future__ import annotations

from pathlib import Path

from app.registry import Module
from modules.commerce.events import EVENTS
from modules.commerce.models import (
    CategoryRow,
    OptionRow,
    OptionValueRow,
    PriceRow,
    ProductCategoryRow,
    ProductRow,
    VariantOptionValueRow,
    VariantRow,
)
from modules.commerce.permissions import PERMISSIONS
from modules.commerce.settings import CommerceSettings

__all__ = ["module"]

module = Module(
    name="commerce",
    version="0.1.0",
    description="Products, variants, prices per currency and categories; checkout follows.",
    depends_on=("content",),
    models=(
        ProductRow,
        OptionRow,
        OptionValueRow,
        VariantRow,
        VariantOptionValueRow,
        PriceRow,
        CategoryRow,
        ProductCategoryRow,
    ),
    migrations=Path(__file__).parent / "migrations",
    permissions=PERMISSIONS,
    events=EVENTS,
    settings=CommerceSettings,
)
