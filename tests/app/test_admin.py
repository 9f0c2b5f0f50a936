"""The admin SPA at /admin: the build's files, the SPA fallback, and a clear page when unbuilt."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.conftest import make_registry, make_settings
from tests.support.client import RunningApp, running_app
from tests.support.databases import DatabaseTarget

INDEX = '<!doctype html><div id="root"></div><script src="/admin/assets/app-1a2b.js"></script>'


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A fake admin build: index.html and one hashed asset."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "app-1a2b.js").write_text("console.log('admin')")
    return tmp_path


@asynccontextmanager
async def _serving(database: DatabaseTarget, directory: Path) -> AsyncIterator[RunningApp]:
    settings = make_settings(database, admin_dir=directory)
    async with running_app(settings, make_registry(settings)) as api:
        yield api


@pytest.fixture
async def admin(database: DatabaseTarget, build: Path) -> AsyncIterator[RunningApp]:
    """The app serving the fake build."""
    async with _serving(database, build) as api:
        yield api


async def test_admin_serves_index_with_security_headers_and_no_cache(admin: RunningApp) -> None:
    response = await admin.client.get("/admin/")

    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_admin_without_slash_redirects_to_the_app(admin: RunningApp) -> None:
    response = await admin.client.get("/admin")

    assert response.status_code == 307
    assert response.headers["location"] == "http://rustok.test/admin/"


async def test_admin_routes_of_the_spa_answer_index(admin: RunningApp) -> None:
    for path in ("/admin/modules", "/admin/modules/blog/settings", "/admin/status/"):
        response = await admin.client.get(path)
        assert (response.status_code, response.text) == (200, INDEX), path


async def test_admin_assets_are_cached_for_good(admin: RunningApp) -> None:
    response = await admin.client.get("/admin/assets/app-1a2b.js")

    assert response.status_code == 200
    assert response.text == "console.log('admin')"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_admin_missing_files_are_not_found_rather_than_the_app(admin: RunningApp) -> None:
    for path in ("/admin/assets/gone.js", "/admin/favicon.ico", "/admin/../pyproject.toml"):
        response = await admin.client.get(path)
        assert response.status_code == 404, path


async def test_admin_refuses_writes(admin: RunningApp) -> None:
    response = await admin.client.post("/admin/", content=b"x")

    assert response.status_code == 405


async def test_admin_without_a_build_says_how_to_build_it(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    missing = tmp_path / "no-build"
    async with _serving(database, missing) as api:
        for path in ("/admin/", "/admin/modules"):
            response = await api.client.get(path)
            assert response.status_code == 503, path
            assert "The admin SPA is not built" in response.text
            assert "make admin" in response.text
            assert str(missing) in response.text
            assert response.headers["cache-control"] == "no-store"
        graphql = await api.client.post("/graphql", json={"query": "{ __typename }"})
        assert graphql.status_code == 200


async def test_admin_build_appearing_later_is_served_without_a_restart(
    database: DatabaseTarget, tmp_path: Path
) -> None:
    async with _serving(database, tmp_path) as api:
        assert (await api.client.get("/admin/")).status_code == 503
        (tmp_path / "index.html").write_text(INDEX)
        assert (await api.client.get("/admin/")).status_code == 200
