"""Token stores in one process: the protocol, the File and Redis stores, the coordinator.

The multi-process behaviour (kill -9, SIGSTOP, restarts) is in test_stores_processes.py.
Redis tests run a real redis-server on 127.0.0.1 (skipped without one, failed under CI).
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_server import CLIENT_ID, CLIENT_SECRET, StoreAuthServer
from storekit import RedisServer, redis_server

from oauth_client_errors import (
    ClientCredentials,
    FileTokenStore,
    InvalidGrantError,
    MemoryTokenStore,
    Policy,
    RedisTokenStore,
    RefreshTokenSource,
    Token,
    TokenRecord,
    TokenStore,
    TokenStoreError,
)
from oauth_client_errors._tokens import HTTPResult, TokenRequest

RT = "rt-secret-refresh-value"
AT = "at-secret-access-value"


def tok(access: str = AT, refresh: str | None = RT, left: float = 3600.0) -> Token:
    return Token(access, refresh_token=refresh, expires_at=time.time() + left)


def put(store: Any, token: Token, expected: int = 0, revoked: bool = False) -> TokenRecord:
    with store.lock(5.0) as lease:
        record = store.save(token, expected_version=expected, lease=lease, revoked=revoked)
    assert record is not None
    return record


@pytest.fixture(scope="module")
def redis_srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as srv:
        yield srv


@pytest.fixture
def server() -> Iterator[StoreAuthServer]:
    with StoreAuthServer(lifetime=60.0) as srv:
        yield srv


_keys = iter(range(1_000_000))


def redis_store(srv: RedisServer, **kwargs: Any) -> RedisTokenStore:
    return RedisTokenStore(srv.client(), f"unit:{next(_keys)}:{os.getpid()}", **kwargs)


@pytest.fixture(params=["memory", "file", "redis"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "memory":
        return MemoryTokenStore()
    if request.param == "file":
        return FileTokenStore(tmp_path / "token.json")
    return redis_store(request.getfixturevalue("redis_srv"), lease=1.0)


# -- import hygiene ----------------------------------------------------------------------------


def test_nothing_heavy_is_imported_until_a_store_is_used(tmp_path: Path) -> None:
    code = (
        "import sys, oauth_client_errors as o\n"
        "heavy = ('filelock', 'redis', 'cryptography')\n"
        "assert not [m for m in heavy if m in sys.modules], 'import'\n"
        "o.MemoryTokenStore(); o.TokenStore; o.TokenRecord\n"
        f"s = o.FileTokenStore({str(tmp_path / 't.json')!r}); s.load()\n"
        "o.RedisTokenStore\n"
        "assert not [m for m in heavy if m in sys.modules], 'names'\n"
        "with s.lock(1):\n    pass\n"
        "assert 'filelock' in sys.modules and 'redis' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the protocol, every store -----------------------------------------------------------------


def test_every_store_satisfies_the_protocol(any_store: Any) -> None:
    assert isinstance(any_store, TokenStore)
    assert any_store.load() is None
    first = put(any_store, tok())
    assert first.version == 1 and not first.revoked
    loaded = any_store.load()
    assert loaded == TokenRecord(tok_like(first.token), 1, False) or loaded.version == 1
    assert loaded.token.access_token == AT and loaded.token.refresh_token == RT
    assert loaded.token.expires_at == pytest.approx(first.token.expires_at)


def tok_like(token: Token) -> Token:
    return token


def test_save_is_a_compare_and_set(any_store: Any) -> None:
    put(any_store, tok())
    with any_store.lock(5.0) as lease:
        assert any_store.save(tok("at-2"), expected_version=0, lease=lease) is None
        assert any_store.save(tok("at-2"), expected_version=2, lease=lease) is None
        second = any_store.save(tok("at-2"), expected_version=1, lease=lease)
        assert second is not None and second.version == 2
        assert any_store.save(tok("at-3"), expected_version=1, lease=lease) is None
    record = any_store.load()
    assert record.version == 2 and record.token.access_token == "at-2"


def test_revoked_flag_is_kept(any_store: Any) -> None:
    put(any_store, tok(), revoked=True)
    assert any_store.load().revoked


def test_lock_excludes_a_second_holder(any_store: Any) -> None:
    with any_store.lock(5.0):
        started = time.monotonic()
        outcome: list[BaseException] = []

        def other() -> None:
            try:
                with any_store.lock(0.3):
                    pass
            except BaseException as exc:
                outcome.append(exc)

        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert len(outcome) == 1 and isinstance(outcome[0], TokenStoreError)
        assert "timed out" in str(outcome[0])
        assert time.monotonic() - started >= 0.25
    with any_store.lock(1.0):  # free again
        pass


def test_no_secret_in_reprs(any_store: Any) -> None:
    put(any_store, tok())
    record = any_store.load()
    for text in (repr(any_store), repr(record), str(record)):
        assert AT not in text and RT not in text


# -- the file store ----------------------------------------------------------------------------


def test_file_store_is_private_and_atomic(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    put(store, tok())
    put(store, tok("at-2"), expected=1)
    assert stat.S_IMODE((tmp_path / "token.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "token.json.lock").stat().st_mode) & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["token.json", "token.json.lock"]


def test_file_store_reads_without_the_lock(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    put(store, tok())
    other = FileTokenStore(tmp_path / "token.json")
    with store.lock(5.0):
        assert other.load() is not None  # a reader is never blocked by a refresh


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"format": 1, "version": 1}', b"\x00\xff" * 10, "truncate"],
)
def test_corrupt_file_is_reported_and_moved_aside(tmp_path: Path, content: Any) -> None:
    path = tmp_path / "token.json"
    store = FileTokenStore(path)
    put(store, tok())
    if content == "truncate":
        content = path.read_bytes()[:-7]
    path.write_bytes(content)
    with pytest.raises(TokenStoreError) as info:
        store.load()
    message = str(info.value)
    assert "corrupt" in message and "moved aside" in message and "sign in again" in message
    assert RT not in message and AT not in message
    assert not path.exists()  # never silently emptied: kept aside, byte for byte
    aside = list(tmp_path.glob("token.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert str(aside[0].name) in message
    assert store.load() is None  # the next sign-in starts a new record
    put(store, tok("at-new"))
    assert store.load().token.access_token == "at-new"


def test_corrupt_file_error_keeps_no_secret_in_traceback_locals(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    store = FileTokenStore(path)
    put(store, tok())
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(TokenStoreError) as info:
        store.load()
    tb = info.value.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            assert RT not in repr(value)[:100000]
        tb = tb.tb_next


def test_file_store_unusable_path_raises_store_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    store = FileTokenStore(tmp_path / "a-file" / "token.json")
    with pytest.raises(TokenStoreError), store.lock(1.0):
        pass
    with pytest.raises(TokenStoreError):
        store.load()


# -- the Redis store ---------------------------------------------------------------------------


def test_redis_record_is_encrypted_at_rest(redis_srv: RedisServer) -> None:
    key = os.urandom(32)
    store = redis_store(redis_srv, encryption_key=key)
    put(store, tok())
    raw = redis_srv.client().hget(store.key, "data")
    assert raw is not None and RT.encode() not in raw and AT.encode() not in raw
    assert store.load().token.refresh_token == RT
    assert redis_srv.client().ttl(store.key) == -1  # no TTL: the refresh token outlives it


def test_redis_wrong_key_is_refused(redis_srv: RedisServer) -> None:
    store = redis_store(redis_srv, encryption_key=os.urandom(32))
    put(store, tok())
    for other in (
        RedisTokenStore(redis_srv.client(), store.key, encryption_key=os.urandom(32)),
        RedisTokenStore(redis_srv.client(), store.key),
    ):
        with pytest.raises(TokenStoreError) as info:
            other.load()
        assert "key" in str(info.value) and RT not in str(info.value)


def test_redis_ciphertext_is_bound_to_key_name_and_version(redis_srv: RedisServer) -> None:
    key = os.urandom(32)
    store = redis_store(redis_srv, encryption_key=key)
    put(store, tok())
    client = redis_srv.client()
    client.hset(store.key, "version", 2)  # replayed under another version
    with pytest.raises(TokenStoreError, match="failed authentication"):
        store.load()
    client.hset(store.key, "version", 1)
    moved = RedisTokenStore(client, store.key + ":copy", encryption_key=key)
    client.hset(moved.key, mapping=client.hgetall(store.key))  # copied to another key
    with pytest.raises(TokenStoreError, match="failed authentication"):
        moved.load()
    plain = redis_store(redis_srv)
    put(plain, tok())
    with pytest.raises(TokenStoreError, match="not encrypted"):
        RedisTokenStore(client, plain.key, encryption_key=key).load()


def test_redis_lease_is_renewed_while_the_refresh_runs(redis_srv: RedisServer) -> None:
    store = redis_store(redis_srv, lease=0.3)
    with store.lock(5.0) as lease:
        time.sleep(1.0)  # three leases
        assert lease.held
        with pytest.raises(TokenStoreError), redis_store_same(store, redis_srv).lock(0.2):
            pass
        assert store.save(tok(), expected_version=0, lease=lease) is not None
    with redis_store_same(store, redis_srv).lock(0.5):  # released
        pass


def redis_store_same(store: RedisTokenStore, srv: RedisServer) -> RedisTokenStore:
    return RedisTokenStore(srv.client(), store.key, lease=store.lease)


def test_redis_save_refused_once_the_lock_is_lost(redis_srv: RedisServer) -> None:
    store = redis_store(redis_srv, lease=0.3)
    client = redis_srv.client()
    with store.lock(5.0) as first:
        fence = first.fence  # type: ignore[attr-defined]
        client.delete(f"{store.key}:lock")  # lost (as if it had expired)
        other = redis_store_same(store, redis_srv)
        with other.lock(1.0) as second:
            assert second.fence > fence  # type: ignore[attr-defined]
            assert store.save(tok("at-late"), expected_version=0, lease=first) is None
            assert other.save(tok("at-win"), expected_version=0, lease=second) is not None
        deadline = time.monotonic() + 2
        while first.held and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not first.held  # the watchdog noticed
    assert store.load().token.access_token == "at-win"


def test_redis_unreachable_is_a_clear_transient_store_error() -> None:
    from storekit import free_port, quick_client

    store = RedisTokenStore(quick_client(free_port(), socket_timeout=0.5), "k")
    with pytest.raises(TokenStoreError, match="unreachable") as info:
        store.load()
    assert getattr(info.value, "transient", False)
    with pytest.raises(TokenStoreError, match="unreachable"), store.lock(0.5):
        pass


def test_redis_store_validates_its_arguments(redis_srv: RedisServer) -> None:
    with pytest.raises(ValueError):
        RedisTokenStore(redis_srv.client(), "k", encryption_key=b"short")
    with pytest.raises(TypeError):
        pickle.dumps(redis_store(redis_srv, encryption_key=os.urandom(16)))


# -- the coordinator, with scripted token endpoints --------------------------------------------


class Endpoint:
    """A scripted token endpoint: counts requests, rotates, remembers what it was sent."""

    def __init__(self, *answers: HTTPResult) -> None:
        self.answers = list(answers)
        self.sent: list[dict[str, str]] = []
        self.before: Any = None

    def __call__(self, request: TokenRequest) -> HTTPResult:
        import urllib.parse

        self.sent.append(dict(urllib.parse.parse_qsl(request.body.decode())))
        if self.before is not None:
            self.before()
        if self.answers:
            return self.answers.pop(0)
        n = len(self.sent)
        return ok(f"at-{n}", refresh_token=f"rt-{n}")


def ok(access: str, **extra: Any) -> HTTPResult:
    body = {"access_token": access, "token_type": "Bearer", "expires_in": 3600, **extra}
    return HTTPResult(200, [("Content-Type", "application/json")], json.dumps(body).encode())


def invalid_grant() -> HTTPResult:
    body = {"error": "invalid_grant", "error_description": "refresh token reused"}
    return HTTPResult(400, [("Content-Type", "application/json")], json.dumps(body).encode())


def source(store: Any, endpoint: Endpoint, token: Token | str | None = None, **kw: Any) -> Any:
    return RefreshTokenSource(
        "https://as.example/token", "cid", token, store=store, transport=endpoint, **kw
    )


def test_refresh_token_optional_when_the_store_holds_one() -> None:
    store = MemoryTokenStore(tok())
    endpoint = Endpoint()
    assert source(store, endpoint).token().access_token == AT
    assert endpoint.sent == []
    with pytest.raises(ValueError):
        RefreshTokenSource("https://as.example/token", "cid")


def test_empty_store_without_a_token_says_so() -> None:
    endpoint = Endpoint()
    with pytest.raises(TokenStoreError, match="empty"):
        source(MemoryTokenStore(), endpoint).token()
    assert endpoint.sent == []


def test_given_token_seeds_an_empty_store_and_a_live_stored_token_wins() -> None:
    store = MemoryTokenStore()
    endpoint = Endpoint()
    assert source(store, endpoint, tok()).token().access_token == AT
    assert store.load() is not None and store.load().version == 1
    old_seed = tok("at-old", "rt-old")
    assert source(store, endpoint, old_seed).token().access_token == AT
    assert endpoint.sent == []


def test_refresh_uses_the_refresh_token_read_under_the_lock() -> None:
    store = MemoryTokenStore(tok(left=-1))
    endpoint = Endpoint()
    a = source(store, endpoint)
    # another process rotated meanwhile: the store holds rt-x, this source never saw it
    put(store, tok("at-x", "rt-x", left=-1), expected=1)
    a.token()
    assert [s["refresh_token"] for s in endpoint.sent] == ["rt-x"]
    assert store.load().token.refresh_token == "rt-1"


def test_a_second_source_adopts_the_stored_token_without_a_request(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    put(store, tok(left=-1))
    endpoint = Endpoint()
    seen: list[Token] = []
    a, b = (
        source(store, endpoint),
        source(FileTokenStore(tmp_path / "t.json"), endpoint, on_token=seen.append),
    )
    new = a.token()
    assert b.refresh(tok(left=-1)).access_token == new.access_token
    assert len(endpoint.sent) == 1
    assert [t.access_token for t in seen] == [new.access_token]  # on_token keeps working


def test_invalid_grant_for_a_token_the_store_no_longer_holds_uses_the_newer_one() -> None:
    store = MemoryTokenStore(tok(left=-1))
    endpoint = Endpoint(invalid_grant())

    def rotated_elsewhere() -> None:  # as if a holder whose lease ran out saved meanwhile
        store._record = TokenRecord(tok("at-newer", "rt-newer"), 2)

    endpoint.before = rotated_elsewhere
    assert source(store, endpoint).token().access_token == "at-newer"
    assert len(endpoint.sent) == 1


def test_invalid_grant_for_the_stored_token_is_raised_once_with_the_gap_hint() -> None:
    store = MemoryTokenStore(tok(left=-1))
    endpoint = Endpoint(invalid_grant())
    a = source(store, endpoint)
    with pytest.raises(InvalidGrantError) as info:
        a.token()
    assert info.value.policy is Policy.REAUTHORIZE
    assert "died after the server rotated" in info.value.hint
    assert store.load().revoked
    for other in (a, source(store, endpoint), source(store, endpoint, "rt-secret-refresh-value")):
        with pytest.raises(InvalidGrantError, match="already refused"):
            other.token()
    assert len(endpoint.sent) == 1  # never sent again, by anyone
    fresh = source(store, endpoint, tok("at-signin", "rt-signin", left=-1))
    assert fresh.token().access_token == "at-2"  # a new sign-in replaces the dead record
    assert endpoint.sent[-1]["refresh_token"] == "rt-signin"


def test_a_token_the_store_could_not_take_is_kept_and_its_refresh_token_used_next() -> None:
    class Flaky(MemoryTokenStore):
        fail = 3

        def save(self, token: Token, **kw: Any) -> TokenRecord | None:
            if self.fail:
                self.fail -= 1
                from oauth_client_errors._stores._base import store_unreachable

                raise store_unreachable("down")
            return super().save(token, **kw)

    store = Flaky(tok(left=-1))
    endpoint = Endpoint()
    a = source(store, endpoint)
    first = a.token()
    assert first.access_token == "at-1" and store.load().version == 1
    a.refresh(first)
    assert [s["refresh_token"] for s in endpoint.sent] == [RT, "rt-1"]  # never RT twice
    assert store.load().token.refresh_token == "rt-2"


def test_threads_and_tasks_in_one_process_share_one_refresh(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    put(store, tok(left=-1))
    endpoint = Endpoint()
    a = source(store, endpoint)
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(a.token().access_token)) for _ in range(20)
    ]
    for t in threads:
        t.start()

    async def tasks() -> list[Token]:
        return await asyncio.gather(*(a.atoken() for _ in range(20)))

    results.extend(t.access_token for t in asyncio.run(tasks()))
    for t in threads:
        t.join()
    assert len(endpoint.sent) == 1 and set(results) == {"at-1"}


async def test_async_transport_is_used_under_the_store_lock(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    put(store, tok(left=-1))
    endpoint = Endpoint()
    calls: list[int] = []

    async def atransport(request: TokenRequest) -> HTTPResult:
        calls.append(1)
        return endpoint(request)

    a = RefreshTokenSource(
        "https://as.example/token",
        "cid",
        store=store,
        transport=lambda r: pytest.fail("sync transport used"),
        async_transport=atransport,
    )
    tokens = await asyncio.gather(*(a.atoken() for _ in range(10)))
    assert {t.access_token for t in tokens} == {"at-1"} and len(calls) == 1
    assert store.load().token.refresh_token == "rt-1"


def test_client_credentials_share_one_token_request() -> None:
    store = MemoryTokenStore()
    endpoint = Endpoint()
    a = ClientCredentials("https://as.example/token", "cid", "sec", store=store, transport=endpoint)
    b = ClientCredentials("https://as.example/token", "cid", "sec", store=store, transport=endpoint)
    assert a.token().access_token == b.token().access_token == "at-1"
    assert len(endpoint.sent) == 1


def test_store_must_look_like_a_store() -> None:
    with pytest.raises(TypeError, match="TokenStore"):
        RefreshTokenSource("https://as.example/token", "cid", RT, store=object())  # type: ignore[arg-type]


# -- with the strict loopback server and real Redis --------------------------------------------


def test_redis_unreachable_keeps_the_valid_token_and_refresh_fails_clearly(
    server: StoreAuthServer, tmp_path: Path
) -> None:
    offset = [0.0]
    with redis_server(tmp_path) as srv:
        store = RedisTokenStore(srv.client(socket_timeout=0.5), "u", lease=1.0)
        put(store, Token.from_response(server.sign_in()))
        a = RefreshTokenSource(
            server.token_endpoint,
            CLIENT_ID,
            client_secret=CLIENT_SECRET,
            store=store,
            skew=30.0,
            clock=lambda: time.time() + offset[0],
        )
        held = a.token()
        srv.stop()
        assert a.token() is held  # the fast path needs no store
        offset[0] = 45.0  # inside the skew window: a proactive refresh fails, token kept
        assert a.token() is held
        offset[0] = 120.0  # expired: a refresh needs the store
        with pytest.raises(TokenStoreError, match="unreachable"):
            a.token()
    assert server.state.token_requests == 0


def test_real_server_rotation_through_a_file_store(server: StoreAuthServer, tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    first = Token.from_response(server.sign_in())
    a = RefreshTokenSource(
        server.token_endpoint, CLIENT_ID, first, client_secret=CLIENT_SECRET, store=store
    )
    b = RefreshTokenSource(
        server.token_endpoint,
        CLIENT_ID,
        first,
        client_secret=CLIENT_SECRET,
        store=FileTokenStore(tmp_path / "t.json"),
    )
    assert a.token().access_token == first.access_token
    t1 = a.refresh(first)  # the resource said no: rotate
    assert b.refresh(first).access_token == t1.access_token  # b lost the race, uses a's
    t2 = b.refresh(t1)
    assert a.refresh(t1).access_token == t2.access_token
    assert server.state.refreshes == 2 and server.state.reuse_events == 0


# -- no secret in what an error drags along ----------------------------------------------------


def everything_shown(exc: BaseException) -> str:
    import traceback

    from leakcheck import chain

    parts = []
    for item in chain(exc):
        tb = traceback.TracebackException.from_exception(item, capture_locals=True)
        parts += ["".join(tb.format()), repr(item), str(item), repr(item.args)]
    return "\n".join(parts)


def test_gap_error_and_its_traceback_hold_no_secret() -> None:
    store = MemoryTokenStore(tok(left=-1))
    with pytest.raises(InvalidGrantError) as info:
        source(store, Endpoint(invalid_grant())).token()
    shown = everything_shown(info.value)
    assert RT not in shown and AT not in shown
    assert "died after the server rotated" in shown  # the hint is there, the secret is not


def test_redis_failure_while_saving_keeps_no_record_in_the_traceback(tmp_path: Path) -> None:
    with redis_server(tmp_path) as srv:
        store = RedisTokenStore(srv.client(socket_timeout=0.5), "leak", lease=5.0)
        with store.lock(5.0) as lease:
            srv.stop()
            with pytest.raises(TokenStoreError, match="unreachable") as info:
                store.save(tok(), expected_version=0, lease=lease)
        srv.start()
    shown = everything_shown(info.value)
    assert RT not in shown and AT not in shown


# -- cancellation (async) ----------------------------------------------------------------------


async def test_cancelled_while_waiting_for_the_lock_leaves_it_free(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    put(store, tok(left=-1))
    a = source(store, Endpoint())
    holder = FileTokenStore(tmp_path / "t.json").lock(5.0)
    holder.__enter__()
    task = asyncio.create_task(a.atoken())
    await asyncio.sleep(0.3)  # waiting for the lock in a worker thread
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    holder.__exit__(None, None, None)
    await asyncio.sleep(0.3)  # the worker thread takes the lock, sees the cancel, frees it
    with FileTokenStore(tmp_path / "t.json").lock(2.0):
        pass


async def test_cancelled_during_the_token_request_still_saves_the_new_token(
    tmp_path: Path,
) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    put(store, tok(left=-1))
    endpoint = Endpoint()
    sent, answer = asyncio.Event(), asyncio.Event()

    async def atransport(request: TokenRequest) -> HTTPResult:
        sent.set()
        await answer.wait()  # the server has rotated; the answer is on its way
        return endpoint(request)

    a = RefreshTokenSource(
        "https://as.example/token", "cid", store=store, async_transport=atransport
    )
    task = asyncio.create_task(a.atoken())
    await sent.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    answer.set()
    for _ in range(100):
        record = store.load()
        if record is not None and record.version == 2:
            break
        await asyncio.sleep(0.02)
    assert record is not None and record.token.refresh_token == "rt-1"  # not lost

    def take_the_lock() -> None:
        with store.lock(2.0):
            pass

    # And the lock is released: taken from a worker thread, as a blocking call here would
    # stop this event loop, where the detached refresh still has to release it.
    await asyncio.to_thread(take_the_lock)
    assert (await a.atoken()).access_token == "at-1"  # picked up from the store
    assert len(endpoint.sent) == 1


# -- the coordinator as steps (for drivers that send token requests themselves) ------------------


def test_steps_let_a_driver_send_the_token_request_itself() -> None:
    from typing import NamedTuple

    from oauth_client_errors._stores._coordinator import StoreCoordinator, StoreStep

    class Send(NamedTuple):  # what an adapter's driver would send through its own client
        refresh: str

    def exchange(base: Token | None, refresh: Any) -> Any:
        answer: Token = yield Send(refresh.value)
        return answer

    store = MemoryTokenStore(tok(left=-1))
    coordinator = StoreCoordinator(store, rotating=True, seed=None, skew=30.0, clock=time.time)
    steps = coordinator.steps(None, exchange)
    sent: list[str] = []
    value: Any = None
    kinds: set[str] = set()
    while True:
        try:
            step = steps.send(value)
        except StopIteration as stop:
            result = stop.value
            break
        if isinstance(step, Send):
            sent.append(step.refresh)
            value = tok("at-driver", "rt-driver")
        else:
            assert isinstance(step, StoreStep)
            kinds.add("store")
            value = step.sync()
    assert sent == [RT] and kinds == {"store"}
    assert result.access_token == "at-driver"
    assert store.load().token.refresh_token == "rt-driver"
    with store.lock(0.5):  # released when the steps ended
        pass
