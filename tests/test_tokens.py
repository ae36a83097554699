"""Token and token sources: secrets hidden, requests built right, single flight."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Callable

import pytest

from oauth_client_errors import (
    BaseTokenSource,
    ClientCredentials,
    HTTPResult,
    RefreshTokenSource,
    Token,
    TokenRequest,
)
from oauth_client_errors._errors import OAuthClientError, OAuthError
from oauth_client_errors._sources import guard
from oauth_client_errors._tokens import urllib_transport
from oauth_client_errors._types import Policy

SECRET = "s3cr3t-client-secret"


def ok(access: str, **extra: object) -> HTTPResult:
    body = {"access_token": access, "token_type": "Bearer", "expires_in": 3600, **extra}
    return HTTPResult(200, [("Content-Type", "application/json")], json.dumps(body).encode())


def fail(code: str, status: int = 400, **extra: object) -> HTTPResult:
    body = {"error": code, **extra}
    return HTTPResult(status, [("Content-Type", "application/json")], json.dumps(body).encode())


class FakeTransport:
    """Records token requests, answers from a script (or a callable)."""

    def __init__(self, *answers: HTTPResult | Callable[[TokenRequest], HTTPResult]) -> None:
        self.answers = list(answers)
        self.requests: list[TokenRequest] = []
        self.lock = threading.Lock()
        self.delay = 0.0

    def __call__(self, request: TokenRequest) -> HTTPResult:
        with self.lock:
            self.requests.append(request)
            answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if self.delay:
            time.sleep(self.delay)
        return answer(request) if callable(answer) else answer

    def form(self, i: int = -1) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.requests[i].body.decode()))


# -- Token ------------------------------------------------------------------------------------


def test_token_repr_and_str_hide_secrets() -> None:
    token = Token("AT-very-secret", refresh_token="RT-very-secret", expires_at=10.0, scope="a b")
    for text in (repr(token), str(token), f"{token}", repr([token])):
        assert "AT-very-secret" not in text
        assert "RT-very-secret" not in text
    assert "expires_at=10.0" in repr(token)
    assert token.authorization == "Bearer AT-very-secret"
    assert Token("x", token_type="dpop").authorization == "DPoP x"


def test_token_from_response_computes_expiry_and_keeps_refresh_token() -> None:
    previous = Token("old", refresh_token="rt-1", scope="profile")
    token = Token.from_response(
        {"access_token": "new", "expires_in": "120", "token_type": "bearer"},
        now=1000.0,
        previous=previous,
    )
    assert token.expires_at == 1120.0
    assert token.refresh_token == "rt-1"
    assert token.scope == "profile"
    rotated = Token.from_response(
        {"access_token": "n2", "refresh_token": "rt-2", "scope": ["a", "b"]}, previous=previous
    )
    assert rotated.refresh_token == "rt-2"
    assert rotated.scope == "a b"
    assert rotated.expires_at is None
    assert Token.from_response({"access_token": "n", "expires_in": -5}).expires_at is None


def test_token_expiry_with_skew() -> None:
    token = Token("a", expires_at=100.0)
    assert not token.is_expired(50.0)
    assert token.is_expired(80.0, skew=30)
    assert token.is_expired(100.0)
    assert not Token("a").is_expired(1e12)


def test_token_rejects_empty_access_token() -> None:
    with pytest.raises(ValueError):
        Token("")


# -- requests built ---------------------------------------------------------------------------


def test_client_credentials_basic_auth_request() -> None:
    transport = FakeTransport(ok("AT1"))
    source = ClientCredentials(
        "https://as.example/token", "my client", "p@ss:word", scope=["a", "b"], transport=transport
    )
    assert source.token().access_token == "AT1"
    req = transport.requests[0]
    assert req.url == "https://as.example/token"
    assert transport.form() == {"grant_type": "client_credentials", "scope": "a b"}
    scheme, _, value = req.headers["Authorization"].partition(" ")
    assert scheme == "Basic"
    # RFC 6749 §2.3.1: form-urlencoded before base64
    assert base64.b64decode(value).decode() == "my+client:p%40ss%3Aword"
    assert "p@ss:word" not in repr(req) and "p@ss" not in repr(source)


def test_client_credentials_post_auth_request() -> None:
    transport = FakeTransport(ok("AT1"))
    source = ClientCredentials(
        "https://as.example/token",
        "cid",
        SECRET,
        auth_method="client_secret_post",
        transport=transport,
    )
    source.token()
    assert "Authorization" not in transport.requests[0].headers
    assert transport.form()["client_secret"] == SECRET
    assert transport.form()["client_id"] == "cid"


def test_bad_auth_method_is_refused() -> None:
    with pytest.raises(ValueError):
        ClientCredentials("https://as/t", "c", "s", auth_method="private_key_jwt")


def test_token_is_cached_until_near_expiry() -> None:
    now = [1000.0]
    transport = FakeTransport(ok("AT1"), ok("AT2"))
    source = ClientCredentials(
        "https://as/t", "c", SECRET, transport=transport, clock=lambda: now[0]
    )
    assert source.token().access_token == "AT1"
    now[0] += 3000
    assert source.token().access_token == "AT1"
    assert len(transport.requests) == 1
    now[0] += 590  # 10 s before expiry: inside the 30 s skew
    assert source.token().access_token == "AT2"
    assert len(transport.requests) == 2


def test_proactive_refresh_failing_transiently_keeps_valid_token() -> None:
    now = [1000.0]
    transport = FakeTransport(ok("AT1"), fail("temporarily_unavailable", 503))
    source = ClientCredentials(
        "https://as/t", "c", SECRET, transport=transport, clock=lambda: now[0]
    )
    source.token()
    now[0] += 3590  # 10 s left
    assert source.token().access_token == "AT1"
    assert source.token().access_token == "AT1"
    assert len(transport.requests) == 2  # no hammering right after a failure
    now[0] += 20  # expired now: the failure must surface
    with pytest.raises(OAuthError) as info:
        source.token()
    assert info.value.policy is Policy.RETRY


def test_proactive_refresh_network_error_keeps_valid_token() -> None:
    now = [1000.0]

    def boom(request: TokenRequest) -> HTTPResult:
        raise ConnectionRefusedError("down")

    transport = FakeTransport(ok("AT1"), boom)
    source = ClientCredentials(
        "https://as/t", "c", SECRET, transport=transport, clock=lambda: now[0]
    )
    source.token()
    now[0] += 3590
    assert source.token().access_token == "AT1"


def test_refresh_token_rotation_and_on_token() -> None:
    saved: list[Token] = []
    transport = FakeTransport(ok("AT2", refresh_token="RT2"), ok("AT3"))
    source = RefreshTokenSource(
        "https://as/t",
        "cid",
        Token("AT1", refresh_token="RT1"),
        on_token=saved.append,
        transport=transport,
    )
    first = source.refresh(source.current)
    assert transport.form(0) == {
        "grant_type": "refresh_token",
        "refresh_token": "RT1",
        "client_id": "cid",
    }
    assert first.refresh_token == "RT2"
    second = source.refresh(first)
    assert transport.form(1)["refresh_token"] == "RT2"  # the rotated one is used
    assert second.refresh_token == "RT2"  # no rotation this time: kept
    assert [t.access_token for t in saved] == ["AT2", "AT3"]


def test_refresh_token_source_accepts_bare_refresh_token() -> None:
    transport = FakeTransport(ok("AT1"))
    source = RefreshTokenSource("https://as/t", "cid", "RT0", transport=transport)
    assert source.token().access_token == "AT1"
    assert transport.form()["refresh_token"] == "RT0"


def test_invalid_grant_is_typed_and_redacted() -> None:
    transport = FakeTransport(
        fail("invalid_grant", error_description="refresh token RT-secret-value is revoked")
    )
    source = RefreshTokenSource(
        "https://as/t",
        "cid",
        Token("AT1", refresh_token="RT-secret-value"),
        client_secret=SECRET,
        transport=transport,
    )
    with pytest.raises(OAuthError) as info:
        source.refresh(source.current)
    err = info.value
    assert err.code == "invalid_grant"
    assert err.policy is Policy.REAUTHORIZE
    for text in (str(err), repr(err), json.dumps(err.to_dict()), str(err.args)):
        assert "RT-secret-value" not in text
        assert SECRET not in text


def test_success_without_json_object_is_malformed() -> None:
    transport = FakeTransport(HTTPResult(200, [("Content-Type", "text/html")], b"<html>"))
    source = ClientCredentials("https://as/t", "c", SECRET, transport=transport)
    with pytest.raises(ValueError):  # MalformedResponseError is a ValueError
        source.token()


# -- single flight ----------------------------------------------------------------------------


def test_single_flight_threads_one_request() -> None:
    transport = FakeTransport(ok("AT2", refresh_token="RT2"))
    transport.delay = 0.2
    saved: list[Token] = []
    stale = Token("AT1", refresh_token="RT1")
    source = RefreshTokenSource(
        "https://as/t", "c", stale, transport=transport, on_token=saved.append
    )
    barrier = threading.Barrier(20)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(source.refresh(stale).access_token)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert results == ["AT2"] * 20
    assert len(transport.requests) == 1
    assert len(saved) == 1


def test_single_flight_failure_reaches_every_waiter_then_retry_allowed() -> None:
    transport = FakeTransport(fail("invalid_grant"), ok("AT9"))
    transport.delay = 0.2
    stale = Token("AT1", refresh_token="RT1")
    source = RefreshTokenSource("https://as/t", "c", stale, transport=transport)
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            source.refresh(stale)
        except OAuthError as exc:
            errors.append(exc)

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert time.monotonic() - start < 2
    assert len(errors) == 10
    assert all(e.code == "invalid_grant" for e in errors)  # type: ignore[attr-defined]
    assert len(transport.requests) == 1
    assert source.refresh(stale).access_token == "AT9"  # the next call tries again


def test_already_replaced_token_is_returned_without_request() -> None:
    transport = FakeTransport(ok("AT2"))
    stale = Token("AT1", refresh_token="RT1")
    source = RefreshTokenSource("https://as/t", "c", stale, transport=transport)
    new = source.refresh(stale)
    assert source.refresh(stale) is new
    assert len(transport.requests) == 1


async def test_single_flight_async_tasks() -> None:
    calls = 0

    async def atransport(request: TokenRequest) -> HTTPResult:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.1)
        return ok("AT2")

    stale = Token("AT1", refresh_token="RT1")
    source = RefreshTokenSource("https://as/t", "c", stale, async_transport=atransport)
    tokens = await asyncio.gather(*(source.arefresh(stale) for _ in range(30)))
    assert {t.access_token for t in tokens} == {"AT2"}
    assert calls == 1


async def test_cancelled_leader_does_not_hang_waiters() -> None:
    started = asyncio.Event()

    async def atransport(request: TokenRequest) -> HTTPResult:
        started.set()
        await asyncio.sleep(10)
        raise AssertionError("not reached")

    stale = Token("AT1", refresh_token="RT1")
    source = RefreshTokenSource("https://as/t", "c", stale, async_transport=atransport)
    leader = asyncio.create_task(source.arefresh(stale))
    await started.wait()
    waiter = asyncio.create_task(source.arefresh(stale))
    await asyncio.sleep(0.01)
    leader.cancel()
    with pytest.raises(OAuthClientError):
        await asyncio.wait_for(waiter, 2)


def test_guard_wraps_user_source_with_single_flight() -> None:
    class Mine:
        def __init__(self) -> None:
            self.refreshes = 0

        def token(self) -> Token:
            return Token("mine-1")

        def refresh(self, stale: Token | None) -> Token:
            self.refreshes += 1
            time.sleep(0.1)
            return Token(f"mine-{self.refreshes + 1}")

    mine = Mine()
    guarded = guard(mine)
    assert isinstance(guarded, BaseTokenSource)
    stale = guarded.token()
    threads = [threading.Thread(target=guarded.refresh, args=(stale,)) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert mine.refreshes == 1
    with pytest.raises(TypeError):
        guard(object())


def test_urllib_transport_refuses_non_http() -> None:
    with pytest.raises(ValueError):
        urllib_transport(TokenRequest("file:///etc/passwd", {}, b""))


# -- one plain-http check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "plain_http_off_loopback"),
    [
        ("http://as.example/token", True),
        ("HTTP://as.example/token", True),
        ("http://10.0.0.1/token", True),
        ("http://[::2]/token", True),
        ("http://127.0.0.1:8/token", False),
        ("http://127.9.9.9/token", False),
        ("http://[::1]:8/token", False),
        ("http://localhost/token", False),
        ("http://app.localhost/token", False),
        ("https://as.example/token", False),
    ],
)
@pytest.mark.parametrize("allow", [False, True])
def test_configured_urls_and_requests_get_the_same_plain_http_answer(
    url: str, plain_http_off_loopback: bool, allow: bool
) -> None:
    from oauth_client_errors import InsecureTransportError
    from oauth_client_errors._discovery import require_secure
    from oauth_client_errors._tokens import check_transport

    def refused(call: Callable[[], object]) -> InsecureTransportError | None:
        try:
            call()
        except InsecureTransportError as exc:
            return exc
        return None

    at_request = refused(lambda: check_transport(url, "an access token", allow))
    configured = refused(lambda: require_secure(url, "token endpoint", allow_insecure_http=allow))
    expected = plain_http_off_loopback and not allow
    assert (at_request is not None) == (configured is not None) == expected
    if configured is not None:
        assert "the token endpoint over plain http" in str(configured)
        assert "allow_insecure_http=True" in configured.hint  # type: ignore[attr-defined]
