"""Running and checking the migrations of the core and of every installed module.

The core's branch (label ``core``) lives in the top-level ``migrations`` package; each module
brings its own branch (label = module name) in ``Module.migrations``. A module whose branch
fails to upgrade is marked failed and the others go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.schema import SchemaItem

import migrations
from app.db.base import Base
from app.db.database import create_engine, is_postgres_url
from app.registry import ModuleFailure, Registry

__all__ = [
    "CORE_BRANCH",
    "MigrationState",
    "alembic_config",
    "branch_heads",
    "grant_runtime_role",
    "include_object_for",
    "owned_tables",
    "read_migration_state",
    "upgrade_all",
]

logger = logging.getLogger(__name__)

CORE_BRANCH = "core"
MIGRATIONS_DIR = Path(migrations.__file__).parent
CORE_TABLE_PREFIXES = ("core_", "webhooks_")


def owned_tables(registry: Registry) -> set[str]:
    """Return the tables of the core and of the modules in service."""
    tables = {name for name in Base.metadata.tables if name.startswith(CORE_TABLE_PREFIXES)}
    for module in registry.modules:
        tables.update(str(getattr(model, "__tablename__", "")) for model in module.models)
    return tables


def include_object_for(
    tables: set[str],
) -> Callable[[SchemaItem, str | None, str, bool, object], bool]:
    """Return an autogenerate filter that looks only at ``tables`` (and their parts)."""

    def include(
        item: SchemaItem, name: str | None, kind: str, reflected: bool, other: object
    ) -> bool:
        if kind == "table":
            return name in tables
        table = getattr(item, "table", None)
        return table is None or table.name in tables

    return include


def alembic_config(registry: Registry, url: str, *, connection: Connection | None = None) -> Config:
    """Return an Alembic configuration covering the core and the modules in service."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    locations = [str(MIGRATIONS_DIR / "versions")]
    locations += [str(module.migrations) for module in registry.modules if module.migrations]
    config.set_main_option("path_separator", "newline")
    config.set_main_option("version_locations", "\n".join(locations))
    config.attributes["url"] = url
    config.attributes["tables"] = owned_tables(registry)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def branch_heads(registry: Registry) -> dict[str, frozenset[str]]:
    """Return, per branch, the revisions whose row in the version table shows it at its head.

    That is the head and every revision that needs it: Alembic keeps only the effective heads,
    so once a module's migration that ``depends_on`` the core's head is applied, the core's head
    has no row of its own.

    Raises:
        ValueError: a branch has several heads.
    """
    script = ScriptDirectory.from_config(alembic_config(registry, "sqlite://"))
    revision_map = script.revision_map
    ancestry = {
        revision.revision: {
            item.revision for item in revision_map.iterate_revisions(revision.revision, "base")
        }
        for revision in script.walk_revisions()
    }
    branches = [CORE_BRANCH] + [m.name for m in registry.modules if m.migrations]
    heads = {}
    for branch in branches:
        found = revision_map.get_revisions(f"{branch}@heads")
        head = found[0] if len(found) == 1 else None
        if head is None or isinstance(head, str):
            raise ValueError(f"migration branch {branch!r} has {len(found)} heads; merge them")
        heads[branch] = frozenset(
            name for name, ancestors in ancestry.items() if head.revision in ancestors
        )
    return heads


def _upgrade_branch(config: Config, branch: str) -> None:
    command.upgrade(config, f"{branch}@head")


def upgrade_all(registry: Registry, owner_url: str, runtime_url: str) -> list[ModuleFailure]:
    """Upgrade the core, then each module's branch; mark modules whose upgrade fails.

    Raises whatever the core's own upgrade raises: without the core nothing can run.
    """
    config = alembic_config(registry, owner_url)
    _upgrade_branch(config, CORE_BRANCH)
    failures = []
    for module in list(registry.modules):
        if module.migrations is None or registry.find(module.name) is None:
            continue
        try:
            _upgrade_branch(config, module.name)
        except Exception as error:
            reason = f"migration failed: {type(error).__name__}: {error}"
            logger.exception("module %s failed to migrate", module.name)
            registry.mark_failed(module.name, reason)
            failures.append(ModuleFailure(module.name, reason))
    asyncio.run(grant_runtime_role(owner_url, runtime_url))
    return failures


async def grant_runtime_role(owner_url: str, runtime_url: str) -> None:
    """Give the runtime role (PostgreSQL) data access, never ownership, to every table."""
    if not is_postgres_url(owner_url):
        return
    runtime_user = make_url(runtime_url).username
    owner_user = make_url(owner_url).username
    if not runtime_user or runtime_user == owner_user:
        return
    role = '"' + runtime_user.replace('"', '""') + '"'
    engine = create_engine(owner_url, pooled=False)
    try:
        async with engine.begin() as connection:
            for statement in (
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
                f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}",
            ):
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


@dataclass(frozen=True, slots=True)
class MigrationState:
    """Which branches are at their head in a database."""

    current: frozenset[str]
    heads: dict[str, frozenset[str]]

    def is_at_head(self, branch: str) -> bool:
        """Return whether ``branch`` is at its head (see :func:`branch_heads`)."""
        return not self.heads.get(branch, frozenset()).isdisjoint(self.current)

    def behind(self, branches: Iterable[str]) -> list[str]:
        """Return the branches among ``branches`` that are not at their head."""
        return [branch for branch in branches if not self.is_at_head(branch)]


async def read_migration_state(
    engine: AsyncEngine, heads: dict[str, frozenset[str]]
) -> MigrationState:
    """Read the applied revisions through ``engine`` (the runtime role may read them)."""
    async with engine.execution_options(rustok_readonly=True).connect() as connection:
        current = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_heads()
        )
    return MigrationState(current=frozenset(current), heads=heads)
