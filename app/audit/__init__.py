"""The audit log: every event, projected into a per-tenant history of who changed what."""
