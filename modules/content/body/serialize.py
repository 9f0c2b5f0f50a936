"""Turn a body into its canonical, storable JSON form (the inverse of :func:`parse_body`)."""

from __future__ import annotations

from .blocks import Body

__all__ = ["body_to_json"]


def body_to_json(body: Body) -> list[dict[str, object]]:
    """Return ``body`` as JSON-ready dicts; ``parse_body(body_to_json(body)) == body``.

    Optional fields that are unset are left out, so stored documents stay small and stable.

    Args:
        body: A validated body.
    """
    return [block.model_dump(mode="json", exclude_none=True) for block in body]
