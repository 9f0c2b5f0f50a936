"""THE declaration of the content module: read this file to know all that content adds.

Content is assembled from parts, one per area (``entries``, ``media``, ``taxonomy``); each
part lists its models, GraphQL root types, routes, jobs, subscribers and health checks.
"""

from __future__ import annotations

from pathlib import Path

from strawberry.tools import merge_types

from app.db import Database
from app.registry import GraphQLContribution, HealthResult, HealthStatus, Module
from modules.content.entries import ENTRIES
from modules.content.events import EVENTS
from modules.content.listing import LISTING
from modules.content.media import MEDIA
from modules.content.nodes import CONTENT_NODES
from modules.content.parts import Part
from modules.content.permissions import PERMISSIONS
from modules.content.settings import ContentSettings
from modules.content.taxonomy import TAXONOMY

__all__ = ["module"]

PARTS: tuple[Part, ...] = (ENTRIES, MEDIA, TAXONOMY, LISTING)
_SEVERITY = {HealthStatus.PASS: 0, HealthStatus.WARN: 1, HealthStatus.FAIL: 2}


def _root(name: str, types: tuple[type, ...]) -> type | None:
    return merge_types(name, types) if types else None


async def check_health(db: Database) -> HealthResult:
    """Return the worst result of the parts' checks, with every detail."""
    results = [await check(db) for part in PARTS for check in part.health_checks]
    if not results:
        return HealthResult(HealthStatus.PASS, "no checks")
    worst = max(results, key=lambda result: _SEVERITY[result.status])
    return HealthResult(worst.status, "; ".join(result.detail for result in results))


module = Module(
    name="content",
    version="0.1.0",
    description="Pages and documents per locale, revisions, publishing, media and taxonomy.",
    models=tuple(model for part in PARTS for model in part.models),
    migrations=Path(__file__).parent / "migrations",
    permissions=PERMISSIONS,
    events=EVENTS,
    handlers=tuple(handler for part in PARTS for handler in part.handlers),
    projections=tuple(projection for part in PARTS for projection in part.projections),
    jobs=tuple(job for part in PARTS for job in part.jobs),
    graphql=GraphQLContribution(
        query=_root("ContentQuery", tuple(t for part in PARTS for t in part.queries)),
        mutation=_root("ContentMutation", tuple(t for part in PARTS for t in part.mutations)),
        types=tuple(t for part in PARTS for t in part.types),
        scalars={key: value for part in PARTS for key, value in part.scalars.items()},
        nodes=CONTENT_NODES,
    ),
    settings=ContentSettings,
    health_check=check_health,
    routes=tuple(route for part in PARTS for route in part.routes),
)
