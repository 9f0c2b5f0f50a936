"""The admin SPA at ``/admin``: its static build, every other path answered by ``index.html``.

The build lives in ``RUSTOK_ADMIN_DIR`` (a source checkout's ``admin-spa/dist``, made by
``make admin``). Without one, ``/admin`` answers 503 with a page that says how to build it; the
API itself is unaffected. Hashed assets are cached for good, ``index.html`` never.
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["ADMIN_PATH", "AdminFiles", "admin_routes"]

ADMIN_PATH = "/admin"

# The SPA only loads its own scripts and styles and only talks to this origin's API.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
_IMMUTABLE = "public, max-age=31536000, immutable"

_NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>RusToK admin is not built</title></head>
<body><main>
<h1>The admin SPA is not built</h1>
<p>The API is running (<a href="/graphql">/graphql</a>), but there is no admin build in
<code>{directory}</code>.</p>
<p>In a source checkout, build it with Node.js 20.19 or newer: <code>make admin</code>
(or <code>cd admin-spa &amp;&amp; npm ci &amp;&amp; npm run build</code>), then reload this
page. Elsewhere, point <code>RUSTOK_ADMIN_DIR</code> at a built <code>admin-spa/dist</code>.</p>
</main></body></html>
"""


def _is_file_request(path: str) -> bool:
    """Return whether ``path`` names a file (a missing one is a 404, not the SPA)."""
    name = path.rsplit("/", 1)[-1]
    return path.startswith("assets/") or (name not in ("", ".") and "." in name)


class AdminFiles(StaticFiles):
    """The build's files, falling back to ``index.html`` for the SPA's own routes."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.root = directory

    async def check_config(self) -> None:
        """Check nothing up front: the build may appear later (see ``get_response``)."""

    def is_built(self) -> bool:
        """Return whether the build is there (checked per request: building needs no restart)."""
        return (self.root / "index.html").is_file()

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Serve ``path``, ``index.html`` for a route, or the how-to-build page."""
        if not self.is_built():
            page = _NOT_BUILT.format(directory=html.escape(str(self.root)))
            return HTMLResponse(page, status_code=503, headers={"Cache-Control": "no-store"})
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or _is_file_request(path):
                raise
            path = "index.html"
            response = await super().get_response(path, scope)
        response.headers.update(_SECURITY_HEADERS)
        response.headers["Cache-Control"] = _IMMUTABLE if path.startswith("assets/") else "no-cache"
        return response


def admin_routes(directory: Path) -> list[BaseRoute]:
    """Return the route serving the admin build in ``directory`` under ``/admin``."""
    return [Mount(ADMIN_PATH, app=AdminFiles(directory), name="admin")]
