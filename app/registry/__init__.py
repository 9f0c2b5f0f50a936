"""Modules: the declaration object, discovery through entry points, validation and ordering."""

from app.registry.declaration import (
    CommandsFactory,
    GraphQLContribution,
    HealthCheck,
    HealthResult,
    HealthStatus,
    Module,
    ModuleContext,
    NodeSource,
    Permission,
    PermissionScope,
    TenantRoute,
)
from app.registry.registry import ModuleFailure, Registry, RegistryError

__all__ = [
    "CommandsFactory",
    "GraphQLContribution",
    "HealthCheck",
    "HealthResult",
    "HealthStatus",
    "Module",
    "ModuleContext",
    "ModuleFailure",
    "NodeSource",
    "Permission",
    "PermissionScope",
    "Registry",
    "RegistryError",
    "TenantRoute",
]
