"""The browser tests' world: the real app on a port, seeded people and tenants, screenshots."""

from __future__ import annotations

import io
import json
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from app.asgi import create_app
from app.auth.principal import SystemPrincipal
from app.identity.membership import grant_role
from app.identity.users import create_user
from app.runtime import Context, Runtime
from app.tenants.modules import disable_module, enable_module
from app.tenants.service import create_tenant
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.module import create_widget
from tests.support.databases import DatabaseTarget
from tests.support.events import delivery_states
from tests.support.live_server import LiveServer, live_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

_LOGIN = """
mutation ($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }
"""
_PRODUCT = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id variants { id } } errors { code field message } }
}
"""
_CATALOG = "query ($search: String!) { products(search: $search) { totalCount } }"
_WAREHOUSES = "{ warehouses { id code } }"
_STOCK = """
mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { errors { code message } } }
"""
_CART = """
mutation ($input: CartCreateInput!) { cartCreate(input: $input) { token errors { code message } } }
"""
_CHECKOUT = """
mutation ($input: CheckoutCompleteInput!) {
  checkoutComplete(input: $input) {
    order { id number paymentStatus lines { id } payments { id } } errors { code field message }
  }
}
"""
_SIGN_UP = """
mutation ($input: CustomerSignUpInput!) { customerSignUp(input: $input) { errors { message } } }
"""
_CUSTOMER_LOGIN = """
mutation ($input: CustomerLoginInput!) {
  customerLogin(input: $input) { accessToken errors { code message } }
}
"""

__all__ = [
    "PASSWORD",
    "SCREENSHOTS",
    "Admin",
    "BrowserSession",
    "Seeded",
    "admin_app",
    "content_app",
    "png",
    "shop_app",
]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 860}
_DEAD_LETTER_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class BrowserSession:
    """The run's Chromium."""

    browser: Browser


@dataclass(frozen=True, slots=True)
class Seeded:
    """Two tenants; an admin (platform admin, owner of both); a viewer of bravo; a newcomer
    with an account but no membership."""

    alpha: str
    bravo: str
    bravo_id: uuid.UUID
    admin_email: str
    viewer_email: str
    newcomer_email: str


async def _seed(runtime: Runtime) -> Seeded:
    ctx = Context(runtime=runtime, principal=SystemPrincipal())
    suffix = uuid.uuid4().hex[:10]
    alpha = await create_tenant(ctx, slug=f"alpha-{suffix}", name="Alpha")
    bravo = await create_tenant(ctx, slug=f"bravo-{suffix}", name="Bravo")
    admin = await create_user(
        ctx,
        email=f"admin-{suffix}@example.test",
        display_name="Admin",
        password=PASSWORD,
        is_platform_admin=True,
    )
    viewer = await create_user(
        ctx, email=f"viewer-{suffix}@example.test", display_name="Viewer", password=PASSWORD
    )
    newcomer = await create_user(
        ctx, email=f"newcomer-{suffix}@example.test", display_name="Newcomer", password=PASSWORD
    )
    for tenant in (alpha, bravo):
        await grant_role(ctx, tenant.id, admin.id, "owner")
    await grant_role(ctx, bravo.id, viewer.id, "viewer")
    # In bravo, enabling gadgets has a consequence: widgets, which it needs, is enabled too.
    await disable_module(ctx, bravo.id, "widgets")
    return Seeded(alpha.slug, bravo.slug, bravo.id, admin.email, viewer.email, newcomer.email)


async def _add_widget(runtime: Runtime, tenant: str, name: str) -> None:
    runtime.tenants.invalidate()
    active = await runtime.tenants.find_active(tenant)
    await create_widget(Context(runtime=runtime, principal=SystemPrincipal(), tenant=active), name)


