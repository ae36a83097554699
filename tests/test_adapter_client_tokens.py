"""Token requests go through the user's own client (issue 14 item 1).

httpx: the token request is yielded from the auth flow, so the client's transport and its
event hooks see it (sync and async), with single flight kept. requests: the token request
goes through ``session=`` (its mounted adapters and hooks). A source's own ``transport=``
wins. No network: httpx.MockTransport and a mounted requests adapter.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import requests
from requests.adapters import BaseAdapter

from oauth_client_errors import (
    ClientCredentials,
    HTTPResult,
    InsecureTransportError,
    RefreshTokenSource,
    Token,
    TokenRequest,
    TransportError,
)
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth

TOKEN_URL = "https://as.example/token"
API_URL = "https://api.example/data"


class Server:
    """Answers token and resource requests; the resource accepts only the newest token."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.lock = threading.Lock()
        self.token_requests: list[dict[str, str]] = []
        self.resource_tokens: list[str] = []
        self.issued = 0
        self.delay = delay

    def current(self) -> str:
        return f"AT-{self.issued}"

    def answer(self, method: str, url: str, headers: Any, body: bytes) -> tuple[int, dict, bytes]:
        if url.startswith(TOKEN_URL):
            if self.delay:
                time.sleep(self.delay)
            with self.lock:
                self.token_requests.append(dict(urllib.parse.parse_qsl(body.decode())))
                self.issued += 1
                access = self.current()
            payload = {"access_token": access, "token_type": "Bearer", "expires_in": 3600}
            return 200, {"content-type": "application/json"}, json.dumps(payload).encode()
        auth = headers.get("authorization", "")
        with self.lock:
            self.resource_tokens.append(auth)
            ok = auth == f"Bearer {self.current()}"
        if ok:
            return 200, {"content-type": "application/json"}, b'{"ok": true}'
        challenge = 'Bearer error="invalid_token"'
        return 401, {"www-authenticate": challenge}, b""

    # httpx
    def handler(self, request: httpx.Request) -> httpx.Response:
        status, headers, body = self.answer(
            request.method, str(request.url), request.headers, request.read()
        )
        return httpx.Response(status, headers=headers, content=body)

    async def ahandler(self, request: httpx.Request) -> httpx.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        body = await request.aread()
        status, headers, content = self.answer(
            request.method, str(request.url), request.headers, body
        )
        return httpx.Response(status, headers=headers, content=content)


def refresh_source(**kw: Any) -> RefreshTokenSource:
    return RefreshTokenSource(TOKEN_URL, "cid", Token("AT-stale", refresh_token="RT-1"), **kw)


def hooks() -> tuple[list[str], dict[str, list[Callable[..., Any]]]]:
    seen: list[str] = []

    def on_request(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url}")

    return seen, {"request": [on_request]}


# -- httpx, sync -------------------------------------------------------------------------------


def test_httpx_first_token_goes_through_the_clients_transport_and_hooks() -> None:
    server = Server()
    seen, event_hooks = hooks()
    source = ClientCredentials(TOKEN_URL, "cid", "secret-1")
    with httpx.Client(
        transport=httpx.MockTransport(server.handler),
        auth=HttpxAuth(source),
        event_hooks=event_hooks,
    ) as client:
        assert client.get(API_URL).status_code == 200
    assert len(server.token_requests) == 1
    assert server.token_requests[0]["grant_type"] == "client_credentials"
    assert seen == [f"POST {TOKEN_URL}", f"GET {API_URL}"]


def test_httpx_refresh_after_401_goes_through_the_client() -> None:
    server = Server()
    seen, event_hooks = hooks()
    with httpx.Client(
        transport=httpx.MockTransport(server.handler),
        auth=HttpxAuth(refresh_source()),
        event_hooks=event_hooks,
    ) as client:
        response = client.get(API_URL)
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [401, 200]  # the 401, the token
    assert response.history[1].content == b""  # the token response keeps no tokens
    assert server.token_requests == [
        {"grant_type": "refresh_token", "refresh_token": "RT-1", "client_id": "cid"}
    ]
    assert seen == [f"GET {API_URL}", f"POST {TOKEN_URL}", f"GET {API_URL}"]


