"""Per-request DataLoaders: one loader per name and request, so a relation costs one query.

Resolvers run concurrently; each loader batches the keys asked for in one tick and opens its
own transaction, so sibling resolvers never share a session (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from app.runtime import Context

__all__ = ["request_loader"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def request_loader(
    ctx: Context, name: str, load: Callable[[list[K]], Awaitable[Sequence[V]]]
) -> DataLoader[K, V]:
    """Return the request's loader called ``name``, made from ``load`` on first use.

    ``load`` gets the distinct keys of one batch and returns one value per key, in order.
    """
    found = ctx.loaders.get(name)
    if isinstance(found, DataLoader):
        return found
    loader: DataLoader[K, V] = DataLoader(load_fn=load)
    ctx.loaders[name] = loader
    return loader
