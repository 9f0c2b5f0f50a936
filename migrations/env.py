"""Alembic environment: runs every installed branch against the owner URL.

Configured in code by :mod:`app.db.migrate` (``config.attributes``), never from an ini file.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from app.db.base import Base
from app.db.database import create_engine
from app.db.migrate import include_object_for

config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object_for(config.attributes["tables"]),
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=True,
        # SQLite's DDL is transactional too: a failed migration leaves nothing half-applied.
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine(url, pooled=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


def run() -> None:
    """Run the migrations on the given connection, or on a fresh one to the owner URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    asyncio.run(_run_async(config.attributes["url"]))


run()
