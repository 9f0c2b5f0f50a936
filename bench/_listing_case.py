"""What the listing benchmark lists: one GraphQL query and the one SQL statement that answers it.

Both servers must return the same JSON. The GraphQL side runs :attr:`ListingCase.query`; the
hand-written side (``bench/_listing_baseline.py``) runs :attr:`ListingCase.sql` and turns each
row into a node generically: the columns become the node's keys in their order (so the SQL
aliases them with the GraphQL field names), ``id`` becomes the Relay global ID of
:attr:`ListingCase.node_type`, timestamps become ISO 8601 as Strawberry writes them, and
``json`` columns (nested lists) are decoded as they are.

Pointing the benchmark at another listing (``blogPosts`` once the blog module has it) is a new
:class:`ListingCase`: its query, its SQL (same parameters: $1 tenant id, $2 locale, $3 page
size) and the type name of its ids. This module imports nothing of RusToK: the baseline server
loads it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONTENT_ENTRIES", "ListingCase"]


@dataclass(frozen=True, slots=True)
class ListingCase:
    """One listing: the GraphQL query, its root field, the SQL answering it, the node type.

    Attributes:
        name: A short label for the results table.
        root_field: The query's root field (the JSON key under ``data``).
        query: The GraphQL document; it takes ``$first: Int!`` and selects
            ``edges { node { ... } }`` only.
        sql: One statement returning the page's nodes in order; parameters: $1 the tenant id
            (uuid), $2 the locale (text), $3 the page size (int).
        node_type: The GraphQL type of the nodes (their global IDs encode it).
    """

    name: str
    root_field: str
    query: str
    sql: str
    node_type: str


_CONTENT_QUERY = """
query Listing($first: Int!) {
  contentEntries(first: $first) {
    edges {
      node {
        id
        title
        slug
        excerpt
        publishedAt
        categories { slug name }
        tags { slug name }
      }
    }
  }
}
"""

# The live edition of the site's locale, newest first (ties by id), as contentEntries orders it;
# categories by path and tags by slug, each named in the site's default locale (the names are
# complete in it, so the API's fallback never applies).
_CONTENT_SQL = """
SELECT
    e.entry_id AS "id",
    e.title AS "title",
    e.slug AS "slug",
    e.excerpt AS "excerpt",
    e.published_at AS "publishedAt",
    COALESCE(
        (SELECT json_agg(json_build_object('slug', c.slug, 'name', c.names ->> $2)
                         ORDER BY c.path)
         FROM content_entry_categories AS ec
         JOIN content_categories AS c ON c.tenant_id = ec.tenant_id AND c.id = ec.category_id
         WHERE ec.tenant_id = e.tenant_id AND ec.entry_id = e.entry_id),
        '[]'::json
    ) AS "categories",
    COALESCE(
        (SELECT json_agg(json_build_object('slug', t.slug, 'name', t.names ->> $2)
                         ORDER BY t.slug)
         FROM content_entry_tags AS et
         JOIN content_tags AS t ON t.tenant_id = et.tenant_id AND t.id = et.tag_id
         WHERE et.tenant_id = e.tenant_id AND et.entry_id = e.entry_id),
        '[]'::json
    ) AS "tags"
FROM idx_content_entries AS e
WHERE e.tenant_id = $1 AND e.edition = 'live' AND e.locale = $2
ORDER BY COALESCE(e.published_at, e.updated_at) DESC, e.entry_id DESC
LIMIT $3
"""

CONTENT_ENTRIES = ListingCase(
    name="contentEntries",
    root_field="contentEntries",
    query=_CONTENT_QUERY,
    sql=_CONTENT_SQL,
    node_type="ContentEntry",
)
