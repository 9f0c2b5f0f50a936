"""Settings read from ``RUSTOK_*`` environment variables (and an optional ``.env`` file).

A bad value fails at start-up with a message naming the variable (:func:`load_settings`).
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["ConfigurationError", "Settings", "load_settings"]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/rustok.db"
# The admin SPA's build in a source checkout (`make admin`); set RUSTOK_ADMIN_DIR elsewhere.
DEFAULT_ADMIN_DIR = Path(__file__).resolve().parent.parent / "admin-spa" / "dist"
DATABASE_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message names the environment variable."""


def _split_names(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


# "COUNT/SECONDS": at most COUNT hits per fixed window of SECONDS (COUNT 0 switches it off).
_LIMIT = r"^[0-9]{1,9}/[1-9][0-9]{0,6}$"


def _check_networks(value: list[str]) -> list[str]:
    for entry in value:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"{entry[:60]!r} is not an IP address or network") from None
    return value


def _check_origin(origin: str) -> str:
    if origin == "*":
        return origin
    scheme, sep, rest = origin.partition("://")
    if scheme not in {"http", "https"} or not sep or not rest or "/" in rest:
        raise ValueError(f"{origin[:80]!r} is not an origin (scheme://host[:port]) or *")
    return origin.lower()


def _check_origins(value: list[str]) -> list[str]:
    return [_check_origin(origin) for origin in value]


def _check_tenant_origins(value: dict[str, list[str]]) -> dict[str, list[str]]:
    return {slug: _check_origins(origins) for slug, origins in value.items()}


def _check_database_url(value: str) -> str:
    # Another driver (postgresql://, sqlite:///) would fail later with a traceback instead.
    if value and not value.startswith(DATABASE_SCHEMES):
        raise ValueError(
            "use a sqlite+aiosqlite:// or postgresql+asyncpg:// URL, "
            f"got {value.partition('://')[0][:40]}://"
        )
    return value


def _check_mail_url(value: str) -> str:
    from app.email.mail_url import parse_mail_url

    parse_mail_url(value)
    return value


