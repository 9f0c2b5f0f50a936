"""Webhooks: a tenant's HTTP endpoints that receive its events, signed per Standard Webhooks.

- :mod:`app.webhooks.endpoints`: create, change, rotate the secret of, delete and list endpoints.
- :mod:`app.webhooks.filters`: the event types an endpoint asks for (exact, ``prefix.*``, ``*``).
- :mod:`app.webhooks.headers`: the custom headers an endpoint may send.
- :mod:`app.webhooks.secrets`: signing secrets, shown once, stored encrypted.
- :mod:`app.webhooks.urls`, :mod:`app.webhooks.ssrf`: which URLs may receive webhooks.
- :mod:`app.webhooks.signing`: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``.
- :mod:`app.webhooks.sender`: one attempt over HTTP, pinned to the checked addresses.
- :mod:`app.webhooks.retries`: when to try again, when to give up or disable.
- :mod:`app.webhooks.fanout`: the outbox subscriber queueing one delivery per endpoint.
- :mod:`app.webhooks.deliveries`: claim, send and settle due deliveries; the delivery log.
- :mod:`app.webhooks.events`, :mod:`app.webhooks.permissions`: the ``webhooks`` namespace.
"""
