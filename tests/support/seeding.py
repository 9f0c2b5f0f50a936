"""Filling a tenant with data through the public API, one seed step per area.

:func:`seed_tenant` makes the tenant's owner, enables every installed module (so every field
of the composed schema can run there), then runs the seed steps in order, skipping the steps
of modules that are not installed. The steps themselves live in :mod:`tests.support.seeds`,
one file per area; a module adds its own file there and one line to its list.

Each principal a test should act as (the owner, a customer, ...) is kept in
``Seeding.principals``; steps may add more.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from app.auth.principal import Principal, SystemPrincipal, UserPrincipal
from app.identity.membership import grant_role
from app.identity.users import create_user
from app.registry.declaration import PermissionScope
from app.runtime import Context, Runtime
from tests.support.client import CreatedTenant, RunningApp

__all__ = ["PASSWORD", "SeedStep", "Seeding", "seed_tenant"]

PASSWORD = "correct horse battery staple"
_MODULES = "{ modules { name enabled } }"
_ENABLE = """
mutation ($module: String!) { moduleEnable(module: $module) { changed errors { code message } } }
"""


@dataclass(frozen=True, slots=True)
class SeedStep:
    """One step filling a tenant: ``module`` None for the core, else run only when installed."""

    module: str | None
    name: str
    action: Callable[[Seeding], Awaitable[None]]


@dataclass(slots=True)
class Seeding:
    """A tenant being filled: its owner and other principals, and a tag for its strings."""

    api: RunningApp
    tenant: CreatedTenant
    tag: str
    principals: dict[str, Principal] = field(default_factory=dict)
    steps_run: list[str] = field(default_factory=list)

    @property
    def runtime(self) -> Runtime:
        """Return the app's runtime."""
        return self.api.state.runtime

    def text(self, label: str) -> str:
        """Return a string distinctive of this tenant (it carries the tag)."""
        return f"{label}-{self.tag}"

    def token(self, principal: str = "owner") -> str:
        """Return a bearer token of one of the tenant's principals."""
        return self.api.auth.issue(self.principals[principal])

    async def call(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """Run an operation as the owner; check it had no error and return its field's answer."""
        body = await self.api.gql(query, variables, tenant=self.tenant.slug, token=self.token())
        assert "errors" not in body, body
        (answer,) = body["data"].values()
        if isinstance(answer, dict) and "errors" in answer:
            assert answer["errors"] == [], answer
        return answer

    async def user(self, label: str, *roles: str) -> str:
        """Create a user (users are global: there is no API for it), holding ``roles`` here."""
        ctx = Context(runtime=self.runtime, principal=SystemPrincipal())
        email = f"{self.text(label)}@example.test"
        user = await create_user(ctx, email=email, display_name=self.text(label), password=PASSWORD)
        for role in roles:
            await grant_role(ctx, self.tenant.id, user.id, role)
        if "owner" in roles:
            self.principals.setdefault(label, self._member(user.id))
        return email

    def _member(self, user_id: uuid.UUID) -> UserPrincipal:
        # The user's real membership, as a test token: a logout or sessionsRevokeAll that a
        # walk calls cannot end it, and the services still see the membership in the database.
        tenant_permissions = frozenset(
            permission.name
            for permission in self.runtime.registry.permissions().values()
            if permission.scope is PermissionScope.TENANT
        )
        return UserPrincipal(user_id=user_id, memberships={self.tenant.id: tenant_permissions})


async def _enable_every_module(seeding: Seeding) -> None:
    listed = await seeding.call(_MODULES)
    enabled = {module["name"] for module in listed if module["enabled"]}
    for module in seeding.runtime.registry.modules:
        if module.name not in enabled:
            answer = await seeding.call(_ENABLE, {"module": module.name})
            enabled |= set(answer["changed"])


async def seed_tenant(
    api: RunningApp, tenant: CreatedTenant, tag: str, steps: tuple[SeedStep, ...]
) -> Seeding:
    """Give ``tenant`` an owner (principal ``owner``), every module, and run ``steps``."""
    seeding = Seeding(api=api, tenant=tenant, tag=tag)
    await seeding.user("owner", "owner")
    await _enable_every_module(seeding)
    installed = {module.name for module in seeding.runtime.registry.modules}
    for step in steps:
        if step.module is None or step.module in installed:
            await step.action(seeding)
            seeding.steps_run.append(f"{step.module or 'core'}.{step.name}")
    return seeding
