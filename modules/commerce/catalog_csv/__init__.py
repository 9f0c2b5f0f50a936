"""The catalog as CSV: a row per variant, its product's columns repeated (docs/modules/commerce.md).

``export`` pages through a tenant's products and yields rows; ``importing`` reads them back,
one product at a time, through the catalog's own services (products, variants, prices, stock),
so their checks, events and projections apply exactly as over GraphQL.
"""
