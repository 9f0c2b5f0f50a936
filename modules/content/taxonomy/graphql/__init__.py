"""The taxonomy's GraphQL: category and tag types, public lists, guarded mutations."""
