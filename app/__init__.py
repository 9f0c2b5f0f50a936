"""RusToK: a GraphQL-first, multi-tenant, modular headless CMS and commerce backend.

The core (this package) knows nothing of any particular module: modules are discovered through
the ``rustok.modules`` entry-point group and composed at start-up (see :mod:`app.registry`).
"""

__all__: list[str] = []
