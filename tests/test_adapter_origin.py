"""Issue 4 §3 in the adapters: the token never leaves its origin; error bodies read bounded.

Two loopback servers on different ports are two origins (RFC 6454: the port is part of
the origin). A redirect to the other one carries no ``Authorization``, a request sent to
it through the same client carries none, and a 401 from it triggers no refresh.

An error response body is read only up to ``MAX_BODY_BYTES`` + 1 bytes to interpret it,
with memory bounded (50 MB streamed bodies, a gzip bomb); what the caller gets back is
intact, and successful responses are not read at all.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx
import pytest
import requests
from servers import serve_wsgi

from oauth_client_errors import InsufficientScopeError, OAuthError, RetryPolicy, Token
from oauth_client_errors._interpret import MAX_BODY_BYTES
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth

MB = 1024 * 1024
BIG = 50 * MB
CHALLENGE = 'Bearer realm="api", error="invalid_token"'

Answer = tuple[str, list[tuple[str, str]], Iterable[bytes]]


class App:
    """A WSGI app answering each path with a scripted (status, headers, body)."""

    def __init__(self, routes: dict[str, Callable[[dict[str, Any]], Answer]]) -> None:
        self.routes = routes
        self.seen: list[tuple[str, str | None]] = []  # (path, Authorization)
        self.sent = 0  # body bytes handed to the server
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        with self.lock:
            self.seen.append((path, environ.get("HTTP_AUTHORIZATION")))
        status, headers, body = self.routes[path](environ)
        start_response(status, headers)
        return self._count(body)

    def _count(self, body: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in body:
            with self.lock:
                self.sent += len(chunk)
            yield chunk

    def auths(self, path: str | None = None) -> list[str | None]:
        return [a for p, a in self.seen if path is None or p == path]


def ok(environ: dict[str, Any]) -> Answer:
    return "200 OK", [("Content-Type", "application/json")], [b'{"ok": true}']


def invalid_token(environ: dict[str, Any]) -> Answer:
    return "401 Unauthorized", [("WWW-Authenticate", CHALLENGE), ("Content-Length", "0")], []


def zeros(total: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    block = b"0" * chunk
    left = total
    while left > 0:
        yield block[: min(chunk, left)]
        left -= chunk


class Source:
    """A user's token source: AT1, then AT2... on each refresh; counts refreshes."""

    def __init__(self) -> None:
        self.n = 1
        self.refreshes = 0
        self.lock = threading.Lock()

    def token(self) -> Token:
        return Token(f"AT{self.n}-secret")

    def refresh(self, stale: Token | None) -> Token:
        with self.lock:
            self.refreshes += 1
            self.n += 1
            return Token(f"AT{self.n}-secret")


def quiet() -> RetryPolicy:
    return RetryPolicy.never()


# -- origins ------------------------------------------------------------------------------------


@pytest.fixture
def two_origins() -> Iterator[tuple[str, App, str, App]]:
    foreign = App({"/x": invalid_token, "/ok": ok})
    with serve_wsgi(foreign) as other:
        home = App(
            {
                "/api": ok,
                "/away": lambda env: ("302 Found", [("Location", f"{other}/x")], []),
                "/here": lambda env: ("302 Found", [("Location", "/api")], []),
            }
        )
        with serve_wsgi(home) as url:
            yield url, home, other, foreign


def test_httpx_redirect_to_other_port_carries_no_token_and_no_refresh(
    two_origins: tuple[str, App, str, App],
) -> None:
    url, home, other, foreign = two_origins
    source = Source()
    with httpx.Client(auth=HttpxAuth(source), follow_redirects=True, trust_env=False) as client:
        assert client.get(f"{url}/api").status_code == 200  # pins the origin
        response = client.get(f"{url}/away")
    assert response.status_code == 401  # handed back untouched, not raised
    assert str(response.url) == f"{other}/x"
    assert home.auths() == ["Bearer AT1-secret", "Bearer AT1-secret"]
    assert foreign.auths() == [None]
    assert source.refreshes == 0


