"""Principals, permissions and the single place where access is decided."""