def test_httpx_20_threads_cause_one_token_request_through_the_client() -> None:
    server = Server(delay=0.05)
    seen, event_hooks = hooks()
    auth = HttpxAuth(refresh_source())
    statuses: list[int] = []
    barrier = threading.Barrier(20)
    with httpx.Client(
        transport=httpx.MockTransport(server.handler), auth=auth, event_hooks=event_hooks
    ) as client:

        def call() -> None:
            barrier.wait()
            statuses.append(client.get(API_URL).status_code)

        threads = [threading.Thread(target=call) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert statuses == [200] * 20
    assert len(server.token_requests) == 1
    assert seen.count(f"POST {TOKEN_URL}") == 1


def test_httpx_first_token_single_flight_under_20_threads() -> None:
    server = Server(delay=0.05)
    auth = HttpxAuth(ClientCredentials(TOKEN_URL, "cid", "secret-1"))
    barrier = threading.Barrier(20)
    statuses: list[int] = []
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:

        def call() -> None:
            barrier.wait()
            statuses.append(client.get(API_URL).status_code)

        threads = [threading.Thread(target=call) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert statuses == [200] * 20
    assert len(server.token_requests) == 1


def test_httpx_sources_own_transport_wins() -> None:
    server = Server()
    own: list[TokenRequest] = []

    def transport(request: TokenRequest) -> HTTPResult:
        own.append(request)
        body = {"access_token": "AT-1", "token_type": "Bearer"}
        return HTTPResult(200, [("content-type", "application/json")], json.dumps(body).encode())

    server.issued = 1  # the resource accepts AT-1
    source = ClientCredentials(TOKEN_URL, "cid", "secret-1", transport=transport)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=HttpxAuth(source)) as c:
        assert c.get(API_URL).status_code == 200
    assert len(own) == 1
    assert server.token_requests == []


def test_httpx_token_endpoint_down_is_the_packages_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    source = ClientCredentials(TOKEN_URL, "cid", "secret-SENTINEL-1")
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=HttpxAuth(source)) as client,
        pytest.raises(TransportError) as info,
    ):
        client.get(API_URL)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert not isinstance(info.value.__cause__, OSError)  # never urllib's
    assert "token request" in str(info.value)


def test_httpx_client_timeouts_apply_to_the_token_request() -> None:
    timeouts: list[Any] = []
    server = Server()

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions.get("timeout"))
        return server.handler(request)

    source = ClientCredentials(TOKEN_URL, "cid", "secret-1")
    with httpx.Client(
        transport=httpx.MockTransport(handler), auth=HttpxAuth(source), timeout=2.5
    ) as client:
        client.get(API_URL)
    assert timeouts[0] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}


# -- httpx, async ------------------------------------------------------------------------------


async def test_async_first_token_and_refresh_go_through_the_client() -> None:
    server = Server()
    seen, _ = hooks()

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url}")

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.ahandler),
        auth=HttpxAuth(ClientCredentials(TOKEN_URL, "cid", "secret-1")),
        event_hooks={"request": [on_request]},
    ) as client:
        assert (await client.get(API_URL)).status_code == 200
        server.issued += 1  # the resource now refuses the token the client holds
        assert (await client.get(API_URL)).status_code == 200
    assert [r["grant_type"] for r in server.token_requests] == ["client_credentials"] * 2
    assert seen == [
        f"POST {TOKEN_URL}",
        f"GET {API_URL}",
        f"GET {API_URL}",
        f"POST {TOKEN_URL}",
        f"GET {API_URL}",
    ]


