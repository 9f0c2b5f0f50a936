"""What ``rustok demo`` prepares: a demo tenant and its administrator."""

from __future__ import annotations

from dataclasses import dataclass

from app.cli.user import generate_password
from app.identity.membership import grant_role
from app.identity.users import create_user, find_user_by_email, set_password
from app.runtime import Context
from app.tenants.service import create_tenant, find_tenant_by_slug

__all__ = ["DEMO_ADMIN_EMAIL", "DemoAccess", "prepare_demo"]

DEMO_ADMIN_EMAIL = "admin@demo.rustok.test"


@dataclass(frozen=True, slots=True)
class DemoAccess:
    """How to get into the demo."""

    tenant_created: bool
    email: str
    password: str


async def prepare_demo(ctx: Context, tenant_slug: str) -> DemoAccess:
    """Create the demo tenant if missing; give the demo admin a fresh password and ownership."""
    tenant = await find_tenant_by_slug(ctx, tenant_slug)
    created = tenant is None
    if tenant is None:
        tenant = await create_tenant(ctx, slug=tenant_slug, name="Demo")
    password = generate_password()
    async with ctx.runtime.db.transaction(readonly=True) as session:
        admin = await find_user_by_email(session, DEMO_ADMIN_EMAIL)
    if admin is None:
        admin = await create_user(
            ctx,
            email=DEMO_ADMIN_EMAIL,
            display_name="Demo admin",
            password=password,
            is_platform_admin=True,
        )
    else:
        await set_password(ctx, admin.id, password)
    await grant_role(ctx, tenant.id, admin.id, "owner")
    return DemoAccess(tenant_created=created, email=DEMO_ADMIN_EMAIL, password=password)
