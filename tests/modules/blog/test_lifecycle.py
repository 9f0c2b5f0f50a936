"""Enabling blog gives posts their public URL in content's settings, unless one is set."""

from __future__ import annotations

from modules.blog.lifecycle import POST_URL_PATTERN
from modules.content.settings import load_settings
from tests.support.blog import BlogApp, blog_app
from tests.support.databases import DatabaseTarget

TOGGLE = "mutation ($m: String!) { %s(module: $m) { errors { code } } }"
SETTINGS = (
    'mutation ($s: JSON!) { moduleSettingsUpdate(input: {module: "content", settings: $s}) '
    "{ errors { code field } } }"
)


async def _patterns(app: BlogApp) -> dict[str, str]:
    runtime = app.api.state.runtime
    async with runtime.db.transaction(app.tenant.id, readonly=True) as session:
        return (await load_settings(session, app.tenant.id)).url_patterns


async def test_enabling_adds_the_post_pattern_once(database: DatabaseTarget) -> None:
    async with blog_app(database) as app:
        assert (await _patterns(app))["post"] == POST_URL_PATTERN
        admin = app.member("core.manage_modules")
        custom = {"url_patterns": {"page": "/{slug}", "post": "/news/{slug}"}}
        changed = await app.gql(SETTINGS, {"s": custom}, token=admin)
        assert changed["data"]["moduleSettingsUpdate"]["errors"] == []
        for verb in ("moduleDisable", "moduleEnable"):
            answer = await app.gql(TOGGLE % verb, {"m": "blog"}, token=admin)
            assert answer["data"][verb]["errors"] == []
        assert await _patterns(app) == {"page": "/{slug}", "post": "/news/{slug}"}
