"""Signing secrets: made here, shown once as ``whsec_<base64>``, stored encrypted.

The server signs every delivery, so it must read the secret back: a hash would not do. Each
secret is sealed with AES-GCM under a key derived (HKDF) from ``RUSTOK_SECRET_KEY``, bound to
its endpoint (the endpoint's ids are the associated data, so a sealed secret copied onto
another row does not open).

Changing ``RUSTOK_SECRET_KEY`` without losing the stored secrets: put the old key in
``RUSTOK_SECRET_KEY_FALLBACKS``; secrets sealed under it still open (new ones are sealed
under the new key), and ``rustok webhook reseal`` seals every stored secret under the new
key, after which the fallback can go. Without it, secrets sealed under another key do not
open: rotate those endpoints' secrets. In debug mode without a secret key the key changes at
every start.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["SECRET_PREFIX", "SecretBox", "SecretUnreadable", "new_signing_secret"]

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
_SECRET_BYTES = 32
_NONCE_BYTES = 12
_FORMAT = "v1."
_INFO = b"rustok webhooks: signing secrets at rest, v1"


class SecretUnreadable(Exception):
    """A stored secret does not open: another ``RUSTOK_SECRET_KEY``, or a damaged row."""


def new_signing_secret() -> str:
    """Return a fresh secret in the Standard Webhooks form, ``whsec_<base64 of 32 bytes>``."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(_SECRET_BYTES)).decode()


@dataclass(frozen=True, slots=True)
class SecretBox:
    """Seals and opens endpoints' secrets with a key derived from the server's secret key."""

    key: bytes
    fallbacks: tuple[bytes, ...] = ()

    @classmethod
    def from_secret_key(cls, secret_key: str, fallbacks: Sequence[str] = ()) -> SecretBox:
        """Derive the sealing key from ``RUSTOK_SECRET_KEY`` (and the keys it replaced)."""
        return cls(_derive(secret_key), tuple(_derive(key) for key in fallbacks))

    def seal(self, secret: str, tenant_id: uuid.UUID, endpoint_id: uuid.UUID) -> str:
        """Return ``secret`` encrypted for the endpoint, as text for its row."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = AESGCM(self.key).encrypt(nonce, secret.encode(), _bound_to(tenant_id, endpoint_id))
        return _FORMAT + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, stored: str, tenant_id: uuid.UUID, endpoint_id: uuid.UUID) -> str:
        """Return the secret :meth:`seal` stored; :class:`SecretUnreadable` if it does not open."""
        return self.open_with_key(stored, tenant_id, endpoint_id)[0]

    def open_with_key(
        self, stored: str, tenant_id: uuid.UUID, endpoint_id: uuid.UUID
    ) -> tuple[str, bool]:
        """Return the secret and whether it was sealed under the current key."""
        try:
            raw = base64.urlsafe_b64decode(stored.removeprefix(_FORMAT))
        except (ValueError, binascii.Error):
            raw = b""
        nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        for position, key in enumerate((self.key, *self.fallbacks)):
            try:
                plain = AESGCM(key).decrypt(nonce, sealed, _bound_to(tenant_id, endpoint_id))
            except (InvalidTag, ValueError):
                continue
            return plain.decode(), position == 0
        raise SecretUnreadable(
            f"the signing secret of webhook endpoint {endpoint_id} does not open: was "
            "RUSTOK_SECRET_KEY changed? Put the old key in RUSTOK_SECRET_KEY_FALLBACKS, or "
            "rotate the endpoint's secret."
        )


def _derive(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return hkdf.derive(secret_key.encode())


def _bound_to(tenant_id: uuid.UUID, endpoint_id: uuid.UUID) -> bytes:
    return tenant_id.bytes + endpoint_id.bytes
