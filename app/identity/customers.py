"""Storefront customers of a tenant: sign-up, email verification, password reset, profile.

Nothing here tells a stranger whether an email has an account in the tenant. Sign-up answers
the same for a new and a taken address (the taken address's owner is mailed a notice instead
of a verification link), a reset request answers the same whether or not it mails a link, and
sign-in fails with one message for every wrong credential. Passwords are hashed before any
transaction opens, for a new and a taken address alike, so timing does not tell either.

Every write and its event go through one function here; mail is scheduled in the same
transaction and sent after it commits (:mod:`app.identity.customer_mail`).
"""

from __future__ import annotations

import dataclasses
import re
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import CustomerPrincipal
from app.errors import ErrorCode, FieldProblem, Unauthenticated, ValidationFailed
from app.events.emit import emit
from app.identity.customer_events import (
    CUSTOMER_CREATED,
    CUSTOMER_UPDATED,
    CUSTOMER_VERIFIED,
    CustomerChanged,
    CustomerCreated,
    CustomerVerified,
)
from app.identity.customer_mail import CustomerMail, schedule_customer_mail
from app.identity.customer_models import CustomerRow, CustomerStatus, TokenPurpose
from app.identity.customer_sessions import revoke_sessions
from app.identity.customer_tokens import consume_token, retire_tokens
from app.identity.passwords import password_problem
from app.identity.users import normalize_email
from app.ids import new_id
from app.ratelimit.attempts import Attempt, limit_attempt
from app.runtime import Context

__all__ = [
    "DEFAULT_LOCALE",
    "get_customer",
    "request_password_reset",
    "reset_password",
    "sign_up",
    "update_profile",
    "verify_email",
]

DEFAULT_LOCALE = "en"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")


def _email_problem(email: str) -> FieldProblem | None:
    if not _EMAIL.match(email) or len(email) > 254:
        return FieldProblem(ErrorCode.VALIDATION, "give a valid email address", "email")
    return None


def _profile_problems(display_name: str | None, locale: str | None) -> list[FieldProblem]:
    problems = []
    if display_name is not None and not 1 <= len(display_name.strip()) <= 120:
        problems.append(
            FieldProblem(ErrorCode.VALIDATION, "give a name of 1 to 120 characters", "displayName")
        )
    if display_name is not None and not display_name.isprintable():
        problems.append(
            FieldProblem(
                ErrorCode.VALIDATION, "the name contains control characters", "displayName"
            )
        )
    if locale is not None and not _LOCALE.match(locale):
        problems.append(
            FieldProblem(ErrorCode.VALIDATION, "give a language tag such as en or pt-BR", "locale")
        )
    return problems


def _raise_problems(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)


def _as_customer(ctx: Context, customer: CustomerRow) -> Context:
    """Return ``ctx`` acting as the customer (who proved it with a password or a mailed link)."""
    principal = CustomerPrincipal(customer_id=customer.id, tenant_id=customer.tenant_id)
    return dataclasses.replace(ctx, principal=principal)


async def _find_by_email(
    session: AsyncSession, tenant_id: uuid.UUID, email: str
) -> CustomerRow | None:
    found: CustomerRow | None = await session.scalar(
        select(CustomerRow).where(CustomerRow.tenant_id == tenant_id, CustomerRow.email == email)
    )
    return found


async def sign_up(
    ctx: Context, *, email: str, password: str, display_name: str, locale: str | None = None
) -> None:
    """Create a customer in the request's tenant and mail a verification link.

    A taken email creates nothing and mails its owner a notice; the caller cannot tell.

    Raises:
        ValidationFailed: a malformed email, name or locale, or a weak password (every problem).
    """
    tenant_id = ctx.require_tenant().id
    await limit_attempt(ctx, Attempt.SIGN_UP, f"{tenant_id}:{normalize_email(email)}")
    email, locale = normalize_email(email), (locale or DEFAULT_LOCALE).strip()
    problems = [p for p in [_email_problem(email)] if p] + _profile_problems(display_name, locale)
    reason = password_problem(password)
    if reason:
        problems.append(FieldProblem(ErrorCode.VALIDATION, reason, "password"))
    _raise_problems(problems)
    runtime = ctx.runtime
    password_hash = runtime.identity.passwords.hash(password)
    now = runtime.clock.now()
    customer = CustomerRow(
        tenant_id=tenant_id,
        id=new_id(),
        email=email,
        display_name=display_name.strip(),
        password_hash=password_hash,
        status=CustomerStatus.ACTIVE,
        locale=locale,
        created_at=now,
        updated_at=now,
    )
    try:
        async with runtime.db.transaction(tenant_id) as session:
            existing = await _find_by_email(session, tenant_id, email)
            if existing is not None:
                kind, recipient = CustomerMail.ACCOUNT_EXISTS, existing.id
            else:
                kind, recipient = CustomerMail.VERIFY_EMAIL, customer.id
                await _create(ctx, session, customer)
            await schedule_customer_mail(
                session, tenant_id=tenant_id, customer_id=recipient, kind=kind, now=now
            )
    except IntegrityError:
        return  # a concurrent sign-up took the address first: answer the same
    runtime.events.notify()


async def _create(ctx: Context, session: AsyncSession, customer: CustomerRow) -> None:
    session.add(customer)
    await session.flush()
    created = CustomerCreated(customer_id=str(customer.id))
    await emit(
        _as_customer(ctx, customer), session, CUSTOMER_CREATED, created, aggregate_id=customer.id
    )


