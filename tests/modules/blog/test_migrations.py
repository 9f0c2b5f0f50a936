"""Blog's migration branch agrees with its models and has one head; it starts after content."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from app.db.base import Base
from app.db.database import create_engine
from app.db.migrate import alembic_config, branch_heads, include_object_for
from modules.blog import module
from tests.conftest import make_registry, make_settings
from tests.support.databases import DatabaseTarget

BLOG_TABLES = {
    "blog_posts",
    "blog_authors",
    "blog_post_authors",
    "blog_comments",
    "idx_blog_posts",
    "idx_blog_post_terms",
    "idx_blog_archive",
}


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={"include_object": include_object_for(BLOG_TABLES), "compare_type": True},
    )
    return list(compare_metadata(context, Base.metadata))


def test_the_models_declare_exactly_the_contract_tables() -> None:
    names = {model.__tablename__ for model in module.models}  # type: ignore[attr-defined]
    assert names == BLOG_TABLES


def test_models_and_migration_agree(database: DatabaseTarget) -> None:
    async def run() -> list[object]:
        engine = create_engine(database.owner_url, pooled=False)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_diff)
        finally:
            await engine.dispose()

    assert asyncio.run(run()) == []


def test_one_head_that_follows_content(database: DatabaseTarget) -> None:
    registry = make_registry(make_settings(database), installed=True)
    assert branch_heads(registry)["blog"] == frozenset({"blog_002"})
    script = ScriptDirectory.from_config(alembic_config(registry, "sqlite://"))
    first = script.revision_map.get_revision("blog_001")
    assert first is not None
    assert first.dependencies in ("content_001", ("content_001",))
