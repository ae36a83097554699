"""Issue 12, verified end to end: one section per item, each through the public surface.

Every attack is replayed through ``parse_response`` / ``parse_redirect``, both adapters
(httpx with a ``MockTransport``, sync and async; requests with a mounted adapter), the
token sources, the device flow and ``python -m oauth_client_errors explain --json``.
Each test uses its own sentinel secrets and looks for them with
:func:`leakcheck.assert_no_secret`: ``str``, ``repr``, ``args``, ``__notes__``,
``vars()``, ``to_dict()``, the pickle of every exception in the chain, the formatted
chain, traceback frame locals (``capture_locals=True``), every log record at DEBUG (a
handler on the root logger) and the command line's stdout and stderr.

The tests never call the package from a frame whose locals hold a sentinel other than
their own (the checker skips only the tests' leading frames of a traceback).
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import requests
from leakcheck import RootLogs, assert_no_secret, chain
from test_adapter_hardening import Fake, Mounted

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    Challenge,
    ClientCredentials,
    DeviceAuthorization,
    DeviceFlow,
    HTTPResult,
    InsecureTransportError,
    InvalidTokenError,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    Policy,
    RefreshTokenSource,
    RetryPolicy,
    StateMismatchError,
    Token,
    TransportError,
    error_class,
    parse_redirect,
    parse_response,
)
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import fetch_resource_metadata as httpx_fetch_metadata
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth
from oauth_client_errors.requests import fetch_resource_metadata as requests_fetch_metadata

TOKEN_URL = "https://as.example/token"
DEVICE_URL = "https://as.example/device"
API = "https://api.example/data"
JSON_CT = {"Content-Type": "application/json"}
JSON_H = [("Content-Type", "application/json")]
FORM_CT = {"Content-Type": "application/x-www-form-urlencoded"}
ADAPTERS = ["httpx", "httpx-async", "requests"]
RAW_CONTROLS = ("\x1b", "\x9b", "\x07", "\r", "\n", "\u202e", "\u2066", "\x00")


def sentinel(tag: str) -> str:
    """A unique secret for one test (never a substring of another)."""
    return f"S3NT-{tag}-{os.urandom(6).hex()}"


@pytest.fixture
def logs() -> Iterator[RootLogs]:
    with RootLogs().installed() as handler:
        yield handler


def raised(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except BaseException as exc:  # noqa: BLE001 - the test inspects whatever escaped
        return exc
    raise AssertionError("nothing was raised")


def ok_body(access: str, refresh: str | None = None, **extra: Any) -> HTTPResult:
    body: dict[str, Any] = {"access_token": access, "token_type": "Bearer", **extra}
    if refresh is not None:
        body["refresh_token"] = refresh
    return HTTPResult(200, JSON_H, json.dumps(body).encode())


def nested(depth: int, inner: str = "") -> str:
    """A JSON array nested ``depth`` levels deep, built without recursion."""
    return "[" * depth + inner + "]" * depth


def cli(*args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "oauth_client_errors", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def refresh_source(at: str, rt: str, cs: str, transport: Any, **kw: Any) -> RefreshTokenSource:
    return RefreshTokenSource(
        TOKEN_URL, "cid", Token(at, refresh_token=rt), client_secret=cs, transport=transport, **kw
    )


def handler_of(status: int, headers: dict[str, str], body: bytes) -> Callable[..., httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body)

    return handler


def call_adapter(
    adapter: str,
    handler: Callable[[httpx.Request], httpx.Response],
    auth_or_source: Any,
    url: str = API,
    **auth_kw: Any,
) -> Any:
    """One GET through an adapter; ``auth_or_source`` is an OAuth2Auth or a token source."""
    if adapter == "requests":
        session = requests.Session()
        mounted = Mounted(handler)
        session.mount("https://", mounted)
        session.mount("http://", mounted)
        auth = auth_or_source
        if not isinstance(auth, RequestsAuth):
            auth = RequestsAuth(auth_or_source, retry=RetryPolicy.never(), **auth_kw)
        session.auth = auth
        return session.get(url)
    auth = auth_or_source
    if not isinstance(auth, HttpxAuth):
        auth = HttpxAuth(auth_or_source, retry=RetryPolicy.never(), **auth_kw)
    if adapter == "httpx":
        with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
            return client.get(url)

    async def main() -> httpx.Response:
        async def ahandler(request: httpx.Request) -> httpx.Response:
            return handler(request)

        async with httpx.AsyncClient(transport=httpx.MockTransport(ahandler), auth=auth) as c:
            return await c.get(url)

    return asyncio.run(main())


def test_the_checker_can_fail(logs: RootLogs) -> None:
    """assert_no_secret finds a sentinel in each channel it claims to search."""
    s = sentinel("check")
    with pytest.raises(AssertionError, match="str"):
        assert_no_secret(ValueError(s), s)
    noted = ValueError("x")
    noted.add_note(s)
    with pytest.raises(AssertionError, match="__notes__"):
        assert_no_secret(noted, s)
    outer = OAuthClientError("outer")
    outer.__cause__ = KeyError(s)
    with pytest.raises(AssertionError, match=r"chain\[1\]"):
        assert_no_secret(outer, s)
    hidden = OAuthClientError("hidden")
    hidden.stash = s  # type: ignore[attr-defined]  # only in vars() and the pickle
    with pytest.raises(AssertionError, match="vars|pickle"):
        assert_no_secret(hidden, s)

    namespace: dict[str, Any] = {"OAuthClientError": OAuthClientError}
    exec(  # a frame outside the tests, holding the secret in a local
        compile("def leaky(secret):\n    raise OAuthClientError('clean')\n", "<lib>", "exec"),
        namespace,
    )
    leaky = namespace["leaky"]
    with pytest.raises(AssertionError, match="capture_locals"):
        assert_no_secret(raised(lambda: leaky(s)), s)
    import logging

    logging.getLogger("oauth_client_errors.anything").debug("value %s", s)
    with pytest.raises(AssertionError, match="log line"):
        assert_no_secret(None, s, logs=logs.lines)
    with pytest.raises(AssertionError, match="text"):
        assert_no_secret(None, s, texts=[f"out {s}"])


# == item 1: deep nesting ==========================================================================


def deep_error_body(secret: str, depth: int = 500) -> bytes:
    return (
        f'{{"error": "invalid_grant", "error_description": "echo {secret}", '
        f'"access_token": "{secret}", "x": {nested(depth, json.dumps(secret))}}}'
    ).encode()


@pytest.mark.parametrize("depth", [500, 10_000])
def test_item1_deep_error_body_parse_response(depth: int, logs: RootLogs) -> None:
    s = sentinel("deep")
    err = parse_response(400, JSON_CT, deep_error_body(s, depth), endpoint="token")
    assert isinstance(err, OAuthError)  # leniently: read as an HTTP error, never a crash
    assert_no_secret(err, s, logs=logs.lines)
    strict = raised(
        lambda: parse_response(400, JSON_CT, deep_error_body(s, depth), endpoint="token", strict=True)
    )
    assert isinstance(strict, MalformedResponseError)
    assert not any(isinstance(e, RecursionError) for e in chain(strict))
    assert_no_secret(strict, s, logs=logs.lines)


def test_item1_deep_params_given_to_an_error_class(logs: RootLogs) -> None:
    """An error built by hand with params nested 10,000 deep: redaction and to_dict cope."""
    s = sentinel("deep-params")
    deep: Any = [s]
    for _ in range(10_000):
        deep = [deep]
    err = error_class("invalid_grant")(description=f"echo {s}", params={"access_token": s, "x": deep})
    del deep
    err.to_dict()
    json.dumps(err.to_dict())
    pickle.loads(pickle.dumps(err))
    assert_no_secret(err, s, logs=logs.lines)


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("where", ["resource", "token"])
def test_item1_deep_error_body_through_the_adapters(
    adapter: str, where: str, logs: RootLogs
) -> None:
    at, rt, cs = sentinel("at"), sentinel("rt"), sentinel("cs")
    echo = f"{at} {rt} {cs}"
    if where == "resource":  # the resource refuses with a deep body echoing the token
        handler = handler_of(400, JSON_CT, deep_error_body(echo))
        transport = Fake(ok_body(sentinel("at2"), rt))
    else:  # the resource says invalid_token; the refresh answers a deep error echoing all
        handler = handler_of(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, b"")
        transport = Fake(HTTPResult(400, JSON_H, deep_error_body(echo)))
    source = refresh_source(at, rt, cs, transport)
    try:
        response = call_adapter(adapter, handler, source)
    except BaseException as exc:  # noqa: BLE001 - what escaped is checked below
        assert isinstance(exc, OAuthClientError), repr(exc)
        assert not any(isinstance(e, RecursionError) for e in chain(exc))
        assert_no_secret(exc, at, rt, cs, logs=logs.lines)
    else:  # a resource body too deep to read is no OAuth error: handed back untouched
        assert where == "resource" and response.status_code == 400
        assert_no_secret(None, at, rt, cs, logs=logs.lines)


def test_item1_deep_error_body_explain_json() -> None:
    s = sentinel("cli-deep")
    for args in (["--json"], ["--json", "--strict"]):
        done = cli("explain", *args, deep_error_body(s).decode())
        assert done.returncode in (0, 1, 2), done.stderr
        # a body too deep to read is a malformed response, never a crash
        assert json.loads(done.stdout)["outcome"] == "invalid_input"
        assert b"Traceback" not in done.stderr and b"RecursionError" not in done.stdout
        assert_no_secret(None, s, texts=[done.stdout.decode(), done.stderr.decode()])
    raw = b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n" + deep_error_body(s)
    done = cli("explain", "--json", "--endpoint", "token", "-", stdin=raw)
    assert done.returncode in (0, 2), done.stderr
    assert_no_secret(None, s, texts=[done.stdout.decode(), done.stderr.decode()])


def deep_200(access: str, refresh: str, depth: int = 5000) -> HTTPResult:
    body = (
        f'{{"access_token": "{access}", "refresh_token": "{refresh}", "token_type": "Bearer", '
        f'"device_code": "{refresh}", "user_code": "U", '
        f'"verification_uri": "https://as.example/v", "x": {nested(depth)}}}'
    )
    return HTTPResult(200, JSON_H, body.encode())


SOURCE_KINDS = ["client_credentials", "refresh", "device start", "device poll"]


def _source_call(kind: str, cs: str, at: str, rt: str, transport: Any) -> Callable[[], Any]:
    if kind == "client_credentials":
        source: Any = ClientCredentials(TOKEN_URL, "cid", cs, transport=transport)
        return lambda: source.token()
    if kind == "refresh":
        source = refresh_source(at, rt, cs, transport)
        return lambda: source.refresh(source.current)
    flow = DeviceFlow(
        DEVICE_URL, TOKEN_URL, "cid", client_secret=cs, transport=transport, sleep=lambda s: None
    )
    if kind == "device start":
        return flow.start
    auth = DeviceAuthorization(rt, "USER", "https://as.example/v", None, expires_at=1e12)
    return lambda: flow.poll(auth)


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_item1_deep_200_body_in_the_token_sources(kind: str, logs: RootLogs) -> None:
    cs, at, rt, at2 = sentinel("cs"), sentinel("at"), sentinel("rt"), sentinel("at2")
    call = _source_call(kind, cs, at, rt, Fake(deep_200(at2, rt)))
    exc = raised(call)
    assert isinstance(exc, MalformedResponseError), repr(exc)
    assert not any(isinstance(e, RecursionError) for e in chain(exc))
    assert_no_secret(exc, cs, at, rt, at2, logs=logs.lines)


async def test_item1_deep_200_body_async_source(logs: RootLogs) -> None:
    cs, at, rt, at2 = sentinel("cs"), sentinel("at"), sentinel("rt"), sentinel("at2")
    source = refresh_source(at, rt, cs, Fake(deep_200(at2, rt)))
    try:
        await source.arefresh(source.current)
    except MalformedResponseError as exc:
        caught: BaseException = exc
    else:
        raise AssertionError("nothing was raised")
    assert_no_secret(caught, cs, at, rt, at2, logs=logs.lines)


# == item 2: absurd numbers ========================================================================

HUGE = "1" + "0" * 400


@pytest.mark.parametrize("expires_in", [HUGE, "-" + HUGE, "1e300", "1e308", "1.7976931348623157e308"])
@pytest.mark.parametrize("kind", ["client_credentials", "refresh"])
def test_item2_huge_expires_in_through_the_sources(
    kind: str, expires_in: str, logs: RootLogs
) -> None:
    cs, at, rt, at2 = sentinel("cs"), sentinel("at"), sentinel("rt"), sentinel("at2")
    body = f'{{"access_token": "{at2}", "refresh_token": "{rt}", "expires_in": {expires_in}}}'
    call = _source_call(kind, cs, at, rt, Fake(HTTPResult(200, JSON_H, body.encode())))
    token = call()
    assert isinstance(token, Token)
    assert token.access_token == at2
    assert token.expires_at is None or token.expires_at < time.time() + 10 * 365 * 86400
    if not expires_in.startswith("-") and float(expires_in) > 1e9:
        assert any("absurd" in r.getMessage() for r in logs.records), logs.lines
    assert_no_secret(token, cs, at, rt, at2, logs=logs.lines)


@pytest.mark.parametrize(
    "value", [10**400, -(10**400), float("inf"), float("-inf"), float("nan"), 1e308, True, "12"]
)
def test_item2_token_from_response_takes_any_number(value: Any, logs: RootLogs) -> None:
    at = sentinel("at")
    try:
        token = Token.from_response({"access_token": at, "expires_in": value}, now=1000.0)
    except OAuthClientError as exc:  # refusing is allowed; crashing is not
        assert_no_secret(exc, at, logs=logs.lines)
        return
    assert token.expires_at is None or 1000.0 <= token.expires_at < 1000.0 + 10 * 365 * 86400
    assert_no_secret(token, at, logs=logs.lines)


def test_item2_device_flow_huge_expires_in_and_interval(logs: RootLogs) -> None:
    dc, at = sentinel("dc"), sentinel("at")
    start = (
        f'{{"device_code": "{dc}", "user_code": "WDJB-MJHT", '
        f'"verification_uri": "https://as.example/device", "expires_in": {HUGE}, '
        '"interval": 1e300}'
    ).encode()
    pending = HTTPResult(400, JSON_H, b'{"error": "authorization_pending"}')
    slow = HTTPResult(400, JSON_H, b'{"error": "slow_down"}')
    transport = Fake(HTTPResult(200, JSON_H, start), pending, slow, ok_body(at))
    waits: list[float] = []
    now = [1000.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    flow = DeviceFlow(
        DEVICE_URL, TOKEN_URL, "cid", transport=transport, sleep=sleep, clock=lambda: now[0]
    )
    auth = flow.start()
    assert auth.interval <= 600 and auth.expires_at <= 1000.0 + 7 * 86400
    assert flow.poll(auth).access_token == at
    assert waits and max(waits) <= 600
    assert any("absurd" in r.getMessage() for r in logs.records), logs.lines
    assert_no_secret(auth, dc, logs=logs.lines)


@pytest.mark.parametrize("interval", ["1e300", HUGE, "-5", "NaN", "Infinity"])
def test_item2_device_interval_never_crashes(interval: str, logs: RootLogs) -> None:
    dc = sentinel("dc")
    start = (
        f'{{"device_code": "{dc}", "user_code": "U", "verification_uri": "https://as.example/d", '
        f'"interval": {interval}}}'
    ).encode()
    flow = DeviceFlow(DEVICE_URL, TOKEN_URL, "cid", transport=Fake(HTTPResult(200, JSON_H, start)))
    try:
        auth = flow.start()
    except OAuthClientError as exc:
        assert_no_secret(exc, dc, logs=logs.lines)
        return
    assert 0 < auth.interval <= 600
    assert_no_secret(auth, dc, logs=logs.lines)


# == item 3: nothing secret in any frame ===========================================================


def failures(echo: str, at2: str) -> dict[str, Callable[[Any], HTTPResult]]:
    def down(request: Any) -> HTTPResult:
        raise OSError(f"connection refused while sending {echo}")

    return {
        "invalid_grant echo": lambda r: HTTPResult(
            400, JSON_H, json.dumps({"error": "invalid_grant", "error_description": echo}).encode()
        ),
        "invalid_client 401": lambda r: HTTPResult(
            401,
            [*JSON_H, ("WWW-Authenticate", f'Basic realm="{echo}"')],
            json.dumps({"error": "invalid_client", "error_uri": f"https://x/{echo}"}).encode(),
        ),
        "html 500": lambda r: HTTPResult(500, [("Content-Type", "text/html")], echo.encode()),
        "no access_token": lambda r: HTTPResult(200, JSON_H, json.dumps({"id": echo}).encode()),
        "not json": lambda r: HTTPResult(200, JSON_H, f"{{{echo}".encode()),
        "deep": lambda r: deep_200(at2, echo),
        "huge numbers": lambda r: HTTPResult(
            200, JSON_H, f'{{"access_token": "{at2}\\u0000", "expires_in": {HUGE}}}'.encode()
        ),
        "transport down": down,
    }


@pytest.mark.parametrize("failure", list(failures("", "")))
@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_item3_no_secret_in_any_frame_of_the_sources(
    kind: str, failure: str, logs: RootLogs
) -> None:
    cs, at, rt, at2 = sentinel("cs"), sentinel("at"), sentinel("rt"), sentinel("at2")
    # A server can only echo what it was sent (the refresh token is the device code here).
    sent = {"client_credentials": cs, "device start": cs}.get(kind, f"{cs} {rt}")
    answer = failures(sent, at2)[failure]
    exc = raised(_source_call(kind, cs, at, rt, Fake(answer)))
    # A transport of one's own raises its own exception (scrubbed); all else is ours.
    assert isinstance(exc, OSError if failure == "transport down" else OAuthClientError), exc
    assert_no_secret(exc, cs, at, rt, at2, logs=logs.lines)


@pytest.mark.parametrize("failure", list(failures("", "")))
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_item3_no_secret_in_any_frame_of_the_adapters(
    adapter: str, failure: str, logs: RootLogs
) -> None:
    cs, at, rt, at2 = sentinel("cs"), sentinel("at"), sentinel("rt"), sentinel("at2")
    answer = failures(f"{cs} {rt}", at2)[failure]  # what the token request carried
    refused = handler_of(
        401, {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{at}"'}, b""
    )
    exc = raised(lambda: call_adapter(adapter, refused, refresh_source(at, rt, cs, Fake(answer))))
    assert isinstance(exc, OSError if failure == "transport down" else OAuthClientError), exc
    assert_no_secret(exc, cs, at, rt, at2, logs=logs.lines)


# == item 4: redaction gaps ========================================================================

ISSUE_NAMES = [
    "mfa_token",
    "auth_req_id",
    "token",
    "pre-authorized_code",
    "login_hint_token",
    "accessToken",
    "refreshToken",
    "clientSecret",
]


def spellings(name: str) -> list[str]:
    """``name`` in snake, kebab, camel, Pascal, UPPER and dotted style."""
    words = name.replace("-", "_").replace(".", "_").split("_")
    parts: list[str] = []
    for word in words:  # split camelCase too
        start = 0
        for i, ch in enumerate(word[1:], 1):
            if ch.isupper():
                parts.append(word[start:i])
                start = i
        parts.append(word[start:])
    low = [p.lower() for p in parts if p]
    return sorted(
        {
            name,
            "_".join(low),
            "-".join(low),
            low[0] + "".join(p.title() for p in low[1:]),
            "".join(p.title() for p in low),
            "_".join(low).upper(),
            ".".join(low),
        }
    )


ALL_SPELLINGS = sorted({s for name in ISSUE_NAMES for s in spellings(name)})


@pytest.mark.parametrize("name", ALL_SPELLINGS)
def test_item4_secret_names_in_every_spelling_are_redacted(name: str, logs: RootLogs) -> None:
    s = sentinel("name")
    body = {"error": "invalid_request", "error_description": f"got {s}", name: s}
    for err in (
        parse_response(400, JSON_CT, json.dumps(body).encode(), endpoint="token"),
        parse_response(
            400, FORM_CT, "&".join(f"{k}={v}" for k, v in body.items()).encode(), endpoint="token"
        ),
        parse_redirect(
            f"https://app.example/cb?error=access_denied&state=st&{name}={s}",
            expected_state="st",
        ),
    ):
        assert isinstance(err, OAuthError)
        assert err.params[name] == "[redacted]"
        assert_no_secret(err, s, logs=logs.lines)


def test_item4_mfa_token_of_next_authorization_params_stays_out_of_the_error(
    logs: RootLogs,
) -> None:
    s = sentinel("mfa")
    body = {"error": "mfa_required", "error_description": "Multifactor required", "mfa_token": s}
    err = parse_response(403, JSON_CT, json.dumps(body).encode(), endpoint="token")
    assert isinstance(err, OAuthError)
    assert err.next_authorization_params().get("mfa_token") == s  # for the program to use
    assert_no_secret(err, s, logs=logs.lines)


def test_item4_vendor_code_echoing_the_token(logs: RootLogs) -> None:
    at = sentinel("vendor")
    for err in (
        error_class("invalid_token")(vendor_code=at, params={"access_token": at}),
        error_class("invalid_token")(vendor_code=f"E-{at}", params={"token": at}),
    ):
        assert at not in str(err.vendor_code)
        assert_no_secret(err, at, logs=logs.lines)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_item4_resource_echoing_the_token_in_any_field(adapter: str, logs: RootLogs) -> None:
    at, rt = sentinel("at"), sentinel("rt")
    body = json.dumps(
        {
            "error": {"code": at, "message": f"token {at} refused", "status": "UNAUTHENTICATED"},
            "code": at,
            "error_code": at,
            "errorCode": at,
            "message": at,
        }
    ).encode()
    handler = handler_of(403, JSON_CT, body)
    exc = raised(lambda: call_adapter(adapter, handler, refresh_source(at, rt, "cs", Fake(ok_body(at)))))
    assert isinstance(exc, OAuthClientError), repr(exc)
    assert_no_secret(exc, at, rt, logs=logs.lines)


@pytest.mark.parametrize("prefix", ["", "?", "https://app.example/cb?"])
def test_item4_explain_json_bare_query_redacts_the_code(prefix: str) -> None:
    code = sentinel("code")
    done = cli("explain", "--json", f"{prefix}error=access_denied&code={code}")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "error"
    assert_no_secret(None, code, texts=[done.stdout.decode(), done.stderr.decode()])
