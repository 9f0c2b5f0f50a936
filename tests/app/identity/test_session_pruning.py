"""Pruning: ended sessions and long-expired refresh tokens go; live ones and leak traps stay."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from app.auth.principal import SystemPrincipal
from app.identity.customer_models import (
    CustomerRefreshTokenRow,
    CustomerRow,
    CustomerSessionRow,
)
from app.identity.models import RefreshTokenRow, SessionRow, UserRow
from app.identity.pruning import SESSION_PRUNING_JOB
from app.ids import new_id
from app.jobs.declarations import JobContext
from app.runtime import Context
from tests.app.identity.test_sessions import REFRESH, login, new_user
from tests.support.client import RunningApp, create_tenant
from tests.support.databases import DatabaseTarget
from tests.support.events import controlled_app


async def _prune(api: RunningApp, now: datetime) -> None:
    """Run the job now (not through the work cycle: its periods are shared by the run)."""
    runtime = api.state.runtime
    async with runtime.db.transaction() as session:
        system = Context(runtime=runtime, principal=SystemPrincipal())
        await SESSION_PRUNING_JOB.run(JobContext(session, system, None, now))


async def _staff_rows(api: RunningApp, user_ids: set[uuid.UUID]) -> tuple[set[str], int]:
    """Return the states of the users' sessions and how many tokens those sessions hold."""
    async with api.state.runtime.db.transaction(readonly=True) as session:
        sessions = list(
            await session.scalars(select(SessionRow).where(SessionRow.user_id.in_(user_ids)))
        )
        ids = [row.id for row in sessions]
        tokens = list(
            await session.scalars(
                select(RefreshTokenRow.token_hash).where(RefreshTokenRow.session_id.in_(ids))
            )
        )
    return {"revoked" if row.revoked_at else "open" for row in sessions}, len(tokens)


async def _user_id(api: RunningApp, email: str) -> uuid.UUID:
    async with api.state.runtime.db.transaction(readonly=True) as session:
        found = await session.scalar(select(UserRow.id).where(UserRow.email == email))
    assert found is not None
    return found


async def test_ended_sessions_go_after_the_retention_and_live_ones_stay(
    database: DatabaseTarget,
) -> None:
    async with controlled_app(database, refresh_token_days=30, session_retention_days=7) as (
        api,
        clock,
        _tenant,
    ):
        start = clock.now()
        email = await new_user(api)
        ended, rotated, idle = (
            await login(api, email),
            await login(api, email),
            await login(api, email),
        )
        user_id = await _user_id(api, email)
        out = await api.gql("mutation { logout { revoked } }", token=ended["accessToken"])
        assert out == {"data": {"logout": {"revoked": 1}}}
        clock.advance(timedelta(days=25))
        body = await api.gql(REFRESH, {"input": {"refreshToken": rotated["refreshToken"]}})
        assert body["data"]["tokenRefresh"]["errors"] == []
        assert await _staff_rows(api, {user_id}) == ({"revoked", "open"}, 4)

        await _prune(api, start + timedelta(days=6))
        assert await _staff_rows(api, {user_id}) == ({"revoked", "open"}, 4)
        await _prune(api, start + timedelta(days=8))
        assert await _staff_rows(api, {user_id}) == ({"open"}, 3)
        # Day 38: the idle session's only token expired 8 days ago; the rotated session's first
        # (used) token too, but its second, issued on day 25, is live.
        await _prune(api, start + timedelta(days=38))
        assert await _staff_rows(api, {user_id}) == ({"open"}, 1)
        assert idle["refreshToken"] != rotated["refreshToken"]
        await _prune(api, start + timedelta(days=25 + 38))
        assert await _staff_rows(api, {user_id}) == (set(), 0)


async def _customer_session(
    api: RunningApp, tenant_id: uuid.UUID, *, revoked_at: datetime | None, issued: datetime
) -> uuid.UUID:
    customer_id, session_id = new_id(), new_id()
    async with api.state.runtime.db.transaction(tenant_id) as session:
        session.add(
            CustomerRow(
                tenant_id=tenant_id,
                id=customer_id,
                email=f"{uuid.uuid4().hex[:10]}@example.test",
                display_name="Shopper",
                password_hash="-",
                email_verified_at=issued,
                status="active",
                locale="en",
                created_at=issued,
                updated_at=issued,
            )
        )
        await session.flush()
        session.add(
            CustomerSessionRow(
                tenant_id=tenant_id,
                id=session_id,
                customer_id=customer_id,
                created_at=issued,
                last_used_at=issued,
                revoked_at=revoked_at,
                revoked_reason="logout" if revoked_at else None,
            )
        )
        await session.flush()
        session.add(
            CustomerRefreshTokenRow(
                tenant_id=tenant_id,
                token_hash=uuid.uuid4().hex,
                session_id=session_id,
                issued_at=issued,
                expires_at=issued + timedelta(days=30),
                used_at=None,
            )
        )
    return session_id


async def _customer_sessions(api: RunningApp, tenant_id: uuid.UUID) -> tuple[set[uuid.UUID], int]:
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        sessions = set(
            await session.scalars(
                select(CustomerSessionRow.id).where(CustomerSessionRow.tenant_id == tenant_id)
            )
        )
        tokens = list(
            await session.scalars(
                select(CustomerRefreshTokenRow.token_hash).where(
                    CustomerRefreshTokenRow.tenant_id == tenant_id
                )
            )
        )
    return sessions, len(tokens)


async def test_customer_sessions_are_pruned_in_every_tenant(database: DatabaseTarget) -> None:
    async with controlled_app(database, refresh_token_days=30, session_retention_days=7) as (
        api,
        clock,
        tenant,
    ):
        other = await create_tenant(api)
        now = clock.now()
        logged_out = await _customer_session(api, tenant.id, revoked_at=now, issued=now)
        live = await _customer_session(api, tenant.id, revoked_at=None, issued=now)
        theirs = await _customer_session(api, other.id, revoked_at=now, issued=now)

        await _prune(api, now + timedelta(days=8))

        assert await _customer_sessions(api, tenant.id) == ({live}, 1)
        assert await _customer_sessions(api, other.id) == (set(), 0)
        assert logged_out != theirs
        await _prune(api, now + timedelta(days=38))
        assert await _customer_sessions(api, tenant.id) == (set(), 0)
