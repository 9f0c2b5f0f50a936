"""Discovering, validating and ordering the installed modules.

Declaration errors (an unknown or cyclic dependency, a name outside the module's namespace, a
GraphQL field collision) stop start-up with one message listing every problem. A module that
fails to *load* (import error, a broken lifespan, a failed migration) is only marked failed,
with its dependents, and the rest of the process keeps serving.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from pydantic import ValidationError
from strawberry.schema.name_converter import NameConverter
from strawberry.types.base import has_object_definition

from app.registry.declaration import Module, Permission

__all__ = ["ENTRY_POINT_GROUP", "ModuleFailure", "Registry", "RegistryError", "root_field_names"]

ENTRY_POINT_GROUP = "rustok.modules"
RESERVED_NAMESPACES = frozenset({"core", "webhooks", "idx"})
_MODULE_NAME = re.compile(r"^[a-z][a-z0-9]*$")
_PERMISSION_NAME = re.compile(r"^[a-z][a-z0-9]*\.[a-z]+_[a-z0-9_]+$")


class RegistryError(Exception):
    """The set of installed modules is inconsistent; the message lists every problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "the installed modules are inconsistent:\n  - " + "\n  - ".join(self.problems)
        )


@dataclass(frozen=True, slots=True)
class ModuleFailure:
    """A module that could not be loaded or migrated, and why."""

    name: str
    reason: str


def root_field_names(strawberry_type: type | None) -> set[str]:
    """Return the GraphQL names of the fields a Strawberry type declares."""
    if strawberry_type is None or not has_object_definition(strawberry_type):
        return set()
    converter = NameConverter()
    definition = strawberry_type.__strawberry_definition__
    return {converter.get_graphql_name(field) for field in definition.fields}


