"""Identity: users, memberships and roles, sessions and tokens, API keys, customers."""
