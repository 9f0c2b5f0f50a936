"""Password hashing with argon2id (argon2-cffi), with RFC 9106-style production parameters."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type

__all__ = ["PRODUCTION", "TESTING", "HashCost", "Passwords"]


@dataclass(frozen=True, slots=True)
class HashCost:
    """argon2id parameters."""

    memory_kib: int
    time_cost: int
    parallelism: int


# OWASP's minimum for argon2id: 19 MiB, two passes, one lane.
PRODUCTION = HashCost(memory_kib=19 * 1024, time_cost=2, parallelism=1)
# Only for the test suite (RUSTOK_PASSWORD_HASH_COST=test): fast, still argon2id.
TESTING = HashCost(memory_kib=64, time_cost=1, parallelism=1)

MIN_LENGTH = 10
MAX_LENGTH = 512


class Passwords:
    """Hashes and verifies passwords; knows when a stored hash needs upgrading."""

    def __init__(self, cost: HashCost) -> None:
        self.cost = cost
        self._hasher = PasswordHasher(
            time_cost=cost.time_cost,
            memory_cost=cost.memory_kib,
            parallelism=cost.parallelism,
            type=Type.ID,
        )
        # Verifying against a dummy hash when the account does not exist keeps timing even.
        self._dummy = self._hasher.hash("rustok-timing-equaliser")

    @classmethod
    def for_cost(cls, name: str) -> Passwords:
        """Return the hasher for ``RUSTOK_PASSWORD_HASH_COST`` (``production`` or ``test``)."""
        return cls(TESTING if name == "test" else PRODUCTION)

    def hash(self, password: str) -> str:
        """Return the argon2id hash of ``password``."""
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Return whether ``password`` matches ``stored`` (None: no account, same cost)."""
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Return whether ``stored`` was made with other parameters than the current ones."""
        return self._hasher.check_needs_rehash(stored)


def password_problem(password: str) -> str | None:
    """Return why a new password is unacceptable, or None."""
    if len(password) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"use at most {MAX_LENGTH} characters"
    if "\x00" in password:
        return "the password contains a NUL character"
    return None
