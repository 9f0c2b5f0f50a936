"""Settings: defaults, list parsing and start-up errors that name the variable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import ConfigurationError, Settings, load_settings

SECRET = "s" * 32


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No RUSTOK_* setting of the caller's environment (or .env file) leaks into a test."""
    for name in list(os.environ):
        if name.startswith("RUSTOK_") and not name.startswith("RUSTOK_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def configuration_error(**overrides: object) -> str:
    """Return the message of the ConfigurationError that load_settings raises."""
    with pytest.raises(ConfigurationError) as caught:
        load_settings(_env_file=None, **overrides)
    return str(caught.value)


def test_defaults() -> None:
    settings = Settings(_env_file=None, secret_key=SECRET)

    assert settings.database_url == "sqlite+aiosqlite:///./var/rustok.db"
    assert settings.owner_url == "sqlite+aiosqlite:///./var/rustok.db"
    assert settings.database_owner_url == ""
    assert settings.redis_url == ""
    assert settings.modules is None
    assert settings.default_modules == ["content", "blog"]
    assert settings.debug is False
    assert settings.is_introspection_enabled is False
    assert settings.is_graphiql_enabled is False
    assert settings.max_page_size == 100
    assert settings.effective_secret_key == SECRET


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "RUSTOK_SECRET_KEY": SECRET,
        "RUSTOK_DATABASE_URL": "postgresql+asyncpg://app@db/rustok",
        "RUSTOK_DATABASE_OWNER_URL": "postgresql+asyncpg://owner@db/rustok",
        "RUSTOK_REDIS_URL": "redis://cache:6379/0",
        "RUSTOK_MAX_PAGE_SIZE": "50",
    }.items():
        monkeypatch.setenv(name, value)

    settings = load_settings(_env_file=None)

    assert settings.database_url == "postgresql+asyncpg://app@db/rustok"
    assert settings.owner_url == "postgresql+asyncpg://owner@db/rustok"
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.max_page_size == 50


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"RUSTOK_SECRET_KEY={SECRET}\nRUSTOK_MODULES=blog\n")

    settings = Settings()

    assert (settings.secret_key, settings.modules) == (SECRET, ["blog"])


def test_comma_lists_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUSTOK_MODULES", " blog, content,,forum ")
    monkeypatch.setenv("RUSTOK_DEFAULT_MODULES", "content")

    settings = Settings(_env_file=None, secret_key=SECRET)

    assert settings.modules == ["blog", "content", "forum"]
    assert settings.default_modules == ["content"]


def test_empty_default_modules_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUSTOK_DEFAULT_MODULES", "")

    settings = Settings(_env_file=None, secret_key=SECRET)

    assert settings.default_modules == []


def test_secret_key_is_required_outside_debug() -> None:
    message = configuration_error()

    assert "RUSTOK_SECRET_KEY must be set to at least 32 characters outside debug mode" in message


def test_short_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUSTOK_SECRET_KEY", "too-short")

    assert "RUSTOK_SECRET_KEY must be set to at least 32 characters" in configuration_error()


def test_debug_mode_needs_no_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUSTOK_DEBUG", "1")

    settings = load_settings(_env_file=None)

    assert settings.secret_key == ""
    assert len(settings.effective_secret_key) >= 32
    assert settings.effective_secret_key == load_settings(_env_file=None).effective_secret_key
    assert settings.is_introspection_enabled is True
    assert settings.is_graphiql_enabled is True


def test_debug_defaults_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUSTOK_DEBUG", "true")
    monkeypatch.setenv("RUSTOK_INTROSPECTION", "0")
    monkeypatch.setenv("RUSTOK_GRAPHIQL", "false")

    settings = load_settings(_env_file=None)

    assert (settings.is_introspection_enabled, settings.is_graphiql_enabled) == (False, False)


@pytest.mark.parametrize(
    ("variable", "url", "scheme"),
    [
        ("RUSTOK_DATABASE_URL", "mysql://app@db/rustok", "mysql"),
        ("RUSTOK_DATABASE_URL", "postgresql://app@db/rustok", "postgresql"),
        ("RUSTOK_DATABASE_URL", "sqlite:///var/rustok.db", "sqlite"),
        (
            "RUSTOK_DATABASE_OWNER_URL",
            "postgresql+psycopg2://owner@db/rustok",
            "postgresql+psycopg2",
        ),
    ],
)
def test_bad_database_url_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, url: str, scheme: str
) -> None:
    monkeypatch.setenv("RUSTOK_SECRET_KEY", SECRET)
    monkeypatch.setenv(variable, url)

    assert configuration_error() == (
        "invalid configuration:\n"
        f"  {variable}: Value error, use a sqlite+aiosqlite:// or postgresql+asyncpg:// URL, "
        f"got {scheme}://"
    )


def test_every_bad_variable_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUSTOK_SECRET_KEY", SECRET)
    monkeypatch.setenv("RUSTOK_DEBUG", "maybe")
    monkeypatch.setenv("RUSTOK_MAX_PAGE_SIZE", "0")
    monkeypatch.setenv("RUSTOK_DATABASE_POOL_SIZE", "many")
    monkeypatch.setenv("RUSTOK_DATABASE_URL", "mysql://app@db/rustok")

    lines = configuration_error().splitlines()

    assert lines[0] == "invalid configuration:"
    assert sorted(line.strip().partition(":")[0] for line in lines[1:]) == [
        "RUSTOK_DATABASE_POOL_SIZE",
        "RUSTOK_DATABASE_URL",
        "RUSTOK_DEBUG",
        "RUSTOK_MAX_PAGE_SIZE",
    ]
    assert "  RUSTOK_MAX_PAGE_SIZE: Input should be greater than or equal to 1" in lines


def test_settings_are_frozen() -> None:
    settings = Settings(_env_file=None, secret_key=SECRET)

    with pytest.raises(ValidationError):
        settings.max_page_size = 10  # type: ignore[misc]
