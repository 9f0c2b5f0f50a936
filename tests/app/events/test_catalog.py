"""docs/references/events-catalog.md lists every registered event type as it is declared."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.bootstrap import build_event_bus, build_registry
from app.clock import SystemClock
from app.config import Settings
from app.events.declarations import EventType

CATALOG = Path(__file__).resolve().parents[3] / "docs" / "references" / "events-catalog.md"
HEADER = ["type", "version", "payload", "emitted by", "visible with"]
EVENT_TYPE = re.compile(r"^`([a-z][a-z0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)`$")
PLANNED = "*planned*"


@dataclass(frozen=True, slots=True)
class Row:
    """One event type as the catalog lists it."""

    type: str
    version: str
    payload: str
    emitted_by: str
    visible_with: str

    @property
    def namespace(self) -> str:
        """Return the namespace the type belongs to."""
        return self.type.partition(".")[0]

    @property
    def is_planned(self) -> bool:
        """Return whether the row is marked as not registered yet."""
        return self.emitted_by.startswith(PLANNED)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def catalog_rows(text: str) -> dict[str, Row]:
    """Return the rows of every event table (the layout the catalog's preamble fixes)."""
    rows: dict[str, Row] = {}
    in_table = False
    for line in text.splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = _cells(line)
        if cells == HEADER:
            in_table = True
            continue
        found = EVENT_TYPE.match(cells[0]) if in_table else None
        if found is None:
            continue
        assert len(cells) == len(HEADER), f"{cells[0]}: {len(cells)} cells, not {len(HEADER)}"
        assert found[1] not in rows, f"{found[1]} is listed twice"
        rows[found[1]] = Row(found[1], *cells[1:])
    return rows


def expected_payload(event_type: EventType) -> str:
    """Return the payload cell a type's schema calls for: its fields, `?` on optional ones."""
    fields = event_type.payload.model_fields
    names = [f"{name}{'' if field.is_required() else '?'}" for name, field in fields.items()]
    return f"`{', '.join(names)}`"


@pytest.fixture(scope="module")
def registered() -> dict[str, EventType]:
    """The event types of the core and the installed modules (no test-only module)."""
    registry = build_registry(Settings(_env_file=None, debug=True))
    return build_event_bus(registry, SystemClock()).types


@pytest.fixture(scope="module")
def listed() -> dict[str, Row]:
    """The catalog's rows by type."""
    return catalog_rows(CATALOG.read_text(encoding="utf-8"))


def test_every_registered_type_is_listed_as_declared(
    registered: dict[str, EventType], listed: dict[str, Row]
) -> None:
    problems = []
    for name, event_type in sorted(registered.items()):
        row = listed.get(name)
        if row is None:
            problems.append(f"{name} is registered but not listed")
            continue
        expected = (str(event_type.version), expected_payload(event_type))
        if (row.version, row.payload) != expected:
            problems.append(f"{name}: listed {row.version} {row.payload}, declared {expected}")
        if row.visible_with != f"`{event_type.permission.name}`":
            problems.append(f"{name}: visible with {event_type.permission.name}")
        if row.is_planned:
            problems.append(f"{name} is registered: drop its {PLANNED} marker")
    assert problems == []


def test_every_listed_type_of_a_served_namespace_is_registered_or_planned(
    registered: dict[str, EventType], listed: dict[str, Row]
) -> None:
    served = {"core"} | {event_type.namespace for event_type in registered.values()}
    unregistered = [
        name
        for name, row in sorted(listed.items())
        if row.namespace in served and name not in registered and not row.is_planned
    ]
    assert unregistered == [], f"register these or mark them {PLANNED} in the catalog"


def test_the_core_registers_its_tenant_and_module_events(registered: dict[str, EventType]) -> None:
    core = {name for name in registered if name.startswith(("core.tenant.", "core.module."))}
    assert core == {
        "core.tenant.created",
        "core.tenant.updated",
        "core.tenant.suspended",
        "core.tenant.activated",
        "core.tenant.archived",
        "core.module.enabled",
        "core.module.disabled",
        "core.module.settings_updated",
    }


def test_the_parser_reads_every_section(listed: dict[str, Row]) -> None:
    namespaces = {row.namespace for row in listed.values()}
    assert namespaces == {
        "core",
        "webhooks",
        "content",
        "blog",
        "commerce",
        "forum",
        "social",
        "notifications",
        "flex",
    }
    assert listed["core.tenant.created"] == Row(
        type="core.tenant.created",
        version="1",
        payload="`slug`",
        emitted_by="`tenantCreate`, `rustok tenant create`, `rustok demo`",
        visible_with="`core.manage_tenants`",
    )
    assert listed["core.index.rebuilt"].is_planned


def test_the_parser_ignores_rows_outside_event_tables() -> None:
    text = "\n".join(
        [
            "| field | type | meaning |",
            "| `a.b.c` | x | y |",
            "",
            "| type | version | payload | emitted by | visible with |",
            "| --- | --- | --- | --- | --- |",
            "| `x.y.made` | 2 | `y_id, z?` | *planned* (#9): `yMake` | `x.view_y` |",
            "| not a type | 1 | | | |",
        ]
    )

    assert catalog_rows(text) == {
        "x.y.made": Row("x.y.made", "2", "`y_id, z?`", "*planned* (#9): `yMake`", "`x.view_y`")
    }