class Settings(BaseSettings):
    """Every setting of a RusToK process; field ``x`` is read from ``RUSTOK_X``."""

    model_config = SettingsConfigDict(
        env_prefix="RUSTOK_", env_file=".env", extra="ignore", frozen=True
    )

    debug: bool = False
    secret_key: str = ""
    secret_key_fallbacks: Annotated[list[str], NoDecode] = Field(default_factory=list)
    database_url: str = DEFAULT_DATABASE_URL
    database_owner_url: str = ""
    redis_url: str = ""
    redis_prefix: str = Field(default="rustok", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    modules: Annotated[list[str] | None, NoDecode] = None
    default_modules: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["content", "blog"]
    )
    introspection: bool | None = None
    graphiql: bool | None = None
    media_root: Path = Path("var/media")
    admin_dir: Path = DEFAULT_ADMIN_DIR
    tenant_hosts: dict[str, str] = Field(default_factory=dict)
    tenant_cache_seconds: float = Field(default=2.0, ge=0, le=300)
    max_query_depth: int = Field(default=12, ge=1, le=100)
    max_query_aliases: int = Field(default=30, ge=1, le=1000)
    max_query_tokens: int = Field(default=2000, ge=50, le=100_000)
    max_page_size: int = Field(default=100, ge=1, le=100)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    database_pool_size: int = Field(default=10, ge=1, le=200)
    webhook_allow_private: bool = False
    webhook_concurrency: int = Field(default=20, ge=1, le=500)
    webhook_timeout_seconds: float = Field(default=15.0, gt=0, le=60)
    webhook_lease_seconds: float = Field(default=120.0, ge=5, le=3600)
    event_retention_days: int = Field(default=30, ge=1)
    event_max_attempts: int = Field(default=10, ge=1, le=100)
    event_batch_size: int = Field(default=100, ge=1, le=10_000)
    event_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    event_runner: Literal["auto", "embedded", "worker", "off"] = "auto"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    session_retention_days: int = Field(default=7, ge=1, le=365)
    password_hash_cost: Literal["production", "test"] = "production"  # noqa: S105 - a cost name
    principal_cache_seconds: float = Field(default=2.0, ge=0, le=60)
    mail_url: str = "file://var/mail"
    mail_from: str = Field(default="RusToK <no-reply@localhost>", min_length=3, max_length=320)
    storefront_url: str = Field(default="http://localhost:3000/{tenant}", pattern=r"^https?://")
    customer_verify_token_hours: int = Field(default=48, ge=1, le=30 * 24)
    customer_reset_token_minutes: int = Field(default=60, ge=5, le=24 * 60)

    _validate_modules = field_validator(
        "modules", "default_modules", "secret_key_fallbacks", mode="before"
    )(_split_names)
    _validate_urls = field_validator("database_url", "database_owner_url")(_check_database_url)
    _validate_mail_url = field_validator("mail_url")(_check_mail_url)

    @model_validator(mode="after")
    def _lease_outlasts_a_send(self) -> Settings:
        # A lease that ran out while its send is still under way would send it twice at once.
        if self.webhook_lease_seconds < self.webhook_timeout_seconds + 5:
            raise ValueError(
                "RUSTOK_WEBHOOK_LEASE_SECONDS must be at least RUSTOK_WEBHOOK_TIMEOUT_SECONDS + 5"
            )
        return self

    @model_validator(mode="after")
    def _require_secret_outside_debug(self) -> Settings:
        if not self.debug and len(self.secret_key) < 32:
            raise ValueError(
                "RUSTOK_SECRET_KEY must be set to at least 32 characters outside debug mode "
                "(generate one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return self

    @property
    def runs_embedded_runner(self) -> bool:
        """Return whether the API process drains the outbox itself (no Redis: yes)."""
        if self.event_runner == "auto":
            return not self.redis_url
        return self.event_runner == "embedded"

    @property
    def owner_url(self) -> str:
        """Return the URL that owns the tables and runs migrations."""
        return self.database_owner_url or self.database_url

    @property
    def is_introspection_enabled(self) -> bool:
        """Return whether introspection is served (default: only in debug)."""
        return self.debug if self.introspection is None else self.introspection

    @property
    def is_graphiql_enabled(self) -> bool:
        """Return whether GraphiQL is served on GET /graphql (default: only in debug)."""
        return self.debug if self.graphiql is None else self.graphiql

    @field_validator("secret_key_fallbacks")
    @classmethod
    def _long_fallbacks(cls, value: list[str]) -> list[str]:
        if any(len(key) < 32 for key in value):
            raise ValueError(
                "every key of RUSTOK_SECRET_KEY_FALLBACKS must be 32 characters or more"
            )
        return value

    @property
    def effective_secret_key(self) -> str:
        """Return the secret key; in debug without one, a per-process random key."""
        return self.secret_key or _DEBUG_SECRET

    # Rate limits, "COUNT/SECONDS" per fixed window (0/... switches one off): app/ratelimit.
    rate_limit_login_account: str = Field(default="10/300", pattern=_LIMIT)
    rate_limit_login_address: str = Field(default="50/300", pattern=_LIMIT)
    rate_limit_refresh_account: str = Field(default="30/300", pattern=_LIMIT)
    rate_limit_refresh_address: str = Field(default="100/300", pattern=_LIMIT)
    rate_limit_signup_account: str = Field(default="5/3600", pattern=_LIMIT)
    rate_limit_signup_address: str = Field(default="20/3600", pattern=_LIMIT)
    rate_limit_password_reset_account: str = Field(default="5/3600", pattern=_LIMIT)
    rate_limit_password_reset_address: str = Field(default="20/3600", pattern=_LIMIT)
    rate_limit_request_address: str = Field(default="1200/60", pattern=_LIMIT)
    rate_limit_request_api_key: str = Field(default="3000/60", pattern=_LIMIT)
    # Peers whose X-Forwarded-For is believed: IP addresses or CIDR networks, comma separated.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # The static cost a query may have (app/graphql/cost.py); refused above it.
    max_query_cost: int = Field(default=10_000, ge=1, le=10_000_000)
    # CORS: origins allowed for every tenant, plus per tenant slug (JSON {"acme": [...]}).
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    tenant_cors: dict[str, list[str]] = Field(default_factory=dict)

    _validate_lists = field_validator("trusted_proxies", "cors_origins", mode="before")(
        _split_names
    )
    _validate_proxies = field_validator("trusted_proxies")(_check_networks)
    _validate_origins = field_validator("cors_origins")(_check_origins)
    _validate_tenant_origins = field_validator("tenant_cors")(_check_tenant_origins)


_DEBUG_SECRET = secrets.token_urlsafe(48)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, raising :class:`ConfigurationError` that names each bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = ".".join(str(part) for part in item["loc"])
            name = f"RUSTOK_{location.upper()}" if location else "settings"
            problems.append(f"{name}: {item['msg']}")
        raise ConfigurationError("invalid configuration:\n  " + "\n  ".join(problems)) from None
