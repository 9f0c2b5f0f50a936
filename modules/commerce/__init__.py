"""The commerce module: catalog, prices, categories (checkout and orders follow)."""

from modules.commerce.module import module

__all__ = ["module"]
