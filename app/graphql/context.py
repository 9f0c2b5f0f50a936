"""Typing helpers for resolvers: the ``Info`` carrying a :class:`app.runtime.Context`."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.runtime import Context

__all__ = ["Info"]

Info: TypeAlias = strawberry.Info[Context, None]
