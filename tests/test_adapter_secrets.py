"""Issue 4 §5 through the adapters: secrets never leak through a failure path.

Sentinel access token, refresh token, client secret and device code go through every way
a refresh or a request can fail: a token endpoint that echoes the refresh token and the
client secret in its error text (and in ``error_uri``, an extension parameter and a
challenge), a resource that echoes the access token, a 500 HTML page that echoes the form
and the headers, a token with a trailing newline (or a control character), transport
errors (connection refused on a loopback port), and tenacity's ``RetryError``.

For each exception raised, none of the sentinels may appear in ``str``, ``repr``,
``args``, ``to_dict()``, anywhere in the exception chain (``__cause__`` / ``__context__``,
recursively), in ``traceback.format_exception``, in ``traceback.TracebackException(...,
capture_locals=True)``, in the pickle bytes, or in the DEBUG log records of the client
(this package, tenacity, httpx, httpcore, urllib3; the in-process test servers' own
records are skipped, and so is httpcore's record of the response headers as received,
which quotes what the hostile server sent back).

Not covered, by design: an exception the HTTP library raises for the *resource* request
itself (connection refused on the API): it is the library's, carries the library's
request object (with the ``Authorization`` header) and never passes through this package.
``test_resource_transport_error_is_the_librarys_own`` pins down what is clean there.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import pickle
import socket
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import requests
import tenacity
from leakcheck import chain
from servers import serve_wsgi
from werkzeug.wrappers import Request, Response

from oauth_client_errors import (
    ClientCredentials,
    DeviceFlow,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    RefreshTokenSource,
    RetryPolicy,
    Token,
    TransportError,
)
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import async_token_transport
from oauth_client_errors.httpx import token_transport as httpx_transport
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth
from oauth_client_errors.requests import token_transport as requests_transport
from oauth_client_errors.retry import retry_if_policy, wait_retry_after

AT = "AT-SENTINEL-7f3a9c1e5b"
AT2 = "AT-SENTINEL-SECOND-0d2e"
RT = "RT-SENTINEL-4b1d8e6f2a"
CS = "CS-SENTINEL-9e8d7c6b5a"
DC = "DC-SENTINEL-1a2b3c4d5e"
CLIENT_ID = "client-id"
BASIC = base64.b64encode(f"{CLIENT_ID}:{CS}".encode()).decode()
SENTINELS = (AT, AT2, RT, CS, DC, BASIC, "SENTINEL")

SERVER_LOGGERS = ("werkzeug", "authlib", "flask", "oauth_test_server")


def _quotes_the_server(record: logging.LogRecord) -> bool:
    """httpcore logs the response headers as received: what a hostile server echoed."""
    return record.name == "httpcore.http11" and record.getMessage().startswith(
        "receive_response_headers.complete"
    )


# -- the checks ----------------------------------------------------------------------------------


def views(exc: BaseException) -> Iterator[tuple[str, str]]:
    for i, e in enumerate(chain(exc)):
        where = f"chain[{i}] {type(e).__name__}"
        yield f"{where} str", str(e)
        yield f"{where} repr", repr(e)
        yield f"{where} args", repr(e.args)
        if isinstance(e, OAuthError):
            yield f"{where} to_dict", json.dumps(e.to_dict())
            yield f"{where} hint", e.hint
            yield f"{where} params", repr(dict(e.params))
            yield f"{where} challenges", repr(e.challenges)
    yield "format_exception", "".join(traceback.format_exception(exc))
    tb = traceback.TracebackException.from_exception(exc, capture_locals=True)
    yield "capture_locals", "".join(tb.format())
    try:
        data = pickle.dumps(exc)
    except (TypeError, AttributeError, pickle.PicklingError):
        data = b""  # not picklable: nothing can leak that way
    yield "pickle", data.decode("latin-1")


def assert_clean(exc: BaseException, caplog: pytest.LogCaptureFixture | None = None) -> None:
    for where, text in views(exc):
        for secret in SENTINELS:
            assert secret not in text, f"{secret} leaked in {where}:\n{text[:3000]}"
    if caplog is not None:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        for record in caplog.records:
            if record.name.startswith(SERVER_LOGGERS) or _quotes_the_server(record):
                continue
            line = formatter.format(record)
            for secret in SENTINELS:
                assert secret not in line, f"{secret} leaked in log record: {line}"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


# -- a hostile authorization server and resource ----------------------------------------------


class Hostile:
    """``/token`` answers per ``token_mode``; ``/api`` per ``api_mode``. Both echo secrets."""

    def __init__(self) -> None:
        self.token_mode = "echo"
        self.api_mode = "invalid_token"
        self.token_requests = 0

    def __call__(self, environ: Any, start_response: Any) -> Any:
        req = Request(environ)
        if req.path == "/token":
            self.token_requests += 1
            resp = self.token(req)
        else:
            resp = self.api(req)
        return resp(environ, start_response)

    def token(self, req: Request) -> Response:
        form = req.get_data(as_text=True)
        auth = req.headers.get("Authorization", "")
        fields = dict(urllib.parse.parse_qsl(form))
        secrets = " ".join(v for k, v in fields.items() if k != "grant_type")
        if self.token_mode == "echo":
            body = {
                "error": "invalid_grant",
                "error_description": f"grant {secrets} with {auth} is revoked",
                "error_uri": f"https://as.example/why?secret={urllib.parse.quote(secrets)}",
                "echo": {"form": form, "authorization": auth, "fields": fields},
            }
            challenge = f'Bearer error="invalid_grant", error_description="bad {secrets}"'
            return Response(
                json.dumps(body),
                400,
                content_type="application/json",
                headers={"WWW-Authenticate": challenge},
            )
        if self.token_mode == "html500":
            page = f"<html><body><h1>Internal error</h1><pre>{form}\n{auth}</pre></body></html>"
            return Response(page, 500, content_type="text/html")
        if self.token_mode == "unavailable":
            body = {"error": "temporarily_unavailable", "error_description": f"busy {secrets}"}
            return Response(
                json.dumps(body), 503, content_type="application/json", headers={"Retry-After": "0"}
            )
        if self.token_mode == "newline":
            body = {"access_token": AT2 + "\n", "token_type": "Bearer", "expires_in": 60}
            return Response(json.dumps(body), 200, content_type="application/json")
        if self.token_mode == "control":
            body = {"access_token": AT2 + "\r\nX-Injected: 1", "token_type": "Bearer"}
            return Response(json.dumps(body), 200, content_type="application/json")
        raise AssertionError(self.token_mode)

    def api(self, req: Request) -> Response:
        auth = req.headers.get("Authorization", "")
        if self.api_mode == "invalid_token" or (self.api_mode == "ok_for_new" and AT2 not in auth):
            challenge = f'Bearer realm="api", error="invalid_token", error_description="{auth}"'
            return Response(
                json.dumps({"error": "invalid_token", "error_description": f"token {auth}"}),
                401,
                content_type="application/json",
                headers={"WWW-Authenticate": challenge},
            )
        if self.api_mode == "html500":
            return Response(f"<html><pre>{auth}</pre></html>", 500, content_type="text/html")
        return Response('{"ok": true}', content_type="application/json")


@pytest.fixture
def hostile() -> Iterator[tuple[str, Hostile]]:
    app = Hostile()
    with serve_wsgi(app) as url:
        yield url, app


def closed_port() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


TRANSPORTS = ["urllib", "httpx", "requests"]
ADAPTERS = ["httpx", "httpx-async", "requests"]


def refresh_source(url: str, transport: str, auth_method: str, **kw: Any) -> RefreshTokenSource:
    extra: dict[str, Any] = {}
    if transport == "httpx":
        extra["transport"] = httpx_transport(httpx.Client(trust_env=False))
    elif transport == "requests":
        session = requests.Session()
        session.trust_env = False
        extra["transport"] = requests_transport(session)
    return RefreshTokenSource(
        f"{url}/token",
        CLIENT_ID,
        Token(AT, refresh_token=RT),
        client_secret=CS,
        auth_method=auth_method,
        **extra,
        **kw,
    )


def call(adapter: str, source: Any, url: str, retry: RetryPolicy | None = None) -> Any:
    """GET ``url`` through ``adapter`` with OAuth2Auth(source); returns the response."""
    policy = retry or RetryPolicy.never()
    if adapter == "httpx":
        with httpx.Client(auth=HttpxAuth(source, retry=policy), trust_env=False) as client:
            return client.get(url)
    if adapter == "httpx-async":

        async def main() -> Any:
            async with httpx.AsyncClient(
                auth=HttpxAuth(source, retry=policy), trust_env=False
            ) as client:
                return await client.get(url)

        return asyncio.run(main())
    with requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(source, retry=policy)
        return session.get(url, timeout=10)


def raised(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


# -- token endpoint echoing secrets ------------------------------------------------------------


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_token_endpoint_echoing_refresh_token_and_secret(
    hostile: tuple[str, Hostile],
    debug_logs: pytest.LogCaptureFixture,
    adapter: str,
    transport: str,
    auth_method: str,
) -> None:
    url, app = hostile
    source = refresh_source(url, transport, auth_method)
    exc = raised(lambda: call(adapter, source, f"{url}/api"))
    assert type(exc).__name__ == "InvalidGrantError"
    assert isinstance(exc, OAuthError)
    assert type(exc.__cause__).__name__ == "InvalidTokenError"  # the resource's 401
    assert "[redacted]" in str(exc)  # the echo was there, and was removed
    assert app.token_requests == 1
    assert_clean(exc, debug_logs)


def test_client_credentials_echo_and_device_code_echo(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture
) -> None:
    url, _ = hostile
    source = ClientCredentials(f"{url}/token", CLIENT_ID, CS, auth_method="client_secret_post")
    exc = raised(source.token)
    assert isinstance(exc, OAuthError) and exc.code == "invalid_grant"
    assert_clean(exc, debug_logs)

    flow = DeviceFlow(f"{url}/device", f"{url}/token", CLIENT_ID, client_secret=CS)
    from oauth_client_errors import DeviceAuthorization

    auth = DeviceAuthorization(DC, "USER-CODE", f"{url}/verify", None, expires_at=1e12)
    flow.sleep = lambda s: None
    exc = raised(lambda: flow.poll(auth))
    assert isinstance(exc, OAuthError) and exc.code == "invalid_grant"
    assert "[redacted]" in (exc.description or "")
    assert_clean(exc, debug_logs)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_resource_echoing_the_access_token(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture, adapter: str
) -> None:
    url, app = hostile
    app.token_mode = "newline"  # the refresh works: AT2, with a trailing newline

    class Mine:
        def token(self) -> Token:
            return Token(AT)

        def refresh(self, stale: Token | None) -> Token:
            return Token(AT2)

    exc = raised(lambda: call(adapter, Mine(), f"{url}/api"))  # second 401 raises
    assert type(exc).__name__ == "InvalidTokenError"
    assert_clean(exc, debug_logs)


# -- 500 HTML pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_500_html_page_from_the_token_endpoint(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture, adapter: str, transport: str
) -> None:
    url, app = hostile
    app.token_mode = "html500"
    source = refresh_source(url, transport, "client_secret_post")
    exc = raised(lambda: call(adapter, source, f"{url}/api"))
    assert isinstance(exc, OAuthError) and exc.status_code == 500
    assert_clean(exc, debug_logs)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_500_html_page_from_the_resource(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture, adapter: str
) -> None:
    url, app = hostile
    app.api_mode = "html500"
    source = refresh_source(url, "urllib", "client_secret_basic")
    exc = raised(lambda: call(adapter, source, f"{url}/api"))
    assert isinstance(exc, OAuthError) and exc.status_code == 500
    assert exc.response is not None  # kept for programs, never shown
    assert_clean(exc, debug_logs)


# -- tokens with a trailing newline or control characters -------------------------------------


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_token_with_trailing_newline_is_sent_clean(
    hostile: tuple[str, Hostile], adapter: str
) -> None:
    url, app = hostile
    app.token_mode = "newline"
    app.api_mode = "ok_for_new"
    source = refresh_source(url, "urllib", "client_secret_basic")
    response = call(adapter, source, f"{url}/api")  # 401, refresh -> "AT2\n", replay
    assert response.status_code == 200
    assert source.current is not None and source.current.access_token == AT2

    class Mine:
        def token(self) -> Token:
            return Token(AT2 + "\n")

        def refresh(self, stale: Token | None) -> Token:
            raise AssertionError("not needed")

    assert call(adapter, Mine(), f"{url}/api").status_code == 200


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_token_with_control_characters_is_refused_without_showing_it(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture, adapter: str
) -> None:
    url, app = hostile
    app.token_mode = "control"
    source = refresh_source(url, "urllib", "client_secret_basic")
    exc = raised(lambda: call(adapter, source, f"{url}/api"))
    assert isinstance(exc, MalformedResponseError)
    assert "SENTINEL" not in str(exc)
    assert_clean(exc, debug_logs)
    bad = raised(lambda: Token(AT + "\r\nX-Injected: 1"))
    assert isinstance(bad, ValueError)
    assert_clean(bad)


# -- transport errors -------------------------------------------------------------------------


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_token_endpoint_connection_refused(
    debug_logs: pytest.LogCaptureFixture, transport: str, auth_method: str
) -> None:
    source = refresh_source(closed_port(), transport, auth_method)
    exc = raised(lambda: source.refresh(source.current))
    if transport == "urllib":  # the default transport: the package's TransportError
        assert isinstance(exc, TransportError)
        assert isinstance(exc.__cause__, OSError)
    else:  # a transport of your own: its library's type, kept
        assert isinstance(exc, (OSError, httpx.TransportError))
        assert not isinstance(exc, OAuthClientError)
    assert_clean(exc, debug_logs)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_connection_refused_during_a_refresh_through_the_adapter(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture, adapter: str, transport: str
) -> None:
    url, _ = hostile
    source = refresh_source(closed_port(), transport, "client_secret_post")
    exc = raised(lambda: call(adapter, source, f"{url}/api"))
    if transport == "urllib" and adapter != "httpx-async":
        # No transport of its own: the token request went through the user's client (or
        # urllib, for requests without a session) and failed as the package's TransportError.
        assert isinstance(exc, TransportError)
    else:
        assert isinstance(exc, (OSError, httpx.TransportError, TransportError))
    assert_clean(exc, debug_logs)


async def test_async_transport_connection_refused(debug_logs: pytest.LogCaptureFixture) -> None:
    async with httpx.AsyncClient(trust_env=False) as plain:
        source = RefreshTokenSource(
            f"{closed_port()}/token",
            CLIENT_ID,
            Token(AT, refresh_token=RT),
            client_secret=CS,
            async_transport=async_token_transport(plain),
        )
        try:
            await source.arefresh(source.current)
        except httpx.ConnectError as exc:
            assert_clean(exc, debug_logs)
        else:
            raise AssertionError("nothing was raised")


@pytest.mark.parametrize("adapter", ["httpx", "requests"])
def test_resource_transport_error_is_the_librarys_own(adapter: str) -> None:
    """The library's exception for the resource request: its text and traceback are clean."""
    source = refresh_source(closed_port(), "urllib", "client_secret_basic")
    exc = raised(lambda: call(adapter, source, f"{closed_port()}/api"))
    if adapter == "httpx":  # the package's TransportError, chained from httpx's own
        assert isinstance(exc, TransportError)
        assert isinstance(exc.__cause__, httpx.ConnectError)
    else:  # requests does not tell an auth that its first send failed
        assert isinstance(exc, requests.ConnectionError)
    for e in chain(exc):
        assert AT not in str(e) + repr(e) + repr(e.args)
    assert AT not in "".join(traceback.format_exception(exc))


