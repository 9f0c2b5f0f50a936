"""What taxes and shipping add to commerce's schema: their reads and mutations, and cartUpdate.

``cartUpdate`` (e-mail, addresses, the shipping rate) comes with shipping, which it chooses.
"""

from __future__ import annotations

from modules.commerce.graphql.mutations.cart_update import CartUpdateMutation
from modules.commerce.graphql.mutations.shipping_rate_create import ShippingRateCreateMutation
from modules.commerce.graphql.mutations.shipping_rate_delete import ShippingRateDeleteMutation
from modules.commerce.graphql.mutations.shipping_rate_update import ShippingRateUpdateMutation
from modules.commerce.graphql.mutations.shipping_zone_create import ShippingZoneCreateMutation
from modules.commerce.graphql.mutations.shipping_zone_delete import ShippingZoneDeleteMutation
from modules.commerce.graphql.mutations.shipping_zone_update import ShippingZoneUpdateMutation
from modules.commerce.graphql.mutations.tax_class_create import TaxClassCreateMutation
from modules.commerce.graphql.mutations.tax_class_delete import TaxClassDeleteMutation
from modules.commerce.graphql.mutations.tax_class_update import TaxClassUpdateMutation
from modules.commerce.graphql.mutations.tax_rate_create import TaxRateCreateMutation
from modules.commerce.graphql.mutations.tax_rate_delete import TaxRateDeleteMutation
from modules.commerce.graphql.mutations.tax_rate_update import TaxRateUpdateMutation
from modules.commerce.graphql.shipping_queries import ShippingQuery
from modules.commerce.graphql.tax_queries import TaxQuery

__all__ = ["TAX_SHIPPING_MUTATIONS", "TAX_SHIPPING_QUERIES"]

TAX_SHIPPING_QUERIES = (TaxQuery, ShippingQuery)
TAX_SHIPPING_MUTATIONS = (
    TaxClassCreateMutation,
    TaxClassUpdateMutation,
    TaxClassDeleteMutation,
    TaxRateCreateMutation,
    TaxRateUpdateMutation,
    TaxRateDeleteMutation,
    ShippingZoneCreateMutation,
    ShippingZoneUpdateMutation,
    ShippingZoneDeleteMutation,
    ShippingRateCreateMutation,
    ShippingRateUpdateMutation,
    ShippingRateDeleteMutation,
    CartUpdateMutation,
)
