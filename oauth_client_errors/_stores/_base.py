"""The token store protocol, the stored record, and the in-process store.

A *token store* keeps one token (with its refresh token) for every process of a client
that shares it. It gives three things, which is all the cross-process single flight in
:mod:`oauth_client_errors._stores._coordinator` needs:

* ``load()``: the current :class:`TokenRecord` (token plus a version), without a lock;
* ``lock(timeout)``: a lock held while one worker refreshes, as a context manager that
  yields a :class:`Lease`;
* ``save(token, expected_version=..., lease=...)``: a compare-and-set that writes the new
  token only if the stored version is still ``expected_version`` and the lease is still
  held, and returns the new record, or None when refused.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from .._errors import TokenStoreError
from .._tokens import Token

__all__ = [
    "Lease",
    "MemoryTokenStore",
    "Secret",
    "TokenRecord",
    "TokenStore",
    "decode_record",
    "encode_record",
    "store_unreachable",
]

#: The format number written into every serialised record.
RECORD_FORMAT = 1


def _fault(stage: str) -> None:
    """A no-op called at the risky points of a refresh; fault-injection tests patch it."""


class Secret:
    """A secret string that never shows in a ``repr`` (so not in traceback locals either)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "Secret('***')"


@dataclass(frozen=True)
class TokenRecord:
    """What a store holds: the token, its version, and whether its grant is dead.

    Attributes:
        token: The token (its ``repr`` shows no secret).
        version: Increases by one with every save; 1 for the first record.
        revoked: True once the token endpoint refused this record's refresh token with
            ``invalid_grant``: no process sends it again; a new sign-in must replace it.
    """

    token: Token
    version: int
    revoked: bool = False


@runtime_checkable
class Lease(Protocol):
    """Proof of holding a store's lock, checked by :meth:`TokenStore.save`."""

    @property
    def held(self) -> bool:
        """False once the lock is known to be lost (its lease ran out)."""
        ...


@runtime_checkable
class TokenStore(Protocol):
    """Storage shared by every process of a client: a record, a lock, a compare-and-set.

    The guarantees a store must give are in ``docs/stores.md``: ``load`` never returns a
    half-written record; ``lock`` excludes every other holder of the same store (in this
    process and in others) and is freed when its holder dies; ``save`` is atomic and
    refuses to write unless the version is unchanged and the lease is held.
    """

    def load(self) -> TokenRecord | None:
        """The stored record, or None when the store is empty.

        Raises:
            TokenStoreError: The store is unreachable, or its content is corrupt.
        """
        ...

    def lock(self, timeout: float) -> AbstractContextManager[Lease]:
        """A context manager holding the refresh lock, waiting at most ``timeout`` seconds.

        Raises:
            TokenStoreError: The lock was not obtained in time, or the store is unreachable.
        """
        ...

    def save(
        self, token: Token, *, expected_version: int, lease: Lease, revoked: bool = False
    ) -> TokenRecord | None:
        """Write ``token`` as version ``expected_version + 1`` (compare-and-set).

        Args:
            token: The token to keep.
            expected_version: The version read under the lock (0 when the store was empty).
            lease: The lease from :meth:`lock`.
            revoked: Mark the record's grant as dead.

        Returns:
            The new record, or None if the stored version moved on or the lease was lost.

        Raises:
            TokenStoreError: The store is unreachable or unwritable.
        """
        ...


def store_unreachable(message: str) -> TokenStoreError:
    """A :class:`TokenStoreError` for a store that could not be reached (maybe temporarily).

    It carries ``transient = True``: a token source that still holds a valid token keeps
    using it instead of failing a request that does not need the store.
    """
    err = TokenStoreError(message)
    err.transient = True  # type: ignore[attr-defined]
    return err


# -- serialisation ----------------------------------------------------------------------------