# -- tenacity's RetryError --------------------------------------------------------------------


def test_retry_error_of_users_own_tenacity_code(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture
) -> None:
    url, app = hostile
    app.token_mode = "unavailable"
    source = refresh_source(url, "requests", "client_secret_post")
    retrying = tenacity.Retrying(
        retry=retry_if_policy("retry"),
        wait=wait_retry_after(tenacity.wait_none()),
        stop=tenacity.stop_after_attempt(3),
    )
    exc = raised(lambda: retrying(source.refresh, source.current))
    assert isinstance(exc, tenacity.RetryError)
    last = exc.last_attempt.exception()
    assert isinstance(last, OAuthError) and last.code == "temporarily_unavailable"
    assert app.token_requests == 3
    assert_clean(exc, debug_logs)
    assert_clean(last, debug_logs)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_retries_given_up_through_the_adapter(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture, adapter: str
) -> None:
    url, app = hostile
    app.api_mode = "html500"
    source = refresh_source(url, "urllib", "client_secret_basic")
    policy = RetryPolicy(attempts=3, sleep=lambda s: None, asleep=_no_sleep)
    exc = raised(lambda: call(adapter, source, f"{url}/api", retry=policy))
    assert isinstance(exc, OAuthError) and exc.status_code == 500
    assert_clean(exc, debug_logs)


async def _no_sleep(seconds: float) -> None:
    return None


def test_nothing_at_warning_or_above_in_normal_operation(
    hostile: tuple[str, Hostile], debug_logs: pytest.LogCaptureFixture
) -> None:
    url, app = hostile
    app.token_mode = "newline"
    app.api_mode = "ok_for_new"
    for adapter in ADAPTERS:
        source = refresh_source(url, "urllib", "client_secret_basic")
        assert call(adapter, source, f"{url}/api").status_code == 200
    ours = [r for r in debug_logs.records if r.name.startswith("oauth_client_errors")]
    assert any("refreshing" in r.getMessage() for r in ours)
    assert all(r.levelno == logging.DEBUG for r in ours)
    for record in ours:
        for secret in SENTINELS:
            assert secret not in record.getMessage()
