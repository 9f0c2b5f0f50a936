"""The listing benchmark's database: a throwaway PostgreSQL database, migrated and seeded.

A uniquely named database and runtime role (neither owner nor superuser: row-level security
applies to both servers) are created on the given superuser URL and dropped afterwards. The
database is migrated with ``rustok migrate`` and gets the tenant with ``rustok tenant create``
(content and blog), then the site is seeded in this process through the service layers as a
system principal: 10 categories, 30 tags, and published entries (``contentEntries``: pages) or
posts (``blogPosts``: ``bench/_listing_posts.py``, with 10 authors), each in one category with
two or three tags; or, for ``products`` (content and commerce enabled instead), active products
with 2 or 3 variants (``bench/_listing_products.py``). Draining the outbox builds the read
model the listing reads.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bench._processes import REPO_ROOT, TENANT_NAME, TENANT_SLUG

__all__ = [
    "CATEGORIES",
    "ListingDatabase",
    "Seeded",
    "listing_database",
    "listing_settings",
    "seed",
    "system_context",
    "tag_numbers",
]

_SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"
_CLI = "from app.cli.main import main; main()"
CATEGORIES = 10
TAGS = 30
_SEED_CONCURRENCY = 8


@dataclass(frozen=True, slots=True)
class ListingDatabase:
    """A migrated database with the tenant ``bench``, and the servers' environment."""

    name: str
    directory: Path
    environment: dict[str, str]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def _admin(admin_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _environment(
    directory: Path, owner_url: str, runtime_url: str, extra: Mapping[str, str]
) -> dict[str, str]:
    skipped = ("RUSTOK_", "PYTHONDONTWRITEBYTECODE")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
    environment.update(
        RUSTOK_DATABASE_URL=runtime_url,
        RUSTOK_DATABASE_OWNER_URL=owner_url,
        RUSTOK_SECRET_KEY=_SECRET_KEY,
        RUSTOK_DEBUG="0",
        RUSTOK_MODULES="content,blog",
        RUSTOK_DEFAULT_MODULES="content,blog",
        RUSTOK_MEDIA_ROOT=str(directory / "media"),
        # One load generator is one client address (as in bench/_processes.py).
        RUSTOK_RATE_LIMIT_REQUEST_ADDRESS="999999999/60",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    )
    environment.update(extra)
    return environment


def _with_database(url: str, database: str, *, user: str | None = None) -> str:
    """Return ``url`` (``postgresql://user@host:port/db``) on another database (and user)."""
    scheme, _, rest = url.partition("://")
    authority, _, _old = rest.partition("/")
    if user is not None:
        authority = f"{user}@{authority.rpartition('@')[2]}"
    return f"{scheme.partition('+')[0]}+asyncpg://{authority}/{database}"


@contextmanager
def listing_database(
    admin_url: str, directory: Path, extra: Mapping[str, str] | None = None
) -> Iterator[ListingDatabase]:
    """Create and migrate a throwaway database with the tenant; drop it and its role after.

    ``extra`` overrides the servers' environment (the modules a listing needs, for one).
    """
    suffix = uuid.uuid4().hex[:10]
    name, role = f"rustok_bench_listing_{suffix}", f"rustok_bench_listing_rt_{suffix}"
    asyncio.run(
        _admin(
            admin_url,
            f"CREATE DATABASE {_quote(name)}",
            f"CREATE ROLE {_quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
        )
    )
    try:
        owner_url = _with_database(admin_url, name)
        runtime_url = _with_database(admin_url, name, user=role)
        environment = _environment(directory, owner_url, runtime_url, extra or {})
        database = ListingDatabase(name, directory, environment)
        _run_cli(database, "migrate")
        _run_cli(database, "tenant", "create", TENANT_SLUG, "--name", TENANT_NAME)
        yield database
    finally:
        asyncio.run(
            _admin(
                admin_url,
                f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)",
                f"DROP ROLE IF EXISTS {_quote(role)}",
            )
        )


def _run_cli(database: ListingDatabase, *arguments: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _CLI, *arguments],
        cwd=database.directory,
        env=database.environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"`rustok {' '.join(arguments)}` failed:\n{completed.stderr}")


