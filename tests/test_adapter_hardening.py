"""Issue 12 regressions for the adapters, the token sources and the device flow.

Each test names the item it covers. No network: sources get fake transports, httpx a
MockTransport, requests a mounted adapter.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import requests
from leakcheck import chain
from requests.adapters import BaseAdapter
from test_adapter_secrets import assert_clean

from oauth_client_errors import (
    Challenge,
    ClientCredentials,
    DeviceAuthorization,
    DeviceFlow,
    HTTPResult,
    InsecureTransportError,
    InvalidTokenError,
    MalformedResponseError,
    OAuthError,
    Policy,
    RefreshTokenSource,
    RetryPolicy,
    Token,
    TokenRequest,
    TransportError,
)
from oauth_client_errors._resource_metadata import metadata_request_for, parse_resource_metadata
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth

AT = "AT-SENTINEL-hard-1"
AT2 = "AT-SENTINEL-hard-2"
RT = "RT-SENTINEL-hard-3"
CS = "CS-SENTINEL-hard-4"
DC = "DC-SENTINEL-hard-5"
TOKEN_URL = "https://as.example/token"
DEVICE_URL = "https://as.example/device"
API = "https://api.example/data"
JSON = [("Content-Type", "application/json")]
DEEP = 5000
HUGE = "1" + "0" * 400


def deep(prefix: str) -> bytes:
    return (prefix + '"x": ' + "[" * DEEP + "]" * DEEP + "}").encode()


class Fake:
    """A token transport answering from a list (the last answer repeats); counts requests."""

    def __init__(self, *answers: HTTPResult | Callable[[TokenRequest], HTTPResult]) -> None:
        self.answers = list(answers)
        self.requests: list[TokenRequest] = []

    def __call__(self, request: TokenRequest) -> HTTPResult:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer(request) if callable(answer) else answer


def ok(access: str, **extra: Any) -> HTTPResult:
    body = {"access_token": access, "token_type": "Bearer", "refresh_token": RT, **extra}
    return HTTPResult(200, JSON, json.dumps(body).encode())


SOURCES: dict[str, Callable[[Fake], Any]] = {
    "client_credentials basic": lambda t: ClientCredentials(TOKEN_URL, "cid", CS, transport=t),
    "client_credentials post": lambda t: ClientCredentials(
        TOKEN_URL, "cid", CS, auth_method="client_secret_post", transport=t
    ),
    "refresh": lambda t: RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), client_secret=CS, transport=t
    ),
}


def raised(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


# -- item 1: a 200 body nested 5,000 deep -------------------------------------------------------


@pytest.mark.parametrize("name", list(SOURCES))
def test_item1_deep_200_body_is_malformed_not_recursion_error(
    name: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    body = deep(f'{{"access_token": "{AT2}", "refresh_token": "{RT}", ')
    source = SOURCES[name](Fake(HTTPResult(200, JSON, body)))
    exc = raised(lambda: source.refresh(source.current))
    assert isinstance(exc, MalformedResponseError)
    assert not any(isinstance(e, RecursionError) for e in chain(exc))
    assert_clean(exc, debug_logs)


async def test_item1_deep_200_body_async(debug_logs: pytest.LogCaptureFixture) -> None:
    source = SOURCES["refresh"](Fake(HTTPResult(200, JSON, deep(f'{{"access_token": "{AT2}", '))))
    try:
        await source.arefresh(source.current)
    except MalformedResponseError as exc:
        exc.__traceback__ = exc.__traceback__.tb_next if exc.__traceback__ else None  # not ours
        assert_clean(exc, debug_logs)
    else:
        raise AssertionError("nothing was raised")


def test_item1_deep_device_authorization_body(debug_logs: pytest.LogCaptureFixture) -> None:
    body = deep(f'{{"device_code": "{DC}", "user_code": "U", ')
    flow = DeviceFlow(DEVICE_URL, TOKEN_URL, "cid", transport=Fake(HTTPResult(200, JSON, body)))
    exc = raised(flow.start)
    assert isinstance(exc, MalformedResponseError)
    assert_clean(exc, debug_logs)


# -- item 2: absurd numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("expires_in", [HUGE, "1e300", "-1" + "0" * 400])
def test_item2_absurd_expires_in_is_unknown_and_logged(
    expires_in: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    body = f'{{"access_token": "{AT2}", "refresh_token": "{RT}", "expires_in": {expires_in}}}'
    source = SOURCES["refresh"](Fake(HTTPResult(200, JSON, body.encode())))
    token = source.refresh(source.current)
    assert token.access_token == AT2
    assert token.expires_at is None
    if not expires_in.startswith("-"):
        assert any("absurdly large" in r.getMessage() for r in debug_logs.records)


def test_item2_absurd_device_numbers_are_capped(debug_logs: pytest.LogCaptureFixture) -> None:
    start = (
        f'{{"device_code": "{DC}", "user_code": "WDJB-MJHT", '
        f'"verification_uri": "https://as.example/device", "expires_in": {HUGE}, '
        '"interval": 1e300}'
    ).encode()
    pending = HTTPResult(400, JSON, b'{"error": "authorization_pending"}')
    transport = Fake(HTTPResult(200, JSON, start), pending, pending, ok(AT2))
    waits: list[float] = []
    now = [1000.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    flow = DeviceFlow(
        DEVICE_URL, TOKEN_URL, "cid", transport=transport, sleep=sleep, clock=lambda: now[0]
    )
    auth = flow.start()
    assert auth.interval <= 300
    assert auth.expires_at <= 1000.0 + 24 * 3600
    assert flow.poll(auth).access_token == AT2
    assert waits and max(waits) <= 300
    assert any("absurdly large" in r.getMessage() for r in debug_logs.records)


# -- item 3: nothing secret in any frame, on every failure path ---------------------------------


#: The secrets each source sends (and so must redact when a server echoes them).
SENT = {
    "client_credentials basic": f"{CS}",
    "client_credentials post": f"{CS}",
    "refresh": f"{AT} {RT} {CS}",
    "device": f"{DC} {CS}",
}


def _failures(sent: str) -> dict[str, Callable[[], HTTPResult]]:
    echo = f"echo {sent}"

    def transport_down() -> HTTPResult:
        raise OSError(f"connection refused while sending {sent}")

    return {
        "invalid_grant echo": lambda: HTTPResult(
            400, JSON, json.dumps({"error": "invalid_grant", "error_description": echo}).encode()
        ),
        "invalid_client 401": lambda: HTTPResult(
            401,
            [*JSON, ("WWW-Authenticate", f'Basic realm="{echo}"')],
            json.dumps({"error": "invalid_client", "error_description": echo}).encode(),
        ),
        "html 500": lambda: HTTPResult(500, [("Content-Type", "text/html")], echo.encode()),
        "no access_token": lambda: HTTPResult(
            200, JSON, json.dumps({"refresh_token": RT, "id": echo}).encode()
        ),
        "not json": lambda: HTTPResult(200, JSON, f"{{{echo}".encode()),
        "deep": lambda: HTTPResult(200, JSON, deep(f'{{"access_token": "{AT2}", ')),
        "access_token with a newline inside": lambda: HTTPResult(
            200, JSON, json.dumps({"access_token": f"{AT2}\nX", "refresh_token": RT}).encode()
        ),
        "transport down": transport_down,
    }


FAILURES = list(_failures(""))


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("name", list(SOURCES))
def test_item3_sources_keep_no_secret_in_frames(
    name: str, failure: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    answer = _failures(SENT[name])[failure]
    source = SOURCES[name](Fake(lambda request: answer()))
    exc = raised(lambda: source.refresh(source.current))
    assert isinstance(exc, Exception)
    assert_clean(exc, debug_logs)


@pytest.mark.parametrize("failure", FAILURES)
def test_item3_device_flow_keeps_no_secret_in_frames(
    failure: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    flow = DeviceFlow(
        DEVICE_URL,
        TOKEN_URL,
        "cid",
        client_secret=CS,
        transport=Fake(lambda request: _failures(SENT["device"])[failure]()),
        sleep=lambda s: None,
    )
    auth = DeviceAuthorization(DC, "USER", "https://as.example/verify", None, expires_at=1e12)
    assert_clean(raised(lambda: flow.poll(auth)), debug_logs)
    answer = _failures(CS)[failure]  # the start request carries no device code yet
    flow.transport = Fake(lambda request: answer())
    assert_clean(raised(flow.start), debug_logs)


def test_item3_insecure_transport_error_keeps_no_secret(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    source = RefreshTokenSource(
        "http://as.example/token", "cid", Token(AT, refresh_token=RT), client_secret=CS
    )
    exc = raised(lambda: source.refresh(source.current))
    assert isinstance(exc, InsecureTransportError)
    assert_clean(exc, debug_logs)


# -- the adapters' failure paths ------------------------------------------------------------------


def resource(status: int, headers: dict[str, str], body: bytes) -> Callable[..., Any]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body)

    return handler


def run_httpx(
    adapter: str,
    handler: Callable[[httpx.Request], httpx.Response],
    auth: HttpxAuth,
    url: str = API,
) -> httpx.Response:
    if adapter == "httpx":
        with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
            return client.get(url)

    async def main() -> httpx.Response:
        async def ahandler(request: httpx.Request) -> httpx.Response:
            return handler(request)

        async with httpx.AsyncClient(transport=httpx.MockTransport(ahandler), auth=auth) as c:
            return await c.get(url)

    return asyncio.run(main())


class Mounted(BaseAdapter):
    """A requests adapter answering from an httpx-style handler; records what it was sent."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        super().__init__()
        self.handler = handler
        self.sent: list[dict[str, str]] = []  # the headers of each request, as sent

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(dict(request.headers))
        answer = self.handler(
            httpx.Request(str(request.method), str(request.url), headers=dict(request.headers))
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers.update(answer.headers)
        response._content = answer.content
        response._content_consumed = True  # type: ignore[attr-defined]
        response.url = str(request.url)
        response.request = request
        response.connection = self  # type: ignore[attr-defined]
        return response

    def close(self) -> None:
        pass


def run_any(
    adapter: str, handler: Callable[[httpx.Request], httpx.Response], source: Any, **kw: Any
) -> Any:
    if adapter == "requests":
        session = requests.Session()
        session.mount("https://", Mounted(handler))
        session.mount("http://", Mounted(handler))
        session.auth = RequestsAuth(source, retry=RetryPolicy.never(), **kw)
        return session.get(kw.pop("url", API))
    return run_httpx(adapter, handler, HttpxAuth(source, retry=RetryPolicy.never(), **kw))


ADAPTERS = ["httpx", "httpx-async", "requests"]


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_item3_adapters_keep_no_secret_in_frames(
    adapter: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    echo = f"{AT} {RT} {CS}".encode()
    refused = resource(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, echo)
    for answer in _failures(SENT["refresh"]).values():
        source = SOURCES["refresh"](Fake(lambda request, a=answer: a()))  # type: ignore[misc]
        assert_clean(raised(lambda s=source: run_any(adapter, refused, s)), debug_logs)
    source = SOURCES["refresh"](Fake(ok(AT2)))
    html = resource(500, {"Content-Type": "text/html"}, echo)
    assert_clean(raised(lambda: run_any(adapter, html, source)), debug_logs)


# -- item 5: every server-supplied value in a log record is display-safe ------------------------


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("status", [401, 403])
def test_item5_log_records_carry_no_escapes(
    adapter: str, status: int, debug_logs: pytest.LogCaptureFixture
) -> None:
    code = "evil\x1b[2J\x1b]8;;https://x.example/\x07\r\n2026 INFO forged\u202eline"
    body = json.dumps({"error": code}).encode()
    handler = resource(status, {"Content-Type": "application/json"}, body)
    source = SOURCES["refresh"](Fake(ok(AT2)))
    raised(lambda: run_any(adapter, handler, source))
    ours = [r for r in debug_logs.records if r.name.startswith("oauth_client_errors")]
    assert any("evil" in r.getMessage() for r in ours)  # the code was logged...
    for record in ours:  # ...and neutralised
        message = record.getMessage()
        for bad in ("\x1b", "\r", "\n", "\x07", "\u202e"):
            assert bad not in message, repr(message)


# -- item 6: DPoP proofs on redirects -------------------------------------------------------------


def redirecting(location: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/start":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, json={"ok": True})

    return handler


def dpop_hook(request: Any, nonce: str | None) -> str:
    return "proof-SENTINEL-dpop"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("https://api.example/start", "https://other.example/next"),  # cross-origin
        ("https://api.example/start", "http://api.example/next"),  # https -> http
        ("http://127.0.0.1/start", "https://127.0.0.1/next"),  # http -> https, same host
    ],
)
def test_item6_requests_strips_dpop_and_token_on_redirects(start: str, target: str) -> None:
    mounted = Mounted(redirecting(target))
    session = requests.Session()
    session.mount("https://", mounted)
    session.mount("http://", mounted)
    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT))
    )
    session.auth = RequestsAuth(source, dpop=dpop_hook)
    assert session.get(start).status_code == 200
    first, second = mounted.sent
    assert first["Authorization"] == f"Bearer {AT}" and "DPoP" in first
    assert "DPoP" not in second
    assert "Authorization" not in second


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("https://api.example/start", "https://other.example/next"),
        ("https://api.example/start", "http://api.example/next"),
        ("http://127.0.0.1/start", "https://127.0.0.1/next"),
    ],
)
def test_item6_httpx_redirect_hook_strips_dpop_and_token(start: str, target: str) -> None:
    seen: list[httpx.Request] = []
    handler = redirecting(target)

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT))
    )
    auth = HttpxAuth(source, dpop=dpop_hook)
    with httpx.Client(
        transport=httpx.MockTransport(recording),
        auth=auth,
        follow_redirects=True,
        event_hooks={"request": [auth.redirect_hook]},
    ) as client:
        assert client.get(start).status_code == 200
    first, second = seen
    assert "dpop" in first.headers and "authorization" in first.headers
    assert "dpop" not in second.headers
    assert "authorization" not in second.headers


