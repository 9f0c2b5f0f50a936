"""Suite-wide fixtures: one migrated database per run, settings, registries, a running app.

Without ``RUSTOK_TEST_DATABASE_URL`` the suite runs on a SQLite file; with it, on a throwaway
PostgreSQL database reached through a runtime role that is neither owner nor superuser.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from app.bootstrap import build_registry
from app.config import Settings
from app.db.migrate import upgrade_all
from app.registry import Module, Registry
from tests.fixtures import gadgets, widgets
from tests.support.client import RunningApp, running_app
from tests.support.databases import DatabaseTarget, throwaway_database

# pytest-xdist's workers start with COLUMNS=80 and LINES=24 in their environment; rich reads
# them once, when a console is made, so the CLI tests' own width (tests/app/cli) would be
# ignored. Every process of the suite starts without them, as a plain `pytest` run does.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

TEST_MODULES: tuple[Module, ...] = (widgets.module, gadgets.module)


def make_settings(target: DatabaseTarget, **overrides: object) -> Settings:
    """Return settings pointing at ``target``, isolated from the environment's RUSTOK_*."""
    values: dict[str, object] = {
        "debug": False,
        "secret_key": "test-secret-key-that-is-long-enough-0123",
        "database_url": target.runtime_url,
        "database_owner_url": target.owner_url,
        "redis_url": "",
        "modules": None,
        "default_modules": ["widgets"],
        "tenant_cache_seconds": 0,
        "database_pool_size": 5,
        "password_hash_cost": "test",
        # Mail from tests that use the default sink goes to a temporary folder, not ./var/mail.
        "mail_url": f"file://{Path(tempfile.gettempdir()) / 'rustok-test-mail'}",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def make_registry(
    settings: Settings, extra: tuple[Module, ...] = TEST_MODULES, *, installed: bool = False
) -> Registry:
    """Return a fresh registry of the test-only modules ``extra``.

    The core's tests see only the test modules, so they do not change as modules are added;
    ``installed=True`` adds the modules installed through entry points (a module's own tests
    and the whole-product walks use it).
    """
    available = None if installed else ()
    return build_registry(settings, extra_modules=extra, available=available)


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTarget]:
    """The run's database, migrated once with the core and the test modules."""
    with throwaway_database(tmp_path_factory.mktemp("db")) as target:
        settings = make_settings(target)
        registry = make_registry(settings, installed=True)  # every installed module's tables
        failures = upgrade_all(registry, target.owner_url, target.runtime_url)
        assert failures == []
        yield target


@pytest.fixture
def settings(database: DatabaseTarget) -> Settings:
    """Settings for the run's database."""
    return make_settings(database)


@pytest.fixture
def registry_factory(settings: Settings) -> Callable[..., Registry]:
    """Build fresh registries (they are mutable: modules can be marked failed)."""

    def build(extra: tuple[Module, ...] = TEST_MODULES) -> Registry:
        return make_registry(settings, extra)

    return build


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[RunningApp]:
    """The app running on the run's database with the test modules."""
    async with running_app(settings, make_registry(settings)) as running:
        yield running


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    """A temporary folder for the test."""
    return tmp_path
