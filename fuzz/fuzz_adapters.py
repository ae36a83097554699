"""Fuzz the adapters: a loopback server answers every request with fuzzed HTTP bytes.

    python fuzz/fuzz_adapters.py -runs=200                     # the smoke run (< 60 s)
    python fuzz/fuzz_adapters.py -max_total_time=600 CORPUS/   # a longer run

In the style of OSS-Fuzz's ``requests`` harness: a server thread on 127.0.0.1 answers each
request with bytes the fuzzer chose - status line, headers (``WWW-Authenticate``,
``Retry-After``, ``DPoP-Nonce``, ``Content-Encoding``, ``Content-Length``, ``Location``...)
and body, or a wholly raw response - and a client sends requests through ``OAuth2Auth``
(httpx sync, httpx async, requests), asks a token source for a token (urllib, httpx and
requests transports; client credentials, refresh token, device flow), or fetches RFC 9728
protected resource metadata (from a resource URL or from a fuzzed challenge).

Only these may escape: this package's exceptions (``OAuthClientError`` subclasses) and the
HTTP library's own transport and protocol errors (``httpx.HTTPError``,
``requests.RequestException``, and ``OSError`` from the urllib transport). Anything else
is a crash. A raised ``OAuthError`` must also keep its invariants: its ``str`` and
``hint`` are display-safe and it survives ``to_dict()`` and pickling.

Traffic never leaves 127.0.0.1: the clients' transports refuse any other host or port
(a fuzzed ``Location`` header cannot send them anywhere), and retries never sleep.

Input layout (``FuzzedDataProvider``): the target, a few flags, then for each of up to
four answers (token endpoint and resource, in the order the requests arrive) either raw
bytes or a status, headers and a body.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import queue
import re
import socket
import socketserver
import sys
import threading
import traceback
from typing import Any

import atheris

with atheris.instrument_imports(include=["oauth_client_errors"]):
    import httpx
    import requests
    import requests.adapters

    from oauth_client_errors import (
        ClientCredentials,
        DeviceAuthorization,
        DeviceFlow,
        OAuthClientError,
        OAuthError,
        RefreshTokenSource,
        RetryPolicy,
        Token,
    )
    from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
    from oauth_client_errors.httpx import async_token_transport
    from oauth_client_errors.httpx import fetch_resource_metadata as httpx_metadata
    from oauth_client_errors.httpx import token_transport as httpx_token_transport
    from oauth_client_errors.requests import OAuth2Auth as RequestsAuth
    from oauth_client_errors.requests import fetch_resource_metadata as requests_metadata
    from oauth_client_errors.requests import token_transport as requests_token_transport

HOST = "127.0.0.1"
TIMEOUT = 2.0
for _proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_proxy, None)  # the urllib transport reads these: never a proxy here

STATUSES = [200, 200, 201, 204, 301, 302, 307, 400, 401, 401, 401, 403, 404, 429, 500, 503]
NAMES = [
    b"WWW-Authenticate",
    b"WWW-Authenticate",
    b"Retry-After",
    b"DPoP-Nonce",
    b"Content-Type",
    b"Content-Encoding",
    b"Content-Length",
    b"Transfer-Encoding",
    b"Location",
    b"Connection",
]
VALUES = {
    b"WWW-Authenticate": [
        b'Bearer realm="api", error="invalid_token"',
        b'Bearer error="insufficient_scope", scope="admin"',
        b'DPoP error="use_dpop_nonce", algs="ES256"',
        b'Bearer error="invalid_token", resource_metadata="http://127.0.0.1/x"',
        b"Basic realm=x, Bearer",
    ],
    b"Retry-After": [b"0", b"1", b"999999", b"Wed, 21 Oct 2015 07:28:00 GMT", b"-1"],
    b"DPoP-Nonce": [b"n-1", b"n-2", b""],
    b"Content-Type": [
        b"application/json",
        b"application/x-www-form-urlencoded",
        b"text/html",
        b"application/problem+json",
    ],
    b"Content-Encoding": [b"gzip", b"deflate", b"br", b"identity", b"gzip, gzip", b"zstd"],
    b"Content-Length": [b"0", b"5", b"100000", b"-1", b"abc"],
    b"Transfer-Encoding": [b"chunked", b"gzip, chunked", b"identity"],
    b"Location": [b"/r", b"http://127.0.0.1:1/x", b"http://example.com/x", b"//evil/x", b"\x00"],
    b"Connection": [b"close", b"keep-alive"],
}
BODIES = [
    b'{"error": "invalid_token"}',
    b'{"error": "invalid_grant", "error_description": "revoked"}',
    b'{"error": "authorization_pending"}',
    b'{"error": "slow_down", "interval": 10}',
    b'{"access_token": "AT-fuzz", "token_type": "Bearer", "expires_in": 60}',
    b'{"access_token": "AT-fuzz", "token_type": "DPoP", "refresh_token": "RT2"}',
    b'{"device_code": "d", "user_code": "u", "verification_uri": "http://127.0.0.1/v", '
    b'"expires_in": 30, "interval": 1}',
    b"error=access_denied&error_description=no",
    b"<html>500</html>",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
]
DEFAULT_RESOURCE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
DEFAULT_TOKEN = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
    b'Content-Length: 56\r\n\r\n{"access_token": "AT-default", "token_type": "Bearer"}  '
)

# -- the server ---------------------------------------------------------------------------------


class Script:
    """The answers for one run, by endpoint, in the order the requests arrive."""

    def __init__(self) -> None:
        self.token: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self.resource: queue.SimpleQueue[bytes] = queue.SimpleQueue()

    def next(self, path: bytes) -> bytes:
        token = path.startswith((b"/token", b"/device"))
        q = self.token if token else self.resource
        try:
            return q.get_nowait()
        except queue.Empty:
            return DEFAULT_TOKEN if token else DEFAULT_RESOURCE


SCRIPT = Script()


class Handler(socketserver.BaseRequestHandler):
    """Read one request (head and body), answer with the scripted bytes, close."""

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(TIMEOUT)
        data = b""
        try:
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            want = int(match.group(1)) if match else 0
            while len(rest) < want:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
            path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b"/"
            sock.sendall(SCRIPT.next(path))
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


SERVER = Server((HOST, 0), Handler)
PORT = SERVER.server_address[1]
BASE = f"http://{HOST}:{PORT}"
threading.Thread(target=SERVER.serve_forever, daemon=True).start()


# -- clients that cannot leave the loopback server ------------------------------------------------


def _allowed(host: str | None, port: int | None) -> bool:
    return host == HOST and port == PORT


class LoopbackOnly(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not _allowed(request.url.host, request.url.port):
            raise httpx.ConnectError("fuzz harness: not the loopback server", request=request)
        return super().handle_request(request)


class AsyncLoopbackOnly(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not _allowed(request.url.host, request.url.port):
            raise httpx.ConnectError("fuzz harness: not the loopback server", request=request)
        return await super().handle_async_request(request)


class LoopbackAdapter(requests.adapters.HTTPAdapter):
    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        from urllib.parse import urlsplit

        parts = urlsplit(str(request.url))
        try:
            port = parts.port
        except ValueError:
            port = None
        if not _allowed(parts.hostname, port):
            raise requests.ConnectionError("fuzz harness: not the loopback server")
        return super().send(request, *args, **kwargs)


HTTPX = httpx.Client(transport=LoopbackOnly(), trust_env=False, timeout=TIMEOUT)
SESSION = requests.Session()
SESSION.trust_env = False
SESSION.mount("http://", LoopbackAdapter())
SESSION.mount("https://", LoopbackAdapter())
LOOP = asyncio.new_event_loop()


def _no_sleep(seconds: float) -> None:
    return None


async def _ano_sleep(seconds: float) -> None:
    return None


RETRY = RetryPolicy(attempts=2, timeout=5, max_delay=30, sleep=_no_sleep, asleep=_ano_sleep)


# -- building answers ---------------------------------------------------------------------------


def _answer(fdp: atheris.FuzzedDataProvider) -> bytes:
    if fdp.ConsumeIntInRange(0, 7) == 0:  # wholly raw
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 2048))
    status = fdp.PickValueInList(STATUSES)
    if fdp.ConsumeIntInRange(0, 15) == 0:
        status = fdp.ConsumeIntInRange(0, 1200)
    lines = [b"HTTP/1.1 %d X" % status]
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        name = fdp.PickValueInList(NAMES)
        if fdp.ConsumeBool():
            value = fdp.PickValueInList(VALUES[name])
        else:
            value = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 300))
        lines.append(name + b": " + value)
    if fdp.ConsumeBool():
        body = fdp.PickValueInList(BODIES)
    else:
        body = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 1024))
    if fdp.ConsumeBool() and not any(line.lower().startswith(b"content-length") for line in lines):
        lines.append(b"Content-Length: %d" % len(body))
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


# -- targets ------------------------------------------------------------------------------------


class Mine:
    """A user's own token source."""

    def __init__(self, access: str) -> None:
        self.n = 0
        self.access = access

    def token(self) -> Token:
        return Token(self.access)

    def refresh(self, stale: Token | None) -> Token:
        self.n += 1
        return Token(f"{self.access}-{self.n}")