_TOKEN_FIELDS = tuple(f.name for f in dataclasses.fields(Token))
_TOKEN_ARGS = frozenset(inspect.signature(Token).parameters) - {"access_token"}


def encode_record(record: TokenRecord) -> bytes:
    """The record as compact JSON bytes (holds secrets: keep it private)."""
    token = {name: getattr(record.token, name) for name in _TOKEN_FIELDS}
    data = {
        "format": RECORD_FORMAT,
        "version": record.version,
        "revoked": record.revoked,
        "token": token,
    }
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def decode_record(raw: bytes, where: str) -> TokenRecord:
    """Read a record written by :func:`encode_record`.

    Args:
        raw: The bytes.
        where: Names the store in error messages (never a secret).

    Raises:
        TokenStoreError: The bytes are not a complete record of a known format.
    """
    try:
        data: Any = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        data = None
    problem = _record_problem(data)
    if problem is not None:
        raw = data = b""  # holds secrets: out of this frame's locals, then raise
        raise TokenStoreError(f"token store {where} is corrupt or truncated: {problem}")
    fields = data["token"]
    try:
        token = Token(
            fields["access_token"],
            **{k: v for k, v in fields.items() if k in _TOKEN_ARGS},
        )
    except (TypeError, ValueError):
        raw = data = fields = b""  # out of the locals
        raise TokenStoreError(f"token store {where} is corrupt: its token is not usable") from None
    return TokenRecord(token, data["version"], bool(data.get("revoked", False)))


def _record_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("format") != RECORD_FORMAT:
        return f"unknown format {data.get('format')!r:.20}"
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return "no valid version"
    token = data.get("token")
    if not isinstance(token, dict) or not isinstance(token.get("access_token"), str):
        return "no token"
    expires_at = token.get("expires_at")
    if expires_at is not None and (
        not isinstance(expires_at, (int, float)) or not math.isfinite(expires_at)
    ):
        return "bad expires_at"
    return None


# -- in one process ---------------------------------------------------------------------------


class _HeldLease:
    """A lease that cannot be lost (the lock lives as long as its process)."""

    held = True

    def __repr__(self) -> str:
        return "Lease(held=True)"


class MemoryTokenStore:
    """A store inside one process (the default): a record, a lock, a compare-and-set.

    Useful to share one token between several sources in the same process, and as the
    reference implementation of :class:`TokenStore`.

    Args:
        token: A token to start with (version 1), or None for an empty store.
    """

    def __init__(self, token: Token | None = None) -> None:
        self._guard = threading.Lock()  # protects the record
        self._refresh_lock = threading.Lock()  # the refresh lock (released from any thread)
        self._record = TokenRecord(token, 1) if token is not None else None

    def __repr__(self) -> str:
        version = None if self._record is None else self._record.version
        return f"MemoryTokenStore(version={version})"

    def load(self) -> TokenRecord | None:
        """See :meth:`TokenStore.load`."""
        with self._guard:
            return self._record

    @contextmanager
    def lock(self, timeout: float) -> Iterator[Lease]:
        """See :meth:`TokenStore.lock`."""
        if not self._refresh_lock.acquire(timeout=max(timeout, 0.0)):
            raise TokenStoreError(
                f"timed out after {timeout:g} s waiting for the token store's refresh lock"
            )
        try:
            yield _HeldLease()
        finally:
            self._refresh_lock.release()

    def save(
        self, token: Token, *, expected_version: int, lease: Lease, revoked: bool = False
    ) -> TokenRecord | None:
        """See :meth:`TokenStore.save`."""
        with self._guard:
            version = 0 if self._record is None else self._record.version
            if version != expected_version or not lease.held:
                return None
            self._record = TokenRecord(token, version + 1, revoked)
            return self._record


TokenRecord.__module__ = "oauth_client_errors"  # exported from the package
TokenStore.__module__ = "oauth_client_errors"  # exported from the package
MemoryTokenStore.__module__ = "oauth_client_errors"  # exported from the package
