"""``rustok role``: list, create, delete (the CLI sees the core's permissions only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli import Cli, table_rows, words
from tests.support.client import unique_slug
from tests.support.databases import DatabaseTarget


@pytest.fixture
def cli(database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """The CLI on the run's database."""
    return Cli.on(database, monkeypatch, tmp_path)


@pytest.fixture
def tenant(cli: Cli) -> str:
    """The slug of a new tenant, created through the CLI."""
    slug = unique_slug("cli")
    assert cli("tenant", "create", slug).exit_code == 0
    return slug


def roles(cli: Cli, tenant: str) -> dict[str, list[str]]:
    """Return ``role list``'s rows by role name (wrapped continuation lines left out)."""
    result = cli("role", "list", "--tenant", tenant)
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert rows[0] == ["name", "built-in", "description", "permissions"]
    return {row[0]: row for row in rows[1:] if row[0]}


def test_role_lifecycle(cli: Cli, tenant: str) -> None:
    assert list(roles(cli, tenant)) == ["owner", "admin", "editor", "viewer"]

    created = cli(
        "role",
        "create",
        "staff",
        "--tenant",
        tenant,
        "-p",
        "core.view_modules",
        "--permission",
        "core.view_index",
        "--description",
        "Sees how the site runs.",
    )

    assert (created.exit_code, created.stdout) == (
        0,
        f"created role staff in {tenant}: core.view_index, core.view_modules\n",
    )
    assert roles(cli, tenant)["staff"] == [
        "staff",
        "",
        "Sees how the site runs.",
        "core.view_index, core.view_modules",
    ]
    email = f"{unique_slug('staff')}@example.test"
    assert cli("user", "create", email, "--password", "-").exit_code == 0
    assert cli("user", "grant", email, "staff", "--tenant", tenant).exit_code == 0

    deleted = cli("role", "delete", "staff", "--tenant", tenant)

    assert (deleted.exit_code, deleted.stdout) == (
        0,
        f"deleted role staff from {tenant} (1 member lost it)\n",
    )
    assert "staff" not in roles(cli, tenant)


def test_built_in_roles_show_their_computed_permissions(cli: Cli, tenant: str) -> None:
    listed = roles(cli, tenant)

    assert listed["viewer"][:3] == ["viewer", "yes", "See everything, change nothing."]
    assert "core.view_modules" in listed["viewer"][3]
    assert "core.manage_modules" not in listed["viewer"][3]


def test_create_refuses_what_is_not_a_tenant_permission(cli: Cli, tenant: str) -> None:
    result = cli(
        "role", "create", "staff", "--tenant", tenant, "-p", "nope", "-p", "core.manage_tenants"
    )

    assert result.exit_code == 1
    assert result.stdout == ""
    assert words(result.stderr) == (
        "error: VALIDATION (permissions.0): no permission is named 'nope': see the "
        "`permissions` query"
    )
    assert "staff" not in roles(cli, tenant)


def test_create_refuses_a_taken_name(cli: Cli, tenant: str) -> None:
    result = cli("role", "create", "owner", "--tenant", tenant)

    assert result.exit_code == 1
    assert words(result.stderr) == (
        "error: CONFLICT (name): a role named 'owner' exists in this tenant"
    )


def test_built_in_roles_cannot_be_deleted(cli: Cli, tenant: str) -> None:
    result = cli("role", "delete", "owner", "--tenant", tenant)

    assert result.exit_code == 1
    assert words(result.stderr) == (
        "error: CONFLICT (id): 'owner' is a built-in role and cannot be changed or deleted; "
        "create a custom role instead"
    )


def test_delete_of_an_unknown_role_is_not_found(cli: Cli, tenant: str) -> None:
    result = cli("role", "delete", "ghost", "--tenant", tenant)

    assert result.exit_code == 1
    assert words(result.stderr) == f"error: NOT_FOUND (name): no role named 'ghost' in {tenant}"


def test_an_unknown_tenant_is_not_found(cli: Cli) -> None:
    slug = unique_slug("nobody")

    result = cli("role", "list", "--tenant", slug)

    assert result.exit_code == 1
    assert words(result.stderr) == f"error: NOT_FOUND (slug): no tenant '{slug}'"
