"""People cards: one query per kind, names only, never across tenants."""

from __future__ import annotations

import uuid

from app.auth.principal import (
    Anonymous,
    ApiKeyPrincipal,
    CustomerPrincipal,
    SystemPrincipal,
    UserPrincipal,
)
from app.identity.api_keys import create_api_key
from app.identity.customer_models import CustomerRow
from app.identity.people import PersonCard, PersonKind, PersonRef, load_people, reference_of
from app.identity.users import create_user
from app.ids import new_id
from app.runtime import Context
from tests.support.client import RunningApp, create_tenant
from tests.support.statements import recorded_statements


async def _customer(api: RunningApp, tenant_id: uuid.UUID, name: str) -> uuid.UUID:
    now = api.state.runtime.clock.now()
    row = CustomerRow(
        tenant_id=tenant_id,
        id=new_id(),
        email=f"{uuid.uuid4().hex[:10]}@example.test",
        display_name=name,
        password_hash="-",
        email_verified_at=None,
        status="active",
        locale="en",
        created_at=now,
        updated_at=now,
    )
    async with api.state.runtime.db.transaction(tenant_id) as session:
        session.add(row)
    return row.id


async def test_every_kind_becomes_a_named_card_in_order(api: RunningApp) -> None:
    tenant = await create_tenant(api)
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    user = await create_user(
        ctx,
        email=f"ada.{uuid.uuid4().hex[:8]}@example.test",
        display_name="Ada",
        password="correct horse battery",
    )
    key = await create_api_key(
        ctx, tenant.id, name="deploy bot", permissions=["core.manage_api_keys"]
    )
    customer_id = await _customer(api, tenant.id, "Grace")
    refs = [
        PersonRef(PersonKind.CUSTOMER, customer_id),
        PersonRef(PersonKind.SYSTEM, None),
        PersonRef(PersonKind.USER, user.id),
        PersonRef(PersonKind.API_KEY, key.row.id),
        PersonRef(PersonKind.USER, uuid.uuid4()),
    ]

    async with api.state.runtime.db.transaction(tenant.id, readonly=True) as session:
        with recorded_statements(api.state.runtime.db.engine) as statements:
            cards = await load_people(session, tenant.id, refs)

    assert cards == [
        PersonCard(PersonKind.CUSTOMER, customer_id, "Grace"),
        PersonCard(PersonKind.SYSTEM, None, "System"),
        PersonCard(PersonKind.USER, user.id, "Ada"),
        PersonCard(PersonKind.API_KEY, key.row.id, "deploy bot"),
        None,
    ]
    # One query per kind (the background runner's own statements share the engine).
    people_tables = ("FROM core_users", "FROM core_customers", "FROM core_api_keys")
    assert len([sql for sql in statements if any(t in sql for t in people_tables)]) == 3


async def test_another_tenants_customer_or_key_is_nobody(api: RunningApp) -> None:
    tenant, other = await create_tenant(api), await create_tenant(api)
    ctx = Context(runtime=api.state.runtime, principal=SystemPrincipal())
    key = await create_api_key(ctx, other.id, name="theirs", permissions=["core.manage_api_keys"])
    customer_id = await _customer(api, other.id, "Theirs")

    async with api.state.runtime.db.transaction(tenant.id, readonly=True) as session:
        cards = await load_people(
            session,
            tenant.id,
            [
                PersonRef(PersonKind.CUSTOMER, customer_id),
                PersonRef(PersonKind.API_KEY, key.row.id),
            ],
        )

    assert cards == [None, None]


def test_a_stored_reference_is_parsed_strictly() -> None:
    some = uuid.uuid4()
    assert PersonRef.parse("user", some) == PersonRef(PersonKind.USER, some)
    assert PersonRef.parse("system", some) == PersonRef(PersonKind.SYSTEM, None)
    assert PersonRef.parse("user", None) is None
    assert PersonRef.parse("robot", some) is None


def test_a_principal_is_recorded_as_its_reference() -> None:
    tenant_id, some = uuid.uuid4(), uuid.uuid4()
    assert reference_of(UserPrincipal(user_id=some)) == PersonRef(PersonKind.USER, some)
    assert reference_of(CustomerPrincipal(customer_id=some, tenant_id=tenant_id)) == PersonRef(
        PersonKind.CUSTOMER, some
    )
    key = ApiKeyPrincipal(key_id=some, tenant_id=tenant_id, permissions=frozenset())
    assert reference_of(key) == PersonRef(PersonKind.API_KEY, some)
    assert reference_of(SystemPrincipal()) == PersonRef(PersonKind.SYSTEM, None)
    assert reference_of(Anonymous()) == PersonRef(PersonKind.SYSTEM, None)
