"""A token store in Redis, for processes on many hosts (redis-py; the ``redis`` extra)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from .._errors import TokenStoreError
from .._tokens import Token
from . import _base
from ._base import Lease, TokenRecord, decode_record, encode_record, store_unreachable

__all__ = ["RedisTokenStore"]

# KEYS[1] lock, KEYS[2] fencing counter; ARGV[1] owner, ARGV[2] lease in ms.
_ACQUIRE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
return fence
"""
# KEYS[1] lock; ARGV[1] lock value, ARGV[2] lease in ms.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# KEYS[1] record, KEYS[2] lock; ARGV: lock value, fence, expected version, data, revoked.
_SAVE = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
local stored = redis.call('HMGET', KEYS[1], 'version', 'fence')
local version = tonumber(stored[1] or '0')
if version ~= tonumber(ARGV[3]) then return -2 end
if tonumber(stored[2] or '0') > tonumber(ARGV[2]) then return -3 end
redis.call('HSET', KEYS[1], 'version', version + 1, 'fence', ARGV[2], 'data', ARGV[4])
return version + 1
"""

_MAGIC = b"OCE-AESGCM-1."
_KEY_ID_LEN = 8
_NONCE_LEN = 12


def _key_id(key: bytes) -> bytes:
    return hmac.new(key, b"oauth-client-errors token store key id", hashlib.sha256).digest()[
        :_KEY_ID_LEN
    ]


class _RedisLease:
    """A lease renewed by a watchdog thread while the refresh runs."""

    def __init__(self, store: RedisTokenStore, value: str, fence: int) -> None:
        self.store = store
        self.value = value
        self.fence = fence
        self._renewed = time.monotonic()
        self._lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._watch, name="oauth-token-store-lease", daemon=True
        )

    @property
    def held(self) -> bool:
        if self._lost:
            return False
        return time.monotonic() - self._renewed < self.store.lease

    def __repr__(self) -> str:
        return f"Lease(fence={self.fence}, held={self.held})"

    def _watch(self) -> None:
        interval = self.store.lease / 3
        while not self._stop.wait(interval):
            try:
                ok = self.store._renew_lease(self.value)
            except TokenStoreError:
                if not self.held:
                    self._lost = True
                    return
                continue
            if not ok:
                self._lost = True
                return
            self._renewed = time.monotonic()


class RedisTokenStore:
    """A token store in Redis, shared by processes on many hosts.

    * The refresh lock is a Redis key with a lease (``<key>:lock``), taken with a fencing
      counter (``<key>:fence``) in one Lua script, and renewed by a watchdog thread while
      the refresh runs: a slow token endpoint never lets the lock expire under a live
      holder, and a holder that died blocks the others for at most one lease.
    * A save is a Lua compare-and-set on the record's version, refused unless the caller
      still holds the lock with its fencing value (a holder that was paused past its lease
      cannot overwrite the newer token).
    * With ``encryption_key`` the record is encrypted at rest with AES-GCM; the Redis key
      name, the record version and the encryption key's id are bound into every
      ciphertext as associated data. A record written with another key raises
      :class:`TokenStoreError`.
    * No TTL is set on the record: it holds the refresh token, which outlives the access
      token.

    In Redis Cluster, give ``key`` a hash tag (``"{myapp}:token"``) so the record, lock and
    counter share a slot.

    Args:
        client: A ``redis.Redis`` client (``decode_responses`` may be on or off).
        key: The Redis key of the record.
        encryption_key: 16, 24 or 32 bytes for AES-GCM, or None to store plain JSON.
        lease: Seconds the lock lives without renewal.
        lock_timeout: Seconds to wait for another process's refresh before giving up.
    """

    def __init__(
        self,
        client: Any,
        key: str,
        *,
        encryption_key: bytes | None = None,
        lease: float = 10.0,
        lock_timeout: float = 60.0,
    ) -> None:
        if encryption_key is not None and len(encryption_key) not in (16, 24, 32):
            raise ValueError("encryption_key must be 16, 24 or 32 bytes (AES-128/192/256)")
        if lease <= 0:
            raise ValueError("lease must be positive")
        self.client = client
        self.key = key
        self.lease = lease
        self.lock_timeout = lock_timeout
        self._lease_ms = max(1, int(lease * 1000))
        self._lock_key = f"{key}:lock"
        self._fence_key = f"{key}:fence"
        if encryption_key is not None:
            try:
                import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401
            except ImportError:  # pragma: no cover - depends on the environment
                raise ImportError(
                    "RedisTokenStore(encryption_key=...) needs the cryptography package: "
                    "pip install 'oauth-client-errors[redis]'"
                ) from None
        self._aes_key = encryption_key
        self._key_id = _key_id(encryption_key) if encryption_key is not None else None
        self._acquire = client.register_script(_ACQUIRE)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)
        self._save = client.register_script(_SAVE)

    def __repr__(self) -> str:
        encrypted = self._aes_key is not None
        return f"RedisTokenStore(key={self.key!r}, encrypted={encrypted})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("a RedisTokenStore holds a client and a key; it cannot be pickled")

    # -- redis calls ---------------------------------------------------------------------------

    def _call(self, script: Any, keys: list[str], args: list[Any]) -> Any:
        return self._do(lambda: script(keys=keys, args=args))

    def _do(self, call: Any) -> Any:
        import redis.exceptions as rex

        try:
            return call()
        except (rex.ConnectionError, rex.TimeoutError) as exc:
            failure = store_unreachable(
                f"the Redis token store is unreachable ({type(exc).__name__})"
            )
        except rex.RedisError as exc:
            failure = TokenStoreError(f"the Redis token store failed ({type(exc).__name__})")
        # raised here, outside the handler: redis-py's exception (whose frames hold the
        # command's arguments, the record among them) is not kept as the context
        raise failure

    def _renew_lease(self, value: str) -> bool:
        return bool(self._call(self._renew, [self._lock_key], [value, self._lease_ms]))

    # -- the protocol --------------------------------------------------------------------------

    def load(self) -> TokenRecord | None:
        """See :meth:`TokenStore.load`."""
        version, data = self._do(lambda: self.client.hmget(self.key, "version", "data"))
        if version is None and data is None:
            return None
        if version is None or data is None:
            raise TokenStoreError(f"Redis token store {self.key!r} is corrupt: a field is missing")
        try:
            number = int(version)
        except ValueError:
            raise TokenStoreError(
                f"Redis token store {self.key!r} is corrupt: bad version"
            ) from None
        raw = data.encode("latin-1") if isinstance(data, str) else bytes(data)
        plain = self._open(raw, number)
        raw = data = b""  # out of the locals
        try:
            record = decode_record(plain, repr(self.key))
        finally:
            plain = b""
        if record.version != number:
            raise TokenStoreError(
                f"Redis token store {self.key!r} is corrupt: the record does not match its version"
            )
        return record

    @contextmanager
    def lock(self, timeout: float) -> Iterator[Lease]:
        """See :meth:`TokenStore.lock` (a leased Redis lock with a fencing counter)."""
        owner = secrets.token_hex(12)
        deadline = time.monotonic() + max(timeout, 0.0)
        pause = 0.002
        while True:
            keys = [self._lock_key, self._fence_key]
            fence = int(self._call(self._acquire, keys, [owner, self._lease_ms]))
            if fence:
                break
            if time.monotonic() >= deadline:
                raise TokenStoreError(
                    f"timed out after {timeout:g} s waiting for the refresh lock of "
                    f"Redis key {self.key!r}"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        lease = _RedisLease(self, f"{owner}:{fence}", fence)
        lease._thread.start()
        try:
            yield lease
        finally:
            lease._stop.set()
            lease._thread.join()
            with suppress(TokenStoreError):  # if unreachable, the lease runs out on its own
                self._call(self._release, [self._lock_key], [lease.value])

    def save(
        self, token: Token, *, expected_version: int, lease: Lease, revoked: bool = False
    ) -> TokenRecord | None:
        """See :meth:`TokenStore.save` (a Lua compare-and-set, fenced by the lock)."""
        if not isinstance(lease, _RedisLease) or lease.store is not self or not lease.held:
            return None
        record = TokenRecord(token, expected_version + 1, revoked)
        sealed = self._seal(encode_record(record), record.version)
        _base._fault("redis_save")
        args: list[Any] = [lease.value, lease.fence, expected_version, sealed]
        sealed = b""
        try:
            result = int(self._call(self._save, [self.key, self._lock_key], args))
        finally:
            args.clear()  # the list is a local of the frames below, kept by a traceback
        if result < 0:
            return None
        return record

    # -- encryption ----------------------------------------------------------------------------

    def _aad(self, version: int) -> bytes:
        assert self._key_id is not None
        return b"\0".join(
            [
                b"oauth-client-errors token record",
                self.key.encode(),
                str(version).encode(),
                self._key_id,
            ]
        )

    def _seal(self, plain: bytes, version: int) -> bytes:
        if self._aes_key is None:
            return plain
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        assert self._key_id is not None
        nonce = os.urandom(_NONCE_LEN)
        sealed = AESGCM(self._aes_key).encrypt(nonce, plain, self._aad(version))
        return _MAGIC + base64.b64encode(self._key_id + nonce + sealed)

    def _open(self, raw: bytes, version: int) -> bytes:
        encrypted = raw.startswith(_MAGIC)
        if self._aes_key is None:
            if encrypted:
                raise TokenStoreError(
                    f"Redis token store {self.key!r} is encrypted: pass its encryption_key"
                )
            return raw
        if not encrypted:
            raise TokenStoreError(
                f"Redis token store {self.key!r} is not encrypted but an encryption_key was "
                "given; refusing an unauthenticated record"
            )
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            blob = base64.b64decode(raw[len(_MAGIC) :], validate=True)
        except ValueError:
            raise TokenStoreError(f"Redis token store {self.key!r} is corrupt") from None
        key_id, nonce, sealed = (
            blob[:_KEY_ID_LEN],
            blob[_KEY_ID_LEN : _KEY_ID_LEN + _NONCE_LEN],
            blob[_KEY_ID_LEN + _NONCE_LEN :],
        )
        if key_id != self._key_id:
            mine = self._key_id.hex() if self._key_id else ""
            raise TokenStoreError(
                f"Redis token store {self.key!r} was encrypted with another key "
                f"(key id {key_id.hex()}; this store's key id is {mine})"
            )
        try:
            return AESGCM(self._aes_key).decrypt(nonce, sealed, self._aad(version))
        except InvalidTag:
            raise TokenStoreError(
                f"Redis token store {self.key!r} failed authentication: tampered, moved from "
                "another key or version, or written with another key"
            ) from None


RedisTokenStore.__module__ = "oauth_client_errors"  # exported from the package
