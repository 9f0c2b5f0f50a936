"""An order's fulfilments in the admin SPA, in Chromium: fulfil part, mark it shipped, fulfil
the rest, complete; and the buttons only holders of ``commerce.manage_orders`` see."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.harness import Admin
from tests.browser.shop import add_staff, buy_by_bank_transfer, open_order

_ERRORS = "errors { code field message }"
_WAREHOUSE = f"""
mutation ($input: WarehouseCreateInput!) {{ warehouseCreate(input: $input) {{ {_ERRORS} }} }}
"""
_CAPTURE = f"""
mutation ($input: PaymentCaptureInput!) {{
  paymentCapture(input: $input) {{ payment {{ status }} {_ERRORS} }}
}}
"""
_FULFIL = f"""
mutation ($input: FulfilmentCreateInput!) {{
  fulfilmentCreate(input: $input) {{ fulfilment {{ status }} {_ERRORS} }}
}}
"""
_ROLE_UPDATE = f"""
mutation ($input: RoleUpdateInput!) {{ roleUpdate(input: $input) {{ {_ERRORS} }} }}
"""
_TIMES = "\N{MULTIPLICATION SIGN}"


@dataclass(frozen=True, slots=True)
class _Paid:
    """The owner's token, the main warehouse, and a captured order of three DE-1."""

    token: str
    warehouse: str
    order: str
    line: str


def _paid_order(admin: Admin) -> _Paid:
    """As the owner: a product with 10 in stock in main, and an empty second warehouse. A guest
    buys three by bank transfer; the owner captures the payment through the API."""
    variant = admin.add_stocked_product("Difference Engine", "DE-1")
    token = admin.token(admin.seeded.admin_email)
    main = admin.main_warehouse(token)
    north = {"code": "north", "name": "North depot"}
    assert admin.graphql(_WAREHOUSE, {"input": north}, token)["warehouseCreate"]["errors"] == []
    order = buy_by_bank_transfer(admin, variant, 3, "k1")
    capture = {"paymentId": order["payments"][0]["id"], "idempotencyKey": "c1"}
    captured = admin.graphql(_CAPTURE, {"input": capture}, token)["paymentCapture"]
    assert captured["errors"] == [], captured
    assert captured["payment"]["status"] == "CAPTURED", captured
    return _Paid(token, main, order["id"], order["lines"][0]["id"])


def _fulfil_one(page: Page) -> None:
    expect(page.get_by_text("Nothing has left a warehouse yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Complete order")).to_have_count(0)
    page.get_by_role("button", name="Fulfil").click()
    dialog = page.get_by_role("dialog", name="Fulfil order 1000")
    expect(dialog.get_by_label("Warehouse")).to_contain_text("(main)")
    units = dialog.get_by_label("Units of DE-1 to fulfil (3 left)")
    expect(units).to_have_value("3")
    units.fill("4")
    fulfil = dialog.get_by_role("button", name="Fulfil")
    fulfil.click()
    expect(dialog.locator("#fulfil-line-0-error")).to_have_text("a whole number from 0 to 3")
    units.fill("1")
    warehouse = dialog.get_by_label("Warehouse")
    warehouse.select_option(label="North depot (north)")
    fulfil.click()  # the server refuses: checkout reserved the stock in main, at the line
    expect(dialog.locator("#fulfil-line-0-error")).to_have_text(
        "only 0 reserved for this order in this warehouse"
    )
    warehouse.select_option(label="Main warehouse (main)")
    dialog.get_by_label("Carrier (optional)").fill(" ")
    Admin.screenshot(page, "fulfil-dialog")
    fulfil.click()
    expect(page.get_by_role("status")).to_have_text("Fulfilment of 1 unit created.")
    expect(page.get_by_test_id("order-states")).to_contain_text("partially fulfilled")
    first = page.locator('section[data-fulfilment="1"]')
    for text in ("created", f"DE-1 {_TIMES} 1", "main", "not yet"):
        expect(first).to_contain_text(text)
    expect(page.locator('tr[data-line="DE-1"] td').nth(4)).to_have_text("1")


