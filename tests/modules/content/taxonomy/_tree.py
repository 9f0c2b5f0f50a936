"""Building category trees through the API, for tests that move and delete them."""

from __future__ import annotations

from typing import Any

from tests.modules.content.taxonomy._app import TaxonomyApp

__all__ = ["make_category", "paths"]

_CREATE = """
mutation ($input: ContentCategoryCreateInput!) {
  contentCategoryCreate(input: $input) { category { id } errors { code field } }
}
"""
_PATHS = """
query ($parentId: ID) {
  contentCategories(parentId: $parentId, first: 20) {
    edges { node { path depth children { path depth children { path depth } } } }
  }
}
"""


async def make_category(app: TaxonomyApp, slug: str, parent: str | None = None) -> str:
    """Create a category named like its slug; return its global ID."""
    variables = {
        "input": {"slug": slug, "parentId": parent, "names": [{"locale": "en", "value": slug}]}
    }
    payload = (await app.ok(_CREATE, variables))["contentCategoryCreate"]
    assert payload["errors"] == [], payload
    category_id: str = payload["category"]["id"]
    return category_id


def _flatten(nodes: list[dict[str, Any]]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in nodes:
        found.append((node["path"], node["depth"]))
        found += _flatten(node.get("children", []))
    return found


async def paths(app: TaxonomyApp) -> list[tuple[str, int]]:
    """Return (path, depth) of the first three levels of the tree, sorted."""
    data = await app.ok(_PATHS)
    return sorted(_flatten([edge["node"] for edge in data["contentCategories"]["edges"]]))