@dataclass(frozen=True, slots=True)
class Admin:
    """The app serving the admin build, its seeded data, and the run's browser."""

    server: LiveServer
    seeded: Seeded
    browser: Browser

    @contextmanager
    def page(self, viewport: dict[str, int] = DESKTOP) -> Iterator[Page]:
        """Open a page in a fresh browser context (its own cookies and storage)."""
        context = self.browser.new_context(
            base_url=self.server.url,
            viewport={"width": viewport["width"], "height": viewport["height"]},
        )
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()

    def sign_in(self, page: Page, email: str) -> None:
        """Sign in through the form and wait for the shell."""
        page.goto("/admin/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Sign out").wait_for()

    def enable_in_bravo(self, module: str) -> None:
        """Enable ``module`` (and what it needs) in bravo, as the system."""
        runtime = self.server.runtime
        ctx = Context(runtime=runtime, principal=SystemPrincipal())
        self.server.call(enable_module(ctx, self.seeded.bravo_id, module))

    def add_widget(self, tenant: str, name: str) -> None:
        """Create a widget in ``tenant`` (one ``widgets.item.created``) as the system."""
        self.server.call(_add_widget(self.server.runtime, tenant, name))

    def dead_letter_in_bravo(self, name: str) -> None:
        """Create a widget whose tally handler fails (widgets must be enabled in bravo) and
        wait until its delivery is dead."""
        runtime, bravo = self.server.runtime, self.seeded.bravo_id
        self.server.call(_add_widget(runtime, self.seeded.bravo, name))
        deadline = time.monotonic() + _DEAD_LETTER_SECONDS
        while self.server.call(delivery_states(runtime, "widgets.tally", bravo)).get("dead", 0) < 1:
            if time.monotonic() > deadline:
                raise AssertionError("the poisoned widget's delivery never died")
            time.sleep(0.1)

    def graphql(
        self, query: str, variables: dict[str, Any], token: str | None = None
    ) -> dict[str, Any]:
        """Call the live server's GraphQL API in bravo, as a storefront or a script would;
        fail on a top-level error."""
        headers = {"Content-Type": "application/json", "X-Tenant": self.seeded.bravo}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
            f"{self.server.url}/graphql",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - as above
            answer: dict[str, Any] = json.load(response)
        assert "errors" not in answer, answer
        data: dict[str, Any] = answer["data"]
        return data

    def token(self, email: str) -> str:
        """Sign ``email`` in through the API and return its bearer token."""
        credentials = {"email": email, "password": PASSWORD}
        token: str = self.graphql(_LOGIN, {"input": credentials})["login"]["accessToken"]
        return token

    def add_catalog_product(self, name: str, sku: str) -> str:
        """As the owner, create an active product priced in USD in bravo; wait until the
        catalog lists it and return its ID."""
        product = self._create_product(name, sku, self.token(self.seeded.admin_email))
        deadline = time.monotonic() + 10
        while self.graphql(_CATALOG, {"search": name})["products"]["totalCount"] < 1:
            assert time.monotonic() < deadline, f"{name} never reached the catalog"
            time.sleep(0.1)
        product_id: str = product["id"]
        return product_id

    def add_stocked_product(self, name: str, sku: str, on_hand: int = 10) -> str:
        """As the owner, create an active product priced in USD in bravo with ``on_hand``
        units in the first warehouse; return its variant's ID."""
        token = self.token(self.seeded.admin_email)
        variant: str = self._create_product(name, sku, token)["variants"][0]["id"]
        stock = {"variantId": variant, "warehouseId": self.main_warehouse(token), "onHand": on_hand}
        assert self.graphql(_STOCK, {"input": stock}, token)["stockAdjust"]["errors"] == []
        return variant

    def _create_product(self, name: str, sku: str, token: str) -> dict[str, Any]:
        """Create an active product priced 12.50 USD in bravo as ``token``; return its ID and
        its variants' IDs."""
        product = {
            "name": name,
            "status": "ACTIVE",
            "variants": [{"sku": sku, "prices": [{"amount": 1250, "currency": "USD"}]}],
        }
        created = self.graphql(_PRODUCT, {"input": product}, token)["productCreate"]
        assert created["errors"] == [], created
        answer: dict[str, Any] = created["product"]
        return answer

    def main_warehouse(self, token: str) -> str:
        """Return the ID of bravo's first warehouse (main, made when commerce was enabled)."""
        warehouse: str = self.graphql(_WAREHOUSES, {}, token)["warehouses"][0]["id"]
        return warehouse

    def place_order(
        self, variant: str, quantity: int, key: str, *, token: str | None = None, **cart: Any
    ) -> str:
        """Buy ``quantity`` of ``variant`` in bravo (as ``token``'s customer, or a guest
        giving ``cart`` fields such as ``email``); return the order number."""
        number: str = self.checkout(variant, quantity, key, token=token, **cart)["number"]
        return number

    def checkout(
        self,
        variant: str,
        quantity: int,
        key: str,
        *,
        token: str | None = None,
        payment: dict[str, str] | None = None,
        **cart: Any,
    ) -> dict[str, Any]:
        """:meth:`place_order`, starting to pay with ``payment`` (``paymentProvider`` and
        ``paymentMethod``) if given; return the order: its ID, number, payment status, and
        its lines' and payments' IDs."""
        values = {"lines": [{"variantId": variant, "quantity": quantity}], **cart}
        created = self.graphql(_CART, {"input": values}, token)["cartCreate"]
        checkout = {"token": created["token"], "idempotencyKey": key, **(payment or {})}
        placed = self.graphql(_CHECKOUT, {"input": checkout}, token)["checkoutComplete"]
        assert placed["errors"] == [], placed
        order: dict[str, Any] = placed["order"]
        return order

    def add_customer(self, name: str, email: str) -> str:
        """Sign a storefront customer up in bravo; return their access token."""
        account = {"email": email, "password": PASSWORD, "displayName": name}
        assert self.graphql(_SIGN_UP, {"input": account})["customerSignUp"]["errors"] == []
        credentials = {"email": email, "password": PASSWORD}
        login = self.graphql(_CUSTOMER_LOGIN, {"input": credentials})["customerLogin"]
        assert login["errors"] == [], login
        token: str = login["accessToken"]
        return token

    def upload_media(self, token: str, filename: str, data: bytes, content_type: str) -> str:
        """Upload a file to bravo's media library through the multipart route, as a script
        with a bearer token would; return the new asset's ID."""
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
            f"{self.server.url}/t/{self.seeded.bravo}/media",
            data=body,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - as above
            asset_id: str = json.load(response)["id"]
        return asset_id

    def switch_to_bravo(self, page: Page) -> None:
        """Switch the signed-in shell to bravo and wait until it shows bravo."""
        from playwright.sync_api import expect

        page.get_by_label("Tenant").select_option(self.seeded.bravo)
        expect(page.get_by_label("Tenant")).to_have_value(self.seeded.bravo)

    def open_in_bravo(self, page: Page, screen: str) -> None:
        """Switch the signed-in shell to bravo and open ``screen`` by its link."""
        from playwright.sync_api import expect

        self.switch_to_bravo(page)
        page.get_by_role("link", name=screen, exact=True).click()
        expect(page.get_by_role("heading", name=screen, exact=True)).to_be_visible()

    @staticmethod
    def screenshot(page: Page, name: str) -> None:
        """Save the page as var/screenshots/<name>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@contextmanager
def admin_app(
    database: DatabaseTarget, session: BrowserSession, *, installed: bool = False
) -> Iterator[Admin]:
    """Serve the real app (real authenticator, embedded runner) with the test modules, and
    with ``installed`` the product's modules too (content, blog, commerce...).

    Webhooks may go to loopback, where the tests' receiver listens.
    """
    settings = make_settings(database, event_max_attempts=1, webhook_allow_private=True)
    app = create_app(settings, registry=make_registry(settings, installed=installed))
    with live_server(app) as server:
        seeded = server.call(_seed(server.runtime))
        yield Admin(server=server, seeded=seeded, browser=session.browser)


@contextmanager
def shop_app(database: DatabaseTarget, session: BrowserSession) -> Iterator[Admin]:
    """:func:`admin_app` with the installed modules, and commerce enabled in bravo."""
    with admin_app(database, session, installed=True) as running:
        running.enable_in_bravo("commerce")
        yield running


@contextmanager
def content_app(database: DatabaseTarget, session: BrowserSession) -> Iterator[Admin]:
    """:func:`admin_app` with the installed modules, and content enabled in bravo."""
    with admin_app(database, session, installed=True) as running:
        running.enable_in_bravo("content")
        yield running


def png(width: int, height: int, colour: str = "red") -> bytes:
    """Return a PNG image of one colour."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()
