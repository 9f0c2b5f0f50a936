"""THE declaration of the commerce module: read this file to know all that commerce adds.

The catalog (issue #7): products, options, variants, base prices per currency, categories,
and inventory (warehouses, stock levels, the stock movement trail); and of checkout (#8):
storefront carts addressed by a token, priced by the server, and checkout into orders with
their stock reserved (cancelled by staff or when the reservation expires).
Product descriptions are content documents, reached through ``modules.content.api`` only.
"""

from __future__ import annotations

from pathlib import Path

from strawberry.tools import merge_types

from app.registry import GraphQLContribution, Module
from modules.commerce.cart_jobs import MARK_ABANDONED_CARTS, PURGE_CARTS
from modules.commerce.cart_models import CartLineRow, CartRow
from modules.commerce.commands import build_commands
from modules.commerce.customer_events import CUSTOMER_EVENTS
from modules.commerce.customer_models import (
    AddressBookRow,
    CustomerGroupMemberRow,
    CustomerGroupRow,
)
from modules.commerce.discount_events import DISCOUNT_EVENTS
from modules.commerce.discount_models import (
    CartDiscountRow,
    DiscountRedemptionRow,
    DiscountRow,
    DiscountTargetRow,
    OrderDiscountRow,
)
from modules.commerce.events import EVENTS
from modules.commerce.fulfilment_events import FULFILMENT_EVENTS
from modules.commerce.fulfilment_jobs import COMPLETE_ORDERS
from modules.commerce.fulfilment_models import FulfilmentLineRow, FulfilmentRow
from modules.commerce.graphql.cart_queries import CartQuery
from modules.commerce.graphql.cart_types import CART_NODES, Cart
from modules.commerce.graphql.customer_schema import (
    CUSTOMER_MUTATIONS,
    CUSTOMER_NODES,
    CUSTOMER_QUERIES,
    CUSTOMER_TYPES,
)
from modules.commerce.graphql.discount_queries import DiscountQuery
from modules.commerce.graphql.discount_types import DISCOUNT_NODES, Discount
from modules.commerce.graphql.fulfilment_types import FULFILMENT_NODES, Fulfilment
from modules.commerce.graphql.inventory_queries import InventoryQuery
from modules.commerce.graphql.movements import StockMovement
from modules.commerce.graphql.mutations.cart_create import CartCreateMutation
from modules.commerce.graphql.mutations.cart_discount_code_apply import (
    CartDiscountCodeApplyMutation,
)
from modules.commerce.graphql.mutations.cart_discount_code_remove import (
    CartDiscountCodeRemoveMutation,
)
from modules.commerce.graphql.mutations.cart_lines_add import CartLinesAddMutation
from modules.commerce.graphql.mutations.cart_lines_remove import CartLinesRemoveMutation
from modules.commerce.graphql.mutations.cart_lines_update import CartLinesUpdateMutation
from modules.commerce.graphql.mutations.checkout_complete import CheckoutCompleteMutation
from modules.commerce.graphql.mutations.discount_create import DiscountCreateMutation
from modules.commerce.graphql.mutations.discount_delete import DiscountDeleteMutation
from modules.commerce.graphql.mutations.discount_update import DiscountUpdateMutation
from modules.commerce.graphql.mutations.fulfilment_create import FulfilmentMutation
from modules.commerce.graphql.mutations.order_cancel import OrderCancelMutation
from modules.commerce.graphql.mutations.payment_capture import PaymentCaptureMutation
from modules.commerce.graphql.mutations.payment_create import PaymentCreateMutation
from modules.commerce.graphql.mutations.product_category_create import (
    ProductCategoryCreateMutation,
)
from modules.commerce.graphql.mutations.product_category_delete import (
    ProductCategoryDeleteMutation,
)
from modules.commerce.graphql.mutations.product_category_update import (
    ProductCategoryUpdateMutation,
)
from modules.commerce.graphql.mutations.product_create import ProductCreateMutation
from modules.commerce.graphql.mutations.product_delete import ProductDeleteMutation
from modules.commerce.graphql.mutations.product_update import ProductUpdateMutation
from modules.commerce.graphql.mutations.product_variant_create import (
    ProductVariantCreateMutation,
)
from modules.commerce.graphql.mutations.product_variant_delete import (
    ProductVariantDeleteMutation,
)
from modules.commerce.graphql.mutations.product_variant_prices_set import (
    ProductVariantPricesSetMutation,
)
from modules.commerce.graphql.mutations.product_variant_update import (
    ProductVariantUpdateMutation,
)
from modules.commerce.graphql.mutations.refund_create import RefundCreateMutation
from modules.commerce.graphql.mutations.stock_adjust import StockAdjustMutation
from modules.commerce.graphql.mutations.warehouse_create import WarehouseCreateMutation
from modules.commerce.graphql.mutations.warehouse_update import WarehouseUpdateMutation
from modules.commerce.graphql.nodes import CATALOG_NODES
from modules.commerce.graphql.order_list import OrderListQuery
from modules.commerce.graphql.order_queries import OrderQuery
from modules.commerce.graphql.order_types import ORDER_NODES, Order
from modules.commerce.graphql.payment_types import PAYMENT_NODES, Payment, Refund
from modules.commerce.graphql.price_list_schema import (
    PRICE_LIST_MUTATIONS,
    PRICE_LIST_NODES,
    PriceListQuery,
)
from modules.commerce.graphql.price_list_types import PriceList
from modules.commerce.graphql.queries import CatalogQuery
from modules.commerce.graphql.tax_shipping import TAX_SHIPPING_MUTATIONS, TAX_SHIPPING_QUERIES
from modules.commerce.graphql.tax_shipping_nodes import TAX_SHIPPING_NODES
from modules.commerce.graphql.types import Product, ProductCategory, ProductVariant
from modules.commerce.graphql.warehouse_types import Warehouse
from modules.commerce.health import check_health
from modules.commerce.listing.models import ProductFacetRow, ProductListingRow
from modules.commerce.listing.order_models import OrderListingRow
from modules.commerce.listing.order_projection import ORDERS
from modules.commerce.listing.projection import CATALOG
from modules.commerce.models import (
    CategoryRow,
    OptionRow,
    OptionValueRow,
    PriceRow,
    ProductCategoryRow,
    ProductRow,
    StockLevelRow,
    StockMovementRow,
    VariantOptionValueRow,
    VariantRow,
    WarehouseRow,
)
from modules.commerce.order_jobs import EXPIRE_ORDER, RELEASE_EXPIRED_RESERVATIONS
from modules.commerce.order_models import (
    OrderCounterRow,
    OrderLineRow,
    OrderRow,
    ReservationRow,
)
from modules.commerce.payment_events import PAYMENT_EVENTS
from modules.commerce.payment_jobs import RECONCILE_PAYMENTS
from modules.commerce.payment_models import PaymentAttemptRow, PaymentRow, RefundRow
from modules.commerce.permissions import PERMISSIONS
from modules.commerce.price_list_events import PRICE_LIST_EVENTS
from modules.commerce.price_list_models import PriceListEntryRow, PriceListGroupRow, PriceListRow
from modules.commerce.seeds import seed_tenant
from modules.commerce.settings import CommerceSettings
from modules.commerce.shipping_events import SHIPPING_EVENTS
from modules.commerce.shipping_models import (
    ShippingRateRow,
    ShippingZoneRegionRow,
    ShippingZoneRow,
)
from modules.commerce.tax_events import TAX_EVENTS
from modules.commerce.tax_models import TaxClassRow, TaxRateRow