def _source(fdp: atheris.FuzzedDataProvider, kind: int) -> Any:
    transport = fdp.ConsumeIntInRange(0, 2)
    extra: dict[str, Any] = {"timeout": TIMEOUT}
    if transport == 1:
        extra["transport"] = httpx_token_transport(HTTPX)
    elif transport == 2:
        extra["transport"] = requests_token_transport(SESSION)
    method = fdp.PickValueInList(["client_secret_basic", "client_secret_post"])
    if kind == 0:
        return ClientCredentials(f"{BASE}/token", "cid", "secret-1", auth_method=method, **extra)
    if kind == 1:
        return RefreshTokenSource(
            f"{BASE}/token",
            "cid",
            Token("AT-old", refresh_token="RT-1"),
            client_secret="secret-1",
            auth_method=method,
            **extra,
        )
    return Mine("AT-mine")


def _dpop(fdp: atheris.FuzzedDataProvider) -> Any:
    if not fdp.ConsumeBool():
        return None
    return lambda request, nonce: f"proof.{nonce}"


def run_httpx(fdp: atheris.FuzzedDataProvider) -> None:
    source = _source(fdp, fdp.ConsumeIntInRange(0, 2))
    auth = HttpxAuth(source, retry=RETRY, dpop=_dpop(fdp))
    method = fdp.PickValueInList(["GET", "POST", "PUT"])
    follow = fdp.ConsumeBool()
    if fdp.ConsumeBool():
        with HTTPX.stream(
            method, f"{BASE}/api", content=b"body", auth=auth, follow_redirects=follow
        ) as response:
            for _ in response.iter_bytes():
                pass
    else:
        HTTPX.request(method, f"{BASE}/api", content=b"body", auth=auth, follow_redirects=follow)