async def verify_email(ctx: Context, token: str) -> CustomerRow:
    """Mark the address of a mailed verification token as verified; the token works once.

    Raises:
        ValidationFailed: the token is unknown, used, superseded or expired (field ``token``).
    """
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id) as session:
        customer = await _customer_of_token(ctx, session, token, TokenPurpose.VERIFY_EMAIL)
        await _mark_verified(_as_customer(ctx, customer), session, customer)
    return customer


async def _customer_of_token(
    ctx: Context, session: AsyncSession, token: str, purpose: str
) -> CustomerRow:
    tenant_id = ctx.require_tenant().id
    now = ctx.runtime.clock.now()
    customer_id = await consume_token(
        session, tenant_id=tenant_id, token=token, purpose=purpose, now=now
    )
    customer = await session.get(CustomerRow, (tenant_id, customer_id), with_for_update=True)
    if customer is None or customer.status != CustomerStatus.ACTIVE:
        raise ValidationFailed("the link is not valid", field="token")
    return customer


async def _mark_verified(ctx: Context, session: AsyncSession, customer: CustomerRow) -> None:
    if customer.email_verified_at is not None:
        return
    now = ctx.runtime.clock.now()
    customer.email_verified_at = customer.updated_at = now
    await retire_tokens(session, customer.tenant_id, customer.id, TokenPurpose.VERIFY_EMAIL, now)
    verified = CustomerVerified(customer_id=str(customer.id))
    await emit(ctx, session, CUSTOMER_VERIFIED, verified, aggregate_id=customer.id)


async def request_password_reset(ctx: Context, email: str) -> None:
    """Mail a reset link if ``email`` has an active account in the tenant; answer the same."""
    tenant_id = ctx.require_tenant().id
    email = normalize_email(email)
    await limit_attempt(ctx, Attempt.PASSWORD_RESET, f"{tenant_id}:{email}")
    _raise_problems([p for p in [_email_problem(email)] if p])
    now = ctx.runtime.clock.now()
    async with ctx.runtime.db.transaction(tenant_id) as session:
        customer = await _find_by_email(session, tenant_id, email)
        if customer is not None and customer.status == CustomerStatus.ACTIVE:
            await schedule_customer_mail(
                session,
                tenant_id=tenant_id,
                customer_id=customer.id,
                kind=CustomerMail.PASSWORD_RESET,
                now=now,
            )
    ctx.runtime.events.notify()


async def reset_password(ctx: Context, token: str, password: str) -> CustomerRow:
    """Set a new password with a mailed reset token and end every session of the customer.

    Using the link also proves the mailbox, so an unverified address becomes verified.

    Raises:
        ValidationFailed: a weak password (field ``password``, the token is kept), or a token
            that is unknown, used, superseded or expired (field ``token``).
    """
    tenant_id = ctx.require_tenant().id
    reason = password_problem(password)
    if reason:
        raise ValidationFailed(reason, field="password")
    runtime = ctx.runtime
    password_hash = runtime.identity.passwords.hash(password)
    now = runtime.clock.now()
    async with runtime.db.transaction(tenant_id) as session:
        customer = await _customer_of_token(ctx, session, token, TokenPurpose.RESET_PASSWORD)
        acting = _as_customer(ctx, customer)
        customer.password_hash, customer.updated_at = password_hash, now
        ended = await revoke_sessions(session, tenant_id, customer.id, now, "password reset")
        changed = CustomerChanged(customer_id=str(customer.id), changed=["password"])
        await emit(acting, session, CUSTOMER_UPDATED, changed, aggregate_id=customer.id)
        await _mark_verified(acting, session, customer)
    runtime.identity.customers.forget_sessions(ended)
    return customer


async def get_customer(ctx: Context, customer_id: uuid.UUID) -> CustomerRow:
    """Return a customer of the request's tenant; Unauthenticated if it is gone."""
    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        customer = await session.get(CustomerRow, (tenant_id, customer_id))
    if customer is None:
        raise Unauthenticated("the account no longer exists")
    return customer


async def update_profile(
    ctx: Context,
    customer_id: uuid.UUID,
    *,
    display_name: str | None = None,
    locale: str | None = None,
) -> CustomerRow:
    """Change a customer's own display name and locale; emit what changed, if anything.

    Raises:
        ValidationFailed: a malformed name or locale (every problem).
    """
    tenant_id = ctx.require_tenant().id
    locale = locale.strip() if locale is not None else None
    _raise_problems(_profile_problems(display_name, locale))
    now = ctx.runtime.clock.now()
    async with ctx.runtime.db.transaction(tenant_id) as session:
        customer = await session.get(CustomerRow, (tenant_id, customer_id), with_for_update=True)
        if customer is None:
            raise Unauthenticated("the account no longer exists")
        changed = []
        if display_name is not None and display_name.strip() != customer.display_name:
            customer.display_name = display_name.strip()
            changed.append("display_name")
        if locale is not None and locale != customer.locale:
            customer.locale = locale
            changed.append("locale")
        if changed:
            customer.updated_at = now
            payload = CustomerChanged(customer_id=str(customer.id), changed=changed)
            await emit(ctx, session, CUSTOMER_UPDATED, payload, aggregate_id=customer.id)
    return customer
