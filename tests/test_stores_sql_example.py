"""docs/stores.md: the SQL store example runs as printed, on SQLite (standard library).

The block whose first line is ``# file: sqlite_store.py`` is written to a file and used
only through the public ``TokenStore`` protocol: what a store must give (docs/stores.md,
"Your own store"), then real processes sharing one database through ``RefreshTokenSource``
and ``ClientCredentials`` against a loopback server that rotates refresh tokens and
revokes the whole family on reuse (``store_server``), as ``test_stores_processes`` does
for the built-in stores.
"""

from __future__ import annotations

import importlib.util
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from store_server import StoreAuthServer
from storekit import finish, run_once, seed, source_cfg, spawn, start_together

from oauth_client_errors import Token, TokenRecord, TokenStore, TokenStoreError

DOC = Path(__file__).resolve().parent.parent / "docs" / "stores.md"
BLOCK = re.compile(r"```python\n(# file: sqlite_store\.py\n.*?)```", re.S)

LIFETIME = 1.6
SKEW = 0.6
DURATION = 3.5


def test_the_page_prints_the_sql_example_once() -> None:
    assert len(BLOCK.findall(DOC.read_text(encoding="utf-8"))) == 1


@pytest.fixture(scope="module")
def example_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    (code,) = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("sql-example") / "sqlite_store.py"
    path.write_text(code, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def example(example_file: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("sqlite_store_example", example_file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tokens.db"


def full_token(n: int) -> Token:
    return Token(
        f"at-{n}",
        token_type="DPoP",
        refresh_token=f"rt-{n}",
        expires_at=1_900_000_000.5 + n,
        scope="read write",
        id_token=f"id-{n}",
    )


# -- the protocol, in one process ----------------------------------------------------------------


def test_it_is_a_token_store_and_keeps_every_field(example: ModuleType, db: Path) -> None:
    store = example.SQLiteTokenStore(db, "alice")
    assert isinstance(store, TokenStore)
    assert store.load() is None  # empty
    with store.lock(5.0) as lease:
        assert lease.held
        saved = store.save(full_token(1), expected_version=0, lease=lease)
    assert saved == TokenRecord(full_token(1), 1, False)
    assert example.SQLiteTokenStore(db, "alice").load() == saved  # another opener sees it
    assert example.SQLiteTokenStore(db, "bob").load() is None  # one row per name
    for path in (db, Path(store.lock_path)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_save_is_a_compare_and_set(example: ModuleType, db: Path) -> None:
    store = example.SQLiteTokenStore(db)
    seed(store, full_token(1))
    with store.lock(5.0) as lease:
        assert store.save(full_token(9), expected_version=0, lease=lease) is None  # not empty
        assert store.save(full_token(2), expected_version=1, lease=lease) is not None
        assert store.save(full_token(9), expected_version=1, lease=lease) is None  # stale
        marked = store.save(full_token(2), expected_version=2, lease=lease, revoked=True)
    assert marked == TokenRecord(full_token(2), 3, True)
    assert store.load() == marked


def test_no_save_without_the_lock(example: ModuleType, db: Path) -> None:
    store = example.SQLiteTokenStore(db)
    seed(store, full_token(1))
    with store.lock(5.0) as lease:
        pass
    assert not lease.held  # released with the context
    assert store.save(full_token(2), expected_version=1, lease=lease) is None
    assert store.load() == TokenRecord(full_token(1), 1, False)


def test_the_lock_excludes_another_holder_until_released(example: ModuleType, db: Path) -> None:
    store, other = example.SQLiteTokenStore(db), example.SQLiteTokenStore(db)
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.lock(5.0):
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    started = time.monotonic()
    with pytest.raises(TokenStoreError, match="lock"), other.lock(0.3):
        pass
    assert 0.25 <= time.monotonic() - started < 5
    release.set()
    holder.join(10)
    with other.lock(1.0) as lease:
        assert lease.held
    # each name has its own lock
    with store.lock(1.0), example.SQLiteTokenStore(db, "bob").lock(0.3) as lease:
        assert lease.held


def test_unreadable_or_corrupt_storage_raises_token_store_error(
    example: ModuleType, db: Path
) -> None:
    store = example.SQLiteTokenStore(db)
    seed(store, full_token(1))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE oauth_tokens SET token = '{\"access_token\": '")
    conn.close()
    with pytest.raises(TokenStoreError, match="corrupt"):
        store.load()
    db.unlink()
    db.mkdir()  # a directory where the database was
    with pytest.raises(TokenStoreError, match="cannot read"):
        store.load()


# -- across processes ----------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[StoreAuthServer]:
    with StoreAuthServer(lifetime=LIFETIME) as srv:
        yield srv


def example_cfg(example_file: Path, db: Path, name: str = "demo") -> dict[str, Any]:
    return {
        "kind": "module",
        "file": str(example_file),
        "class": "SQLiteTokenStore",
        "args": [str(db), name],
    }


def base_cfg(server: StoreAuthServer, store: dict[str, Any], grant: str) -> dict[str, Any]:
    return source_cfg(server, store, grant, skew=SKEW)


def test_a_lock_held_by_a_killed_process_is_free_at_once(
    example: ModuleType, example_file: Path, db: Path
) -> None:
    example.SQLiteTokenStore(db)  # creates the table
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import importlib.util, sys, time\n"
            "spec = importlib.util.spec_from_file_location('m', sys.argv[1])\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "with m.SQLiteTokenStore(sys.argv[2]).lock(5.0):\n"
            "    print('locked', flush=True); time.sleep(60)\n",
            str(example_file),
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(TokenStoreError), example.SQLiteTokenStore(db).lock(0.3):
            pass  # held by the other process
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        started = time.monotonic()
        with example.SQLiteTokenStore(db).lock(5.0) as lease:
            assert lease.held
        assert time.monotonic() - started < 1.0  # freed by the kernel, no lease to run out
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)


@pytest.mark.parametrize("grant", ["refresh", "cc"])
def test_one_refresh_per_expiry_across_processes(
    server: StoreAuthServer, example: ModuleType, example_file: Path, db: Path, grant: str
) -> None:
    store_cfg = example_cfg(example_file, db)
    if grant == "refresh":
        seed(example.SQLiteTokenStore(db, "demo"), Token.from_response(server.sign_in()))
    cfg = {
        **base_cfg(server, store_cfg, grant),
        "mode": "load",
        "threads": 4,
        "tasks": 2,
        "duration": DURATION,
        "interval": 0.6,
    }
    procs = [spawn(cfg) for _ in range(4)]
    start_together(procs)
    results = [finish(p) for p in procs]

    state = server.state
    assert [e for r in results for e in r["errors"]] == []
    assert all(r["ok"] > 0 for r in results)
    assert state.reuse_events == 0 and state.refused == 0
    assert server.early_issues(SKEW) == []  # none while the newest token had time left
    issued = state.refreshes if grant == "refresh" else state.token_requests
    assert issued >= int(DURATION / LIFETIME)  # tokens did expire and were replaced
    assert issued <= int(DURATION / (LIFETIME - SKEW)) + 3  # and not once per process
    assert state.resource_401 <= state.resource_ok // 4


def killed_holder(
    server: StoreAuthServer, example: ModuleType, example_file: Path, db: Path, stage: str
) -> dict[str, Any]:
    """An expired token in the store; a worker refreshing it is killed at ``stage``."""
    fresh = Token.from_response(server.sign_in())
    expired = Token(fresh.access_token, refresh_token=fresh.refresh_token, expires_at=1.0)
    seed(example.SQLiteTokenStore(db, "demo"), expired)
    cfg = base_cfg(server, example_cfg(example_file, db), "refresh")
    victim = spawn({**cfg, "mode": "once", "fault": {"stage": stage, "action": "kill"}})
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    return cfg


def test_a_holder_killed_before_sending_costs_no_refresh_token(
    server: StoreAuthServer, example: ModuleType, example_file: Path, db: Path
) -> None:
    cfg = killed_holder(server, example, example_file, db, "before_send")
    assert server.state.token_requests == 0

    started = time.monotonic()
    results = [finish(p) for p in [spawn({**cfg, "mode": "once"}) for _ in range(3)]]
    assert "error" not in results[0] and len({r.get("access") for r in results}) == 1
    assert time.monotonic() - started < 20
    assert server.state.refreshes == 1 and server.state.reuse_events == 0
    stored = example.SQLiteTokenStore(db, "demo").load()
    assert stored is not None and stored.version == 2 and not stored.revoked


def test_a_rotated_token_refused_everywhere_is_marked_once(
    server: StoreAuthServer, example: ModuleType, example_file: Path, db: Path
) -> None:
    """The token in the store was rotated away by a process that died before saving."""
    cfg = killed_holder(server, example, example_file, db, "after_response")
    assert server.state.refreshes == 1

    first = run_once(cfg)
    assert first["error"] == "InvalidGrantError" and first["policy"] == "reauthorize"
    record = example.SQLiteTokenStore(db, "demo").load()
    assert record is not None and record.revoked  # marked: no process sends it again
    requests_after_first = server.state.token_requests
    again = [run_once(cfg) for _ in range(2)]
    assert all(r["error"] == "InvalidGrantError" for r in again)
    assert server.state.token_requests == requests_after_first
    assert server.state.reuse_events == 1  # the dead token was sent once, not by each
