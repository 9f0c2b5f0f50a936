"""The GraphQL layer: composition, conventions (Relay, payload errors), execution, HTTP view."""
