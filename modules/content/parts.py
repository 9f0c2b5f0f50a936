"""A part of the content module: what one area (entries, media, taxonomy) contributes.

``module.py`` adds the parts up into the one declaration, so each area lives in its own
package and can be read, tested and changed on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from strawberry.types.scalar import ScalarDefinition

from app.events.declarations import Handler, Projection
from app.jobs.declarations import DelayedJob, PeriodicJob
from app.registry import HealthCheck, TenantRoute

__all__ = ["Part"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """The models, GraphQL root types, routes, jobs, subscribers and checks of one area."""

    models: tuple[type, ...] = ()
    queries: tuple[type, ...] = ()
    mutations: tuple[type, ...] = ()
    types: tuple[type, ...] = ()
    scalars: Mapping[object, ScalarDefinition] = field(default_factory=dict)
    routes: tuple[TenantRoute, ...] = ()
    jobs: tuple[DelayedJob | PeriodicJob, ...] = ()
    handlers: tuple[Handler, ...] = ()
    projections: tuple[Projection, ...] = ()
    health_checks: tuple[HealthCheck, ...] = ()
