"""Database access: the declarative base, column types and the :class:`Database` handle."""

from app.db.base import Base, TenantScoped, UTCDateTime
from app.db.database import Database, is_postgres_url, set_tenant

__all__ = ["Base", "Database", "TenantScoped", "UTCDateTime", "is_postgres_url", "set_tenant"]
