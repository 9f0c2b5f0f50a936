"""GraphQL of the media library: the ``Asset`` node, its list, and its mutations."""
