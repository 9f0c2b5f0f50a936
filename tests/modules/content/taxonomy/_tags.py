"""Creating tags through the API."""

from __future__ import annotations

from tests.modules.content.taxonomy._app import TaxonomyApp

__all__ = ["TAG_CREATE", "make_tag"]

TAG_CREATE = """
mutation ($input: ContentTagCreateInput!) {
  contentTagCreate(input: $input) {
    tag { id slug name names { locale value } }
    errors { code field }
  }
}
"""


async def make_tag(app: TaxonomyApp, name: str, slug: str | None = None) -> str:
    """Create a tag with an English name; return its global ID."""
    variables = {"input": {"slug": slug, "names": [{"locale": "en", "value": name}]}}
    payload = (await app.ok(TAG_CREATE, variables))["contentTagCreate"]
    assert payload["errors"] == [], payload
    tag_id: str = payload["tag"]["id"]
    return tag_id