def run_httpx_async(fdp: atheris.FuzzedDataProvider) -> None:
    kind = fdp.ConsumeIntInRange(0, 2)
    dpop = _dpop(fdp)

    async def main() -> None:
        async with httpx.AsyncClient(
            transport=AsyncLoopbackOnly(), trust_env=False, timeout=TIMEOUT
        ) as client:
            source = _source(fdp, kind)
            if isinstance(source, RefreshTokenSource) and fdp.ConsumeBool():
                source.async_transport = async_token_transport(client)
            auth = HttpxAuth(source, retry=RETRY, dpop=dpop)
            await client.get(f"{BASE}/api", auth=auth, follow_redirects=fdp.ConsumeBool())

    LOOP.run_until_complete(main())


def run_requests(fdp: atheris.FuzzedDataProvider) -> None:
    source = _source(fdp, fdp.ConsumeIntInRange(0, 2))
    auth = RequestsAuth(source, retry=RETRY, dpop=_dpop(fdp))
    method = fdp.PickValueInList(["GET", "POST", "PUT"])
    stream = fdp.ConsumeBool()
    response = SESSION.request(
        method,
        f"{BASE}/api",
        data=b"body",
        auth=auth,
        timeout=TIMEOUT,
        allow_redirects=fdp.ConsumeBool(),
        stream=stream,
    )
    if stream:
        for _ in response.iter_content(4096):
            pass
    response.close()


