"""The process under test: ``python -m bench._server hello|api --port N [--modules M]``.

``hello`` is the baseline, a hello-world Starlette JSON endpoint. ``api`` is the RusToK API as
``rustok serve`` builds it (JSON logs, one uvicorn worker, access log off), optionally with
``M`` generated modules. Both are served by uvicorn the same way; the imports stay inside the
builders so that the baseline pays for nothing it does not use.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from starlette.types import ASGIApp

__all__ = ["build_api_app", "build_hello_app", "main", "serve"]


def build_hello_app() -> ASGIApp:
    """Return a hello-world Starlette app: ``GET /`` and ``GET /livez`` answer JSON."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def hello(_request: Request) -> JSONResponse:
        return JSONResponse({"message": "Hello, world!"})

    async def livez(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "pass"})

    return Starlette(routes=[Route("/", hello), Route("/livez", livez)])


def build_api_app(module_count: int = 0) -> ASGIApp:
    """Return the RusToK app built from the environment, plus ``module_count`` generated modules."""
    from app.asgi import create_app
    from app.bootstrap import build_registry
    from app.config import load_settings
    from app.logs import configure_logging
    from app.registry import Module

    settings = load_settings()
    configure_logging(debug=settings.debug)
    extra: tuple[Module, ...] = ()
    if module_count:
        from bench.generated_modules import make_modules

        extra = tuple(make_modules(module_count))
    return create_app(settings, registry=build_registry(settings, extra_modules=extra))


def main(argv: Sequence[str] | None = None) -> None:
    """Build the app named on the command line and serve it until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("app", choices=["hello", "api"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--modules", type=int, default=0)
    arguments = parser.parse_args(argv)
    app = build_hello_app() if arguments.app == "hello" else build_api_app(arguments.modules)
    serve(app, arguments.port)


def serve(app: ASGIApp, port: int) -> None:
    """Serve ``app`` on loopback with uvicorn as every bench server is (one worker, no logs)."""
    import uvicorn

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_config=None,
        log_level="warning",
        lifespan="on",
    )


if __name__ == "__main__":
    main()
