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
import contextlib
import json
import logging
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
from oauth_client_errors.httpx import client as httpx_client
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
    except BaseException as exc:
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


def cli(
    *args: str, stdin: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
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
    with pytest.raises(AssertionError, match=r"vars|pickle"):
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
        lambda: parse_response(
            400, JSON_CT, deep_error_body(s, depth), endpoint="token", strict=True
        )
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
    err = error_class("invalid_grant")(
        description=f"echo {s}", params={"access_token": s, "x": deep}
    )
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
    except BaseException as exc:
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


@pytest.mark.parametrize(
    "expires_in", [HUGE, "-" + HUGE, "1e300", "1e308", "1.7976931348623157e308"]
)
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
def test_item4_dialect_vendor_code_echoing_the_token_through_the_adapters(
    adapter: str, logs: RootLogs
) -> None:
    """Slack's envelope puts its own code in ``vendor_code``: a server echoing the token
    there gets it scrubbed (the adapter knows the token it sent)."""
    at = sentinel("slack")
    body = json.dumps({"ok": False, "error": at}).encode()
    source = refresh_source(at, sentinel("rt"), "cs", Fake(ok_body(at)))
    handler = handler_of(403, JSON_CT, body)
    exc = raised(
        lambda: call_adapter(adapter, handler, source, url="https://slack.com/api/auth.test")
    )
    assert isinstance(exc, OAuthError) and exc.dialect == "slack", repr(exc)
    assert exc.vendor_code == "[redacted]"
    assert_no_secret(exc, at, logs=logs.lines)


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
    exc = raised(
        lambda: call_adapter(adapter, handler, refresh_source(at, rt, "cs", Fake(ok_body(at))))
    )
    assert isinstance(exc, OAuthClientError), repr(exc)
    assert_no_secret(exc, at, rt, logs=logs.lines)


@pytest.mark.parametrize("prefix", ["", "?", "https://app.example/cb?"])
def test_item4_explain_json_bare_query_redacts_the_code(prefix: str) -> None:
    code = sentinel("code")
    done = cli("explain", "--json", f"{prefix}error=access_denied&code={code}")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "error"
    assert_no_secret(None, code, texts=[done.stdout.decode(), done.stderr.decode()])


# == item 5: log injection =========================================================================

EVIL_CODE = (
    "evil\x1b[2J\x1b]8;;https://x.example/\x07\x9b31m\r\n2026-01-01 INFO forged\u202e\u2066line\x00"
)


def assert_log_lines_are_display_safe(logs: RootLogs) -> None:
    for record in logs.records:
        message = record.getMessage()
        for bad in RAW_CONTROLS:
            assert bad not in message, f"{record.name}: {message!r}"


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize(
    "where", ["resource body 403", "resource body 401", "resource challenge", "token endpoint"]
)
def test_item5_server_error_codes_never_reach_a_log_line_raw(
    adapter: str, where: str, logs: RootLogs
) -> None:
    at, rt = sentinel("at"), sentinel("rt")
    body = json.dumps({"error": EVIL_CODE, "error_description": EVIL_CODE}).encode()
    transport = Fake(ok_body(sentinel("at2"), rt))
    if where == "resource body 403":
        handler = handler_of(403, JSON_CT, body)
    elif where == "resource body 401":
        handler = handler_of(401, JSON_CT, body)
    elif where == "resource challenge":
        challenge = f'Bearer error="{EVIL_CODE}", error_description="{EVIL_CODE}"'.encode()

        def handler(request: httpx.Request) -> httpx.Response:  # raw bytes, as on the wire
            return httpx.Response(401, headers=[(b"WWW-Authenticate", challenge)])

    else:
        handler = handler_of(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, b"")
        transport = Fake(HTTPResult(400, JSON_H, body))
    exc = raised(lambda: call_adapter(adapter, handler, refresh_source(at, rt, "cs", transport)))
    assert isinstance(exc, OAuthError), repr(exc)
    if where != "token endpoint":  # the resource's code is logged (the source logs a class)
        ours = [r for r in logs.records if r.name.startswith("oauth_client_errors")]
        assert any("evil" in r.getMessage() for r in ours), logs.lines  # logged, and...
    assert_log_lines_are_display_safe(logs)  # ...neutralised
    for text in (str(exc), exc.hint, exc.safe_description or ""):
        assert not any(bad in text for bad in RAW_CONTROLS), repr(text)


def test_item5_device_flow_and_parsers_log_display_safe(logs: RootLogs) -> None:
    body = json.dumps({"error": EVIL_CODE, "error_description": EVIL_CODE}).encode()
    flow = DeviceFlow(
        DEVICE_URL,
        TOKEN_URL,
        "cid",
        transport=Fake(HTTPResult(400, JSON_H, body)),
        sleep=lambda s: None,
    )
    auth = DeviceAuthorization("dc", "U", "https://as.example/v", None, expires_at=1e12)
    assert isinstance(raised(lambda: flow.poll(auth)), OAuthError)
    assert isinstance(raised(flow.start), OAuthError)
    parse_response(400, JSON_CT, body, endpoint="token")
    parse_redirect(f"https://app.example/cb?error={EVIL_CODE}&state=s", expected_state="s")
    assert_log_lines_are_display_safe(logs)


# == item 6: DPoP and Authorization on redirects ===================================================


def redirecting(
    location: str, seen: list[dict[str, str]]
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({k.lower(): v for k, v in request.headers.items()})
        if request.url.path == "/start":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, json={"ok": True})

    return handler


def proof_hook(proof: str) -> Callable[[Any, str | None], str]:
    return lambda request, nonce: proof


LEAVING = [
    ("https://api.example/start", "https://other.example/next"),  # cross-origin
    ("https://api.example/start", "http://api.example/next"),  # https -> http
    ("https://api.example/start", "https://api.example:8443/next"),  # another port
    ("http://127.0.0.1/start", "https://127.0.0.1/next"),  # http -> https (loopback)
]


@pytest.mark.parametrize(("start", "target"), LEAVING)
def test_item6_requests_strips_dpop_and_authorization_on_redirects(
    start: str, target: str, logs: RootLogs
) -> None:
    at, proof = sentinel("at"), sentinel("proof")
    seen: list[dict[str, str]] = []
    mounted = Mounted(redirecting(target, seen))
    session = requests.Session()
    session.mount("https://", mounted)
    session.mount("http://", mounted)
    source = refresh_source(at, sentinel("rt"), "cs", Fake(ok_body(at)))
    session.auth = RequestsAuth(source, dpop=proof_hook(proof))
    assert session.get(start).status_code == 200
    first, second = seen
    assert first["authorization"] == f"Bearer {at}" and first["dpop"] == proof
    assert "dpop" not in second and "authorization" not in second
    assert_no_secret(None, at, proof, logs=logs.lines)


@pytest.mark.parametrize("adapter", ["requests", "httpx"])
def test_item6_http_to_https_off_loopback_is_refused_before_the_first_request(adapter: str) -> None:
    """The token would already have travelled in clear: the first request is refused."""
    seen: list[dict[str, str]] = []
    handler = redirecting("https://api.example/next", seen)
    at = sentinel("at")
    exc = raised(
        lambda: call_adapter(
            adapter,
            handler,
            refresh_source(at, "rt", "cs", Fake(ok_body(at))),
            url="http://api.example/start",
        )
    )
    assert isinstance(exc, InsecureTransportError)
    assert seen == []
    assert_no_secret(exc, at)


def _httpx_redirect(
    start: str, target: str, *, hook: str | None, proof: str, at: str
) -> list[dict[str, str]]:
    """Follow one redirect with the auth: through ``client()`` (hook ``"factory"``), a
    plain ``httpx.Client`` with ``redirect_hook`` added by hand (``"by hand"``), or
    without it (None). Real loopback servers: tests/test_httpx_redirect_guard.py."""
    seen: list[dict[str, str]] = []
    source = refresh_source(at, sentinel("rt"), "cs", Fake(ok_body(at)))
    auth = HttpxAuth(source, dpop=proof_hook(proof))
    transport = httpx.MockTransport(redirecting(target, seen))
    if hook == "factory":
        client = httpx_client(auth, transport=transport, follow_redirects=True)
    else:
        hooks = {"request": [auth.redirect_hook]} if hook else {}
        client = httpx.Client(
            transport=transport, auth=auth, follow_redirects=True, event_hooks=hooks
        )
    with client:
        assert client.get(start).status_code == 200
    return seen


@pytest.mark.parametrize("hook", ["factory", "by hand"])
@pytest.mark.parametrize(("start", "target"), LEAVING)
def test_item6_httpx_redirect_hook_strips_dpop_and_authorization(
    start: str, target: str, hook: str, logs: RootLogs
) -> None:
    at, proof = sentinel("at"), sentinel("proof")
    first, second = _httpx_redirect(start, target, hook=hook, proof=proof, at=at)
    assert first["authorization"] == f"Bearer {at}" and first["dpop"] == proof
    assert "dpop" not in second and "authorization" not in second
    assert not [r for r in logs.records if r.levelno >= logging.WARNING]


def _warned_once(logs: RootLogs, *secrets: str) -> None:
    """The auth said once, without a secret, that a redirect carried its credentials."""
    (record,) = [r for r in logs.records if r.levelno >= logging.WARNING]
    assert record.name == "oauth_client_errors"
    assert "oauth_client_errors.httpx.client(" in record.getMessage()
    assert_no_secret(None, *secrets, logs=logs.lines)


@pytest.mark.parametrize(("start", "target"), LEAVING[:3])
def test_item6_httpx_default_drops_authorization_but_not_dpop(
    start: str, target: str, logs: RootLogs
) -> None:
    """Documented (docs/security.md): a plain ``httpx.Client`` without ``redirect_hook``
    (not built by ``oauth_client_errors.httpx.client()``) follows the redirect inside
    ``send`` and drops only ``Authorization``; the DPoP proof goes along, and the auth
    logs one warning naming the fix. If this starts failing, httpx strips it now: update
    docs/security.md."""
    at, proof = sentinel("at"), sentinel("proof")
    first, second = _httpx_redirect(start, target, hook=None, proof=proof, at=at)
    assert first["authorization"] == f"Bearer {at}"
    assert "authorization" not in second
    assert second.get("dpop") == proof
    _warned_once(logs, at, proof)


# == item 7: refresh storms ========================================================================


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("challenge", ['Bearer error="invalid_token"', "Bearer", None])
def test_item7_twenty_calls_against_an_always_401_resource_refresh_at_most_once(
    adapter: str, challenge: str | None, logs: RootLogs
) -> None:
    at, rt = sentinel("at"), sentinel("rt")
    always_401 = handler_of(401, {"WWW-Authenticate": challenge} if challenge else {}, b"")
    issued = iter(f"{at}-{i}" for i in range(100))
    transport = Fake(lambda request: ok_body(next(issued), rt))
    source = refresh_source(at, rt, "cs", transport)
    auth: Any = RequestsAuth(source) if adapter == "requests" else HttpxAuth(source)
    errors = [raised(lambda: call_adapter(adapter, always_401, auth)) for _ in range(20)]
    assert len(transport.requests) <= 1  # at most one refresh, not twenty rotations
    assert all(isinstance(e, OAuthError) and e.policy is Policy.REAUTHORIZE for e in errors)
    for err in errors:
        assert_no_secret(err, at, rt, logs=logs.lines)


# == item 8: display safety at the edges ===========================================================

OSC8 = "\x1b]8;;https://evil.example/\x1b\\https://as.example/device\x1b]8;;\x1b\\"


def test_item8_device_flow_osc8_verification_uri_has_display_safe_accessors() -> None:
    start = json.dumps(
        {
            "device_code": "dc",
            "user_code": "WDJB\x1b[8m-MJHT\u202e",
            "verification_uri": OSC8,
            "verification_uri_complete": OSC8 + "?user_code=WDJB",
            "expires_in": 600,
        }
    ).encode()
    flow = DeviceFlow(DEVICE_URL, TOKEN_URL, "cid", transport=Fake(HTTPResult(200, JSON_H, start)))
    auth = flow.start()
    assert auth.display_verification_uri == "https://as.example/device"
    shown = [
        auth.display_verification_uri,
        auth.display_verification_uri_complete,
        auth.display_user_code,
    ]
    for text in shown:
        assert text and "evil.example" not in text
        assert not any(bad in text for bad in RAW_CONTROLS), repr(text)
    for text in (str(auth), repr(auth)):
        assert "\x1b" not in text and "\u202e" not in text


def test_item8_examples_and_docstrings_use_the_display_accessors() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    import oauth_client_errors._device as device

    assert "display_verification_uri" in (DeviceFlow.run.__doc__ or "") + (device.__doc__ or "")
    with open(os.path.join(root, "examples", "device_flow_cli.py"), encoding="utf-8") as f:
        example = f.read()
    assert "auth.display_verification_uri" in example and "auth.display_user_code" in example
    assert "(auth.verification_uri" not in example and "(auth.user_code" not in example


BIG_NONCE = '"' + "n" * 30_000 + '"'


def test_item8_parser_refuses_a_30kb_dpop_nonce() -> None:
    err = parse_response(
        401,
        {"WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": BIG_NONCE},
        b"",
        endpoint="resource",
    )
    assert isinstance(err, OAuthError) and err.dpop_nonce is None


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("status", [200, 401])
def test_item8_adapters_keep_no_30kb_dpop_nonce(adapter: str, status: int) -> None:
    nonces: list[str | None] = []

    def hook(request: Any, nonce: str | None) -> str:
        nonces.append(nonce)
        return "proof"

    headers = {"DPoP-Nonce": BIG_NONCE, "WWW-Authenticate": 'DPoP error="use_dpop_nonce"'}
    handler = handler_of(status, headers, b"{}")
    at = sentinel("at")
    auth: Any = (
        RequestsAuth(
            refresh_source(at, "rt", "cs", Fake(ok_body(at))), dpop=hook, retry=RetryPolicy.never()
        )
        if adapter == "requests"
        else HttpxAuth(
            refresh_source(at, "rt", "cs", Fake(ok_body(at))), dpop=hook, retry=RetryPolicy.never()
        )
    )
    for _ in range(2):
        with contextlib.suppress(OAuthClientError):
            call_adapter(adapter, handler, auth)
    assert nonces and all(n is None or len(n) < 1000 for n in nonces), [
        len(n or "") for n in nonces
    ]


def _folded_response(size: int) -> bytes:
    head = b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n"
    fold = b' error="invalid_token"\r\n'
    folds = (size - len(head)) // (len(fold) + 1)
    return head + b" x\r\n" * folds + b"\r\n"


def _explain_stdin_seconds(raw: bytes) -> float:
    start = time.perf_counter()
    done = cli("explain", "--json", "-", stdin=raw)
    elapsed = time.perf_counter() - start
    assert done.returncode in (0, 1, 2), done.stderr
    json.loads(done.stdout)
    return elapsed


def test_item8_explain_unfolds_folded_headers_at_the_stdin_cap_in_linear_time() -> None:
    from oauth_client_errors._cli._read import MAX_STDIN

    small = min(_explain_stdin_seconds(_folded_response(MAX_STDIN // 8)) for _ in range(2))
    big = min(_explain_stdin_seconds(_folded_response(MAX_STDIN - 16)) for _ in range(2))
    assert big < 5.0, big  # 7 s when unfolding was quadratic
    assert big < small * 6 + 0.5, (small, big)  # 8x the input: far below 64x


# == item 9: safe defaults =========================================================================


def test_item9_parse_redirect_requires_expected_state() -> None:
    forged = "https://app.example/cb?error=login_required&state=attacker"
    with pytest.raises(TypeError):
        parse_redirect(forged)  # type: ignore[call-arg]
    with pytest.raises(StateMismatchError):
        parse_redirect(forged, expected_state="mine")
    err = parse_redirect(forged, expected_state=SKIP_STATE_CHECK)
    assert isinstance(err, OAuthError) and err.code == "login_required"


def test_item9_explain_checks_state_only_with_state_option() -> None:
    url = "https://app.example/cb?error=login_required&state=attacker"
    assert json.loads(cli("explain", "--json", url).stdout)["outcome"] == "error"
    done = cli("explain", "--json", "--state", "mine", url)
    assert done.returncode == 3 and json.loads(done.stdout)["outcome"] == "untrusted"


PLAIN = "http://as.example/token"


@pytest.mark.parametrize("kind", ["client_credentials", "refresh", "device start", "device poll"])
def test_item9_sources_refuse_plain_http_before_connecting(kind: str, logs: RootLogs) -> None:
    cs, at, rt = sentinel("cs"), sentinel("at"), sentinel("rt")
    transport = Fake(ok_body(at))
    if kind == "client_credentials":
        call: Callable[[], Any] = ClientCredentials(PLAIN, "cid", cs, transport=transport).token
    elif kind == "refresh":
        source = RefreshTokenSource(PLAIN, "cid", Token(at, refresh_token=rt), transport=transport)
        call = lambda: source.refresh(source.current)  # noqa: E731
    else:
        flow = DeviceFlow(
            "http://as.example/device",
            PLAIN,
            "cid",
            client_secret=cs,
            transport=transport,
            sleep=lambda seconds: None,  # the refusal comes before any wait matters
        )
        auth = DeviceAuthorization(rt, "U", "https://as.example/v", None, expires_at=1e12)
        call = flow.start if kind == "device start" else lambda: flow.poll(auth)
    exc = raised(call)
    assert isinstance(exc, InsecureTransportError), repr(exc)
    assert transport.requests == []  # nothing was sent
    assert_no_secret(exc, cs, at, rt, logs=logs.lines)


def test_item9_sources_allow_insecure_http_opts_out_and_loopback_is_allowed() -> None:
    cs = sentinel("cs")
    for url, kw in ((PLAIN, {"allow_insecure_http": True}), ("http://127.0.0.1:9/token", {})):
        transport = Fake(ok_body("tok"))
        assert (
            ClientCredentials(url, "cid", cs, transport=transport, **kw).token().access_token
            == "tok"
        )
        assert len(transport.requests) == 1


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_item9_adapters_refuse_plain_http_before_connecting(adapter: str, logs: RootLogs) -> None:
    at = sentinel("at")
    calls: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200)

    transport = Fake(ok_body(at))
    exc = raised(
        lambda: call_adapter(
            adapter,
            recording,
            refresh_source(at, "rt", "cs", transport),
            url="http://api.example/data",
        )
    )
    assert isinstance(exc, InsecureTransportError), repr(exc)
    assert calls == [] and transport.requests == []
    assert_no_secret(exc, at, logs=logs.lines)
    # allow_insecure_http=True opts out; a loopback host needs no opt-out
    for url, kw in (
        ("http://api.example/data", {"allow_insecure_http": True}),
        ("http://127.0.0.1/x", {}),
    ):
        response = call_adapter(
            adapter, recording, refresh_source(at, "rt", "cs", transport), url=url, **kw
        )
        assert response.status_code == 200
        assert calls[-1].headers["authorization"] == f"Bearer {at}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000000000005", 5.0),
        ("5", 5.0),
        ("000000000000000000000000000007", 7.0),
        ("9" * 400, 86400.0),
    ],
)
def test_item9_retry_after_reads_leading_zeros_and_caps(value: str, expected: float) -> None:
    err = parse_response(503, {"Retry-After": value}, b"", endpoint="token")
    assert isinstance(err, OAuthError) and err.retry_after == expected


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_item9_retry_after_with_leading_zeros_through_the_adapters(adapter: str) -> None:
    handler = handler_of(429, {"Retry-After": "0000000000005"}, b"")
    at = sentinel("at")
    exc = raised(
        lambda: call_adapter(adapter, handler, refresh_source(at, "rt", "cs", Fake(ok_body(at))))
    )
    assert isinstance(exc, OAuthError) and exc.retry_after == 5.0


