"""Token stores shared by the processes of one client (private; names exported lazily).

``MemoryTokenStore`` (one process), ``FileTokenStore`` (one machine, ``filelock``) and
``RedisTokenStore`` (many hosts, redis-py, the ``redis`` extra) implement the
:class:`TokenStore` protocol; nothing heavy is imported until a store is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import Lease, MemoryTokenStore, TokenRecord, TokenStore

if TYPE_CHECKING:
    from ._file import FileTokenStore
    from ._redis import RedisTokenStore

__all__ = [
    "FileTokenStore",
    "Lease",
    "MemoryTokenStore",
    "RedisTokenStore",
    "TokenRecord",
    "TokenStore",
]


def __getattr__(name: str) -> Any:
    """Load the file and Redis stores on first use (PEP 562)."""
    if name == "FileTokenStore":
        from ._file import FileTokenStore

        return FileTokenStore
    if name == "RedisTokenStore":
        from ._redis import RedisTokenStore

        return RedisTokenStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
