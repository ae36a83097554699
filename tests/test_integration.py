"""End to end against a real authorization server (Authlib) on 127.0.0.1.

Everything here crosses real sockets: Authlib's token endpoint issues, rotates and refuses
tokens; its resource protector sends the 401/403 answers.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
from servers import LiveServer, serve

from oauth_client_errors import (
    AccessDeniedError,
    ClientCredentials,
    DeviceAuthorization,
    DeviceFlow,
    ExpiredTokenError,
    OAuthError,
    Policy,
    RefreshTokenSource,
    Token,
)
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import async_token_transport
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth
from oauth_client_errors.retry import RetryPolicy


@pytest.fixture
def live() -> Iterator[LiveServer]:
    with serve() as server:
        yield server


def seeded(live: LiveServer, scope: str = "profile") -> Token:
    record = live.store.issue("app", scope)
    assert record.refresh_token is not None
    return Token(
        record.access_token,
        refresh_token=record.refresh_token,
        expires_at=time.time() + 3600,
        scope=scope,
    )


class StaticSource:
    """A user's own token source holding one token."""

    def __init__(self, token: Token) -> None:
        self.t = token

    def token(self) -> Token:
        return self.t

    def refresh(self, stale: Token | None) -> Token:
        raise AssertionError("no refresh expected")


def session() -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    return s


# -- grants -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_client_credentials_grant(live: LiveServer, method: str) -> None:
    source = ClientCredentials(
        live.token_url, "svc", "svc-secret-0123456789", scope="profile", auth_method=method
    )
    with httpx.Client(auth=HttpxAuth(source), trust_env=False) as client:
        response = client.get(f"{live.url}/api/me")
    assert response.status_code == 200
    assert response.json()["client"] == "svc"
    assert live.store.token_requests == 1


def test_wrong_client_secret_is_invalid_client(live: LiveServer) -> None:
    source = ClientCredentials(live.token_url, "svc", "wrong-secret-value", scope="profile")
    with pytest.raises(OAuthError) as info:
        source.token()
    assert info.value.code == "invalid_client"
    assert info.value.policy is Policy.FIX_CONFIG
    assert "wrong-secret-value" not in str(info.value) + repr(info.value)


def test_revoked_token_real_challenge_refresh_and_rotation(live: LiveServer) -> None:
    token = seeded(live)
    saved: list[Token] = []
    source = RefreshTokenSource(
        live.token_url, "app", token, client_secret="app-secret-9876543210", on_token=saved.append
    )
    live.store.revoke_access(token.access_token)
    with session() as s:
        s.auth = RequestsAuth(source)
        response = s.get(f"{live.url}/api/me", timeout=10)
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [401]
    assert len(saved) == 1
    assert saved[0].refresh_token not in (None, token.refresh_token)  # rotated
    assert live.store.token_grants == ["refresh_token"]
    # the old refresh token is dead server side; the source uses the new one
    live.store.revoke_access(saved[0].access_token)
    with httpx.Client(auth=HttpxAuth(source), trust_env=False) as client:
        assert client.get(f"{live.url}/api/me").status_code == 200
    assert len(saved) == 2
    assert live.store.token_requests == 2


def test_dead_refresh_token_is_invalid_grant_reauthorize(live: LiveServer) -> None:
    token = seeded(live)
    source = RefreshTokenSource(live.token_url, "app", token, client_secret="app-secret-9876543210")
    live.store.revoke_access(token.access_token)
    assert token.refresh_token is not None
    live.store.revoke_refresh(token.refresh_token)
    with (
        httpx.Client(auth=HttpxAuth(source), trust_env=False) as client,
        pytest.raises(OAuthError) as info,
    ):
        client.get(f"{live.url}/api/me")
    err = info.value
    assert type(err).__name__ == "InvalidGrantError"
    assert err.policy is Policy.REAUTHORIZE
    assert isinstance(err.__cause__, OAuthError) and err.__cause__.code == "invalid_token"
    assert token.refresh_token not in str(err.to_dict())


def test_503_retry_after_then_success(live: LiveServer) -> None:
    live.store.flaky_left = 2
    live.store.retry_after = "1"
    slept: list[float] = []
    source = ClientCredentials(live.token_url, "svc", "svc-secret-0123456789", scope="profile")
    auth = RequestsAuth(source, retry=RetryPolicy(sleep=slept.append))
    with session() as s:
        s.auth = auth
        assert s.get(f"{live.url}/api/flaky", timeout=10).json() == {"ok": True}
    assert slept == [1.0, 1.0]