def _metadata_error(metadata_url: str) -> OAuthError:
    return InvalidTokenError(
        endpoint="resource",
        status_code=401,
        challenges=[Challenge("Bearer", {"resource_metadata": metadata_url})],
    )


REFUSED_METADATA = [
    "http://as.example/.well-known/oauth-protected-resource",  # plain http
    "https://127.0.0.1/meta",  # loopback, for a resource that is not
    "https://localhost/meta",
    "https://[::1]/meta",
    "ftp\x1b[2J://x.example/",  # not a URL, with an escape in it
]


@pytest.mark.parametrize("metadata_url", REFUSED_METADATA)
@pytest.mark.parametrize("library", ["httpx", "requests"])
def test_item9_fetch_resource_metadata_https_rules(library: str, metadata_url: str) -> None:
    calls: list[Any] = []

    def recording(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"resource": API, "authorization_servers": []})

    err = _metadata_error(metadata_url)
    if library == "httpx":
        with httpx.Client(transport=httpx.MockTransport(recording)) as client:
            client_err = raised(lambda: httpx_fetch_metadata(client, _with_request(err, API)))
    else:
        session = requests.Session()
        session.mount("https://", Mounted(recording))
        session.mount("http://", Mounted(recording))
        answered = requests.Response()
        answered.status_code, answered.url = 401, API
        answered.request = requests.Request("GET", API).prepare()
        err.response = answered
        client_err = raised(lambda: requests_fetch_metadata(session, err))
    assert isinstance(client_err, MalformedResponseError), repr(client_err)
    assert calls == []  # refused before connecting
    message = str(client_err)
    assert "\x1b" not in message and "127.0.0.1" not in message and "localhost" not in message


