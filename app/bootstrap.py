"""Assembling a process: settings → registry → runtime → composed schema."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from importlib.metadata import EntryPoint

from app.audit.handler import AUDIT_HANDLER
from app.auth.permissions import CORE_PERMISSIONS
from app.clock import Clock, SystemClock
from app.config import ConfigurationError, Settings
from app.db import Database
from app.db.migrate import branch_heads, read_migration_state
from app.events.bus import EventBus, Subscription
from app.events.cycle import WorkCycle
from app.events.dispatcher import Dispatcher
from app.events.retention import RETENTION_JOB
from app.events.retry import RetryPolicy
from app.graphql.core import CORE_CONTRIBUTIONS, core_root_fields
from app.graphql.schema import ComposedSchema, compose_schema
from app.health import HealthMonitor
from app.identity.access import Identity
from app.identity.customer_events import CUSTOMER_EVENTS
from app.identity.customer_mail import CUSTOMER_MAIL_JOB
from app.identity.events import IDENTITY_EVENTS
from app.identity.pruning import SESSION_PRUNING_JOB
from app.index.jobs import REBUILD_ON_ENABLE
from app.jobs.runner import JobRunner, OwnedJob
from app.ratelimit.limiter import build_limiter
from app.registry import Module, Registry, RegistryError
from app.runtime import Runtime
from app.tenants.directory import TenantDirectory
from app.tenants.events import TENANT_EVENTS
from app.webhooks.events import WEBHOOK_EVENTS
from app.webhooks.fanout import WEBHOOK_FANOUT

__all__ = [
    "build_dispatcher",
    "build_event_bus",
    "build_registry",
    "build_runtime",
    "build_schema",
    "build_work_cycle",
    "mark_unmigrated_failed",
    "refresh_event_pipeline",
]

logger = logging.getLogger(__name__)


def build_registry(
    settings: Settings,
    *,
    extra_modules: Iterable[Module] = (),
    available: Iterable[EntryPoint] | None = None,
) -> Registry:
    """Discover and validate the modules ``RUSTOK_MODULES`` selects.

    Raises:
        RegistryError: the declarations are inconsistent (every problem listed).
        ConfigurationError: ``RUSTOK_DEFAULT_MODULES`` names a module that is not installed.
    """
    registry = Registry.discover(
        settings.modules,
        available=available,
        extra=extra_modules,
        core_fields=core_root_fields(),
        core_permissions=CORE_PERMISSIONS,
    )
    if "default_modules" in settings.model_fields_set:
        known = {module.name for module in registry.modules}
        known |= {failure.name for failure in registry.failures}
        unknown = [name for name in settings.default_modules if name not in known]
        if unknown:
            raise ConfigurationError(
                f"RUSTOK_DEFAULT_MODULES names modules that are not installed: {', '.join(unknown)}"
            )
    return registry


def build_runtime(settings: Settings, registry: Registry, clock: Clock | None = None) -> Runtime:
    """Create the process runtime (no connection is opened yet)."""
    clock = clock or SystemClock()
    try:
        heads = branch_heads(registry)
    except ValueError as error:
        raise RegistryError([str(error)]) from None
    db = Database(settings.database_url, pool_size=settings.database_pool_size)
    health = HealthMonitor(db, registry, clock, heads=heads, redis_url=settings.redis_url)
    directory = TenantDirectory(db, clock, settings.tenant_cache_seconds)
    bus = build_event_bus(registry, clock)
    dispatcher = build_dispatcher(settings, db, bus, clock)
    return Runtime(
        settings=settings,
        db=db,
        registry=registry,
        clock=clock,
        tenants=directory,
        health=health,
        events=bus,
        dispatcher=dispatcher,
        identity=Identity(db, registry, clock, settings),
        limiter=build_limiter(settings, clock),
    )


def build_dispatcher(settings: Settings, db: Database, bus: EventBus, clock: Clock) -> Dispatcher:
    """Create the dispatcher with the configured retry policy and batch size."""
    retry = RetryPolicy(max_attempts=settings.event_max_attempts)
    return Dispatcher(db, bus, clock, retry=retry, batch_size=settings.event_batch_size)


def refresh_event_pipeline(runtime: Runtime) -> None:
    """Rebuild the bus and dispatcher after modules were marked failed at start-up."""
    runtime.events = build_event_bus(runtime.registry, runtime.clock)
    runtime.dispatcher = build_dispatcher(
        runtime.settings, runtime.db, runtime.events, runtime.clock
    )


def build_work_cycle(runtime: Runtime) -> WorkCycle:
    """Return the cycle both runners repeat: the outbox, then due jobs (core's and modules')."""
    jobs = [
        OwnedJob(None, RETENTION_JOB),
        OwnedJob(None, REBUILD_ON_ENABLE),
        OwnedJob(None, CUSTOMER_MAIL_JOB),
        OwnedJob(None, SESSION_PRUNING_JOB),
    ]
    for module in runtime.registry.modules:
        jobs.extend(OwnedJob(module.name, job) for job in module.jobs)
    return WorkCycle(runtime.dispatcher, JobRunner(runtime, jobs))


def build_event_bus(registry: Registry, clock: Clock) -> EventBus:
    """Collect the event types and subscribers of the core and the modules in service."""
    types = [*TENANT_EVENTS, *IDENTITY_EVENTS, *CUSTOMER_EVENTS, *WEBHOOK_EVENTS]
    subscriptions = [Subscription(None, AUDIT_HANDLER), Subscription(None, WEBHOOK_FANOUT)]
    for module in registry.modules:
        types.extend(module.events)
        subscriptions.extend(
            Subscription(module.name, subscriber) for subscriber in module.subscribers()
        )
    return EventBus(types, subscriptions, clock)


def build_schema(registry: Registry) -> ComposedSchema:
    """Compose the schema of the core and the modules in service."""
    return compose_schema(registry, CORE_CONTRIBUTIONS)


async def mark_unmigrated_failed(runtime: Runtime) -> None:
    """Take modules whose migrations are not applied out of service (they are reported)."""
    try:
        state = await read_migration_state(runtime.db.engine, runtime.health.heads)
    except Exception:  # with the database down, /readyz reports it instead
        logger.warning("could not read the migration state at start-up", exc_info=True)
        return
    for module in runtime.registry.modules:
        if module.migrations is not None and not state.is_at_head(module.name):
            runtime.registry.mark_failed(
                module.name, "migrations are not applied: run `rustok migrate`"
            )
