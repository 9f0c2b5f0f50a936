"""The composed schema: exported SDL up to date, described, declared, non-breaking, federated."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from graphql import (
    BreakingChangeType,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
)

from app.bootstrap import build_registry
from app.bootstrap import build_schema as compose
from app.config import Settings
from app.registry import Registry
from tests.support.client import RunningApp, unique_slug

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schema.graphql"


def production_sdl() -> str:
    """Return the SDL of the schema composed from the installed modules only."""
    return compose(build_registry(Settings(_env_file=None, debug=True))).sdl()


def test_schema_file_matches_export() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == production_sdl(), (
        "schema.graphql is stale: run `rustok schema export` and commit it"
    )


def _undescribed(schema: GraphQLSchema) -> list[str]:
    missing = []
    for named in schema.type_map.values():
        if named.name.startswith(("_", "link__")) or named.name in {
            "String",
            "Int",
            "Float",
            "Boolean",
            "ID",
        }:
            continue
        if not named.description:
            missing.append(named.name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for name, field in named.fields.items():
                if name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{named.name}.{name}")
                missing += [
                    f"{named.name}.{name}({arg})"
                    for arg, argument in field.args.items()
                    if not argument.description
                ]
        elif isinstance(named, GraphQLInputObjectType):
            missing += [
                f"{named.name}.{name}"
                for name, field in named.fields.items()
                if not field.description
            ]
        elif isinstance(named, GraphQLEnumType):
            missing += [
                f"{named.name}.{name}"
                for name, value in named.values.items()
                if not value.description
            ]
    return missing


def test_every_type_field_argument_and_value_is_described(
    registry_factory: Callable[[], Registry],
) -> None:
    schema = compose(registry_factory()).graphql_schema
    assert _undescribed(schema) == []


def test_description_walk_catches_a_missing_description() -> None:
    schema = build_schema_from_sdl('"Q" type Query { "f" f(a: Int): Int g: Int }')
    assert _undescribed(schema) == ["Query.f(a)", "Query.g"]


def build_schema_from_sdl(sdl: str) -> GraphQLSchema:
    """Build a graphql-core schema from plain SDL."""
    return build_schema(sdl)


_FEDERATION_PREAMBLE = """
scalar _Any
scalar link__Import
directive @link(url: String!, import: [link__Import]) repeatable on SCHEMA
directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
"""


def _loadable(sdl: str) -> GraphQLSchema:
    cleaned = sdl.replace("scalar _Any\n", "")
    return build_schema(_FEDERATION_PREAMBLE + cleaned)


_REMOVED_FIELD = re.compile(r"(\w+)\.(\w+) was removed")


def _breaking_without_deprecation(old_sdl: str, new_sdl: str) -> list[str]:
    return _breaking_between(_loadable(old_sdl), _loadable(new_sdl))


def _breaking_between(old: GraphQLSchema, new: GraphQLSchema) -> list[str]:
    problems = []
    for change in find_breaking_changes(old, new):
        removed = _REMOVED_FIELD.search(change.description)
        if change.type is BreakingChangeType.FIELD_REMOVED and removed:
            fields = getattr(old.get_type(removed[1]), "fields", {})
            if removed[2] in fields and fields[removed[2]].deprecation_reason:
                continue
        problems.append(f"{change.type.name}: {change.description}")
    return problems


def _committed_versions() -> list[str]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("no git history here: breaking changes are checked in a git checkout")
    revisions = subprocess.run(  # noqa: S603 - fixed arguments
        [git, "log", "--format=%H", "--reverse", "--", "schema.graphql"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    versions = []
    for revision in revisions:
        shown = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "show", f"{revision}:schema.graphql"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if shown.returncode == 0 and shown.stdout.strip():
            versions.append(shown.stdout)
    return versions


def test_no_committed_change_breaks_clients_without_deprecation() -> None:
    versions = [*_committed_versions(), SCHEMA_FILE.read_text(encoding="utf-8")]
    # Each version is built once (building is most of the cost), then compared with the next.
    schemas = map(_loadable, versions)
    problems = []
    for old, new in itertools.pairwise(schemas):
        problems += _breaking_between(old, new)
    assert problems == []


def test_breaking_check_flags_removal_but_allows_deprecated_removal() -> None:
    old = '"Q" type Query { "a" a: Int "b" b: Int @deprecated(reason: "use a") }'
    assert _breaking_without_deprecation(old, '"Q" type Query { "b" b: Int }') == [
        "FIELD_REMOVED: Field Query.a was removed."
    ]
    assert _breaking_without_deprecation(old, '"Q" type Query { "a" a: Int }') == []


async def test_federation_service_sdl_and_entities(api: RunningApp) -> None:
    body = await api.gql("{ _service { sdl } }")
    assert '@key(fields: "slug")' in body["data"]["_service"]["sdl"]
    slug = unique_slug()
    token = api.auth.platform_admin()
    created = await api.gql(
        "mutation ($i: TenantCreateInput!) { tenantCreate(input: $i) { errors { code } } }",
        {"i": {"slug": slug, "name": "Federated"}},
        token=token,
    )
    assert created["data"]["tenantCreate"]["errors"] == []
    entities = await api.gql(
        "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Tenant { slug name } } }",
        {"r": [{"__typename": "Tenant", "slug": slug}, {"__typename": "Tenant", "slug": "absent"}]},
    )
    assert entities == {"data": {"_entities": [{"slug": slug, "name": "Federated"}, None]}}