async def test_async_20_tasks_cause_one_token_request_through_the_client() -> None:
    server = Server(delay=0.05)
    seen, _ = hooks()

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url}")

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.ahandler),
        auth=HttpxAuth(refresh_source()),
        event_hooks={"request": [on_request]},
    ) as client:
        responses = await asyncio.gather(*(client.get(API_URL) for _ in range(20)))
    assert [r.status_code for r in responses] == [200] * 20
    assert len(server.token_requests) == 1
    assert seen.count(f"POST {TOKEN_URL}") == 1


async def test_async_token_endpoint_down_keeps_no_secret_on_the_request() -> None:
    failed: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        failed.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    source = ClientCredentials(
        TOKEN_URL, "cid", "secret-SENTINEL-2", auth_method="client_secret_post"
    )
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), auth=HttpxAuth(source)
    ) as client:
        with pytest.raises(httpx.ConnectError) as info:
            await client.get(API_URL)
    request = info.value.request
    assert b"SENTINEL" not in request.content
    assert "authorization" not in request.headers


# -- requests ----------------------------------------------------------------------------------


class MountedAdapter(BaseAdapter):
    """A requests transport adapter answering from :class:`Server`."""

    def __init__(self, server: Server) -> None:
        super().__init__()
        self.server = server
        self.sent: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        self.sent.append(f"{request.method} {request.url}")
        status, headers, content = self.server.answer(
            str(request.method), str(request.url), request.headers, body
        )
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response._content = content
        response._content_consumed = True  # type: ignore[attr-defined]
        response.url = str(request.url)
        response.request = request
        response.connection = self  # type: ignore[attr-defined]
        response.raw = None
        return response

    def close(self) -> None:
        pass


def session_for(server: Server) -> tuple[requests.Session, MountedAdapter, list[str]]:
    session = requests.Session()
    adapter = MountedAdapter(server)
    session.mount("https://", adapter)
    hooked: list[str] = []
    session.hooks["response"].append(lambda r, **kw: hooked.append(r.url))
    return session, adapter, hooked


def test_requests_first_token_goes_through_the_session() -> None:
    server = Server()
    session, adapter, hooked = session_for(server)
    session.auth = RequestsAuth(ClientCredentials(TOKEN_URL, "cid", "secret-1"), session=session)
    assert session.get(API_URL).status_code == 200
    assert adapter.sent == [f"POST {TOKEN_URL}", f"GET {API_URL}"]
    assert TOKEN_URL in hooked  # the session's hooks saw the token request


def test_requests_refresh_after_401_goes_through_the_session() -> None:
    server = Server()
    session, adapter, _ = session_for(server)
    session.auth = RequestsAuth(refresh_source(), session=session)
    response = session.get(API_URL)
    assert response.status_code == 200
    assert adapter.sent == [f"GET {API_URL}", f"POST {TOKEN_URL}", f"GET {API_URL}"]
    assert server.token_requests == [
        {"grant_type": "refresh_token", "refresh_token": "RT-1", "client_id": "cid"}
    ]


def test_requests_20_threads_cause_one_token_request_through_the_session() -> None:
    server = Server(delay=0.05)
    session, adapter, _ = session_for(server)
    session.auth = RequestsAuth(refresh_source(), session=session)
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def call() -> None:
        barrier.wait()
        statuses.append(session.get(API_URL).status_code)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert statuses == [200] * 20
    assert adapter.sent.count(f"POST {TOKEN_URL}") == 1


def test_requests_without_a_session_the_source_sends_it() -> None:
    server = Server()
    session, adapter, _ = session_for(server)
    own: list[TokenRequest] = []

    def transport(request: TokenRequest) -> HTTPResult:
        own.append(request)
        status, headers, body = server.answer("POST", request.url, {}, request.body)
        return HTTPResult(status, list(headers.items()), body)

    session.auth = RequestsAuth(ClientCredentials(TOKEN_URL, "cid", "s-1", transport=transport))
    assert session.get(API_URL).status_code == 200
    assert len(own) == 1
    assert adapter.sent == [f"GET {API_URL}"]


