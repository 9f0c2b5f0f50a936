"""The process-wide runtime and the per-operation context every service takes first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.auth.principal import Principal
from app.clock import Clock
from app.config import Settings
from app.db import Database
from app.events.bus import EventBus
from app.events.dispatcher import Dispatcher
from app.events.live import LiveHub
from app.health import HealthMonitor
from app.identity.access import Identity
from app.ratelimit.limiter import RateLimiter
from app.registry import Registry
from app.tenants.directory import ActiveTenant, TenantDirectory
from app.webhooks.ssrf import Resolver, SystemResolver

if TYPE_CHECKING:
    from app.graphql.execution import GraphQLEngine

__all__ = ["Context", "ResponseCookie", "Runtime"]


@dataclass(frozen=True, slots=True)
class ResponseCookie:
    """A cookie an operation asks the HTTP layer to set (``max_age`` 0 deletes it)."""

    name: str
    value: str
    max_age: int


@dataclass(slots=True)
class Runtime:
    """Everything one RusToK process shares: settings, database, modules, clock."""

    settings: Settings
    db: Database
    registry: Registry
    clock: Clock
    tenants: TenantDirectory
    health: HealthMonitor
    events: EventBus
    dispatcher: Dispatcher
    identity: Identity
    limiter: RateLimiter
    # How webhook hosts are resolved (app/webhooks/ssrf.py); tests put a fixed table here.
    webhook_resolver: Resolver = field(default_factory=SystemResolver)
    # This process's live subscribers (the `events` subscription, app/events/live.py).
    live: LiveHub = field(default_factory=LiveHub)
    # The composed schema's engine, once composed (the API's start-up, the worker's): webhook
    # payload queries run on it (app/webhooks/payloads.py).
    graphql: GraphQLEngine | None = None


@dataclass(slots=True)
class Context:
    """Who acts, in which tenant, through which runtime: the first argument of every service."""

    runtime: Runtime
    principal: Principal
    tenant: ActiveTenant | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    cookies: list[ResponseCookie] = field(default_factory=list)
    client_address: str | None = None
    # Per-request DataLoaders by name (app/graphql/loaders.py): one batch per relation.
    loaders: dict[str, object] = field(default_factory=dict)

    def require_tenant(self) -> ActiveTenant:
        """Return the request's tenant; the policy guarantees one for tenant-scoped fields."""
        if self.tenant is None:
            from app.errors import TenantNotFound

            raise TenantNotFound("this operation needs a tenant: send the X-Tenant header")
        return self.tenant
