"""Tenants: their lifecycle, the modules each one enables, and request-time resolution."""