def test_requests_session_token_request_failure_is_transport_error() -> None:
    class Down(BaseAdapter):
        def send(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:
            raise requests.ConnectionError("refused", request=request)

        def close(self) -> None:
            pass

    token_session = requests.Session()
    token_session.mount("https://", Down())
    session = requests.Session()
    session.auth = RequestsAuth(
        ClientCredentials(TOKEN_URL, "cid", "secret-1"), session=token_session
    )
    with pytest.raises(TransportError) as info:
        session.get(API_URL)
    assert isinstance(info.value.__cause__, requests.ConnectionError)
    assert info.value.__cause__.request is None  # scrubbed: the request held the secret


# -- plain http ---------------------------------------------------------------------------------


@pytest.mark.parametrize("adapter", ["httpx", "requests"])
def test_bearer_token_never_sent_over_plain_http_off_loopback(adapter: str) -> None:
    server = Server()
    source = ClientCredentials(TOKEN_URL, "cid", "secret-1")
    if adapter == "httpx":
        transport = httpx.MockTransport(server.handler)
        with (
            httpx.Client(transport=transport, auth=HttpxAuth(source)) as client,
            pytest.raises(InsecureTransportError),
        ):
            client.get("http://api.example/data")
    else:
        session, mounted, _ = session_for(server)
        session.mount("http://", mounted)
        session.auth = RequestsAuth(source, session=session)
        with pytest.raises(InsecureTransportError):
            session.get("http://api.example/data")
    assert server.token_requests == [] and server.resource_tokens == []  # before connecting


def test_plain_http_allowed_on_loopback_and_by_opt_in() -> None:
    server = Server()

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url).replace("http://127.0.0.1", "https://api.example")
        url = url.replace("http://api.example", "https://api.example")
        return server.handler(httpx.Request(request.method, url, headers=request.headers))

    source = ClientCredentials(TOKEN_URL, "cid", "secret-1")
    with httpx.Client(transport=httpx.MockTransport(handler), auth=HttpxAuth(source)) as c:
        assert c.get("http://127.0.0.1/data").status_code == 200
    auth = HttpxAuth(ClientCredentials(TOKEN_URL, "cid", "secret-1"), allow_insecure_http=True)
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as c:
        assert c.get("http://api.example/data").status_code == 200


def test_client_credentials_never_sent_over_plain_http_off_loopback() -> None:
    sent: list[TokenRequest] = []

    def transport(request: TokenRequest) -> HTTPResult:
        sent.append(request)
        raise AssertionError("must not be reached")

    source = ClientCredentials("http://as.example/token", "cid", "secret-1", transport=transport)
    with pytest.raises(InsecureTransportError):
        source.token()
    refresh = RefreshTokenSource("http://as.example/token", "cid", "RT-1")
    with pytest.raises(InsecureTransportError):
        refresh.refresh(None)
    assert sent == []
    server = Server()
    with (
        httpx.Client(
            transport=httpx.MockTransport(server.handler),
            auth=HttpxAuth(ClientCredentials("http://as.example/token", "cid", "secret-1")),
        ) as client,
        pytest.raises(InsecureTransportError),
    ):
        client.get(API_URL)
    assert server.token_requests == []


def test_a_subclass_overriding_token_is_respected() -> None:
    server = Server()
    calls: list[str] = []

    class Counting(ClientCredentials):
        def token(self) -> Token:
            calls.append("token")
            return super().token()

    def transport(request: TokenRequest) -> HTTPResult:
        status, headers, body = server.answer("POST", request.url, {}, request.body)
        return HTTPResult(status, list(headers.items()), body)

    # Its own token() runs as it would on its own: with its own transport.
    source = Counting(TOKEN_URL, "cid", "secret-1", transport=transport)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=HttpxAuth(source)) as c:
        assert c.get(API_URL).status_code == 200
    assert calls == ["token"]
