"""Storefront customer helpers: GraphQL documents, the mail sink, the outbox, running jobs."""

from __future__ import annotations

import re
import uuid
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.bootstrap import build_work_cycle
from app.events.models import EventRow
from app.identity.customer_mail import CUSTOMER_MAIL_JOB
from app.identity.customer_models import CustomerRow
from app.jobs.models import JobRow, JobState
from tests.support.client import RunningApp

__all__ = [
    "EMAIL_VERIFY",
    "LOGIN",
    "LOGOUT",
    "PASSWORD",
    "PROFILE",
    "PROFILE_UPDATE",
    "REFRESH",
    "RESET",
    "RESET_REQUEST",
    "SIGN_UP",
    "count_customers",
    "customer_events",
    "mails_to",
    "pending_mail_jobs",
    "run_jobs",
    "token_in",
    "unique_email",
]

PASSWORD = "correct horse battery staple"
_ERRORS = "errors { code field message }"
SIGN_UP = f"""
mutation ($input: CustomerSignUpInput!) {{ customerSignUp(input: $input) {{ accepted {_ERRORS} }} }}
"""
EMAIL_VERIFY = f"""
mutation ($input: CustomerEmailVerifyInput!) {{
  customerEmailVerify(input: $input) {{ done {_ERRORS} }}
}}
"""
_TOKENS = f"accessToken refreshToken expiresAt profile {{ email displayName }} {_ERRORS}"
LOGIN = f"""
mutation ($input: CustomerLoginInput!) {{ customerLogin(input: $input) {{ {_TOKENS} }} }}
"""
REFRESH = f"""
mutation ($input: CustomerTokenRefreshInput!) {{
  customerTokenRefresh(input: $input) {{ {_TOKENS} }}
}}
"""
LOGOUT = "mutation { customerLogout { revoked } }"
RESET_REQUEST = f"""
mutation ($input: CustomerPasswordResetRequestInput!) {{
  customerPasswordResetRequest(input: $input) {{ accepted {_ERRORS} }}
}}
"""
RESET = f"""
mutation ($input: CustomerPasswordResetInput!) {{
  customerPasswordReset(input: $input) {{ done {_ERRORS} }}
}}
"""
PROFILE = "{ myProfile { id email displayName locale emailVerified createdAt } }"
PROFILE_UPDATE = f"""
mutation ($input: MyProfileUpdateInput!) {{
  myProfileUpdate(input: $input) {{ profile {{ displayName locale }} {_ERRORS} }}
}}
"""
_TOKEN = re.compile(r"[?&]token=([A-Za-z0-9_\-]+)")


def unique_email(prefix: str = "shopper") -> str:
    """Return an address no other test uses (jobs and sinks are shared: filter by it)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.test"


def mails_to(folder: Path, recipient: str) -> list[EmailMessage]:
    """Return the messages the file sink wrote to ``recipient``, oldest first."""
    found = []
    for path in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        if message["To"] == recipient:
            found.append(message)
    return found


def token_in(message: EmailMessage) -> str:
    """Return the token of the one link in a message's plain-text body."""
    body = message.get_body(("plain",))
    assert body is not None
    tokens = _TOKEN.findall(body.get_content())
    assert len(tokens) == 1, tokens
    return str(tokens[0])


async def run_jobs(api: RunningApp) -> None:
    """Drain the outbox and run due jobs once, as a runner would after a commit."""
    await build_work_cycle(api.state.runtime).run_once()


async def customer_events(api: RunningApp, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    """Return the tenant's ``core.customer.*`` events in order: type, actor and payload."""
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        rows = await session.execute(
            select(EventRow.type, EventRow.actor, EventRow.payload)
            .where(EventRow.tenant_id == tenant_id, EventRow.type.like("core.customer.%"))
            .order_by(EventRow.aggregate_id, EventRow.sequence)
        )
        return [{"type": t, "actor": a, "payload": p} for t, a, p in rows.all()]


async def count_customers(api: RunningApp, tenant_id: uuid.UUID) -> int:
    """Return how many customers the tenant has."""
    async with api.state.runtime.db.transaction(tenant_id, readonly=True) as session:
        found = await session.scalar(
            select(func.count()).select_from(CustomerRow).where(CustomerRow.tenant_id == tenant_id)
        )
    return int(found or 0)


async def pending_mail_jobs(api: RunningApp, tenant_id: uuid.UUID) -> int:
    """Return how many customer mails of the tenant wait to be sent."""
    async with api.state.runtime.db.transaction(readonly=True) as session:
        found = await session.scalar(
            select(func.count())
            .select_from(JobRow)
            .where(
                JobRow.name == CUSTOMER_MAIL_JOB.name,
                JobRow.tenant_id == tenant_id,
                JobRow.state == JobState.PENDING,
            )
        )
    return int(found or 0)
