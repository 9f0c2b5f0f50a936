"""Walking every operation of the schema as one tenant with another tenant's identifiers.

:func:`harvest` runs every query as a tenant's principals and keeps the identifiers and
strings in the answers. :class:`CrossTenantWalk` then calls every query and mutation as the
attacking tenant's principals, putting the victim's identifiers into every ID slot of the
arguments (every one, or when that is too many, those of a plausible kind and a sample of
the others: see :func:`candidates`), and checks each answer: no victim identifier or marker
string it was not sent, and no INTERNAL error (a resolver that crashed on odd input).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from graphql import GraphQLSchema, GraphQLUnionType

from tests.support.client import RunningApp
from tests.support.harvest import Harvest, id_forms
from tests.support.schema_walk import (
    ID_WORDS,
    ROOT_PAGE,
    Access,
    JsonValue,
    RootField,
    Slot,
    argument_values,
    document,
    id_slots,
    root_fields,
    selection,
    text_slots,
    words_of,
)

__all__ = [
    "Actor",
    "CrossTenantWalk",
    "FieldTally",
    "api_schema",
    "candidates",
    "full_product",
    "harvest",
]

# Of the victim's values of a field named like a String argument, at most this many are tried.
TEXTS_PER_SLOT = 5
# Top-level refusals: the operation did not run (or never parsed), so nothing was exercised.
NOT_RUN = frozenset(
    {"BAD_REQUEST", "PERMISSION_DENIED", "UNAUTHENTICATED", "MODULE_DISABLED", "TENANT_NOT_FOUND"}
)


@dataclass(frozen=True, slots=True)
class Actor:
    """A principal's token in a tenant, and which fields it may select."""

    name: str
    tenant: str
    token: str
    may_see: Callable[[Access], bool]

    def may_run(self, root: RootField) -> bool:
        """Return whether the policy lets the principal run the field at all."""
        return self.may_see(root.access)


async def _post(
    api: RunningApp, actor: Actor, root: RootField, arguments: Mapping[str, JsonValue]
) -> httpx.Response:
    query = document(root, arguments, selection(api_schema(api), root.field, actor.may_see))
    headers = {"X-Tenant": actor.tenant, "Authorization": f"Bearer {actor.token}"}
    return await api.client.post(
        "/graphql", json={"query": query, "variables": dict(arguments)}, headers=headers
    )


def api_schema(api: RunningApp) -> GraphQLSchema:
    """Return the running app's composed graphql-core schema."""
    view = api.state.view
    assert view is not None
    return view.engine.schema.graphql_schema


def _paged(root: RootField) -> dict[tuple[str, ...], JsonValue]:
    return {("first",): ROOT_PAGE} if "first" in root.field.args else {}


async def harvest(api: RunningApp, actors: list[Actor]) -> Harvest:
    """Run every query as each actor and keep the identifiers and strings of the answers.

    A query that crashes (INTERNAL) is noted in the harvest's ``failures``.
    """
    schema = api_schema(api)
    found = Harvest()
    for root in root_fields(schema):
        if root.operation != "query":
            continue
        for actor in actors:
            response = await _post(api, actor, root, argument_values(root, _paged(root)))
            body = response.json()
            if response.status_code >= 500 or any(c.endswith("INTERNAL") for c in _codes(body)):
                found.failures.append(f"{root.label} as {actor.name}: {response.text[:300]}")
            found.collect(schema, root.field.type, (body.get("data") or {}).get(root.name))
    return found


def _matches(slot: Slot, kind: str) -> bool:
    # A kind is named by its field (``AuditEntry.eventId``: event) or else its type
    # (``ContentEntry``: content, entry); it fits a slot when one's words hold the other's:
    # ``entryId`` takes a ContentEntry, ``contentEntryArchive(id:)`` too, but not an event.
    if slot.words & {"node", "nodes"}:
        return True  # Relay's lookup takes the ID of any type: try them all.
    type_name, _, field_name = kind.partition(".")
    named = (words_of(field_name) - ID_WORDS) or words_of(type_name)
    return bool(named) and (named <= slot.words or slot.words <= named)


def _entity_types(schema: GraphQLSchema) -> set[str]:
    entity = schema.get_type("_Entity")
    return {t.name for t in entity.types} if isinstance(entity, GraphQLUnionType) else set()


def _as_slot_value(slot: Slot, value: str, kind: str) -> JsonValue:
    if slot.kind == "entity":
        return {"__typename": kind, "id": value}
    if slot.kind == "string":
        return min(id_forms(value) - {value}, key=len, default=value)
    return value


def _pool(schema: GraphQLSchema, slot: Slot, ids: Mapping[str, str]) -> list[tuple[str, str]]:
    pool = sorted(ids.items())
    if slot.kind == "entity":
        # Representations name their type: only the federation's entity types can resolve.
        return [(value, kind) for value, kind in pool if kind in _entity_types(schema)]
    return pool


def full_product(schema: GraphQLSchema, ids: Mapping[str, str]) -> int:
    """Return how many (slot, id) pairs trying every id in every slot would take."""
    return sum(
        len(_pool(schema, slot, ids)) for root in root_fields(schema) for slot in id_slots(root)
    )


