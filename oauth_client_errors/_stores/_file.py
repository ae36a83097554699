"""A token store in a file, shared by the processes of one machine (``filelock``).

Network file systems (NFS, SMB/CIFS, sshfs, most FUSE mounts) are not supported: their
locks and renames do not give the guarantees below.
"""

from __future__ import annotations

import errno
import inspect
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .._errors import TokenStoreError
from .._tokens import Token
from . import _base
from ._base import Lease, TokenRecord, decode_record, encode_record

__all__ = ["FileTokenStore"]

_READ_LIMIT = 1 << 20  # a token record is a few kilobytes; more than a mebibyte is not one


class _FileLease:
    """Held while this process holds the ``flock`` (the kernel frees it if we die)."""

    def __init__(self, lock: Any) -> None:
        self._lock = lock

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)

    def __repr__(self) -> str:
        return f"Lease(held={self.held})"


def _lock_options() -> dict[str, Any]:
    import filelock

    params = inspect.signature(filelock.FileLock.__init__).parameters
    options: dict[str, Any] = {"thread_local": False}  # entered and left in any thread
    if "fallback_to_soft" in params:
        options["fallback_to_soft"] = False  # a stale soft lock would outlive a dead holder
    return options


class FileTokenStore:
    """A token store in one file, for several processes on one machine.

    * The refresh lock is an ``flock`` on a separate file (``<path>.lock``) through
      ``filelock``: the kernel releases it when its holder exits or is killed.
    * A save writes a temporary file in the same directory (mode 0600), fsyncs it,
      renames it over the record with :func:`os.replace` and fsyncs the directory: a
      reader sees the old record or the new one, never a mix, even after a crash.
    * Reads take no lock.
    * A corrupt or truncated record raises :class:`TokenStoreError` and is moved aside to
      ``<path>.corrupt-<time>-<pid>`` (kept for inspection, never silently emptied); the
      next sign-in starts a new record.

    Network file systems are not supported (their locks and renames are not reliable).

    Args:
        path: The record file (its directory must exist and be on a local file system).
        lock_timeout: Seconds to wait for another process's refresh before giving up.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self._owner: _FileLease | None = None
        self._state = threading.Lock()

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    # -- reading ------------------------------------------------------------------------------

    def _read(self) -> bytes | None:
        try:
            with open(self.path, "rb") as fh:
                return fh.read(_READ_LIMIT + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(
                f"cannot read the token store {self.path}: {exc.strerror or type(exc).__name__}"
            ) from None

    def load(self) -> TokenRecord | None:
        """See :meth:`TokenStore.load`; a corrupt record is moved aside, then reported."""
        raw = self._read()
        if raw is None:
            return None
        try:
            if len(raw) > _READ_LIMIT:
                raise TokenStoreError(f"token store {self.path} is corrupt: far too large")
            return decode_record(raw, str(self.path))
        except TokenStoreError as exc:
            aside = self._quarantine(raw)
            raw = b""  # out of the locals
            where = f"; moved aside to {aside}" if aside else ""
            raise TokenStoreError(
                f"{exc}{where}. The stored token is lost: sign in again to start a new record"
            ) from None

    def _quarantine(self, raw: bytes) -> Path | None:
        """Move the corrupt record aside (under the lock), if it is still the same bytes."""
        if self._owner is not None:
            return self._move_aside(raw)
        try:
            with self.lock(min(self.lock_timeout, 5.0)):
                return self._move_aside(raw)
        except TokenStoreError:
            return None  # another process is busy; the next reader moves it aside

    def _move_aside(self, raw: bytes) -> Path | None:
        if self._read() != raw:
            return None  # already replaced or moved
        aside = self.path.with_name(
            f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        )
        try:
            os.replace(self.path, aside)
            _fsync_dir(self.path.parent)
        except OSError:
            return None
        return aside

    # -- locking ------------------------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float) -> Iterator[Lease]:
        """See :meth:`TokenStore.lock` (an ``flock`` on ``<path>.lock``)."""
        import filelock

        lock = filelock.FileLock(str(self.lock_path), mode=0o600, **_lock_options())
        try:
            lock.acquire(timeout=max(timeout, 0.0), poll_interval=0.005)
        except filelock.Timeout:
            raise TokenStoreError(
                f"timed out after {timeout:g} s waiting for the refresh lock {self.lock_path}"
            ) from None
        except OSError as exc:
            raise TokenStoreError(
                f"cannot lock {self.lock_path}: {exc.strerror or type(exc).__name__}"
            ) from None
        lease = _FileLease(lock)
        with self._state:
            self._owner = lease
        try:
            yield lease
        finally:
            with self._state:
                if self._owner is lease:
                    self._owner = None
            lock.release()

    # -- writing ------------------------------------------------------------------------------

    def save(
        self, token: Token, *, expected_version: int, lease: Lease, revoked: bool = False
    ) -> TokenRecord | None:
        """See :meth:`TokenStore.save` (atomic: temp file, fsync, rename, fsync of the dir)."""
        if not lease.held:
            return None
        current = self.load()
        version = 0 if current is None else current.version
        if version != expected_version:
            return None
        record = TokenRecord(token, version + 1, revoked)
        self._write(encode_record(record))
        self._sweep()
        return record

    def _sweep(self) -> None:
        """Remove temporary files left by a holder that died while writing (lock held)."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with suppress(FileNotFoundError):
                leftover.unlink()

    def _write(self, data: bytes) -> None:
        directory = self.path.parent
        try:
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise TokenStoreError(
                f"cannot write the token store in {directory}: {exc.strerror or type(exc).__name__}"
            ) from None
        try:
            try:
                os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
                half = len(data) // 2
                os.write(fd, data[:half])
                _base._fault("file_write")
                view = memoryview(data)[half:]
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
            _fsync_dir(directory)
        except OSError as exc:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            failure = TokenStoreError(
                f"cannot write the token store {self.path}: {exc.strerror or type(exc).__name__}"
            )
        else:
            return
        data, view = b"", memoryview(b"")  # the record: out of the locals, then raise
        raise failure


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (POSIX; a no-op where directories cannot open)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # pragma: no cover - some file systems refuse fsync on a dir
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


FileTokenStore.__module__ = "oauth_client_errors"  # exported from the package
