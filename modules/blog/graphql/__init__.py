"""Blog's GraphQL contribution: types, inputs, queries and mutations."""