def _with_request(err: OAuthError, url: str) -> OAuthError:
    """The error as an adapter raises it: with the response to the request at ``url``."""
    err.response = httpx.Response(401, request=httpx.Request("GET", url))
    return err


def test_item9_fetch_resource_metadata_loopback_for_a_loopback_resource() -> None:
    resource = "http://127.0.0.1:8080/data"
    calls: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"resource": resource, "authorization_servers": []})

    err = _with_request(_metadata_error("http://127.0.0.1:8080/meta"), resource)
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        metadata = httpx_fetch_metadata(client, err)
    assert metadata.resource == resource and len(calls) == 1


def test_item9_fetch_resource_metadata_keeps_server_text_out_of_messages() -> None:
    evil = "https://evil.example/\x1b[31mRED\u202e"

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"resource": evil, "authorization_servers": []})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        exc = raised(lambda: httpx_fetch_metadata(client, API))
    assert isinstance(exc, MalformedResponseError)
    assert "\x1b" not in str(exc) and "\u202e" not in str(exc) and "RED" not in str(exc)


# == item 10: heavy inputs =========================================================================


def _best_of(fn: Callable[[], Any], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


MIB = 1024 * 1024


def _form(value: bytes) -> tuple[Any, bytes]:
    return FORM_CT, b"error=invalid_request&x=" + value


@pytest.mark.parametrize(
    ("name", "make"),
    [
        # Percent-decoding finds runs of escapes by one scan (the speed branch).
        ("form of %", lambda n: (FORM_CT, b"%" * n)),
        ("form of %zz", lambda n: _form(b"%zz" * (n // 3 - 10))),
        (
            "long description",
            lambda n: (
                JSON_CT,
                json.dumps(
                    {"error": "invalid_request", "error_description": "a" * (n - 80)}
                ).encode(),
            ),
        ),
        (
            "long description, provider words",
            lambda n: (
                JSON_CT,
                json.dumps(
                    {"error": "invalid_grant", "error_description": "AADSTS70008 " * (n // 12 - 8)}
                ).encode(),
            ),
        ),
    ],
)
def test_item10_heavy_inputs_are_linear_and_no_costlier_than_a_plain_body(
    name: str, make: Callable[[int], tuple[Any, bytes]]
) -> None:
    """A 1 MiB hostile body costs about what a plain 1 MiB body costs (both measured now,
    so the machine's load cancels out), and 8x the input costs far less than 64x."""
    small_headers, small_body = make(MIB // 8)
    big_headers, big_body = make(MIB - 64)
    assert len(big_body) <= MIB  # under the body cap: it is read, not skipped
    plain_headers, plain_body = _form(b"a" * (MIB - 64 - 24))

    def plain() -> Any:
        return parse_response(400, plain_headers, plain_body, endpoint="token")

    reference = _best_of(plain)
    small = _best_of(lambda: parse_response(400, small_headers, small_body, endpoint="token"))
    big = _best_of(lambda: parse_response(400, big_headers, big_body, endpoint="token"))
    reference = min(reference, _best_of(plain))
    assert big < 3.0, big  # a blow-up (1.5 s before, on an idle machine)
    assert big < reference * 25 + 0.03, (reference, big)  # hundreds of times before
    assert big < small * 20 + 0.05, (small, big)  # 8x the input: far below 64x


def test_item10_description_is_capped_before_the_screen() -> None:
    err = parse_response(
        400,
        JSON_CT,
        json.dumps({"error": "invalid_grant", "error_description": "x" * 2**20}).encode(),
        endpoint="token",
    )
    assert isinstance(err, OAuthError)
    assert len(err.safe_description or "") <= 600 and len(str(err)) < 4096


# == item 11: the HTTP libraries' own exceptions ===================================================


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Silent:
    """A loopback server that accepts connections and never answers (a read timeout)."""

    def __enter__(self) -> str:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/data"

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def _resource_fails(adapter: str, url: str, at: str) -> BaseException:
    source = refresh_source(at, sentinel("rt"), "cs", Fake(ok_body(at)))
    if adapter == "requests":
        session = requests.Session()
        session.auth = RequestsAuth(source, retry=RetryPolicy.never())
        return raised(lambda: session.get(url, timeout=0.5))
    if adapter == "httpx":
        with httpx.Client(auth=HttpxAuth(source, retry=RetryPolicy.never()), timeout=0.5) as client:
            return raised(lambda: client.get(url))

    async def main() -> None:
        async with httpx.AsyncClient(
            auth=HttpxAuth(source, retry=RetryPolicy.never()), timeout=0.5
        ) as c:
            await c.get(url)

    return raised(lambda: asyncio.run(main()))


@pytest.mark.parametrize("failure", ["connect", "timeout"])
@pytest.mark.parametrize("adapter", ["httpx", "httpx-async"])
def test_item11_httpx_resource_failure_carries_no_credential(
    adapter: str, failure: str, logs: RootLogs
) -> None:
    at = sentinel("at")
    if failure == "connect":
        exc = _resource_fails(adapter, f"http://127.0.0.1:{_closed_port()}/data", at)
    else:
        with Silent() as url:
            exc = _resource_fails(adapter, url, at)
    if adapter == "httpx":  # sync: the package's TransportError, from a scrubbed copy
        assert isinstance(exc, TransportError), repr(exc)
        assert isinstance(exc.__cause__, httpx.TransportError)
        pickle.loads(pickle.dumps(exc))
    else:  # async: httpx's own exception (documented), its request without the token
        assert isinstance(exc, httpx.TransportError), repr(exc)
        assert "authorization" not in exc.request.headers
    assert_no_secret(exc, at, logs=logs.lines)


@pytest.mark.parametrize("failure", ["connect", "timeout"])
def test_item11_requests_resource_failure_first_send_is_requests_own(failure: str) -> None:
    """Documented limitation (docs/security.md): requests sends a request after the auth
    returned it and tells the auth nothing of a failure, so its own exception escapes,
    holding the prepared request (``exc.request``, with the header) and urllib3's frames
    (whose locals hold the header). What the exception *says* carries no credential."""
    at = sentinel("at")
    if failure == "connect":
        exc = _resource_fails("requests", f"http://127.0.0.1:{_closed_port()}/data", at)
    else:
        with Silent() as url:
            exc = _resource_fails("requests", url, at)
    assert isinstance(exc, requests.RequestException), repr(exc)
    for item in chain(exc):
        assert at not in str(item) and at not in repr(item.args)
    assert exc.request is not None and exc.request.headers["Authorization"] == f"Bearer {at}"


@pytest.mark.parametrize("adapter", ["httpx", "requests"])
def test_item11_replay_failure_is_a_transport_error_without_credential(
    adapter: str, logs: RootLogs
) -> None:
    """The replay after a refresh goes through the adapter: converted in both libraries."""
    at, at2 = sentinel("at"), sentinel("at2")
    calls = [0]

    def flaky(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        if calls[0] == 1:
            return httpx.Response(401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if adapter == "requests":
            raise requests.ConnectionError(f"refused {request.headers['authorization']}")
        raise httpx.ConnectError(f"refused {request.headers['authorization']}", request=request)

    exc = raised(
        lambda: call_adapter(adapter, flaky, refresh_source(at, "rt", "cs", Fake(ok_body(at2))))
    )
    assert isinstance(exc, TransportError), repr(exc)
    assert_no_secret(exc, at, at2, logs=logs.lines)


def test_item6_httpx_default_keeps_both_on_an_http_to_https_upgrade(logs: RootLogs) -> None:
    """Documented (docs/security.md): without the hook, httpx keeps ``Authorization`` on
    an http -> https redirect to the same host, and the auth warns. Off loopback the
    plain-http first request is refused
    (test_item6_http_to_https_off_loopback_is_refused_before_the_first_request)."""
    at, proof = sentinel("at"), sentinel("proof")
    start, target = "http://127.0.0.1/start", "https://127.0.0.1/next"
    first, second = _httpx_redirect(start, target, hook=None, proof=proof, at=at)
    assert second["authorization"] == first["authorization"] == f"Bearer {at}"
    assert second["dpop"] == proof
    _warned_once(logs, at, proof)