# -- item 7: refresh storms -----------------------------------------------------------------------


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("challenge", ['Bearer error="invalid_token"', None])
def test_item7_no_refresh_storm(adapter: str, challenge: str | None) -> None:
    headers = {"WWW-Authenticate": challenge} if challenge else {}
    always_401 = resource(401, headers, b"")
    issued = iter(f"AT-{i}" for i in range(100))
    transport = Fake(lambda request: ok(next(issued)))
    source = RefreshTokenSource(TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=transport)
    auth_kw: dict[str, Any] = {}
    errors = []
    if adapter == "requests":
        session = requests.Session()
        session.mount("https://", Mounted(always_401))
        session.auth = RequestsAuth(source, **auth_kw)
        for _ in range(20):
            errors.append(raised(lambda: session.get(API)))
    else:
        auth = HttpxAuth(source, **auth_kw)
        for _ in range(20):
            errors.append(raised(lambda: run_httpx(adapter, always_401, auth)))
    assert len(transport.requests) == 1  # one refresh, not twenty
    assert all(isinstance(e, OAuthError) for e in errors)
    assert all(e.policy is Policy.REAUTHORIZE for e in errors)  # type: ignore[attr-defined]

    # A token that arrives by another path is used (and refreshed) normally again.
    source.refresh(source.current)
    assert len(transport.requests) == 2
    accepting = resource(200, {}, b"{}")
    if adapter == "requests":
        session.mount("https://", Mounted(accepting))
        assert session.get(API).status_code == 200
    else:
        assert run_httpx(adapter, accepting, auth).status_code == 200