__all__ = ["module"]

module = Module(
    name="commerce",
    version="0.1.0",
    description=(
        "Products, variants, prices per currency, categories, stock, carts, checkout and orders."
    ),
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
        ProductListingRow,
        ProductFacetRow,
        WarehouseRow,
        StockLevelRow,
        StockMovementRow,
        CartRow,
        CartLineRow,
        OrderCounterRow,
        OrderRow,
        OrderLineRow,
        ReservationRow,
        PaymentRow,
        PaymentAttemptRow,
        RefundRow,
        FulfilmentRow,
        FulfilmentLineRow,
        OrderListingRow,
        TaxClassRow,
        TaxRateRow,
        ShippingZoneRow,
        ShippingZoneRegionRow,
        ShippingRateRow,
        DiscountRow,
        DiscountTargetRow,
        CartDiscountRow,
        DiscountRedemptionRow,
        OrderDiscountRow,
        AddressBookRow,
        CustomerGroupRow,
        CustomerGroupMemberRow,
        PriceListRow,
        PriceListGroupRow,
        PriceListEntryRow,
    ),
    migrations=Path(__file__).parent / "migrations",
    permissions=PERMISSIONS,
    events=(
        EVENTS + PAYMENT_EVENTS + FULFILMENT_EVENTS + TAX_EVENTS + SHIPPING_EVENTS + DISCOUNT_EVENTS
    )
    + CUSTOMER_EVENTS
    + PRICE_LIST_EVENTS,
    projections=(CATALOG, ORDERS),
    graphql=GraphQLContribution(
        query=merge_types(
            "CommerceQuery",
            (
                CatalogQuery,
                InventoryQuery,
                CartQuery,
                OrderQuery,
                OrderListQuery,
                *TAX_SHIPPING_QUERIES,
                DiscountQuery,
                *CUSTOMER_QUERIES,
                PriceListQuery,
            ),
        ),
        mutation=merge_types(
            "CommerceMutation",
            (
                ProductCreateMutation,
                ProductUpdateMutation,
                ProductDeleteMutation,
                ProductVariantCreateMutation,
                ProductVariantUpdateMutation,
                ProductVariantDeleteMutation,
                ProductVariantPricesSetMutation,
                ProductCategoryCreateMutation,
                ProductCategoryUpdateMutation,
                ProductCategoryDeleteMutation,
                WarehouseCreateMutation,
                WarehouseUpdateMutation,
                StockAdjustMutation,
                CartCreateMutation,
                CartLinesAddMutation,
                CartLinesUpdateMutation,
                CartLinesRemoveMutation,
                CheckoutCompleteMutation,
                OrderCancelMutation,
                *TAX_SHIPPING_MUTATIONS,
                PaymentCreateMutation,
                PaymentCaptureMutation,
                RefundCreateMutation,
                FulfilmentMutation,
                DiscountCreateMutation,
                DiscountUpdateMutation,
                DiscountDeleteMutation,
                CartDiscountCodeApplyMutation,
                CartDiscountCodeRemoveMutation,
                *CUSTOMER_MUTATIONS,
                *PRICE_LIST_MUTATIONS,
            ),
        ),
        types=(
            Product,
            ProductVariant,
            ProductCategory,
            Warehouse,
            StockMovement,
            Cart,
            Order,
            Payment,
            Refund,
            Fulfilment,
            Discount,
            *CUSTOMER_TYPES,
            PriceList,
        ),
        nodes=CATALOG_NODES
        + CART_NODES
        + ORDER_NODES
        + PAYMENT_NODES
        + FULFILMENT_NODES
        + TAX_SHIPPING_NODES
        + DISCOUNT_NODES
        + CUSTOMER_NODES
        + PRICE_LIST_NODES,
    ),
    settings=CommerceSettings,
    health_check=check_health,
    jobs=(
        MARK_ABANDONED_CARTS,
        PURGE_CARTS,
        RELEASE_EXPIRED_RESERVATIONS,
        EXPIRE_ORDER,
        RECONCILE_PAYMENTS,
        COMPLETE_ORDERS,
    ),
    on_tenant_enable=seed_tenant,
    cli=build_commands,
)
