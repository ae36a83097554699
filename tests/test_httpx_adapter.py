"""oauth_client_errors.httpx: the auth flow against httpx.MockTransport."""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from oauth_client_errors import ClientCredentials, Token
from oauth_client_errors._errors import OAuthError
from oauth_client_errors._types import Policy, Situation
from oauth_client_errors.httpx import (
    OAuth2Auth,
    RequestNotReplayableError,
    async_token_transport,
    from_httpx,
    raise_for_oauth_error,
    token_transport,
)
from oauth_client_errors.retry import RetryPolicy

API = "https://api.example/data"
TOKEN_URL = "https://as.example/token"


class Server:
    """A scripted server: a token endpoint issuing AT1, AT2... and a resource script."""

    def __init__(self, *resource: Callable[[httpx.Request], httpx.Response]) -> None:
        self.script = list(resource)
        self.issued = 0
        self.resource_requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.auths: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.issued += 1
            return httpx.Response(
                200,
                json={
                    "access_token": f"AT{self.issued}",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                },
            )
        self.resource_requests.append(request)
        self.auths.append(request.headers.get("authorization"))
        self.bodies.append(b"".join(request.stream))  # type: ignore[arg-type]
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        return step(request)


class StreamingTransport(httpx.BaseTransport):
    """Like MockTransport, but does not read (cache) the request body first."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.handler = handler

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.handler(request)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


def invalid_token(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        401, headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'}
    )


def unavailable(after: str) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": after})

    return respond


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def make(server: Server, sleeps: Sleeps, **kw: object) -> tuple[httpx.Client, ClientCredentials]:
    mock = httpx.MockTransport(server)
    source = ClientCredentials(
        TOKEN_URL,
        "cid",
        "client-secret-xyz",
        transport=token_transport(httpx.Client(transport=mock)),
    )
    retry = RetryPolicy(sleep=sleeps, asleep=sleeps.asleep, wait_jitter=0)
    auth = OAuth2Auth(source, retry=retry, **kw)  # type: ignore[arg-type]
    return httpx.Client(transport=mock, auth=auth), source


def amake(server: Server, sleeps: Sleeps, **kw: object) -> httpx.AsyncClient:
    mock = httpx.MockTransport(server)
    source = ClientCredentials(
        TOKEN_URL,
        "cid",
        "client-secret-xyz",
        async_transport=async_token_transport(httpx.AsyncClient(transport=mock)),
    )
    retry = RetryPolicy(sleep=sleeps, asleep=sleeps.asleep, wait_jitter=0)
    return httpx.AsyncClient(transport=mock, auth=OAuth2Auth(source, retry=retry, **kw))  # type: ignore[arg-type]


def test_attaches_token_and_passes_success_through(sleeps: Sleeps) -> None:
    server = Server(ok)
    client, _ = make(server, sleeps)
    assert client.get(API).json() == {"ok": True}
    assert client.get(API).status_code == 200
    assert server.auths == ["Bearer AT1", "Bearer AT1"]
    assert server.issued == 1


def test_invalid_token_refreshes_once_and_replays_body_byte_for_byte(sleeps: Sleeps) -> None:
    server = Server(invalid_token, ok)
    client, _ = make(server, sleeps)
    payload = bytes(range(256)) * 3
    response = client.post(API, content=payload)
    assert response.status_code == 200
    assert server.auths == ["Bearer AT1", "Bearer AT2"]
    assert server.bodies == [payload, payload]
    assert server.issued == 2
    assert [r.status_code for r in response.history] == [401]  # httpx keeps auth steps


def test_second_invalid_token_raises_no_loop(sleeps: Sleeps) -> None:
    server = Server(invalid_token)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    err = info.value
    assert err.code == "invalid_token"
    assert type(err).__name__ == "InvalidTokenError"
    assert isinstance(err.__cause__, OAuthError)  # chained to the first rejection
    assert len(server.resource_requests) == 2
    assert server.issued == 2
    assert err.response is not None and err.response.status_code == 401
    assert "response" not in repr(err)
    assert "AT2" not in str(err) and "AT2" not in repr(err)


def test_retry_after_is_honoured_through_tenacity(sleeps: Sleeps) -> None:
    server = Server(unavailable("2"), ok)
    client, _ = make(server, sleeps)
    assert client.get(API).status_code == 200
    assert sleeps.calls == [2.0]
    assert len(server.resource_requests) == 2


def test_retry_after_beyond_cap_raises_at_once(sleeps: Sleeps) -> None:
    server = Server(unavailable("3600"), ok)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.retry_after == 3600
    assert info.value.policy is Policy.RETRY
    assert sleeps.calls == []
    assert len(server.resource_requests) == 1


def test_retries_are_bounded(sleeps: Sleeps) -> None:
    server = Server(unavailable("1"))
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.status_code == 503
    assert len(server.resource_requests) == 3
    assert sleeps.calls == [1.0, 1.0]


def test_backoff_without_retry_after(sleeps: Sleeps) -> None:
    server = Server(lambda r: httpx.Response(502), ok)
    client, _ = make(server, sleeps)
    assert client.get(API).status_code == 200
    assert len(sleeps.calls) == 1 and 0 < sleeps.calls[0] <= 5


def test_post_is_not_retried_by_default(sleeps: Sleeps) -> None:
    server = Server(unavailable("1"), ok)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError):
        client.post(API, content=b"x")
    assert len(server.resource_requests) == 1
    assert sleeps.calls == []


def test_post_retried_when_opted_in(sleeps: Sleeps) -> None:
    server = Server(unavailable("1"), ok)
    mock = httpx.MockTransport(server)
    source = ClientCredentials(
        TOKEN_URL, "c", "s3cret", transport=token_transport(httpx.Client(transport=mock))
    )
    auth = OAuth2Auth(source, retry=RetryPolicy(retry_non_idempotent=True, sleep=sleeps))
    with httpx.Client(transport=mock, auth=auth) as client:
        assert client.post(API, content=b"abc").status_code == 200
    assert server.bodies == [b"abc", b"abc"]


def test_insufficient_scope_for_client_credentials_raises_fix_config(sleeps: Sleeps) -> None:
    """A client-credentials client has no user to step up: configure the client instead."""

    def forbidden(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403,
            headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'},
        )

    server = Server(forbidden)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.policy is Policy.FIX_CONFIG
    assert info.value.situation is Situation.SCOPE_REQUIRED
    assert info.value.grant == "client_credentials" and info.value.user_present is False
    assert 'grant the client the scope "admin"' in info.value.hint
    assert "scope=admin" in info.value.hint
    assert "authorize again" not in info.value.hint.lower()
    assert info.value.code == "insufficient_scope"
    assert server.issued == 1
    assert len(server.resource_requests) == 1


def test_plain_404_is_returned_untouched(sleeps: Sleeps) -> None:
    server = Server(lambda r: httpx.Response(404, json={"error": "not found"}))
    client, _ = make(server, sleeps)
    assert client.get(API).status_code == 404


def test_dpop_nonce_retry_once_with_new_nonce(sleeps: Sleeps) -> None:
    def need_nonce(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            headers={"WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": "n-1"},
        )

    seen: list[str | None] = []

    def proof(request: object, nonce: str | None) -> str:
        seen.append(nonce)
        return f"proof-{nonce}"

    server = Server(need_nonce, ok)
    client, _ = make(server, sleeps, dpop=proof)
    assert client.get(API).status_code == 200
    assert seen == [None, "n-1"]
    assert server.resource_requests[-1].headers["DPoP"] == "proof-n-1"
    # the nonce is kept for the origin: the next request uses it straight away
    client.get(API)
    assert seen[-1] == "n-1"


def test_same_dpop_nonce_twice_raises(sleeps: Sleeps) -> None:
    def need_nonce(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            headers={"WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": "same"},
        )

    server = Server(need_nonce)
    client, _ = make(server, sleeps, dpop=lambda request, nonce: "proof")
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.code == "use_dpop_nonce"
    assert len(server.resource_requests) == 2
    assert sleeps.calls == []


def test_streaming_body_cannot_be_replayed(sleeps: Sleeps) -> None:
    server = Server(invalid_token, ok)
    source = ClientCredentials(
        TOKEN_URL,
        "c",
        "s3cret",
        transport=token_transport(httpx.Client(transport=StreamingTransport(server))),
    )
    client = httpx.Client(transport=StreamingTransport(server), auth=OAuth2Auth(source))

    def chunks() -> Iterator[bytes]:
        yield b"part1"
        yield b"part2"

    with pytest.raises(RequestNotReplayableError) as info:
        client.post(API, content=chunks())
    assert isinstance(info.value.__cause__, OAuthError)
    assert server.issued == 2  # the token was refreshed: sending again will work
    assert client.post(API, content=b"x").status_code == 200


def test_token_not_sent_to_other_origin_and_foreign_401_no_refresh(sleeps: Sleeps) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example":
            return httpx.Response(302, headers={"Location": "https://evil.example/x"})
        return invalid_token(request)

    server = Server(route)
    client, _ = make(server, sleeps)
    response = client.get(API, follow_redirects=True)
    assert response.status_code == 401
    assert response.request.url.host == "evil.example"
    assert server.resource_requests[1].url.host == "evil.example"
    assert "authorization" not in server.resource_requests[1].headers
    assert server.issued == 1  # no refresh for a foreign 401


def test_logging_is_debug_only_and_secret_free(
    sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="oauth_client_errors")
    server = Server(invalid_token, unavailable("1"), ok)
    client, _ = make(server, sleeps)
    client.get(API)
    records = [r for r in caplog.records if r.name.startswith("oauth_client_errors")]
    assert records
    assert all(r.levelno == logging.DEBUG for r in records)
    text = "\n".join(r.getMessage() for r in records)
    assert "refresh" in text and "retrying in 1.00 s" in text
    for secret in ("AT1", "AT2", "client-secret-xyz"):
        assert secret not in text


async def test_async_refresh_and_retry(sleeps: Sleeps) -> None:
    server = Server(invalid_token, unavailable("3"), ok)
    async with amake(server, sleeps) as client:
        response = await client.get(API)
    assert response.status_code == 200
    assert server.auths == ["Bearer AT1", "Bearer AT2", "Bearer AT2"]
    assert sleeps.calls == [3.0]


async def test_async_second_invalid_token_raises(sleeps: Sleeps) -> None:
    server = Server(invalid_token)
    async with amake(server, sleeps) as client:
        with pytest.raises(OAuthError) as info:
            await client.get(API)
    assert info.value.code == "invalid_token"
    assert len(server.resource_requests) == 2


def test_from_httpx_and_raise_for_oauth_error() -> None:
    response = httpx.Response(
        400,
        json={"error": "invalid_grant", "error_description": "expired"},
        request=httpx.Request("POST", TOKEN_URL),
    )
    err = from_httpx(response, endpoint="token")
    assert err is not None and err.code == "invalid_grant"
    assert err.policy is Policy.REAUTHORIZE
    assert err.response is response
    with pytest.raises(OAuthError) as info:
        raise_for_oauth_error(response, endpoint="token")
    assert isinstance(info.value.__cause__, httpx.HTTPStatusError)
    good = httpx.Response(200, json={"access_token": "x"}, request=httpx.Request("GET", API))
    assert from_httpx(good, endpoint="token") is None
    assert raise_for_oauth_error(good) is good


def test_token_endpoint_error_through_httpx_transport_is_redacted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            json={"error": "invalid_client", "error_description": "bad secret client-secret-xyz"},
        )

    source = ClientCredentials(
        TOKEN_URL,
        "cid",
        "client-secret-xyz",
        transport=token_transport(httpx.Client(transport=httpx.MockTransport(handler))),
    )
    with pytest.raises(OAuthError) as info:
        source.token()
    assert info.value.code == "invalid_client"
    assert "client-secret-xyz" not in json.dumps(info.value.to_dict())
    assert "client-secret-xyz" not in str(info.value)


# -- more of issue 3 -------------------------------------------------------------------------


def http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def test_retry_after_http_date_is_honoured(sleeps: Sleeps) -> None:
    server = Server(unavailable(http_date(30)), ok)
    client, _ = make(server, sleeps)
    assert client.get(API).status_code == 200
    assert len(sleeps.calls) == 1
    assert 28 <= sleeps.calls[0] <= 31


def test_retry_after_http_date_beyond_cap_raises_at_once(sleeps: Sleeps) -> None:
    server = Server(unavailable(http_date(7200)), ok)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.retry_after is not None and info.value.retry_after > 7000
    assert sleeps.calls == []
    assert len(server.resource_requests) == 1


def test_429_is_retried_and_patch_is_not(sleeps: Sleeps) -> None:
    server = Server(lambda r: httpx.Response(429, headers={"Retry-After": "1"}), ok)
    client, _ = make(server, sleeps)
    assert client.get(API).status_code == 200
    server = Server(lambda r: httpx.Response(429, headers={"Retry-After": "1"}), ok)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError):
        client.patch(API, content=b"{}")
    assert len(server.resource_requests) == 1


def test_bare_401_after_sending_a_token_refreshes_once(sleeps: Sleeps) -> None:
    def bare(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, headers={"WWW-Authenticate": 'Bearer realm="api"'})

    server = Server(bare, ok)
    client, _ = make(server, sleeps)
    assert client.get(API).status_code == 200
    assert server.auths == ["Bearer AT1", "Bearer AT2"]
    server = Server(bare)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.status_code == 401
    assert len(server.resource_requests) == 2  # one refresh, one replay, then it raises


def test_other_policies_raise_chained_with_the_response(sleeps: Sleeps) -> None:
    def forbidden(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403,
            headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'},
            json={"detail": "needs admin"},
        )

    server = Server(forbidden)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    err = info.value
    assert isinstance(err.__cause__, httpx.HTTPStatusError)
    # httpx's error is about copies without the token and body (it pickles them: issue 12)
    assert err.__cause__.response.status_code == 403
    assert "authorization" not in err.__cause__.request.headers
    assert err.response.request.headers["authorization"].startswith("Bearer ")
    assert err.response.json() == {"detail": "needs admin"}  # read, and still readable
    assert "response" not in repr(err) and "Response" not in repr(err)
    assert "response" not in err.to_dict()


async def test_async_post_body_replayed_byte_for_byte(sleeps: Sleeps) -> None:
    server = Server(invalid_token, ok)
    payload = bytes(range(256)) * 5
    async with amake(server, sleeps) as client:
        response = await client.post(API, content=payload)
    assert response.status_code == 200
    assert server.bodies == [payload, payload]
    assert server.auths == ["Bearer AT1", "Bearer AT2"]


async def test_async_streaming_body_cannot_be_replayed(sleeps: Sleeps) -> None:
    class AsyncStreaming(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/token":
                return httpx.Response(200, json={"access_token": "AT", "expires_in": 60})
            return invalid_token(request)

    source = ClientCredentials(
        TOKEN_URL,
        "c",
        "s3cret",
        async_transport=async_token_transport(httpx.AsyncClient(transport=AsyncStreaming())),
    )

    async def chunks() -> AsyncIterator[bytes]:
        yield b"a"
        yield b"b"

    async with httpx.AsyncClient(transport=AsyncStreaming(), auth=OAuth2Auth(source)) as client:
        with pytest.raises(RequestNotReplayableError) as info:
            await client.post(API, content=chunks())
    assert type(info.value.__cause__).__name__ == "InvalidTokenError"


def test_retry_of_a_non_replayable_body_stops_with_the_error(sleeps: Sleeps) -> None:
    server = Server(unavailable("1"), ok)
    source = ClientCredentials(
        TOKEN_URL,
        "c",
        "s3cret",
        transport=token_transport(httpx.Client(transport=StreamingTransport(server))),
    )
    auth = OAuth2Auth(source, retry=RetryPolicy(retry_non_idempotent=True, sleep=sleeps))
    client = httpx.Client(transport=StreamingTransport(server), auth=auth)

    def chunks() -> Iterator[bytes]:
        yield b"x"

    with pytest.raises(OAuthError) as info:
        client.post(API, content=chunks())
    assert info.value.status_code == 503
    assert sleeps.calls == []


def test_dpop_nonce_is_kept_per_origin(sleeps: Sleeps) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.headers.get("DPoP") == "proof-None":
            nonce = f"nonce-{request.url.host}"
            return httpx.Response(
                401,
                headers={"WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": nonce},
            )
        return httpx.Response(200, headers={"DPoP-Nonce": f"nonce-{request.url.host}"})

    seen: list[tuple[str, str | None]] = []

    def proof(request: object, nonce: str | None) -> str:
        assert isinstance(request, httpx.Request)
        seen.append((request.url.host, nonce))
        return f"proof-{nonce}"

    server = Server(route)
    mock = httpx.MockTransport(server)
    source = ClientCredentials(
        TOKEN_URL, "c", "s3cret", transport=token_transport(httpx.Client(transport=mock))
    )
    auth = OAuth2Auth(source, dpop=proof, origins=["https://a.example", "https://b.example"])
    with httpx.Client(transport=mock, auth=auth) as client:
        assert client.get("https://a.example/x").status_code == 200
        assert client.get("https://b.example/x").status_code == 200
        assert client.get("https://a.example/y").status_code == 200
    assert seen == [
        ("a.example", None),
        ("a.example", "nonce-a.example"),
        ("b.example", None),  # a's nonce is not b's
        ("b.example", "nonce-b.example"),
        ("a.example", "nonce-a.example"),
    ]


def test_use_dpop_nonce_without_a_hook_raises(sleeps: Sleeps) -> None:
    def need_nonce(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, headers={"WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": "n"}
        )

    server = Server(need_nonce)
    client, _ = make(server, sleeps)
    with pytest.raises(OAuthError) as info:
        client.get(API)
    assert info.value.code == "use_dpop_nonce"
    assert len(server.resource_requests) == 1


def test_no_sleep_in_auth_flow_and_none_blocking_in_async(
    sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = OAuth2Auth(ClientCredentials(TOKEN_URL, "c", "s3cret"))
    with pytest.raises(RuntimeError):
        next(auth.auth_flow(httpx.Request("GET", API)))

    def forbidden_sleep(seconds: float) -> None:
        raise AssertionError("time.sleep called in async code")

    server = Server(unavailable("0"), ok)

    async def main() -> int:
        mock = httpx.MockTransport(server)
        source = ClientCredentials(
            TOKEN_URL,
            "c",
            "s3cret",
            async_transport=async_token_transport(httpx.AsyncClient(transport=mock)),
        )
        async with httpx.AsyncClient(transport=mock, auth=OAuth2Auth(source)) as client:
            monkeypatch.setattr(time, "sleep", forbidden_sleep)
            return (await client.get(API)).status_code

    assert asyncio.run(main()) == 200  # the retry waited with asyncio.sleep


async def test_slow_sync_refresh_does_not_block_the_event_loop() -> None:
    class Slow:
        def token(self) -> Token:
            return Token("old")

        def refresh(self, stale: Token | None) -> Token:
            time.sleep(0.3)  # blocking I/O in the user's own source
            return Token("new")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"] == "Bearer old":
            return invalid_token(request)
        return httpx.Response(200)

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), auth=OAuth2Auth(Slow())
    ) as client:
        assert (await client.get(API)).status_code == 200
    task.cancel()
    assert ticks >= 10  # the loop kept running during the 0.3 s refresh


def test_proactive_refresh_through_the_adapter(sleeps: Sleeps) -> None:
    now = [1000.0]
    server = Server(ok)
    mock = httpx.MockTransport(server)
    source = ClientCredentials(
        TOKEN_URL,
        "c",
        "s3cret",
        transport=token_transport(httpx.Client(transport=mock)),
        clock=lambda: now[0],
    )
    with httpx.Client(transport=mock, auth=OAuth2Auth(source)) as client:
        client.get(API)
        now[0] += 3590  # 10 s before expiry: inside the skew
        client.get(API)
    assert server.auths == ["Bearer AT1", "Bearer AT2"]  # refreshed before it expired
    assert server.issued == 2


def test_proactive_refresh_failing_keeps_the_valid_token(sleeps: Sleeps) -> None:
    now = [1000.0]
    server = Server(ok)
    fail = [False]

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token" and fail[0]:
            return httpx.Response(503, json={"error": "temporarily_unavailable"})
        return server(request)

    mock = httpx.MockTransport(token_endpoint)
    source = ClientCredentials(
        TOKEN_URL,
        "c",
        "s3cret",
        transport=token_transport(httpx.Client(transport=mock)),
        clock=lambda: now[0],
    )
    with httpx.Client(transport=mock, auth=OAuth2Auth(source)) as client:
        client.get(API)
        now[0] += 3590
        fail[0] = True
        assert client.get(API).status_code == 200
    assert server.auths == ["Bearer AT1", "Bearer AT1"]  # still valid: kept


def test_on_token_called_once_per_new_token(sleeps: Sleeps) -> None:
    seen: list[str] = []
    server = Server(invalid_token, ok, ok, ok)
    mock = httpx.MockTransport(server)
    source = ClientCredentials(
        TOKEN_URL,
        "c",
        "s3cret",
        transport=token_transport(httpx.Client(transport=mock)),
        on_token=lambda t: seen.append(t.access_token),
    )
    with httpx.Client(transport=mock, auth=OAuth2Auth(source)) as client:
        for _ in range(3):
            client.get(API)
    assert seen == ["AT1", "AT2"]


async def test_users_async_only_source(sleeps: Sleeps) -> None:
    class AsyncOnly:
        def __init__(self) -> None:
            self.refreshes = 0

        async def atoken(self) -> Token:
            return Token("A1")

        async def arefresh(self, stale: Token | None) -> Token:
            self.refreshes += 1
            await asyncio.sleep(0.05)
            return Token("A2")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"] == "Bearer A1":
            return invalid_token(request)
        return httpx.Response(200)

    mine = AsyncOnly()
    auth = OAuth2Auth(mine)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as client:
        responses = await asyncio.gather(*(client.get(API) for _ in range(10)))
    assert [r.status_code for r in responses] == [200] * 10
    assert mine.refreshes == 1  # single flight around the user's own object too
    fresh = OAuth2Auth(AsyncOnly())
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=fresh) as client,
        pytest.raises(TypeError, match="async-only"),
    ):
        client.get(API)