def _ship_it(page: Page) -> None:
    first = page.locator('section[data-fulfilment="1"]')
    first.get_by_role("button", name="Mark shipped").click()
    dialog = page.get_by_role("dialog", name="Mark the fulfilment shipped")
    dialog.get_by_label("Carrier (optional)").fill("DHL")
    dialog.get_by_label("Tracking number (optional)").fill("JD0146")
    dialog.get_by_role("button", name="Mark shipped").click()
    expect(page.get_by_role("status")).to_have_text("Fulfilment shipped, tracking number JD0146.")
    for text in ("shipped", "DHL", "JD0146"):
        expect(first).to_contain_text(text)
    expect(first.get_by_role("button", name="Mark shipped")).to_have_count(0)


def _fulfil_the_rest_and_complete(page: Page) -> None:
    page.get_by_role("button", name="Fulfil").click()
    dialog = page.get_by_role("dialog", name="Fulfil order 1000")
    expect(dialog.get_by_label("Units of DE-1 to fulfil (2 left)")).to_have_value("2")
    dialog.get_by_label("Tracking number (optional)").fill("JD0147")
    dialog.get_by_role("button", name="Fulfil").click()
    expect(page.get_by_role("status")).to_have_text("Fulfilment of 2 units created.")
    expect(page.get_by_test_id("order-states")).to_contain_text("fulfilled")
    expect(page.get_by_test_id("order-states")).not_to_contain_text("partially")
    second = page.locator('section[data-fulfilment="2"]')
    for text in ("shipped", f"DE-1 {_TIMES} 2", "JD0147"):
        expect(second).to_contain_text(text)
    expect(page.get_by_role("button", name="Fulfil")).to_have_count(0)
    page.get_by_role("button", name="Complete order").click()
    dialog = page.get_by_role("dialog", name="Complete order 1000?")
    dialog.get_by_role("button", name="Complete order").click()
    expect(page.get_by_role("status")).to_have_text("Order 1000 completed.")
    expect(page.get_by_test_id("order-states")).to_contain_text("completed")
    expect(page.get_by_role("button", name="Complete order")).to_have_count(0)


def test_staff_fulfil_an_order_in_two_parts_ship_it_and_complete_it(shop_admin: Admin) -> None:
    admin = shop_admin
    _paid_order(admin)
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.admin_email)
        admin.switch_to_bravo(page)
        open_order(page, "1000")
        _fulfil_one(page)
        _ship_it(page)
        _fulfil_the_rest_and_complete(page)
        admin.screenshot(page, "order-fulfilments")


def test_fulfil_buttons_need_the_orders_permission(shop_admin: Admin) -> None:
    admin = shop_admin
    paid = _paid_order(admin)
    part = {
        "orderId": paid.order,
        "warehouseId": paid.warehouse,
        "lines": [{"orderLineId": paid.line, "quantity": 1}],
    }
    fulfilled = admin.graphql(_FULFIL, {"input": part}, paid.token)["fulfilmentCreate"]
    assert fulfilled["errors"] == []
    reader = ["commerce.view_orders"]
    role = add_staff(admin, paid.token, admin.seeded.newcomer_email, "order-reader", reader)
    with admin.page() as page:
        admin.sign_in(page, admin.seeded.newcomer_email)
        open_order(page, "1000")
        expect(page.locator('section[data-fulfilment="1"]')).to_contain_text("created")
        for name in ("Fulfil", "Mark shipped", "Complete order"):
            expect(page.get_by_role("button", name=name)).to_have_count(0)
        # Managing orders without seeing the warehouses: the dialog says why it cannot fulfil.
        grant = {
            "id": role,
            "permissions": ["commerce.view_orders", "commerce.manage_orders"],
        }
        updated = admin.graphql(_ROLE_UPDATE, {"input": grant}, paid.token)["roleUpdate"]
        assert updated["errors"] == []
        page.reload()
        page.get_by_role("button", name="Fulfil").click()
        dialog = page.get_by_role("dialog", name="Fulfil order 1000")
        expect(dialog).to_contain_text("commerce.view_inventory")
        expect(dialog.get_by_role("button", name="Fulfil")).to_have_count(0)
