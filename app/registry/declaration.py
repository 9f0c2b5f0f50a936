"""The module declaration: one frozen, data-only object tells all a module contributes."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    import typer
    from sqlalchemy.ext.asyncio import AsyncSession
    from strawberry.types.scalar import ScalarDefinition

    from app.clock import Clock
    from app.db import Database
    from app.events.declarations import EventType, Handler, Projection
    from app.jobs.declarations import DelayedJob, PeriodicJob
    from app.routes import RouteEndpoint
    from app.runtime import Context

# ``async (ctx, ids) -> [object | None]``: see :class:`NodeSource`.
NodeLoader = Callable[["Context", list[uuid.UUID]], Awaitable[Sequence[object | None]]]

__all__ = [
    "CommandsFactory",
    "GraphQLContribution",
    "HealthCheck",
    "HealthResult",
    "HealthStatus",
    "Module",
    "ModuleContext",
    "NodeLoader",
    "NodeSource",
    "Permission",
    "PermissionScope",
    "TenantRoute",
]


class PermissionScope(enum.Enum):
    """Where a permission applies: inside one tenant, or across the platform."""

    TENANT = "tenant"
    PLATFORM = "platform"


@dataclass(frozen=True, slots=True)
class Permission:
    """A named permission, ``<module>.<verb>_<object>``, declared by its owner."""

    name: str
    description: str
    scope: PermissionScope = PermissionScope.TENANT

    @property
    def namespace(self) -> str:
        """Return the owning namespace (the part before the first dot)."""
        return self.name.partition(".")[0]


class HealthStatus(enum.Enum):
    """The outcome of a health check."""

    PASS = "pass"  # noqa: S105 - a status name, not a password
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class HealthResult:
    """What a module's health check found."""

    status: HealthStatus
    detail: str = ""


@dataclass(frozen=True, slots=True)
class GraphQLContribution:
    """The Strawberry types a module adds to the one composed schema."""

    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
    types: tuple[type, ...] = ()
    # Custom scalars: the Python NewType → ``strawberry.scalar(name=...)`` definition.
    scalars: Mapping[object, ScalarDefinition] = field(default_factory=dict)
    # How ``node(id:)`` finds this contribution's Node types (app/graphql/nodes.py).
    nodes: tuple[NodeSource, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeSource:
    """How the core's ``node(id:)`` and ``nodes(ids:)`` find objects of one Node type.

    ``load(ctx, ids)`` returns one object (an instance of the Strawberry type named
    ``type_name``) or None per id, in order, in the request's tenant. It decides visibility
    itself, as the type's own queries do: None for what the principal may not see (a draft for
    an anonymous reader, an API key for a member without the permission), exactly as for an id
    that does not exist, so an id never reveals more than its type's queries would.
    """

    type_name: str
    load: NodeLoader


@dataclass(frozen=True, slots=True)
class ModuleContext:
    """What a lifecycle hook works with: the tenant's open transaction and its settings."""

    session: AsyncSession
    tenant_id: uuid.UUID
    settings: BaseModel | None
    clock: Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class TenantRoute:
    """A public non-GraphQL route of a module, served at ``/t/<tenant>/<path>``.

    The core resolves the tenant (404 ``TENANT_NOT_FOUND``), refuses it while the module is
    disabled for that tenant (404 ``MODULE_DISABLED``), authenticates the request, enforces
    ``permission`` (None: public) and, for unsafe methods authenticated by cookie, demands the
    CSRF header; then it calls ``endpoint(request, ctx)``.

    Attributes:
        name: ``<module>.<route>``, unique across the registry.
        path: The part after ``/t/<tenant>/``, in Starlette syntax (``media/{asset_id}``).
        endpoint: ``async (request, ctx) -> Response``.
        methods: The HTTP methods it answers.
        permission: The permission the caller needs, or None for a public route.
    """

    name: str
    path: str
    endpoint: RouteEndpoint
    methods: tuple[str, ...] = ("GET",)
    permission: Permission | None = None


HealthCheck = Callable[["Database"], Awaitable[HealthResult]]
# Returns the typer app mounted as ``rustok <module>``; called only when the CLI needs it, so the
# API process never imports a module's command-line code (nor typer).
CommandsFactory = Callable[[], "typer.Typer"]
TenantHook = Callable[[ModuleContext], Awaitable[None]]
Lifespan = Callable[[], AbstractAsyncContextManager[None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Module:
    """The one declaration object a module's ``__init__.py`` exports as ``module``.

    Attributes:
        name: The module's namespace: tables ``<name>_*``, ``idx_<name>_*``, permissions
            ``<name>.*``, migration branch label ``<name>``.
        version: The module's own version string.
        description: One line for the admin and the CLI.
        depends_on: Names of modules that must be installed and enabled first.
        models: SQLAlchemy mapped classes the module owns.
        migrations: Folder of the module's Alembic branch, or None for a module without tables.
        permissions: Permissions the module declares.
        events: Event types the module emits (``<name>.<entity>.<past_tense_verb>``).
        handlers: Event handlers (subscribers with effects of their own).
        projections: Index projections building ``idx_<name>_*`` read tables.
        jobs: Delayed and periodic jobs (named ``<name>.<job>``).
        graphql: The module's contribution to the composed schema.
        settings: Pydantic model of the per-tenant settings (all fields need defaults).
        health_check: Async check run by ``/readyz`` and ``/healthz``.
        on_tenant_enable: Idempotent hook run in the enabling transaction.
        on_tenant_disable: Hook run in the disabling transaction; must never drop data.
        lifespan: Async context manager entered at process start, left at stop.
        routes: Public non-GraphQL routes under ``/t/<tenant>/`` (media, feeds, sitemaps).
        cli: Builds the module's commands, mounted as ``rustok <name> ...`` when installed.
    """

    name: str
    version: str
    description: str
    depends_on: tuple[str, ...] = ()
    models: tuple[type, ...] = ()
    migrations: Path | None = None
    permissions: tuple[Permission, ...] = ()
    events: tuple[EventType, ...] = ()
    handlers: tuple[Handler, ...] = ()
    projections: tuple[Projection, ...] = ()
    jobs: tuple[DelayedJob | PeriodicJob, ...] = ()
    graphql: GraphQLContribution = field(default_factory=GraphQLContribution)
    settings: type[BaseModel] | None = None
    health_check: HealthCheck | None = None
    on_tenant_enable: TenantHook | None = None
    on_tenant_disable: TenantHook | None = None
    lifespan: Lifespan | None = None
    routes: tuple[TenantRoute, ...] = ()
    cli: CommandsFactory | None = None

    def subscribers(self) -> tuple[Handler | Projection, ...]:
        """Return the module's handlers and projections."""
        found: tuple[Handler | Projection, ...] = (*self.handlers, *self.projections)
        return found

    def default_settings(self) -> BaseModel | None:
        """Return the settings model with every field at its default."""
        return self.settings() if self.settings is not None else None