def test_503_retry_after_real_wait_async(live: LiveServer) -> None:
    live.store.flaky_left = 1
    live.store.retry_after = "1"
    source = ClientCredentials(live.token_url, "svc", "svc-secret-0123456789", scope="profile")

    async def main() -> float:
        async with httpx.AsyncClient(auth=HttpxAuth(source), trust_env=False) as client:
            start = time.monotonic()
            response = await client.get(f"{live.url}/api/flaky")
            assert response.status_code == 200
            return time.monotonic() - start

    assert 0.9 <= asyncio.run(main()) < 5


def test_insufficient_scope_for_client_credentials_is_fix_config(live: LiveServer) -> None:
    """No user behind a client-credentials token: the client's configuration must change."""
    source = ClientCredentials(live.token_url, "svc", "svc-secret-0123456789", scope="profile")
    with (
        httpx.Client(auth=HttpxAuth(source), trust_env=False) as client,
        pytest.raises(OAuthError) as info,
    ):
        client.get(f"{live.url}/api/admin")
    assert info.value.code == "insufficient_scope"
    assert info.value.policy is Policy.FIX_CONFIG
    assert info.value.grant == "client_credentials"
    assert "grant the client the scope" in info.value.hint
    assert live.store.token_requests == 1


def test_post_body_replayed_after_refresh(live: LiveServer) -> None:
    token = seeded(live)
    source = RefreshTokenSource(live.token_url, "app", token, client_secret="app-secret-9876543210")
    live.store.revoke_access(token.access_token)
    payload = b"\x00\x01binary\xff" * 100
    with httpx.Client(auth=HttpxAuth(source), trust_env=False) as client:
        response = client.post(f"{live.url}/api/echo", content=payload)
    assert response.content == payload
    assert live.store.echo_bodies == [payload]  # the first attempt was refused before the view


# -- concurrency ------------------------------------------------------------------------------


def test_50_threads_one_refresh(live: LiveServer) -> None:
    token = seeded(live)
    saved: list[Token] = []
    source = RefreshTokenSource(
        live.token_url, "app", token, client_secret="app-secret-9876543210", on_token=saved.append
    )
    live.store.revoke_access(token.access_token)
    live.store.token_delay = 0.3
    s = session()
    s.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=60))
    s.auth = RequestsAuth(source)
    barrier = threading.Barrier(50)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(s.get(f"{live.url}/api/me", timeout=20).status_code)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    s.close()
    assert errors == []
    assert results == [200] * 50
    assert live.store.token_requests == 1
    assert len(saved) == 1
    assert live.store.unauthenticated == 0


def test_50_threads_failing_refresh_all_get_invalid_grant(live: LiveServer) -> None:
    token = seeded(live)
    source = RefreshTokenSource(live.token_url, "app", token, client_secret="app-secret-9876543210")
    live.store.revoke_access(token.access_token)
    assert token.refresh_token is not None
    live.store.revoke_refresh(token.refresh_token)
    live.store.token_delay = 0.3
    s = session()
    s.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=60))
    s.auth = RequestsAuth(source)
    barrier = threading.Barrier(50)
    codes: list[str] = []

    def worker() -> None:
        barrier.wait()
        try:
            s.get(f"{live.url}/api/me", timeout=20)
            codes.append("ok")
        except OAuthError as exc:
            codes.append(exc.code)

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    s.close()
    assert time.monotonic() - start < 10
    assert codes == ["invalid_grant"] * 50
    assert live.store.token_requests <= 3  # waiters share the failing flight
    assert live.store.unauthenticated == 0


def test_50_async_tasks_one_refresh(live: LiveServer) -> None:
    token = seeded(live)
    saved: list[Token] = []
    live.store.revoke_access(token.access_token)
    live.store.token_delay = 0.3

    async def main() -> list[int]:
        async with httpx.AsyncClient(trust_env=False) as plain:
            source = RefreshTokenSource(
                live.token_url,
                "app",
                token,
                client_secret="app-secret-9876543210",
                on_token=saved.append,
                async_transport=async_token_transport(plain),
            )
            async with httpx.AsyncClient(auth=HttpxAuth(source), trust_env=False) as client:
                responses = await asyncio.wait_for(
                    asyncio.gather(*(client.get(f"{live.url}/api/me") for _ in range(50))), 30
                )
        return [r.status_code for r in responses]

    assert asyncio.run(main()) == [200] * 50
    assert live.store.token_requests == 1
    assert len(saved) == 1
    assert live.store.unauthenticated == 0