# -- item 8: display safety at the edges ---------------------------------------------------------


def test_item8_device_display_accessors_drop_osc8_hyperlinks() -> None:
    evil = "\x1b]8;;https://evil.example/\x1b\\https://as.example/device\x1b]8;;\x1b\\"
    auth = DeviceAuthorization(
        DC,
        "WDJB\x1b[8m-MJHT\u202e",
        evil,
        evil + "?user_code=WDJB",
        expires_at=1e12,
    )
    for text in (
        auth.display_verification_uri,
        auth.display_verification_uri_complete,
        auth.display_user_code,
    ):
        assert text is not None
        assert "\x1b" not in text and "\u202e" not in text and "evil.example" not in text
    assert auth.display_verification_uri == "https://as.example/device"
    assert (
        DeviceAuthorization(DC, "U", "https://a", None, 1.0).display_verification_uri_complete
        is None
    )


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_item8_adapters_validate_dpop_nonce(adapter: str) -> None:
    bad_nonce = '"' + "n" * 30_000 + '"'
    nonces: list[str | None] = []

    def hook(request: Any, nonce: str | None) -> str:
        nonces.append(nonce)
        return "proof"

    handler = resource(200, {"DPoP-Nonce": bad_nonce}, b"{}")
    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT))
    )
    if adapter == "requests":
        session = requests.Session()
        session.mount("https://", Mounted(handler))
        session.auth = RequestsAuth(source, dpop=hook)
        session.get(API)
        session.get(API)
    else:
        auth = HttpxAuth(source, dpop=hook)
        run_httpx(adapter, handler, auth)
        run_httpx(adapter, handler, auth)
    assert nonces == [None, None]


