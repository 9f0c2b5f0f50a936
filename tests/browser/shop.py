"""Commerce seeding and screens shared by the order tests, beyond :class:`harness.Admin`'s:
paying by bank transfer, staff with a role of their own, opening an order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.browser.refresh import refresh_until

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.harness import Admin

__all__ = ["add_staff", "buy_by_bank_transfer", "open_order"]

_ERRORS = "errors { code field message }"
_ROLE = f"""
mutation ($input: RoleCreateInput!) {{ roleCreate(input: $input) {{ role {{ id }} {_ERRORS} }} }}
"""
_MEMBER = f"mutation ($input: MemberAddInput!) {{ memberAdd(input: $input) {{ {_ERRORS} }} }}"


def buy_by_bank_transfer(admin: Admin, variant: str, quantity: int, key: str) -> dict[str, Any]:
    """As a guest (grace@example.test), buy ``quantity`` of ``variant`` in bravo and pay by bank
    transfer (the manual provider); return the order as :meth:`Admin.checkout` does."""
    payment = {"paymentProvider": "manual", "paymentMethod": "bank_transfer"}
    return admin.checkout(variant, quantity, key, payment=payment, email="grace@example.test")


def add_staff(admin: Admin, token: str, email: str, role: str, permissions: list[str]) -> str:
    """As ``token``'s owner, create the role ``role`` with ``permissions`` in bravo and make
    ``email`` a member with it; return the role's ID."""
    values = {"name": role, "permissions": permissions}
    created = admin.graphql(_ROLE, {"input": values}, token)["roleCreate"]
    assert created["errors"] == [], created
    member = {"email": email, "roles": [role]}
    assert admin.graphql(_MEMBER, {"input": member}, token)["memberAdd"]["errors"] == []
    role_id: str = created["role"]["id"]
    return role_id


def open_order(page: Page, number: str) -> None:
    """From the Orders screen, open order ``number`` once the list has indexed it."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="Orders", exact=True).click()
    link = page.get_by_role("link", name=number, exact=True)
    refresh_until(page, lambda: expect(link).to_be_visible(timeout=1000))
    link.click()
    expect(page.get_by_role("heading", name=f"Order {number}")).to_be_visible()
