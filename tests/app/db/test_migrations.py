"""Migrations: they agree with the models, have one head per branch, and go up, down, up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from app.bootstrap import build_runtime
from app.db.base import Base
from app.db.database import create_engine
from app.db.migrate import (
    alembic_config,
    branch_heads,
    include_object_for,
    owned_tables,
    upgrade_all,
)
from app.registry import Registry, RegistryError
from tests.conftest import TEST_MODULES, make_registry, make_settings
from tests.fixtures import faulty, forked
from tests.support.databases import DatabaseTarget, throwaway_database


def _diff(connection: Connection, tables: set[str]) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={"include_object": include_object_for(tables), "compare_type": True},
    )
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def autogenerate_diff(url: str, registry: Registry) -> list[object]:
    """Return what autogenerate would change to make the database match the models."""

    async def run() -> list[object]:
        engine = create_engine(url, pooled=False)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_diff, owned_tables(registry))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def table_names(url: str) -> set[str]:
    """Return the tables in the database at ``url``."""

    async def run() -> set[str]:
        engine = create_engine(url, pooled=False)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_tables)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_models_and_migrations_agree(database: DatabaseTarget) -> None:
    registry = make_registry(make_settings(database))
    assert autogenerate_diff(database.owner_url, registry) == []


def test_one_head_per_branch(database: DatabaseTarget) -> None:
    registry = make_registry(make_settings(database))
    heads = branch_heads(registry)
    with_branches = {module.name for module in registry.modules if module.migrations}
    assert "widgets" in with_branches
    assert set(heads) == {"core", *with_branches}
    script = ScriptDirectory.from_config(alembic_config(registry, "sqlite://"))
    for branch, at_head in heads.items():
        (head,) = script.revision_map.get_revisions(f"{branch}@heads")
        assert head is not None
        assert not isinstance(head, str)
        assert head.revision.startswith(f"{branch}_")
        assert head.revision in at_head
    settings = make_settings(database)
    with pytest.raises(RegistryError) as caught:
        build_runtime(settings, make_registry(settings, (*TEST_MODULES, forked.module)))
    assert caught.value.problems == ("migration branch 'forked' has 2 heads; merge them",)


def test_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    with throwaway_database(tmp_path, "updown") as target:
        settings = make_settings(target)
        registry = make_registry(settings)
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        expected = owned_tables(registry)
        assert expected <= table_names(target.owner_url)
        command.downgrade(alembic_config(registry, target.owner_url), "base")
        assert table_names(target.owner_url) & expected == set()
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        assert expected <= table_names(target.owner_url)
        assert autogenerate_diff(target.owner_url, registry) == []


def test_a_failing_module_migration_marks_it_failed_and_leaves_nothing(tmp_path: Path) -> None:
    with throwaway_database(tmp_path, "faulty") as target:
        settings = make_settings(target)
        registry = make_registry(settings, (*TEST_MODULES, faulty.module))
        failures = upgrade_all(registry, target.owner_url, target.runtime_url)
        assert [failure.name for failure in failures] == ["faulty"]
        assert failures[0].reason.startswith("migration failed: ")
        assert [module.name for module in registry.modules] == ["widgets", "gadgets"]
        tables = table_names(target.owner_url)
        assert "faulty_half" not in tables
        assert {"core_tenants", "widgets_items"} <= tables
