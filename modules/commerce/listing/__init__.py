"""The catalog read model: one pre-shaped row per product and currency, facets, search."""