# -- item 9: resource metadata -----------------------------------------------------------------


@pytest.mark.parametrize(
    "metadata_url",
    [
        "https://127.0.0.1/meta",
        "https://localhost/meta",
        "http://127.0.0.1/meta",
        "https://[::1]/m",
    ],
)
def test_item9_metadata_url_on_loopback_only_for_a_loopback_resource(metadata_url: str) -> None:
    err = InvalidTokenError(
        endpoint="resource",
        status_code=401,
        challenges=[Challenge("Bearer", {"resource_metadata": metadata_url})],
    )
    with pytest.raises(MalformedResponseError) as info:
        metadata_request_for(err, "https://api.example/data")
    assert "127.0.0.1" not in str(info.value) and "localhost" not in str(info.value)
    assert metadata_request_for(err, "http://127.0.0.1:8080/data")[0] == metadata_url


def test_item9_metadata_messages_keep_server_text_out() -> None:
    doc = {"resource": "https://evil.example/\x1b[31mRED"}
    with pytest.raises(MalformedResponseError) as info:
        parse_resource_metadata(doc, "https://api.example/data")
    assert "evil" not in str(info.value) and "\x1b" not in str(info.value)
    err = InvalidTokenError(
        endpoint="resource",
        status_code=401,
        challenges=[Challenge("Bearer", {"resource_metadata": "ftp\x1b[2J://x.example/"})],
    )
    with pytest.raises(MalformedResponseError) as info2:
        metadata_request_for(err, "https://api.example/data")
    assert "\x1b" not in str(info2.value)