def test_50_async_tasks_failing_refresh(live: LiveServer) -> None:
    token = seeded(live)
    live.store.revoke_access(token.access_token)
    assert token.refresh_token is not None
    live.store.revoke_refresh(token.refresh_token)
    live.store.token_delay = 0.3
    source = RefreshTokenSource(live.token_url, "app", token, client_secret="app-secret-9876543210")

    async def one(client: httpx.AsyncClient) -> str:
        try:
            await client.get(f"{live.url}/api/me")
        except OAuthError as exc:
            return exc.code
        return "ok"

    async def main() -> list[str]:
        async with httpx.AsyncClient(auth=HttpxAuth(source), trust_env=False) as client:
            return await asyncio.wait_for(asyncio.gather(*(one(client) for _ in range(50))), 15)

    assert asyncio.run(main()) == ["invalid_grant"] * 50
    assert live.store.token_requests <= 3


# -- device authorization grant (RFC 8628), against Authlib's endpoint and grant ---------------


class FakeTime:
    """A clock that the fake sleep advances: polling runs at once, intervals are recorded."""

    def __init__(self) -> None:
        self.now = time.time()
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def device_flow(live: LiveServer, fake: FakeTime, **kw: Any) -> DeviceFlow:
    return DeviceFlow(
        f"{live.url}/device_authorization",
        live.token_url,
        "device",
        scope="profile",
        sleep=fake.sleep,
        asleep=fake.asleep,
        clock=fake.clock,
        **kw,
    )


def test_device_flow_pending_slow_down_then_token(live: LiveServer) -> None:
    live.store.device_plan = ["pending", "slow_down", "pending", "approve"]
    fake = FakeTime()
    saved: list[Token] = []
    flow = device_flow(live, fake, on_token=saved.append)
    shown: list[DeviceAuthorization] = []
    token = flow.run(shown.append)
    assert shown[0].verification_uri == f"{live.url}/device"
    assert shown[0].interval == 5  # Authlib's default, honoured
    assert live.store.device_polls == [
        "authorization_pending",
        "slow_down",
        "authorization_pending",
        "approved",
    ]
    assert fake.sleeps == [5, 5, 10, 10]  # +5 s after slow_down, for every later poll
    assert saved == [token]
    # the token is real: the resource accepts it
    with httpx.Client(auth=HttpxAuth(StaticSource(token)), trust_env=False) as client:
        assert client.get(f"{live.url}/api/me").json()["user"] == "alice"


async def test_device_flow_async_against_real_server(live: LiveServer) -> None:
    live.store.device_plan = ["pending", "slow_down", "approve"]
    fake = FakeTime()
    async with httpx.AsyncClient(trust_env=False) as plain:
        flow = device_flow(live, fake, async_transport=async_token_transport(plain))
        token = await flow.arun(lambda auth: None)
    assert token.access_token
    assert fake.sleeps == [5, 5, 10]
    assert live.store.device_polls[-1] == "approved"


def test_device_flow_access_denied(live: LiveServer) -> None:
    live.store.device_plan = ["pending", "deny"]
    fake = FakeTime()
    flow = device_flow(live, fake)
    with pytest.raises(AccessDeniedError) as info:
        flow.run(lambda auth: None)
    assert info.value.policy is Policy.FAIL
    assert info.value.endpoint.value == "token"
    assert info.value.hint
    assert live.store.device_polls == ["authorization_pending", "access_denied"]


def test_device_flow_expired_token_from_server(live: LiveServer) -> None:
    live.store.device_plan = ["pending"]
    fake = FakeTime()
    flow = device_flow(live, fake)
    auth = flow.start()
    (credential,) = live.store.devices.values()
    credential["expires_at"] = time.time() - 1  # the server lets the code expire
    with pytest.raises(ExpiredTokenError) as info:
        flow.poll(auth)
    assert info.value.policy is Policy.REAUTHORIZE
    assert info.value.status_code == 400  # the server said so: not the client's own clock
    assert live.store.device_polls == ["expired_token"]
    assert "device" in info.value.hint.lower() or info.value.hint


def test_device_flow_respects_expires_in(live: LiveServer) -> None:
    def short(store: Any) -> None:
        store.device_expires_in = 12

    with serve(configure=short) as server:
        fake = FakeTime()
        flow = device_flow(server, fake)
        with pytest.raises(ExpiredTokenError) as info:
            flow.run(lambda auth: None)
        polls = list(server.store.device_polls)
    assert info.value.status_code is None  # the client gave up on its own clock
    assert polls == ["authorization_pending"] * len(polls)
    assert sum(fake.sleeps) < 12
    assert len(polls) == 2  # polls at +5 s and +10 s; the next would be after expiry