def test_requests_redirect_to_other_port_carries_no_token_and_no_refresh(
    two_origins: tuple[str, App, str, App],
) -> None:
    url, home, _other, foreign = two_origins
    source = Source()
    with requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(source)
        response = session.get(f"{url}/away", timeout=10)
    assert response.status_code == 401
    assert [r.status_code for r in response.history] == [302]
    assert home.auths() == ["Bearer AT1-secret"]
    assert foreign.auths() == [None]
    assert source.refreshes == 0


async def test_httpx_async_redirect_to_other_port(two_origins: tuple[str, App, str, App]) -> None:
    url, _home, _other, foreign = two_origins
    source = Source()
    async with httpx.AsyncClient(
        auth=HttpxAuth(source), follow_redirects=True, trust_env=False
    ) as client:
        response = await client.get(f"{url}/away")
    assert response.status_code == 401
    assert foreign.auths() == [None]
    assert source.refreshes == 0


def test_same_origin_redirect_keeps_the_token(two_origins: tuple[str, App, str, App]) -> None:
    url, home, _, _ = two_origins
    with httpx.Client(auth=HttpxAuth(Source()), follow_redirects=True, trust_env=False) as client:
        assert client.get(f"{url}/here").status_code == 200
    with requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(Source())
        assert session.get(f"{url}/here", timeout=10).status_code == 200
    assert home.auths() == ["Bearer AT1-secret"] * 4


@pytest.mark.parametrize("pin", ["first-request", "explicit"])
def test_request_to_another_origin_through_the_same_client(
    two_origins: tuple[str, App, str, App], pin: str
) -> None:
    url, home, other, foreign = two_origins
    origins = [url] if pin == "explicit" else None
    h_source, r_source = Source(), Source()
    with httpx.Client(auth=HttpxAuth(h_source, origins=origins), trust_env=False) as client:
        assert client.get(f"{url}/api").status_code == 200
        assert client.get(f"{other}/x").status_code == 401  # untouched, no refresh
        assert client.get(f"{other}/ok").status_code == 200
    with requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(r_source, origins=origins)
        assert session.get(f"{url}/api", timeout=10).status_code == 200
        assert session.get(f"{other}/x", timeout=10).status_code == 401
    assert foreign.auths() == [None, None, None]
    assert home.auths() == ["Bearer AT1-secret"] * 2
    assert h_source.refreshes == r_source.refreshes == 0


def test_explicit_origins_allow_several(two_origins: tuple[str, App, str, App]) -> None:
    url, _, other, foreign = two_origins
    source = Source()
    auth = HttpxAuth(source, origins=[url, f"{other}/any/path"], retry=quiet())
    with httpx.Client(auth=auth, trust_env=False) as client:
        assert client.get(f"{other}/ok").status_code == 200
        with pytest.raises(OAuthError):  # our origin now: refresh once, then raise
            client.get(f"{other}/x")
    assert foreign.auths() == ["Bearer AT1-secret", "Bearer AT1-secret", "Bearer AT2-secret"]
    assert source.refreshes == 1


def test_origins_must_be_absolute() -> None:
    with pytest.raises(ValueError):
        HttpxAuth(Source(), origins=["/relative"])
    with pytest.raises(ValueError):
        RequestsAuth(Source(), origins=[])


# -- bounded reads of error bodies --------------------------------------------------------------


def big_401(environ: dict[str, Any]) -> Answer:
    headers = [("WWW-Authenticate", CHALLENGE), ("Content-Length", str(BIG))]
    return "401 Unauthorized", headers, zeros(BIG)


def big_403(environ: dict[str, Any]) -> Answer:
    challenge = 'Bearer error="insufficient_scope", scope="admin"'
    return "403 Forbidden", [("WWW-Authenticate", challenge)], zeros(BIG)  # no length: EOF


class Peak:
    """Peak traced memory (MB) while the block runs."""

    def __enter__(self) -> Peak:
        tracemalloc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.mb = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()


