"""Users: global identities with an email, a display name and an argon2id password."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, ErrorCode, FieldProblem, NotFound, ValidationFailed
from app.identity.models import UserRow
from app.identity.passwords import password_problem
from app.ids import new_id
from app.runtime import Context

__all__ = [
    "UserStatus",
    "create_user",
    "find_user_by_email",
    "normalize_email",
    "set_password",
]

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")


class UserStatus:
    """A user's states."""

    ACTIVE = "active"
    DISABLED = "disabled"


def normalize_email(email: str) -> str:
    """Return the canonical form under which an email is stored and compared."""
    return email.strip().lower()


def _problems(email: str, display_name: str, password: str) -> list[FieldProblem]:
    problems = []
    if not _EMAIL.match(email) or len(email) > 254:
        problems.append(FieldProblem(ErrorCode.VALIDATION, "give a valid email address", "email"))
    if not display_name.strip() or len(display_name) > 120:
        problems.append(
            FieldProblem(ErrorCode.VALIDATION, "give a name of 1 to 120 characters", "displayName")
        )
    reason = password_problem(password)
    if reason:
        problems.append(FieldProblem(ErrorCode.VALIDATION, reason, "password"))
    return problems


async def find_user_by_email(session: AsyncSession, email: str) -> UserRow | None:
    """Return the user with ``email`` (case-insensitive), or None."""
    found: UserRow | None = await session.scalar(
        select(UserRow).where(UserRow.email == normalize_email(email))
    )
    return found


async def create_user(
    ctx: Context,
    *,
    email: str,
    display_name: str,
    password: str,
    is_platform_admin: bool = False,
) -> UserRow:
    """Create an active user; VALIDATION for bad fields, CONFLICT for a taken email."""
    email = normalize_email(email)
    problems = _problems(email, display_name, password)
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    runtime = ctx.runtime
    now = runtime.clock.now()
    user = UserRow(
        id=new_id(),
        email=email,
        display_name=display_name.strip(),
        password_hash=runtime.identity.passwords.hash(password),
        status=UserStatus.ACTIVE,
        is_platform_admin=is_platform_admin,
        created_at=now,
        updated_at=now,
    )
    try:
        async with runtime.db.transaction() as session:
            taken = await session.scalar(
                select(func.count()).select_from(UserRow).where(UserRow.email == email)
            )
            if taken:
                raise Conflict("an account with this email exists", field="email")
            session.add(user)
    except IntegrityError:
        raise Conflict("an account with this email exists", field="email") from None
    return user


async def set_password(ctx: Context, user_id: uuid.UUID, password: str) -> None:
    """Replace a user's password (VALIDATION if it is too weak) and end their sessions."""
    from app.identity.sessions import revoke_all_sessions

    reason = password_problem(password)
    if reason:
        raise ValidationFailed(reason, field="password")
    runtime = ctx.runtime
    async with runtime.db.transaction() as session:
        user = await session.get(UserRow, user_id, with_for_update=True)
        if user is None:
            raise NotFound("no such user", field="user")
        user.password_hash = runtime.identity.passwords.hash(password)
        user.updated_at = runtime.clock.now()
    await revoke_all_sessions(ctx, user_id)
