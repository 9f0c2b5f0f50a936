"""The built-in modules. Each subpackage is one module, declared in its ``module.py``.

Modules are found through the ``rustok.modules`` entry-point group, never imported by the core.
"""