@pytest.fixture
def big() -> Iterator[tuple[str, App]]:
    calls = {"n": 0}

    def first_big_then_ok(environ: dict[str, Any]) -> Answer:
        calls["n"] += 1
        return big_401(environ) if calls["n"] == 1 else ok(environ)

    app = App({"/refresh": first_big_then_ok, "/forbidden": big_403})
    with serve_wsgi(app) as url:
        yield url, app


def test_httpx_50mb_401_is_read_bounded_then_refreshed(big: tuple[str, App]) -> None:
    url, app = big
    source = Source()
    with Peak() as peak, httpx.Client(auth=HttpxAuth(source), trust_env=False) as client:
        response = client.get(f"{url}/refresh")
    assert response.status_code == 200
    assert source.refreshes == 1
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB"
    assert app.sent < 20 * MB  # the connection was dropped, not drained
    assert len(response.history[0].content) <= MAX_BODY_BYTES + 1


def test_requests_50mb_401_is_read_bounded_then_refreshed(big: tuple[str, App]) -> None:
    url, app = big
    source = Source()
    with Peak() as peak, requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(source)
        response = session.get(f"{url}/refresh", timeout=30)
    assert response.status_code == 200
    assert source.refreshes == 1
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB"
    assert app.sent < 20 * MB


def test_httpx_50mb_403_raises_promptly_bounded(big: tuple[str, App]) -> None:
    url, app = big
    with (
        Peak() as peak,
        httpx.Client(auth=HttpxAuth(Source()), trust_env=False) as client,
        pytest.raises(InsufficientScopeError) as info,
    ):
        client.get(f"{url}/forbidden")
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB"
    assert info.value.response.status_code == 403
    assert app.sent < 20 * MB


def test_requests_50mb_403_raises_promptly_bounded(big: tuple[str, App]) -> None:
    url, app = big
    with Peak() as peak, requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(Source())
        with pytest.raises(InsufficientScopeError):
            session.get(f"{url}/forbidden", timeout=30)
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB"
    assert app.sent < 20 * MB


async def test_httpx_async_50mb_401_bounded(big: tuple[str, App]) -> None:
    url, _app = big
    source = Source()
    with Peak() as peak:
        async with httpx.AsyncClient(auth=HttpxAuth(source), trust_env=False) as client:
            response = await client.get(f"{url}/refresh")
    assert response.status_code == 200
    assert source.refreshes == 1
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB"


def _app_error_body(size: int) -> bytes:
    """An application's own 400 body, larger than the cap: not ours, must come back whole."""
    prefix = b'{"error": "my_app_error", "pad": "'
    return prefix + b"x" * (size - len(prefix) - 2) + b'"}'


@pytest.mark.parametrize("size", [100, 3 * MB])
def test_not_ours_error_body_comes_back_intact(size: int) -> None:
    body = _app_error_body(size)
    app = App(
        {"/x": lambda env: ("400 Bad Request", [("Content-Type", "application/json")], [body])}
    )
    with serve_wsgi(app) as url:
        with httpx.Client(auth=HttpxAuth(Source()), trust_env=False) as client:
            assert client.get(f"{url}/x").content == body
            with client.stream("GET", f"{url}/x") as streamed:
                assert b"".join(streamed.iter_bytes()) == body
        with requests.Session() as session:
            session.trust_env = False
            session.auth = RequestsAuth(Source())
            assert session.get(f"{url}/x", timeout=10).content == body
            streamed_r = session.get(f"{url}/x", timeout=10, stream=True)
            assert b"".join(streamed_r.iter_content(1000)) == body


async def test_not_ours_error_body_comes_back_intact_async() -> None:
    body = _app_error_body(3 * MB)
    app = App(
        {"/x": lambda env: ("400 Bad Request", [("Content-Type", "application/json")], [body])}
    )
    with serve_wsgi(app) as url:
        async with httpx.AsyncClient(auth=HttpxAuth(Source()), trust_env=False) as client:
            assert (await client.get(f"{url}/x")).content == body


