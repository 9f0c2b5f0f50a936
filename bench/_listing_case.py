"""What the listing benchmark lists: one GraphQL query and the one SQL statement that answers it.

Both servers must return the same JSON. The GraphQL side runs :attr:`ListingCase.query`; the
hand-written side (``bench/_listing_baseline.py``) runs :attr:`ListingCase.sql` and turns each
row into a node generically: the columns become the node's keys in their order (so the SQL
aliases them with the GraphQL field names), ``id`` becomes the Relay global ID of
:attr:`ListingCase.node_type`, timestamps become ISO 8601 as Strawberry writes them, and
``json`` columns (nested lists) are decoded as they are.

Three listings are defined: ``blogPosts`` (issue #6's benchmark, the default),
``contentEntries``, and ``products`` (issue #7's: the catalog with variants and prices). Another
one is a new :class:`ListingCase`: its query, its SQL (same parameters: $1 tenant id, $2 the
listing's scope, $3 page size), the type name of its ids, the servers' environment it needs,
and what the database seeds for it (``bench/_listing_db.py``). This module imports nothing of
RusToK: the baseline server loads it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BLOG_POSTS", "CASES", "CONTENT_ENTRIES", "PRODUCTS", "ListingCase"]


@dataclass(frozen=True, slots=True)
class ListingCase:
    """One listing: the GraphQL query, its root field, the SQL answering it, the node type.

    Attributes:
        name: A short label for the results table.
        root_field: The query's root field (the JSON key under ``data``).
        query: The GraphQL document; it takes ``$first: Int!`` and selects
            ``edges { node { ... } }`` only.
        sql: One statement returning the page's nodes in order; parameters: $1 the tenant id
            (uuid), $2 the scope (text: the site's locale, or the shop's currency for
            products), $3 the page size (int).
        node_type: The GraphQL type of the nodes (their global IDs encode it).
        environment: ``RUSTOK_*`` settings of both servers beyond the defaults (the modules).
    """

    name: str
    root_field: str
    query: str
    sql: str
    node_type: str
    environment: tuple[tuple[str, str], ...] = ()


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

_BLOG_QUERY = """
query Listing($first: Int!) {
  blogPosts(first: $first) {
    edges {
      node {
        id
        title
        slug
        excerpt
        publishedAt
        authors { slug displayName }
        tags { slug name }
      }
    }
  }
}
"""

# The live edition of the site's locale, newest first (ties by id), as blogPosts orders it,
# from the same read table the API reads: the authors and tags are the row's JSON snapshots
# (byline order; tags by slug), reshaped in SQL and each tag named in the site's locale.
_BLOG_SQL = """
SELECT
    p.post_id AS "id",
    p.title AS "title",
    p.slug AS "slug",
    p.excerpt AS "excerpt",
    p.published_at AS "publishedAt",
    COALESCE(
        (SELECT json_agg(json_build_object('slug', a ->> 'slug',
                                           'displayName', a ->> 'display_name') ORDER BY n)
         FROM json_array_elements(p.authors) WITH ORDINALITY AS byline(a, n)),
        '[]'::json
    ) AS "authors",
    COALESCE(
        (SELECT json_agg(json_build_object('slug', t ->> 'slug', 'name', t -> 'names' ->> $2)
                         ORDER BY n)
         FROM json_array_elements(p.tags) WITH ORDINALITY AS tagged(t, n)),
        '[]'::json
    ) AS "tags"
FROM idx_blog_posts AS p
WHERE p.tenant_id = $1 AND p.edition = 'live' AND p.locale = $2
ORDER BY p.published_at DESC, p.post_id DESC
LIMIT $3
"""

BLOG_POSTS = ListingCase(
    name="blogPosts",
    root_field="blogPosts",
    query=_BLOG_QUERY,
    sql=_BLOG_SQL,
    node_type="BlogPost",
)

_PRODUCTS_QUERY = """
query Listing($first: Int!) {
  products(first: $first) {
    edges {
      node {
        id
        slug
        name
        priceRange { min { amount currency } max { amount currency } }
        variants { id sku title price { amount } isInStock selectedOptions { name value } }
      }
    }
  }
}
"""

# The shop's default currency's rows of active products, newest first (the product id is a
# UUIDv7), as `products` orders them by default, from the read table the API reads: the
# variants are the row's JSON snapshot, reshaped in SQL (a variant's global ID is base64 of
# `ProductVariant:<id>`; its price null where it has none in the row's currency; its picks
# in the snapshot's order, which is the options').
_PRODUCTS_SQL = """
SELECT
    p.product_id AS "id",
    p.slug AS "slug",
    p.name AS "name",
    json_build_object(
        'min', json_build_object('amount', p.min_amount, 'currency', p.currency),
        'max', json_build_object('amount', p.max_amount, 'currency', p.currency)
    ) AS "priceRange",
    COALESCE(
        (SELECT json_agg(json_build_object(
                    'id', encode(convert_to('ProductVariant:' || (v ->> 'id'), 'UTF8'), 'base64'),
                    'sku', v -> 'sku',
                    'title', v -> 'title',
                    'price', CASE WHEN json_typeof(v -> 'amount') = 'number'
                                  THEN json_build_object('amount', v -> 'amount') END,
                    'isInStock', v -> 'is_in_stock',
                    'selectedOptions', COALESCE(
                        (SELECT json_agg(json_build_object('name', o.key, 'value', o.value)
                                         ORDER BY o.n)
                         FROM json_each(v -> 'options') WITH ORDINALITY AS o(key, value, n)),
                        '[]'::json)
                ) ORDER BY listed.n)
         FROM json_array_elements(p.variants) WITH ORDINALITY AS listed(v, n)),
        '[]'::json
    ) AS "variants"
FROM idx_commerce_products AS p
WHERE p.tenant_id = $1 AND p.currency = $2 AND p.status = 'active'
ORDER BY p.product_id DESC
LIMIT $3
"""

PRODUCTS = ListingCase(
    name="products",
    root_field="products",
    query=_PRODUCTS_QUERY,
    sql=_PRODUCTS_SQL,
    node_type="Product",
    environment=(
        ("RUSTOK_MODULES", "content,commerce"),
        ("RUSTOK_DEFAULT_MODULES", "content,commerce"),
        # The static cost counts 10 per variants list: a page of 100 costs about 28,000,
        # above the default limit of 10,000 (a deployment listing 100 products raises it too).
        ("RUSTOK_MAX_QUERY_COST", "100000"),
    ),
)

CASES = {case.name: case for case in (BLOG_POSTS, CONTENT_ENTRIES, PRODUCTS)}