class Registry:
    """The installed modules in dependency order, and those that failed."""

    def __init__(
        self,
        modules: Iterable[Module],
        *,
        failures: Iterable[ModuleFailure] = (),
        core_fields: tuple[set[str], set[str]] = (set(), set()),
        core_permissions: Iterable[Permission] = (),
    ) -> None:
        candidates = list(modules)
        self._failures = {failure.name: failure for failure in failures}
        self.core_permissions = tuple(core_permissions)
        problems = _declaration_problems(candidates, core_fields)
        problems += self._dependency_problems(candidates)
        if problems:
            raise RegistryError(problems)
        self._modules = {module.name: module for module in _topological(candidates)}
        self._cascade_failures()

    @classmethod
    def discover(
        cls,
        selected: Sequence[str] | None,
        *,
        available: Iterable[EntryPoint] | None = None,
        extra: Iterable[Module] = (),
        core_fields: tuple[set[str], set[str]] = (set(), set()),
        core_permissions: Iterable[Permission] = (),
    ) -> Registry:
        """Load the modules of the ``rustok.modules`` entry points that ``selected`` names.

        ``selected`` None means every available module; ``extra`` adds modules declared in
        code (test-only modules are registered this way, never through entry points).
        """
        points = list(entry_points(group=ENTRY_POINT_GROUP) if available is None else available)
        by_name = {point.name: point for point in points}
        extra_modules = list(extra)
        known = set(by_name) | {module.name for module in extra_modules}
        if selected is not None:
            unknown = sorted(set(selected) - known)
            if unknown:
                raise RegistryError(
                    [
                        f"RUSTOK_MODULES names {name!r}, which is not installed "
                        f"(available: {', '.join(sorted(known)) or 'none'})"
                        for name in unknown
                    ]
                )
        wanted = set(known if selected is None else selected)
        loaded: list[Module] = [module for module in extra_modules if module.name in wanted]
        failures: list[ModuleFailure] = []
        for name in sorted(wanted & set(by_name)):
            module, failure = _load(by_name[name])
            if module is not None:
                loaded.append(module)
            if failure is not None:
                failures.append(failure)
        return cls(
            loaded,
            failures=failures,
            core_fields=core_fields,
            core_permissions=core_permissions,
        )

    def _dependency_problems(self, candidates: list[Module]) -> list[str]:
        names = {module.name for module in candidates}
        problems = []
        for module in candidates:
            for dependency in module.depends_on:
                if dependency not in names and dependency not in self._failures:
                    problems.append(
                        f"module {module.name!r} depends on {dependency!r}, which is not installed"
                    )
        cycle = _find_cycle(candidates)
        if cycle:
            problems.append("dependency cycle: " + " -> ".join(cycle))
        return problems

    def _cascade_failures(self) -> None:
        for module in list(self._modules.values()):
            failed = [name for name in module.depends_on if name in self._failures]
            if failed:
                self.mark_failed(module.name, f"dependency {failed[0]!r} failed")

    def mark_failed(self, name: str, reason: str) -> None:
        """Take ``name`` (and every module that depends on it) out of service."""
        if name in self._failures:
            return
        self._failures[name] = ModuleFailure(name, reason)
        self._modules.pop(name, None)
        for dependent in self.dependents(name):
            self.mark_failed(dependent, f"dependency {name!r} failed")

    @property
    def modules(self) -> list[Module]:
        """Return the modules in service, dependencies first."""
        return list(self._modules.values())

    @property
    def failures(self) -> list[ModuleFailure]:
        """Return the modules that failed to load or migrate."""
        return sorted(self._failures.values(), key=lambda failure: failure.name)

    def find(self, name: str) -> Module | None:
        """Return the module ``name`` if it is in service."""
        return self._modules.get(name)

    def dependents(self, name: str) -> list[str]:
        """Return the modules in service that depend on ``name`` directly."""
        return [module.name for module in self._modules.values() if name in module.depends_on]

    def dependencies_closure(self, name: str) -> list[str]:
        """Return ``name`` and everything it needs, dependencies first."""
        order = list(self._modules)
        needed: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in needed:
                continue
            needed.add(current)
            module = self._modules.get(current)
            stack.extend(module.depends_on if module else ())
        return [item for item in order if item in needed]

    def permissions(self) -> dict[str, Permission]:
        """Return every permission of the core and of the modules in service, by name."""
        declared = list(self.core_permissions)
        for module in self._modules.values():
            declared.extend(module.permissions)
        return {permission.name: permission for permission in declared}


def _load(point: EntryPoint) -> tuple[Module | None, ModuleFailure | None]:
    try:
        loaded = point.load()
    except Exception as error:  # noqa: BLE001 - any import failure marks the module failed
        return None, ModuleFailure(point.name, f"import failed: {type(error).__name__}: {error}")
    if not isinstance(loaded, Module):
        reason = f"entry point {point.value!r} is a {type(loaded).__name__}, not a Module"
        return None, ModuleFailure(point.name, reason)
    if loaded.name != point.name:
        reason = f"entry point {point.name!r} loads a module named {loaded.name!r}"
        return None, ModuleFailure(point.name, reason)
    return loaded, None


def _declaration_problems(
    modules: list[Module], core_fields: tuple[set[str], set[str]]
) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    owners: tuple[dict[str, str], dict[str, str]] = (
        dict.fromkeys(core_fields[0], "core"),
        dict.fromkeys(core_fields[1], "core"),
    )
    subscribers: set[str] = set()
    routes: dict[str, str] = {}
    for module in modules:
        if module.name in seen:
            problems.append(f"module {module.name!r} is declared twice")
        seen[module.name] = module.name
        for subscriber in module.subscribers():
            if subscriber.name in subscribers:
                problems.append(f"subscriber {subscriber.name!r} is declared twice")
            subscribers.add(subscriber.name)
        problems += _namespace_problems(module)
        problems += _field_collisions(module, owners)
        problems += _route_problems(module, routes)
    return problems


