"""Post lists from blog's read model: the projection, the list queries, search, the archive."""