def test_gzip_error_body_is_decoded_and_a_bomb_is_bounded() -> None:
    error = json.dumps({"error": "insufficient_scope", "scope": "admin"}).encode()
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    packed = b"".join(bomb.compress(b"\0" * MB) for _ in range(200)) + bomb.flush()
    calls = {"n": 0}

    def bombed(environ: dict[str, Any]) -> Answer:
        calls["n"] += 1
        if calls["n"] > 1:
            return ok(environ)
        headers = [("WWW-Authenticate", CHALLENGE), ("Content-Encoding", "gzip")]
        return "401 Unauthorized", headers, [packed]

    app = App(
        {
            "/gz": lambda env: (
                "403 Forbidden",
                [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                [gzip.compress(error)],
            ),
            "/bomb": bombed,
        }
    )
    with serve_wsgi(app) as url, httpx.Client(auth=HttpxAuth(Source()), trust_env=False) as c:
        with pytest.raises(InsufficientScopeError) as info:
            c.get(f"{url}/gz")  # no challenge: the code is in the gzip body
        assert info.value.params["scope"] == "admin"
        with Peak() as peak:
            assert c.get(f"{url}/bomb").status_code == 200
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB for 200 MB of zeros"


def test_success_responses_are_not_read() -> None:
    app = App({"/big": lambda env: ("200 OK", [("Content-Length", str(4 * MB))], zeros(4 * MB))})
    with serve_wsgi(app) as url:
        with (
            httpx.Client(auth=HttpxAuth(Source()), trust_env=False) as client,
            client.stream("GET", f"{url}/big") as response,
        ):
            assert response.status_code == 200
            assert response.num_bytes_downloaded == 0
            assert not response.is_stream_consumed
            assert sum(len(c) for c in response.iter_raw()) == 4 * MB
        with requests.Session() as session:
            session.trust_env = False
            session.auth = RequestsAuth(Source())
            r = session.get(f"{url}/big", stream=True, timeout=10)
            assert r.raw.tell() == 0
            assert sum(len(c) for c in r.iter_content(MB)) == 4 * MB


async def test_many_big_errors_concurrently_stay_bounded() -> None:
    app = App({"/forbidden": big_403})
    with serve_wsgi(app) as url, Peak() as peak:
        async with httpx.AsyncClient(auth=HttpxAuth(Source()), trust_env=False) as client:
            results = await asyncio.gather(
                *(client.get(f"{url}/forbidden") for _ in range(4)), return_exceptions=True
            )
    assert all(isinstance(r, InsufficientScopeError) for r in results)
    assert peak.mb < 30, f"peak {peak.mb:.1f} MB for 4 x 50 MB"


def test_retry_after_a_50mb_503_does_not_drain_it() -> None:
    calls = {"n": 0}

    def big_503_then_ok(environ: dict[str, Any]) -> Answer:
        calls["n"] += 1
        if calls["n"] % 2:
            headers = [("Retry-After", "0"), ("Content-Length", str(BIG))]
            return "503 Service Unavailable", headers, zeros(BIG)
        return ok(environ)

    app = App({"/flaky": big_503_then_ok})
    retry = RetryPolicy(sleep=lambda s: None)
    with serve_wsgi(app) as url, Peak() as peak:
        with httpx.Client(auth=HttpxAuth(Source(), retry=retry), trust_env=False) as client:
            assert client.get(f"{url}/flaky").status_code == 200

        async def main() -> int:
            async def asleep(s: float) -> None:
                return None

            policy = RetryPolicy(asleep=asleep)
            async with httpx.AsyncClient(
                auth=HttpxAuth(Source(), retry=policy), trust_env=False
            ) as client:
                return (await client.get(f"{url}/flaky")).status_code

        assert asyncio.run(main()) == 200
        with requests.Session() as session:
            session.trust_env = False
            session.auth = RequestsAuth(Source(), retry=retry)
            assert session.get(f"{url}/flaky", timeout=30).status_code == 200
    assert calls["n"] == 6
    assert peak.mb < 12, f"peak {peak.mb:.1f} MB"
    assert app.sent < 60 * MB  # three 50 MB answers, none drained