def run_source(fdp: atheris.FuzzedDataProvider) -> None:
    source = _source(fdp, fdp.ConsumeIntInRange(0, 1))
    if fdp.ConsumeBool():
        source.token()
    else:
        source.refresh(source.current)


def run_device(fdp: atheris.FuzzedDataProvider) -> None:
    now = [1000.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    flow = DeviceFlow(
        f"{BASE}/device",
        f"{BASE}/token",
        "cid",
        sleep=sleep,
        clock=lambda: now[0],
        timeout=TIMEOUT,
    )
    if fdp.ConsumeBool():
        flow.run(lambda authorization: None)
    else:
        flow.poll(DeviceAuthorization("dc", "uc", f"{BASE}/v", None, expires_at=1030.0))


def run_metadata(fdp: atheris.FuzzedDataProvider) -> None:
    use_httpx = fdp.ConsumeBool()
    fetch: Any = httpx_metadata if use_httpx else requests_metadata
    client: Any = HTTPX if use_httpx else SESSION
    if fdp.ConsumeBool():
        fetch(client, f"{BASE}/api", timeout=TIMEOUT)
        return
    auth = HttpxAuth(Mine("AT-mine"), retry=RetryPolicy.never())
    try:  # an error from the resource first: its challenge names the metadata URL
        HTTPX.get(f"{BASE}/api", auth=auth)
    except OAuthError as err:
        check(err)
        if any(c.resource_metadata for c in err.challenges):
            httpx_metadata(HTTPX, err, timeout=TIMEOUT)


TARGETS = [run_httpx, run_httpx_async, run_requests, run_source, run_device, run_metadata]
#: What may escape, besides this package's exceptions: the HTTP libraries' own errors.
ALLOWED: tuple[type[BaseException], ...] = (
    OAuthClientError,
    httpx.HTTPError,
    requests.RequestException,
    OSError,  # the urllib transport (URLError, timeouts, connection resets)
)


def check(err: OAuthError) -> None:
    """A raised error keeps its invariants: display-safe, serialisable, picklable."""
    unsafe = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    for what, text in (("str", str(err)), ("hint", err.hint), ("repr", repr(err))):
        if what != "repr" and unsafe.search(text):
            raise AssertionError(f"{what} of {type(err).__name__} is not display-safe: {text!r}")
    err.to_dict()
    pickle.loads(pickle.dumps(err))


def _known_library_bug(exc: BaseException) -> bool:
    """requests decodes a redirect's ``Location`` as UTF-8 and fails on other bytes.

    psf/requests#4926 (open; fix proposed in psf/requests#4372): ``UnicodeDecodeError``
    from ``SessionRedirectMixin.get_redirect_target``. It happens without this package
    (no frame of ours is involved), so it is tolerated - that narrowly - and nothing else.
    """
    if not isinstance(exc, UnicodeDecodeError):
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    ours = any("oauth_client_errors" in f.filename for f in frames)
    return not ours and any(
        f.name == "get_redirect_target" and f.filename.endswith("requests/sessions.py")
        for f in frames
    )


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = TARGETS[fdp.ConsumeIntInRange(0, len(TARGETS) - 1)]
    script = Script()
    for _ in range(fdp.ConsumeIntInRange(0, 4)):
        answer = _answer(fdp)
        (script.token if fdp.ConsumeBool() else script.resource).put(answer)
    SCRIPT.token, SCRIPT.resource = script.token, script.resource
    try:
        target(fdp)
    except ALLOWED as exc:
        if isinstance(exc, OAuthError):
            check(exc)
    except UnicodeDecodeError as exc:
        if not _known_library_bug(exc):
            raise


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
