"""Products, variants, prices, warehouses and stock in the admin SPA, in Chromium."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.auth.principal import SystemPrincipal
from app.runtime import Context, Runtime
from modules.commerce.inventory import Reference, StockLine, reserve
from modules.commerce.models import VariantRow, WarehouseRow
from tests.browser.harness import TABLET, Admin
from tests.browser.refresh import refresh_until


async def _reserve(runtime: Runtime, tenant: str, sku: str, code: str, quantity: int) -> None:
    """Promise ``quantity`` of ``sku`` in warehouse ``code`` to an order, as checkout would."""
    runtime.tenants.invalidate()
    active = await runtime.tenants.find_active(tenant)
    assert active is not None
    ctx = Context(runtime=runtime, principal=SystemPrincipal(), tenant=active)
    async with runtime.db.transaction(active.id) as session:
        variant = await session.scalar(
            select(VariantRow.id).where(VariantRow.tenant_id == active.id, VariantRow.sku == sku)
        )
        warehouse = await session.scalar(
            select(WarehouseRow.id).where(
                WarehouseRow.tenant_id == active.id, WarehouseRow.code == code
            )
        )
        assert variant is not None
        assert warehouse is not None
        line = StockLine(variant, warehouse, quantity)
        await reserve(ctx, session, [line], Reference("order", uuid.uuid4()))


def _create_product(page: Page) -> None:
    page.get_by_role("link", name="Add a product").click()
    page.get_by_label("Name").fill("Analytical Engine")
    page.get_by_label("Options").fill("Material: Brass, Steel")
    page.get_by_label("Variant 1 SKU").fill("AE-1")
    page.get_by_label("Variant 1 title").fill("Brass")
    page.get_by_label("Variant 1 price").fill("1299.999")
    page.get_by_role("button", name="Add a variant").click()
    page.get_by_label("Variant 2 SKU").fill("AE-1")
    page.get_by_label("Variant 2 title").fill("Steel")
    page.get_by_label("Variant 2 price").fill("999")
    page.get_by_label("Variant 2 Material").select_option("Steel")
    page.get_by_role("button", name="Create product").click()
    expect(page.locator("#variant-0-price-error")).to_have_text("USD takes at most 2 decimals")
    expect(page.get_by_label("Variant 1 price")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Variant 1 price").fill("1299.99")
    page.get_by_role("button", name="Create product").click()
    expect(page.locator("#variant-1-sku-error")).to_contain_text("given twice")
    page.get_by_label("Variant 2 SKU").fill("AE-2")
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_role("heading", name="Analytical Engine", level=1)).to_be_visible()
    expect(page.locator('tr[data-variant="AE-1"]')).to_contain_text("$1,299.99")
    expect(page.locator('tr[data-variant="AE-2"]')).to_contain_text("$999.00")


def _adjust(page: Page, sku: str, units: str) -> None:
    page.get_by_role("button", name=f"Adjust stock of {sku}").click()
    dialog = page.get_by_role("dialog", name=f"Adjust stock of {sku}")
    dialog.get_by_label("Units to add or take").fill(units)
    dialog.get_by_role("button", name="Adjust stock").click()


def test_manager_creates_a_product_adjusts_stock_and_sees_refusals(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page(TABLET) as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.open_in_bravo(page, "Warehouses")
        expect(page.locator('tr[data-warehouse="main"]')).to_contain_text("active")
        page.get_by_label("Code").fill("east")
        page.get_by_label("Name").fill("East depot")
        page.get_by_role("button", name="Add warehouse").click()
        expect(page.get_by_role("status")).to_have_text("Warehouse east added.")
        east = page.locator('tr[data-warehouse="east"]')
        expect(east).to_contain_text("East depot")
        east.get_by_role("button", name="Deactivate east").click()
        page.get_by_role("dialog", name="Deactivate east?").get_by_role(
            "button", name="Deactivate"
        ).click()
        expect(page.get_by_role("status")).to_have_text("Warehouse east deactivated.")
        expect(east).to_contain_text("inactive")

        page.get_by_role("link", name="Products", exact=True).click()
        expect(page.get_by_text("No products match.")).to_be_visible()
        _create_product(page)

        _adjust(page, "AE-1", "10")
        expect(page.get_by_role("status")).to_have_text("Stock of AE-1: 10 on hand, 10 available.")
        expect(page.locator('tr[data-variant="AE-1"] [data-stock="main"]')).to_have_text(
            "main: 10 / 10"
        )
        _adjust(page, "AE-1", "-11")
        dialog = page.get_by_role("dialog", name="Adjust stock of AE-1")
        expect(dialog.locator("#stock-amount-error")).to_contain_text("on hand from 0")

        dialog.get_by_role("button", name="Cancel").click()
        admin.server.call(_reserve(admin.server.runtime, admin.seeded.bravo, "AE-1", "main", 8))
        _adjust(page, "AE-1", "-5")
        dialog = page.get_by_role("dialog", name="Adjust stock of AE-1")
        expect(dialog.locator("#stock-amount-error")).to_have_text(
            "Too few in stock: the rest is promised to orders (only 2 available)."
        )
        admin.screenshot(page, "product-stock-refused")
        dialog.get_by_role("button", name="Cancel").click()

        page.get_by_role("button", name="Stock history of AE-1").click()
        history = page.get_by_role("dialog", name="Stock history of AE-1")
        expect(history).to_contain_text("2 movements, newest first")
        expect(history.locator('tr[data-movement="reservation"]')).to_contain_text("+8")
        expect(history.locator('tr[data-movement="adjustment"]')).to_contain_text("+10")
        history.get_by_role("button", name="Close").click()
        expect(history).to_be_hidden()

        page.get_by_role("button", name="Set prices of AE-2").click()
        prices = page.get_by_role("dialog", name="Prices of AE-2")
        prices.get_by_label("Price").fill("949.5")
        prices.get_by_role("button", name="Save price").click()
        expect(page.get_by_role("status")).to_have_text("Prices of AE-2 saved.")
        expect(page.locator('tr[data-variant="AE-2"]')).to_contain_text("$949.50")
        stock = page.locator('tr[data-variant="AE-1"] [data-stock="main"]')
        expect(stock).to_have_text("main: 10 / 2")
        admin.screenshot(page, "product")
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

        page.get_by_role("link", name="All products").click()
        row = page.locator('tr[data-product="analytical-engine"]')
        expect(row).to_contain_text("draft")
        expect(row).to_contain_text("$949.50 \N{EN DASH} $1,299.99")
        admin.screenshot(page, "products")
        _sell_then_disable(page)


def _sell_then_disable(page: Page) -> None:
    """Activate the product, find it in the indexed catalog, then disable commerce."""
    page.get_by_label("List").select_option("catalog")
    expect(page.get_by_text("No products match.")).to_be_visible()
    page.get_by_label("List").select_option("source")
    page.get_by_role("link", name="Analytical Engine").click()
    page.get_by_label("Status").select_option("ACTIVE")
    page.get_by_role("button", name="Save product").click()
    expect(page.get_by_role("status")).to_have_text("Product saved.")
    page.get_by_role("link", name="All products").click()
    page.get_by_label("List").select_option("catalog")
    row = page.locator('tr[data-product="analytical-engine"]')
    refresh_until(page, lambda: expect(row).to_contain_text("in stock", timeout=1000))

    page.get_by_role("link", name="Modules", exact=True).click()
    page.get_by_role("button", name="Disable commerce").click()
    page.get_by_role("dialog", name="Disable commerce?").get_by_role(
        "button", name="Disable commerce"
    ).click()
    expect(page.locator('tr[data-module="commerce"]')).to_contain_text("disabled")
    page.get_by_role("link", name="Products", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("MODULE_DISABLED")


def test_viewer_sees_products_without_edit_buttons(shop_admin: Admin) -> None:
    admin = shop_admin
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.viewer_email)
        page.get_by_role("link", name="Products", exact=True).click()
        expect(page.get_by_role("heading", name="Products", exact=True)).to_be_visible()
        expect(page.get_by_text("No products match.")).to_be_visible()
        expect(page.get_by_role("link", name="Add a product")).to_have_count(0)
        page.get_by_role("link", name="Warehouses", exact=True).click()
        expect(page.get_by_role("heading", name="Warehouses", exact=True)).to_be_visible()
        expect(page.locator('tr[data-warehouse="main"]')).to_contain_text("active")
        expect(page.get_by_role("button", name="Add warehouse")).to_have_count(0)
        expect(page.get_by_role("button", name="Deactivate main")).to_have_count(0)
