"""The failure of handing a message over."""

from __future__ import annotations

__all__ = ["MailError"]


class MailError(Exception):
    """A message could not be handed over; the caller retries later."""
