"""Mail to customers, sent after the transaction that asked for it has committed.

A service schedules :data:`CUSTOMER_MAIL_JOB` in its own transaction (a rolled-back sign-up
schedules nothing); a runner sends it right after the commit wakes it, and again after a
crash or an SMTP failure, with backoff (at least once). The job row holds only the customer's
id and the kind of mail: the one-time token is minted when the mail is sent, inside the job's
savepoint, so a failed send leaves no valid token behind and no secret is ever stored.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import cache
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from app.email import MailTemplates, compose, sender_for_url
from app.identity.customer_models import CustomerRow, CustomerStatus, TokenPurpose
from app.identity.customer_tokens import issue_token
from app.jobs.declarations import DelayedJob, JobContext
from app.jobs.schedule import schedule
from app.tenants.models import TenantRow

__all__ = ["CUSTOMER_MAIL_JOB", "CustomerMail", "schedule_customer_mail"]


class CustomerMail:
    """The kinds of mail a customer gets (each is a template name)."""

    VERIFY_EMAIL = "customer_verify_email"
    PASSWORD_RESET = "customer_password_reset"  # noqa: S105 - a template name
    ACCOUNT_EXISTS = "customer_account_exists"


_PAGES = {
    CustomerMail.VERIFY_EMAIL: "verify-email",
    CustomerMail.PASSWORD_RESET: "reset-password",
    CustomerMail.ACCOUNT_EXISTS: "forgot-password",
}


@cache
def _templates() -> MailTemplates:
    return MailTemplates()


async def schedule_customer_mail(
    session: AsyncSession, *, tenant_id: uuid.UUID, customer_id: uuid.UUID, kind: str, now: datetime
) -> None:
    """Schedule a mail to a customer in the caller's transaction, due at once."""
    if kind not in _PAGES:
        raise ValueError(f"unknown customer mail {kind!r}")
    await schedule(
        session,
        CUSTOMER_MAIL_JOB,
        run_at=now,
        now=now,
        tenant_id=tenant_id,
        args={"customer_id": str(customer_id), "kind": kind},
    )


async def _send(job: JobContext) -> None:
    if job.tenant_id is None:
        raise ValueError("a customer mail needs its tenant")
    kind = str(job.args["kind"])
    customer = await job.session.get(
        CustomerRow, (job.tenant_id, uuid.UUID(str(job.args["customer_id"])))
    )
    tenant = await job.session.get(TenantRow, job.tenant_id)
    if customer is None or tenant is None or customer.status != CustomerStatus.ACTIVE:
        return  # gone or disabled since: nothing to say
    if kind == CustomerMail.VERIFY_EMAIL and customer.email_verified_at is not None:
        return
    settings = job.context.runtime.settings
    values: dict[str, object] = {
        "display_name": customer.display_name,
        "tenant_name": tenant.name,
        "valid_hours": settings.customer_verify_token_hours,
        "valid_minutes": settings.customer_reset_token_minutes,
    }
    values["link"] = await _link(job, customer, tenant.slug, kind)
    rendered = _templates().render(kind, customer.locale, values)
    message = compose(
        rendered, sender=settings.mail_from, recipient=customer.email, sent_at=job.now
    )
    await sender_for_url(settings.mail_url).send(message)


async def _link(job: JobContext, customer: CustomerRow, slug: str, kind: str) -> str:
    settings = job.context.runtime.settings
    base = settings.storefront_url.replace("{tenant}", slug).rstrip("/")
    page = f"{base}/{_PAGES[kind]}"
    if kind == CustomerMail.ACCOUNT_EXISTS:
        return page
    purpose, lifetime = (
        (TokenPurpose.VERIFY_EMAIL, timedelta(hours=settings.customer_verify_token_hours))
        if kind == CustomerMail.VERIFY_EMAIL
        else (TokenPurpose.RESET_PASSWORD, timedelta(minutes=settings.customer_reset_token_minutes))
    )
    token = await issue_token(
        job.session,
        tenant_id=customer.tenant_id,
        customer_id=customer.id,
        purpose=purpose,
        now=job.now,
        lifetime=lifetime,
    )
    return f"{page}?{urlencode({'token': token})}"


# 16 attempts back off over about five hours (1 s doubling, at most an hour apart).
CUSTOMER_MAIL_JOB = DelayedJob(name="core.customer_mail", run=_send, max_attempts=16)