def listing_settings(database: ListingDatabase, **overrides: Any) -> Any:
    """Return the servers' settings (from their environment) for this process, plus overrides."""
    from app.config import Settings

    values: dict[str, Any] = {
        key.removeprefix("RUSTOK_").lower(): value
        for key, value in database.environment.items()
        if key.startswith("RUSTOK_")
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass(frozen=True, slots=True)
class Seeded:
    """What the seeding made: the tenant, the listing's scope, entries written, deliveries.

    ``scope`` is what the listing is read in: the site's default locale (content, blog) or the
    shop's default currency (products).
    """

    tenant_id: uuid.UUID
    scope: str
    entries: int
    deliveries: int


def seed(database: ListingDatabase, entries: int, case: str = "contentEntries") -> Seeded:
    """Seed the site for the listing ``case`` through the service layers; drain the outbox."""
    return asyncio.run(_seed(database, entries, case))


@asynccontextmanager
async def system_context(database: ListingDatabase) -> AsyncIterator[Any]:
    """Yield a context of the system in the tenant, on a runtime with the event runner off."""
    from app.auth.principal import SystemPrincipal
    from app.bootstrap import build_registry, build_runtime
    from app.runtime import Context

    settings = listing_settings(database, event_runner="off")
    runtime = build_runtime(settings, build_registry(settings))
    try:
        tenant = await runtime.tenants.find_active(TENANT_SLUG)
        if tenant is None:
            raise RuntimeError(f"the tenant {TENANT_SLUG!r} is missing")
        yield Context(runtime=runtime, principal=SystemPrincipal(), tenant=tenant)
    finally:
        await runtime.db.dispose()


async def _seed(database: ListingDatabase, entries: int, case: str) -> Seeded:
    async with system_context(database) as ctx:
        if case == "products":
            from bench._listing_products import product_writer

            scope, write = await product_writer(ctx)
        else:
            scope, write = await _entry_writer(ctx, case)
        limit = asyncio.Semaphore(_SEED_CONCURRENCY)

        async def one(number: int) -> None:
            async with limit:
                await write(number)

        await asyncio.gather(*(one(number) for number in range(entries)))
        deliveries = 0
        while handled := await ctx.runtime.dispatcher.drain():
            deliveries += handled
    return Seeded(ctx.require_tenant().id, scope, entries, deliveries)


async def _entry_writer(ctx: Any, case: str) -> tuple[str, Callable[[int], Awaitable[None]]]:
    """Create the taxonomy; return the site's locale and the function writing entry/post n."""
    from modules.content.api import load_settings

    tenant_id = ctx.require_tenant().id
    async with ctx.runtime.db.transaction(tenant_id, readonly=True) as session:
        locale: str = (await load_settings(session, tenant_id)).default_locale
    categories, tags = await _taxonomy(ctx, locale)
    write: Callable[..., Awaitable[None]] = _entry
    if case == "blogPosts":
        from bench._listing_posts import post_writer

        write = await post_writer(ctx)

    async def one(number: int) -> None:
        await write(ctx, locale, number, categories, tags)

    return locale, one


async def _taxonomy(ctx: Any, locale: str) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    from modules.content.taxonomy.categories import CategoryInput, create_category
    from modules.content.taxonomy.names import LocalizedName
    from modules.content.taxonomy.tags import TagInput, create_tag

    categories = [
        (
            await create_category(
                ctx,
                CategoryInput(
                    slug=f"category-{n:02}", names=[LocalizedName(locale, f"Category {n:02}")]
                ),
            )
        ).id
        for n in range(1, CATEGORIES + 1)
    ]
    tags = [
        (
            await create_tag(
                ctx, TagInput(slug=f"tag-{n:02}", names=[LocalizedName(locale, f"Tag {n:02}")])
            )
        ).id
        for n in range(1, TAGS + 1)
    ]
    return categories, tags


def tag_numbers(number: int) -> list[int]:
    """Return entry ``number``'s tags: n, n+7 (and n+13 for odd n) mod 30, so 2 or 3."""
    numbers = [number % TAGS, (number + 7) % TAGS]
    if number % 2:
        numbers.append((number + 13) % TAGS)
    return numbers


async def _entry(
    ctx: Any, locale: str, number: int, categories: list[uuid.UUID], tags: list[uuid.UUID]
) -> None:
    from modules.content.api import DraftInput, EntryFields, create_entry, publish_entry

    draft = DraftInput(
        title=f"Entry {number:04}: on listings",
        slug=f"entry-{number:04}",
        excerpt=f"The excerpt of entry {number:04}, a sentence or two long as excerpts are.",
        body_markdown=f"# Entry {number:04}\n\nA paragraph of body text for entry {number:04}.",
    )
    fields = EntryFields(
        category_ids=[categories[number % CATEGORIES]],
        tag_ids=[tags[n] for n in tag_numbers(number)],
    )
    entry_id, _ = await create_entry(ctx, locale=locale, draft=draft, fields=fields)
    await publish_entry(ctx, entry_id, locale)
