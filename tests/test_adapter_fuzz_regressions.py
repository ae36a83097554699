"""Regressions from ``fuzz/fuzz_adapters.py``: raw answers that once let a foreign exception out.

Each test names the crash input it comes from (its libFuzzer artifact name and base64) and
replays the answer that mattered from a raw loopback server. Only this package's
exceptions and the HTTP libraries' own transport/protocol errors may escape.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Iterator

import httpx
import pytest
import requests

from oauth_client_errors import (
    ClientCredentials,
    OAuthClientError,
    RetryPolicy,
    Token,
    TransportError,
)
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import token_transport as httpx_transport
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth
from oauth_client_errors.requests import token_transport as requests_transport


class Raw:
    """A loopback server answering every request with the same raw bytes, then closing."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.requests = 0
        raw = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                raw.requests += 1
                sock.sendall(raw.answer)
                sock.shutdown(socket.SHUT_WR)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Raw:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def not_http() -> Iterator[Raw]:
    with Raw(b"b") as raw:
        yield raw


def test_token_endpoint_answering_non_http_with_urllib(not_http: Raw) -> None:
    """crash-5604c745c379380bfc2810d8a022fb1e0bb050fe (YmUoMgABAABiKA==).

    The token endpoint answered ``b`` and closed: ``http.client.BadStatusLine`` escaped from
    the default urllib transport. It is now the package's ``TransportError`` (transient for
    a proactive refresh), chained from urllib's ``URLError``.
    """
    source = ClientCredentials(f"{not_http.url}/token", "cid", "secret-1")
    with pytest.raises(TransportError) as info:
        source.token()
    assert type(info.value.__cause__).__name__ == "URLError"
    assert "BadStatusLine" in str(info.value.__cause__)


def test_token_endpoint_error_with_a_broken_chunked_body_with_urllib() -> None:
    """crash-79c219f02041a30cd8710ee5e8b8dbcbca7a865e (/wfIJV3N9Sf32tgn99rY=).

    A 4xx whose chunked body breaks off: reading the body of urllib's ``HTTPError`` raised
    ``http.client.IncompleteRead``. Now a ``TransportError`` chained from a ``URLError``.
    """
    answer = b"HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"
    with Raw(answer) as raw:
        source = ClientCredentials(f"{raw.url}/token", "cid", "secret-1")
        with pytest.raises(TransportError) as info:
            source.token()
    assert "IncompleteRead" in str(info.value.__cause__)


@pytest.mark.parametrize("transport", ["urllib", "httpx", "requests"])
def test_non_http_token_answer_through_the_adapters(not_http: Raw, transport: str) -> None:
    kw = {}
    if transport == "httpx":
        kw["transport"] = httpx_transport(httpx.Client(trust_env=False))
    elif transport == "requests":
        session = requests.Session()
        session.trust_env = False
        kw["transport"] = requests_transport(session)
    source = ClientCredentials(f"{not_http.url}/token", "cid", "secret-1", **kw)  # type: ignore[arg-type]
    allowed = (OAuthClientError, OSError, httpx.HTTPError, requests.RequestException)
    with (
        httpx.Client(auth=HttpxAuth(source), trust_env=False) as client,
        pytest.raises(allowed),
    ):
        client.get(f"{not_http.url}/api")


class Fixed:
    def token(self) -> Token:
        return Token("AT-fixed")

    def refresh(self, stale: Token | None) -> Token:
        return Token("AT-fixed-2")


@pytest.mark.parametrize(
    "answer",
    [
        b"b",
        b'HTTP/1.1 401 X\r\nWWW-Authenticate: Bearer error="invalid_token"\r\n'
        b"Content-Encoding: gzip\r\nContent-Length: 10\r\n\r\n"
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        b"HTTP/1.1 401 X\r\nContent-Length: 100000\r\n\r\nshort",
        b"HTTP/1.1 503 X\r\nRetry-After: 0\r\nContent-Encoding: br\r\n\r\n\xff\xfe",
    ],
)
def test_broken_resource_answers_raise_only_allowed_errors(answer: bytes) -> None:
    retry = RetryPolicy(attempts=2, sleep=lambda s: None)
    allowed = (OAuthClientError, httpx.HTTPError, requests.RequestException)
    with Raw(answer) as raw:
        with (
            httpx.Client(auth=HttpxAuth(Fixed(), retry=retry), trust_env=False) as client,
            contextlib.suppress(allowed),  # anything else fails the test
        ):
            client.get(f"{raw.url}/api")
        with requests.Session() as session, contextlib.suppress(allowed):
            session.trust_env = False
            session.auth = RequestsAuth(Fixed(), retry=retry)
            session.get(f"{raw.url}/api", timeout=5)
    assert raw.requests >= 2