def candidates(
    schema: GraphQLSchema,
    root: RootField,
    slot: Slot,
    ids: Mapping[str, str],
    sampled: int | None = None,
) -> tuple[list[tuple[str, str]], int]:
    """Return the (id, kind) pairs to try in a slot, and how many were left untried.

    Identifiers of a plausible kind come first and are always tried; of the others, every
    one when ``sampled`` is None, else that many, chosen with a seed fixed per slot (a run
    tries the same pairs as the last).
    """
    pool = _pool(schema, slot, ids)
    matched = [pair for pair in pool if _matches(slot, pair[1])]
    others = [pair for pair in pool if not _matches(slot, pair[1])]
    if sampled is not None and sampled < len(others):
        seed = random.Random(f"{root.label}.{slot.label}")  # noqa: S311 - a fixed sample, no secret
        others = seed.sample(others, sampled)
    return matched + others, len(pool) - len(matched) - len(others)


@dataclass(slots=True)
class FieldTally:
    """What the walk did with one root field as one actor."""

    calls: int = 0
    pairs: int = 0
    text_pairs: int = 0
    exercised: int = 0
    unsampled: int = 0
    seconds: float = 0.0
    slots: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)


def _codes(body: dict[str, Any]) -> list[str]:
    codes = [str((e.get("extensions") or {}).get("code")) for e in body.get("errors") or ()]
    for answer in (body.get("data") or {}).values():
        if isinstance(answer, dict) and isinstance(answer.get("errors"), list):
            codes += [f"payload {error.get('code')}" for error in answer["errors"]]
    return codes


@dataclass(slots=True)
class CrossTenantWalk:
    """Every operation, as the attacker's actors, with the victim's identifiers and strings.

    ``probes`` are strings only the victim's data holds (its tag): each String argument of a
    query gets them, and up to :data:`TEXTS_PER_SLOT` of the victim's values of a field of
    the same name (a search term, a slug, an actor filter). Mutations get no victim strings:
    they would store them in the attacker's tenant, whose later answers would then hold them.
    """

    api: RunningApp
    victim: Harvest
    attacker: Harvest
    markers: set[str]
    probes: tuple[str, ...] = ()
    sampled: int | None = None
    tallies: dict[tuple[str, str], FieldTally] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    async def run(self, actor: Actor, root: RootField) -> None:
        """Call ``root`` as ``actor``: once as is, then once per candidate of each slot."""
        tally = self.tallies.setdefault((root.label, actor.name), FieldTally())
        slots = id_slots(root)
        texts = text_slots(root) if root.operation == "query" else []
        await self._call(actor, root, {}, tally, set())
        for slot in slots:
            tally.slots.append(slot.label)
            pairs, unsampled = candidates(
                api_schema(self.api), root, slot, self.victim.ids, self.sampled
            )
            tally.unsampled += unsampled
            for value, kind in pairs:
                values = self._fills(root, slots, slot)
                values[slot.path] = _as_slot_value(slot, value, kind)
                tally.pairs += 1
                await self._call(actor, root, values, tally, id_forms(value))
        for slot in texts:
            tally.slots.append(slot.label)
            for text in self._texts(slot):
                values = self._fills(root, slots, slot)
                values[slot.path] = text
                tally.text_pairs += 1
                await self._call(actor, root, values, tally, {text})

    def _texts(self, slot: Slot) -> list[str]:
        name = slot.path[-1]
        theirs = self.victim.by_field.get(name, set())
        ours = self.attacker.by_field.get(name, set())
        found = sorted(theirs - ours) + sorted(theirs & ours)
        return [*self.probes, *found[:TEXTS_PER_SLOT]]

    def _fills(
        self, root: RootField, slots: list[Slot], varied: Slot
    ) -> dict[tuple[str, ...], JsonValue]:
        # Other required slots get the attacker's own ids of the plausible kind: the mix
        # (my user, your role) is the cross-tenant join most likely to slip through.
        fills: dict[tuple[str, ...], JsonValue] = {}
        for other in slots:
            if other is varied or not other.required or other.kind == "entity":
                continue
            own, _ = candidates(api_schema(self.api), root, other, self.attacker.ids)
            if own:
                fills[other.path] = _as_slot_value(other, *own[0])
        return fills

    async def _call(
        self,
        actor: Actor,
        root: RootField,
        values: dict[tuple[str, ...], JsonValue],
        tally: FieldTally,
        sent: set[str],
    ) -> None:
        arguments = argument_values(root, values)
        started = time.perf_counter()
        response = await _post(self.api, actor, root, arguments)
        tally.seconds += time.perf_counter() - started
        tally.calls += 1
        where = f"{root.label} as {actor.name} with {arguments}"
        if response.status_code >= 500:
            self.failures.append(f"HTTP {response.status_code}: {where}: {response.text[:300]}")
            return
        body: dict[str, Any] = response.json()
        codes = _codes(body) or ["ran"]
        tally.outcomes.update(codes)
        if not NOT_RUN & set(codes):
            tally.exercised += 1
        if any(code.endswith("INTERNAL") for code in codes):
            self.failures.append(f"INTERNAL: {where}: {response.text[:300]}")
        leaked = sorted(
            marker
            for marker in self.markers
            if marker in response.text and not any(marker in value for value in sent)
        )
        if leaked:
            self.failures.append(f"LEAK {leaked[:5]}: {where}: {response.text[:500]}")
