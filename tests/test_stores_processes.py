"""Token stores across real processes: one refresh per expiry, no refresh token reused.

A strict loopback authorization server (``store_server``) rotates refresh tokens and
revokes the whole family on reuse; worker processes (``store_worker``) run threads and
asyncio tasks against it through a shared FileTokenStore or a RedisTokenStore on a real
redis-server started here. Faults are injected in the workers through the stores'
fault hook: SIGKILL or SIGSTOP at a named stage of a refresh.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_server import StoreAuthServer
from storekit import (
    RedisServer,
    finish,
    redis_server,
    run_once,
    seed,
    source_cfg,
    spawn,
    start_together,
    wait_stopped,
)

from oauth_client_errors import FileTokenStore, RedisTokenStore, Token, TokenStoreError

PROCESSES = 8
THREADS = 10
TASKS = 3
LIFETIME = 1.6
SKEW = 0.6
DURATION = 3.5
INTERVAL = 0.6


@pytest.fixture
def server() -> Iterator[StoreAuthServer]:
    with StoreAuthServer(lifetime=LIFETIME) as srv:
        yield srv


@pytest.fixture(scope="module")
def redis_srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as srv:
        yield srv


def file_cfg(tmp_path: Path) -> dict[str, Any]:
    return {"kind": "file", "path": str(tmp_path / "token.json")}


def redis_cfg(srv: RedisServer, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "redis",
        "port": srv.port,
        "key": f"t:{secrets.token_hex(4)}",
        "lease": 1.0,
        **extra,
    }


def open_store(cfg: dict[str, Any], srv: RedisServer | None = None) -> Any:
    if cfg["kind"] == "file":
        return FileTokenStore(cfg["path"])
    assert srv is not None
    key = bytes.fromhex(cfg["enc"]) if cfg.get("enc") else None
    return RedisTokenStore(srv.client(), cfg["key"], encryption_key=key, lease=cfg["lease"])


def base_cfg(server: StoreAuthServer, store: dict[str, Any], grant: str) -> dict[str, Any]:
    return source_cfg(server, store, grant, skew=SKEW)


def signed_in(server: StoreAuthServer) -> Token:
    return Token.from_response(server.sign_in())


@pytest.fixture(params=["file", "redis"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def store_for(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> tuple[dict[str, Any], RedisServer | None]:
    if kind == "file":
        return file_cfg(tmp_path), None
    srv: RedisServer = request.getfixturevalue("redis_srv")
    return redis_cfg(srv), srv


# -- many processes ----------------------------------------------------------------------------


@pytest.mark.parametrize("grant", ["refresh", "cc"])
def test_one_refresh_per_expiry_across_processes(
    server: StoreAuthServer, kind: str, grant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store_cfg, srv = store_for(kind, tmp_path, request)
    if grant == "refresh":
        seed(open_store(store_cfg, srv), signed_in(server))
    cfg = {
        **base_cfg(server, store_cfg, grant),
        "mode": "load",
        "threads": THREADS,
        "tasks": TASKS,
        "duration": DURATION,
        "interval": INTERVAL,
    }
    procs = [spawn(cfg) for _ in range(PROCESSES)]
    start_together(procs)
    results = [finish(p) for p in procs]

    state = server.state
    failures = [e for r in results for e in r["errors"]]
    stats = {
        k: getattr(state, k)
        for k in (
            "refreshes",
            "token_requests",
            "reuse_events",
            "refused",
            "resource_ok",
            "resource_401",
        )
    }
    assert failures == [], stats
    assert all(r["ok"] > 0 for r in results)
    assert state.reuse_events == 0
    assert state.refused == 0
    # one token request per expiry: none while the newest token still had time left
    assert server.early_issues(SKEW) == []
    issued = state.refreshes if grant == "refresh" else state.token_requests
    assert issued >= int(DURATION / LIFETIME)  # tokens did expire and were replaced
    assert issued <= int(DURATION / (LIFETIME - SKEW)) + 3  # and not once per process
    # a 401 only for a request that reached the server after its token expired (a loaded
    # machine); a loose bound that catches a fleet working with dead tokens
    assert state.resource_401 <= state.resource_ok // 4


# -- kill -9 of the lock holder ----------------------------------------------------------------


def expired_in_store(server: StoreAuthServer, store: Any) -> Token:
    """Seed the store with a signed-in token, then make it look expired to the workers."""
    fresh = signed_in(server)
    token = Token(fresh.access_token, refresh_token=fresh.refresh_token, expires_at=time.time() - 1)
    seed(store, token)
    return token


def test_kill_holder_before_it_sends(
    server: StoreAuthServer, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store_cfg, srv = store_for(kind, tmp_path, request)
    expired_in_store(server, open_store(store_cfg, srv))
    cfg = base_cfg(server, store_cfg, "refresh")
    victim = spawn({**cfg, "mode": "once", "fault": {"stage": "before_send", "action": "kill"}})
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    assert server.state.token_requests == 0

    started = time.monotonic()
    results = [finish(p) for p in [spawn({**cfg, "mode": "once"}) for _ in range(3)]]
    assert len({r.get("access") for r in results}) == 1 and "error" not in results[0]
    assert time.monotonic() - started < 20  # freed by the kernel / after one lease
    assert server.state.refreshes == 1
    assert server.state.reuse_events == 0


def test_kill_holder_after_the_server_rotated_names_the_gap_once(
    server: StoreAuthServer, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store_cfg, srv = store_for(kind, tmp_path, request)
    store = open_store(store_cfg, srv)
    expired_in_store(server, store)
    cfg = base_cfg(server, store_cfg, "refresh")
    stage = "after_response"
    victim = spawn({**cfg, "mode": "once", "fault": {"stage": stage, "action": "kill"}})
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    assert server.state.refreshes == 1  # the server rotated; the store never heard of it

    first = run_once(cfg)
    assert first["error"] == "InvalidGrantError"
    assert first["policy"] == "reauthorize"
    assert "died after the server rotated" in first["hint"]
    requests_after_first = server.state.token_requests
    # the others do not send the dead refresh token again: no retry loop, no second reuse
    again = [run_once(cfg) for _ in range(2)]
    assert all(r["error"] == "InvalidGrantError" for r in again)
    assert server.state.token_requests == requests_after_first
    assert server.state.reuse_events == 1
    record = store.load()
    assert record is not None and record.revoked


def test_kill_holder_while_it_writes_leaves_a_readable_store(
    server: StoreAuthServer, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """File: killed with half the temp file written. Redis: killed on its way to the one
    atomic Lua write (Redis applies a script whole or not at all)."""
    store_cfg, srv = store_for(kind, tmp_path, request)
    store = open_store(store_cfg, srv)
    old = expired_in_store(server, store)
    cfg = base_cfg(server, store_cfg, "refresh")
    stage = "file_write" if kind == "file" else "redis_save"
    victim = spawn({**cfg, "mode": "once", "fault": {"stage": stage, "action": "kill"}})
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    record = store.load()  # not corrupt: the old record, whole
    assert record is not None and record.version == 1
    assert record.token.refresh_token == old.refresh_token
    if kind == "file":
        assert list(tmp_path.glob(".token.json.*.tmp"))  # the half-written temp file
        assert not list(tmp_path.glob("token.json.corrupt-*"))
    # the rotated token died with the holder: the gap, reported once
    assert run_once(cfg)["error"] == "InvalidGrantError"


def test_redis_holder_paused_past_its_lease_cannot_save(
    server: StoreAuthServer, redis_srv: RedisServer
) -> None:
    store_cfg = redis_cfg(redis_srv)
    store = open_store(store_cfg, redis_srv)
    cfg = base_cfg(server, store_cfg, "cc")
    paused = spawn({**cfg, "mode": "once", "fault": {"stage": "after_response", "action": "stop"}})
    try:
        wait_stopped(paused.pid)
        assert server.state.token_requests == 1
        time.sleep(store_cfg["lease"] * 1.5)  # the lease runs out while it is paused
        winner = run_once(cfg)
        assert server.state.token_requests == 2
        record = store.load()
        assert record is not None and record.version == 1
    finally:
        os.kill(paused.pid, signal.SIGCONT)
    late = finish(paused)
    record = store.load()
    assert record is not None and record.version == 1  # its save was refused
    assert late["access"] == winner["access"]  # and it uses the winner's token


def test_redis_holder_paused_before_sending_sends_nothing(
    server: StoreAuthServer, redis_srv: RedisServer
) -> None:
    store_cfg = redis_cfg(redis_srv)
    store = open_store(store_cfg, redis_srv)
    expired_in_store(server, store)
    cfg = base_cfg(server, store_cfg, "refresh")
    paused = spawn({**cfg, "mode": "once", "fault": {"stage": "before_send", "action": "stop"}})
    try:
        wait_stopped(paused.pid)
        time.sleep(store_cfg["lease"] * 1.5)
        winner = run_once(cfg)
        assert server.state.refreshes == 1
    finally:
        os.kill(paused.pid, signal.SIGCONT)
    late = finish(paused)
    assert late["access"] == winner["access"]
    assert server.state.refreshes == 1
    assert server.state.reuse_events == 0


def test_redis_restart_with_persistence_keeps_the_newest_token(
    server: StoreAuthServer, tmp_path: Path
) -> None:
    with redis_server(tmp_path) as srv:
        store_cfg = redis_cfg(srv, enc=os.urandom(32).hex())
        store = open_store(store_cfg, srv)
        expired_in_store(server, store)
        cfg = base_cfg(server, store_cfg, "refresh")
        first = run_once(cfg)
        assert "access" in first
        srv.stop()
        with pytest.raises(TokenStoreError, match="unreachable"):
            store.load()
        srv.start()
        record = open_store(store_cfg, srv).load()
        assert record is not None and record.version == 2
        # make it expire, then refresh after the restart: the rotated token is used
        with store.lock(5.0) as lease:
            stale = Token(
                record.token.access_token,
                refresh_token=record.token.refresh_token,
                expires_at=time.time() - 1,
            )
            assert store.save(stale, expected_version=2, lease=lease) is not None
        after = run_once(cfg)
        assert "access" in after and after["access"] != first["access"]
        assert server.state.refreshes == 2
        assert server.state.reuse_events == 0
