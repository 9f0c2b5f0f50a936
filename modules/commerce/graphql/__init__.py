"""Commerce's GraphQL contribution: types, inputs, loaders, queries, one file per mutation."""
