"""Tenant isolation end to end: every operation, as tenant A, with tenant B's identifiers.

Both tenants are filled through the public API by the seed steps of every installed module
(tests/support/seeds). B's principals run every query; the IDs and distinctive strings of their
answers are harvested. A's principals then call every query and mutation walked from the
composed schema, with B's IDs in every ID slot (tests/support/cross_tenant.py). No answer may
hold a B identifier or string it was not sent, no resolver may crash (INTERNAL), B's rows in
every tenant-scoped table must be unchanged and B's outbox must not grow. The pairs tried are
reported (``-s`` shows the report; it is also a junit property and a file in the test's tmp).
Runs on SQLite, and on PostgreSQL (row-level security, runtime role) when configured.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.clock import FrozenClock
from app.registry.declaration import PermissionScope
from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, create_tenant, running_app, unique_slug
from tests.support.cross_tenant import (
    Actor,
    CrossTenantWalk,
    FieldTally,
    api_schema,
    full_product,
    harvest,
)
from tests.support.customers import run_jobs
from tests.support.databases import DatabaseTarget
from tests.support.harvest import Harvest, id_forms
from tests.support.schema_walk import Access, id_slots, root_fields
from tests.support.seeding import Seeding, seed_tenant
from tests.support.seeds import SEED_STEPS
from tests.support.tenant_rows import TableDigest, count_events, tenant_digest

# Strings shorter than this are words any tenant has ("owner", "PASS"), not markers.
MARKER_MIN_LENGTH = 8
# Up to this many (slot, B id) pairs, every pair is tried; past it (as modules add fields and
# seed data), each slot gets every id of a plausible kind and this many of the others.
FULL_PRODUCT_LIMIT = 1_000
SAMPLED_PER_SLOT = 3


def _owner_sees(api: RunningApp) -> Callable[[Access], bool]:
    permissions = api.state.runtime.registry.permissions()
    tenant_wide = {n for n, p in permissions.items() if p.scope is PermissionScope.TENANT}
    return lambda access: access.permission is None or access.permission in tenant_wide


def _actors(seeding: Seeding) -> list[Actor]:
    # A customer holds no permission: every @requiresPermission field is refused by the
    # policy before it runs, so customers walk the public and sign-in-only fields.
    slug = seeding.tenant.slug
    return [
        Actor("owner", slug, seeding.token("owner"), _owner_sees(seeding.api)),
        Actor("customer", slug, seeding.token("customer"), lambda a: a.permission is None),
    ]


def _markers(theirs: Harvest, ours: Harvest, tag: str) -> set[str]:
    markers = {tag}
    for value in theirs.ids.keys() - ours.ids.keys():
        markers |= id_forms(value)
    markers |= {
        text
        for text in theirs.strings - ours.strings
        if len(text) >= MARKER_MIN_LENGTH and text not in ours.ids
    }
    return markers


def _report(
    walk: CrossTenantWalk, theirs: Harvest, steps: list[str], rows: dict[str, TableDigest]
) -> str:
    registry = walk.api.state.runtime.registry
    lines = [
        f"modules: {[m.name for m in registry.modules]}, failed: {registry.failures}",
        f"seed steps: {', '.join(steps)}",
        f"B rows compared: {', '.join(f'{t} {d.rows}' for t, d in rows.items() if d.rows)}",
        f"B ids harvested: {len(theirs.ids)} of kinds {sorted(set(theirs.ids.values()))}",
        f"leak markers: {len(walk.markers)}",
        "field / actor: slots; calls, (slot, B id), (slot, B string), run, untried, time",
    ]
    for (label, actor), tally in sorted(walk.tallies.items()):
        outcomes = ", ".join(f"{code} x{n}" for code, n in sorted(tally.outcomes.items()))
        lines.append(
            f"  {label} / {actor}: {tally.slots or '-'}; {tally.calls} calls, {tally.pairs} "
            f"pairs, {tally.text_pairs} strings, {tally.exercised} exercised, "
            f"{tally.unsampled} untried, {tally.seconds:.2f}s; {outcomes}"
        )
    pairs = sum(t.pairs for t in walk.tallies.values())
    texts = sum(t.text_pairs for t in walk.tallies.values())
    calls = sum(t.calls for t in walk.tallies.values())
    untried = sum(t.unsampled for t in walk.tallies.values())
    how = (
        f"sampled: every id of a plausible kind plus {walk.sampled} others per slot, "
        f"{untried} pairs untried"
        if walk.sampled is not None
        else "every (slot, B id) pair tried"
    )
    lines.append(
        f"total: {len(walk.tallies)} field/actor walks, {calls} calls, {pairs} (slot, B id) "
        f"pairs, {texts} (slot, B string) pairs; {how}"
    )
    return "\n".join(lines)


async def _seeded(api: RunningApp, label: str) -> Seeding:
    tenant = await create_tenant(api, unique_slug(f"iso-{label}"))
    return await seed_tenant(api, tenant, f"z{label}{uuid.uuid4().hex[:10]}", SEED_STEPS)


async def _assert_detector_sees_own_data(
    api: RunningApp, walk: CrossTenantWalk, victim: Seeding
) -> None:
    # The control: B's owner reading B's own members must trip the leak check, or the check
    # is blind (markers that match nothing) and the walk's silence would prove nothing.
    control = CrossTenantWalk(api, Harvest(), Harvest(), walk.markers)
    members = next(root for root in root_fields(api_schema(api)) if root.name == "members")
    await control.run(_actors(victim)[0], members)
    assert [failure.split(" ")[0] for failure in control.failures] == ["LEAK"]


def _assert_coverage(api: RunningApp, walk: CrossTenantWalk) -> None:
    owner_sees = _owner_sees(api)
    for root in root_fields(api_schema(api)):
        tally = walk.tallies.get((root.label, "owner"), FieldTally())
        assert tally.calls >= 1, root.label
        if id_slots(root):
            assert tally.pairs >= 1, f"{root.label} was not tried with any id of B"
            if owner_sees(root.access):
                assert tally.exercised >= 1, f"{root.label} never ran: {tally.outcomes}"


async def test_no_operation_reaches_another_tenants_data(
    database: DatabaseTarget, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    settings = make_settings(
        database,
        event_runner="off",
        event_max_attempts=1,
        rate_limit_request_address="0/60",
        max_query_cost=10_000_000,
        max_query_tokens=100_000,
        # node(id:) selects every Node type's leaves, aliasing those whose names clash.
        max_query_aliases=1_000,
        media_root=tmp_path / "media",
    )
    clock = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    registry = make_registry(settings, installed=True)  # the whole product, test modules too
    async with running_app(settings, registry, clock=clock) as api:
        attacker, victim = await _seeded(api, "a"), await _seeded(api, "b")
        await run_jobs(api)
        theirs, ours = await harvest(api, _actors(victim)), await harvest(api, _actors(attacker))
        runtime = api.state.runtime
        rows_before = await tenant_digest(runtime, victim.tenant.id)
        events_before = await count_events(runtime, victim.tenant.id)
        markers = _markers(theirs, ours, victim.tag)
        walk = CrossTenantWalk(api, theirs, ours, markers, probes=(victim.tag,))
        if full_product(api_schema(api), theirs.ids) > FULL_PRODUCT_LIMIT:
            walk.sampled = SAMPLED_PER_SLOT
        for root in root_fields(api_schema(api)):
            for actor in _actors(attacker):
                if actor.name == "owner" or actor.may_run(root):
                    await walk.run(actor, root)
        report = _report(walk, theirs, victim.steps_run, rows_before)
        (tmp_path / "tenant-isolation-report.txt").write_text(report)
        record_property("tenant_isolation", report)
        print(report)  # noqa: T201 - the report of pairs tried is this test's output

        assert theirs.failures + ours.failures + walk.failures == []
        await _assert_detector_sees_own_data(api, walk, victim)
        assert await tenant_digest(runtime, victim.tenant.id) == rows_before
        assert await count_events(runtime, victim.tenant.id) == events_before
    assert {"Role", "User", "ApiKey"} <= set(theirs.ids.values())
    assert sum(1 for digest in rows_before.values() if digest.rows) >= 10
    _assert_coverage(api, walk)
