"""Throwaway databases for a test run: a SQLite file, or a PostgreSQL database + runtime role."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

__all__ = ["DatabaseTarget", "postgres_admin_url", "throwaway_database"]

TEST_DATABASE_ENV = "RUSTOK_TEST_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """Where a test run's database lives, with the owner and runtime URLs."""

    kind: str
    owner_url: str
    runtime_url: str
    name: str

    @property
    def is_postgres(self) -> bool:
        """Return whether this is PostgreSQL."""
        return self.kind == "postgres"


def postgres_admin_url() -> str | None:
    """Return the suite's PostgreSQL URL (asyncpg form), or None when not configured."""
    raw = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if not raw:
        return None
    return make_url(raw).set(drivername="postgresql").render_as_string(hide_password=False)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def _admin(admin_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def throwaway_database(tmp_dir: Path, label: str = "run") -> Iterator[DatabaseTarget]:
    """Create an empty database (and on PostgreSQL a runtime role), dropped afterwards.

    On PostgreSQL the runtime role is neither owner nor superuser, so row-level security
    applies to everything the application does through it.
    """
    admin_url = postgres_admin_url()
    suffix = uuid.uuid4().hex[:10]
    if admin_url is None:
        path = tmp_dir / f"rustok-{label}-{suffix}.db"
        url = f"sqlite+aiosqlite:///{path}"
        yield DatabaseTarget("sqlite", url, url, str(path))
        return
    name, role = f"rustok_{label}_{suffix}", f"rustok_rt_{suffix}"
    base = make_url(admin_url)
    asyncio.run(
        _admin(
            admin_url,
            f"CREATE DATABASE {_quote(name)}",
            f"CREATE ROLE {_quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
        )
    )
    owner = base.set(drivername="postgresql+asyncpg", database=name)
    runtime = owner.set(username=role, password=None)
    try:
        yield DatabaseTarget(
            "postgres",
            owner.render_as_string(hide_password=False),
            runtime.render_as_string(hide_password=False),
            name,
        )
    finally:
        asyncio.run(
            _admin(
                admin_url,
                f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)",
                f"DROP ROLE IF EXISTS {_quote(role)}",
            )
        )