# -- item 11: the resource request cannot connect ------------------------------------------------


def refused_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError(f"connection refused {request.headers.get('authorization')}")


def test_item11_httpx_sync_resource_connect_error_is_transport_error(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT))
    )
    with pytest.raises(TransportError) as info:
        run_httpx("httpx", refused_connection, HttpxAuth(source))
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert_clean(info.value, debug_logs)
    pickle.loads(pickle.dumps(info.value))


def test_item11_httpx_timeout_is_transport_error() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT))
    )
    with pytest.raises(TransportError) as info:
        run_httpx("httpx", timeout, HttpxAuth(source))
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert AT not in "".join(
        traceback.TracebackException.from_exception(info.value, capture_locals=True).format()
    )


def test_item11_httpx_async_request_of_the_error_carries_no_token() -> None:
    async def ahandler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async def main() -> None:
        source = RefreshTokenSource(
            TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT))
        )
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(ahandler), auth=HttpxAuth(source)
        ) as client:
            await client.get(API)

    with pytest.raises(httpx.ConnectError) as info:
        asyncio.run(main())
    assert "authorization" not in info.value.request.headers


def test_item11_requests_resend_connect_error_is_transport_error(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    calls = [0]

    class Flaky(Mounted):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            calls[0] += 1
            if calls[0] > 1:
                raise requests.ConnectionError(f"refused {request.headers['Authorization']}")
            return super().send(request, **kwargs)

    session = requests.Session()
    session.mount("https://", Flaky(resource(401, {"WWW-Authenticate": "Bearer"}, b"")))
    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token(AT, refresh_token=RT), transport=Fake(ok(AT2))
    )
    session.auth = RequestsAuth(source)
    with pytest.raises(TransportError) as info:
        session.get(API)
    assert isinstance(info.value.__cause__, requests.ConnectionError)
    assert_clean(info.value, debug_logs)