def _route_problems(module: Module, owners: dict[str, str]) -> list[str]:
    problems = []
    for route in module.routes:
        if not route.name.startswith(f"{module.name}."):
            problems.append(
                f"module {module.name!r}: route {route.name!r} must be named {module.name}.<name>"
            )
        if not route.path or route.path.startswith("/"):
            problems.append(
                f"module {module.name!r}: route {route.name!r} needs a relative path, "
                "the part after /t/<tenant>/"
            )
        for method in route.methods:
            owner = owners.setdefault(f"{method} {route.path}", module.name)
            if owner != module.name:
                problems.append(
                    f"route {method} /t/<tenant>/{route.path} of module {module.name!r} "
                    f"collides with the one of {owner!r}"
                )
    return problems


def _namespace_problems(module: Module) -> list[str]:
    name = module.name
    if not _MODULE_NAME.match(name) or name in RESERVED_NAMESPACES:
        return [f"module name {name!r} must be lowercase letters and digits and not reserved"]
    problems = []
    for model in module.models:
        table = str(getattr(model, "__tablename__", ""))
        if not table.startswith((f"{name}_", f"idx_{name}_")):
            problems.append(
                f"module {name!r}: table {table!r} is outside its namespace "
                f"({name}_* or idx_{name}_*)"
            )
    for permission in module.permissions:
        if permission.namespace != name or not _PERMISSION_NAME.match(permission.name):
            problems.append(
                f"module {name!r}: permission {permission.name!r} must be named "
                f"{name}.<verb>_<object>"
            )
    problems += _event_problems(module)
    if module.settings is not None:
        try:
            module.settings()
        except ValidationError:
            problems.append(f"module {name!r}: every settings field needs a default")
    return problems


def _event_problems(module: Module) -> list[str]:
    from app.events.declarations import EVENT_NAME

    name, problems = module.name, []
    for event_type in module.events:
        if event_type.namespace != name or not EVENT_NAME.match(event_type.name):
            problems.append(
                f"module {name!r}: event type {event_type.name!r} must be named "
                f"{name}.<entity>.<past_tense_verb>"
            )
    for subscriber in module.subscribers():
        if not subscriber.name.startswith(f"{name}."):
            problems.append(
                f"module {name!r}: subscriber {subscriber.name!r} must be named {name}.<name>"
            )
    problems += [
        f"module {name!r}: job {job.name!r} must be named {name}.<name>"
        for job in module.jobs
        if not job.name.startswith(f"{name}.")
    ]
    for projection in module.projections:
        problems += [
            f"module {name!r}: projection table {table!r} must be named idx_{name}_*"
            for table in projection.tables
            if not table.startswith(f"idx_{name}_")
        ]
    return problems


def _field_collisions(module: Module, owners: tuple[dict[str, str], dict[str, str]]) -> list[str]:
    problems = []
    kinds = (("Query", module.graphql.query), ("Mutation", module.graphql.mutation))
    for (kind, strawberry_type), owner_map in zip(kinds, owners, strict=True):
        for field_name in sorted(root_field_names(strawberry_type)):
            owner = owner_map.setdefault(field_name, module.name)
            if owner != module.name:
                problems.append(
                    f"GraphQL field {kind}.{field_name} of module {module.name!r} "
                    f"collides with the one of {owner!r}"
                )
    return problems


def _find_cycle(modules: list[Module]) -> list[str]:
    graph = {module.name: [d for d in module.depends_on] for module in modules}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for neighbour in graph.get(node, ()):
            if state.get(neighbour) == 1:
                return [*path[path.index(neighbour) :], neighbour]
            if neighbour in graph and neighbour not in state:
                found = visit(neighbour)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for name in sorted(graph):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return []


def _topological(modules: list[Module]) -> list[Module]:
    by_name = {module.name: module for module in modules}
    ordered: list[Module] = []
    placed: set[str] = set()
    remaining = sorted(by_name)
    while remaining:
        ready = [
            name
            for name in remaining
            if all(d in placed or d not in by_name for d in by_name[name].depends_on)
        ]
        for name in ready:
            ordered.append(by_name[name])
            placed.add(name)
        remaining = [name for name in remaining if name not in placed]
    return ordered
