"""Redirects httpx follows carry no token or DPoP proof to another origin (issue 12, item 6).

httpx follows redirects inside ``Client.send``, out of an ``httpx.Auth``'s sight; it drops
``Authorization`` on most origin changes (not on http -> https to the same host) and keeps
``DPoP``. ``oauth_client_errors.httpx.client()`` / ``async_client()`` install the auth's
redirect hook; a client without it gets one WARNING per auth when a redirect carried either.

Real loopback servers only: an authorization server (``OAuthTestServer``, client secret
sent by ``client_secret_basic``) on one origin, recording resource servers on others. Two
ports of 127.0.0.1 are two origins; https runs on a self-signed certificate made here; the
http -> https upgrade httpx keeps ``Authorization`` on needs ports 80 and 443, taken on a
127/8 address of this test's own (skipped where binding them is not allowed).
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import os
import random
import ssl
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from leakcheck import RootLogs, assert_no_secret
from servers import serve_wsgi

from oauth_client_errors import ClientCredentials, RetryPolicy
from oauth_client_errors.httpx import OAuth2Auth, async_client, client
from oauth_client_errors.testing import OAuthTestServer

Seen = tuple[str, str | None, str | None]  # (path, Authorization, DPoP)


class Recorder:
    """A WSGI resource: records each request's credentials; ``/go?to=URL`` redirects."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        with self.lock:
            self.seen.append((path, environ.get("HTTP_AUTHORIZATION"), environ.get("HTTP_DPOP")))
        if path == "/go":
            to = urllib.parse.parse_qs(environ["QUERY_STRING"])["to"][0]
            start_response("302 Found", [("Location", to), ("Content-Length", "0")])
            return []
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]


def self_signed(host: str, folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A certificate for the IP ``host``: the server's TLS context and a client's trusting it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (folder / "cert.pem").write_bytes(pem)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return server, ssl.create_default_context(cadata=pem.decode())


@dataclass
class Trip:
    """Where a request starts and where its redirect lands."""

    start: str  # the first URL (it redirects)
    home: Recorder  # the server at the first URL
    away: Recorder  # the server the redirect leads to
    verify: ssl.SSLContext | bool
    kind: str = "same-origin"


def _upgrade_servers(
    stack: ExitStack, home: Recorder, away: Recorder, folder: Path
) -> tuple[str, ssl.SSLContext]:
    """http://H:80 redirecting to https://H:443 on a 127/8 address H of this test's own."""
    for _ in range(5):
        host = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"
        server_tls, client_tls = self_signed(host, folder)
        try:
            http = stack.enter_context(serve_wsgi(home, host=host, port=80))
            https = stack.enter_context(
                serve_wsgi(away, host=host, port=443, ssl_context=server_tls)
            )
        except PermissionError:
            pytest.skip("binding ports 80 and 443 is not allowed here")
        except OSError:  # taken (another test picked the same address): another address
            stack.close()
            continue
        return f"{http}/go?to={urllib.parse.quote(https + '/next')}", client_tls
    pytest.skip("no free 127/8 address for ports 80 and 443")


LEAVING = ["another-port", "https-to-http", "http-to-https-upgrade"]


@pytest.fixture(params=LEAVING)
def leaving(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Trip]:
    """A first request whose redirect leaves its origin, three ways."""
    home, away = Recorder(), Recorder()
    with ExitStack() as stack:
        verify: ssl.SSLContext | bool = True
        if request.param == "http-to-https-upgrade":
            start, verify = _upgrade_servers(stack, home, away, tmp_path)
        else:
            tls = None
            if request.param == "https-to-http":
                tls, verify = self_signed("127.0.0.1", tmp_path)
            there = stack.enter_context(serve_wsgi(away))
            here = stack.enter_context(serve_wsgi(home, ssl_context=tls))
            start = f"{here}/go?to={urllib.parse.quote(there + '/next')}"
        yield Trip(start, home, away, verify, request.param)


@pytest.fixture
def same_origin() -> Iterator[Trip]:
    app = Recorder()
    with serve_wsgi(app) as url:
        yield Trip(f"{url}/go?to=%2Fnext", app, app, True)


@pytest.fixture(scope="module")
def running_server() -> Iterator[OAuthTestServer]:
    with OAuthTestServer() as srv:
        yield srv


@pytest.fixture
def server(running_server: OAuthTestServer) -> OAuthTestServer:
    """The authorization server, on an origin of its own; its counters at zero."""
    running_server.reset()
    return running_server


@pytest.fixture
def logs() -> Iterator[RootLogs]:
    with RootLogs().installed() as handler:
        yield handler


PROOF = f"S3NT-proof-{os.urandom(6).hex()}"


def proof_hook(request: Any, nonce: str | None) -> str:
    return PROOF


def source_of(server: OAuthTestServer) -> ClientCredentials:
    return ClientCredentials(server.token_endpoint, server.client_id, server.client_secret)


def warnings_of(logs: RootLogs) -> list[str]:
    return [
        r.getMessage()
        for r in logs.records
        if r.name.startswith("oauth_client_errors") and r.levelno >= logging.WARNING
    ]


def token_of(trip: Trip) -> str:
    """The access token the first request carried (it is the only request at home)."""
    path, authorization, proof = trip.home.seen[0]
    assert path == "/go" and authorization is not None and authorization.startswith("Bearer ")
    assert proof == PROOF
    return authorization.removeprefix("Bearer ")


def assert_quiet(logs: RootLogs, server: OAuthTestServer, trip: Trip) -> None:
    assert warnings_of(logs) == []
    assert_no_secret(None, token_of(trip), PROOF, server.client_secret, logs=logs.lines)


def get_sync(make: Callable[..., httpx.Client], auth: Any, trip: Trip, **kw: Any) -> int:
    with make(auth, follow_redirects=True, verify=trip.verify, trust_env=False, **kw) as api:
        return api.get(trip.start).status_code


async def get_async(
    make: Callable[..., httpx.AsyncClient], auth: Any, trip: Trip, **kw: Any
) -> int:
    async with make(auth, follow_redirects=True, verify=trip.verify, trust_env=False, **kw) as api:
        return (await api.get(trip.start)).status_code


def plain(auth: OAuth2Auth, **kw: Any) -> httpx.Client:
    return httpx.Client(auth=auth, **kw)


def plain_async(auth: OAuth2Auth, **kw: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(auth=auth, **kw)


# -- the factories: nothing goes along ----------------------------------------------------------


def test_client_drops_token_and_proof_on_a_redirect_leaving_the_origin(
    leaving: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    assert get_sync(client, source_of(server), leaving, dpop=proof_hook) == 200
    token_of(leaving)  # the first request had both
    assert leaving.away.seen == [("/next", None, None)]
    assert server.token_requests == 1  # through the client, client_secret_basic intact
    assert_quiet(logs, server, leaving)


async def test_async_client_drops_token_and_proof_on_a_redirect_leaving_the_origin(
    leaving: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    assert await get_async(async_client, source_of(server), leaving, dpop=proof_hook) == 200
    token_of(leaving)
    assert leaving.away.seen == [("/next", None, None)]
    assert server.token_requests == 1
    assert_quiet(logs, server, leaving)


def test_client_keeps_token_and_proof_on_a_same_origin_redirect(
    same_origin: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    assert get_sync(client, source_of(server), same_origin, dpop=proof_hook) == 200
    token = token_of(same_origin)
    assert same_origin.home.seen[1] == ("/next", f"Bearer {token}", PROOF)
    assert_quiet(logs, server, same_origin)


async def test_async_client_keeps_token_and_proof_on_a_same_origin_redirect(
    same_origin: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    assert await get_async(async_client, source_of(server), same_origin, dpop=proof_hook) == 200
    token = token_of(same_origin)
    assert same_origin.home.seen[1] == ("/next", f"Bearer {token}", PROOF)
    assert_quiet(logs, server, same_origin)


# -- the hook leaves token requests alone -------------------------------------------------------


@pytest.mark.parametrize("how", ["factory", "hook by hand"])
def test_token_requests_to_another_origin_keep_their_client_authentication(
    how: str, same_origin: Trip, server: OAuthTestServer
) -> None:
    """The authorization server is another origin than the resource; the hook runs on the
    token request too (it goes through the client) and must not take its Basic auth."""
    auth = OAuth2Auth(source_of(server))
    if how == "factory":
        assert get_sync(client, auth, same_origin) == 200
    else:
        hooks = {"request": [auth.redirect_hook]}
        assert get_sync(plain, auth, same_origin, event_hooks=hooks) == 200
    assert server.token_requests == 1
    token = token_of_plain(same_origin)
    assert same_origin.home.seen[1] == ("/next", f"Bearer {token}", None)


async def test_async_token_requests_to_another_origin_keep_their_client_authentication(
    same_origin: Trip, server: OAuthTestServer
) -> None:
    auth = OAuth2Auth(source_of(server))
    hooks = {"request": [auth.aredirect_hook]}
    assert await get_async(plain_async, auth, same_origin, event_hooks=hooks) == 200
    assert server.token_requests == 1
    token_of_plain(same_origin)


def test_client_leaves_redirects_of_requests_without_its_token_alone(
    same_origin: Trip, server: OAuthTestServer
) -> None:
    """A request to an origin the token is not for carries the caller's own headers; the
    hook does not touch them on a redirect within that origin."""
    mine = f"Bearer S3NT-mine-{os.urandom(6).hex()}"
    auth = OAuth2Auth(source_of(server), origins="https://api.example")
    with client(auth, follow_redirects=True, trust_env=False) as api:
        response = api.get(same_origin.start, headers={"Authorization": mine, "DPoP": "own"})
    assert response.status_code == 200
    assert same_origin.home.seen == [("/go", mine, "own"), ("/next", mine, "own")]
    assert server.token_requests == 0


def token_of_plain(trip: Trip) -> str:
    path, authorization, proof = trip.home.seen[0]
    assert path == "/go" and authorization is not None and proof is None
    return authorization.removeprefix("Bearer ")


# -- the user's own event hooks -----------------------------------------------------------------


def test_client_keeps_the_users_event_hooks_after_its_own(
    leaving: Trip, server: OAuthTestServer
) -> None:
    requests_seen: list[Seen] = []
    statuses: list[int] = []

    def on_request(request: httpx.Request) -> None:
        auth = request.headers.get("authorization")
        requests_seen.append((request.url.path, auth, request.headers.get("dpop")))

    hooks = {"request": [on_request], "response": [lambda r: statuses.append(r.status_code)]}
    assert get_sync(client, source_of(server), leaving, dpop=proof_hook, event_hooks=hooks) == 200
    token = token_of(leaving)
    # ours ran first: the user's hook sees the redirect already without the credentials
    assert requests_seen[-2:] == [("/go", f"Bearer {token}", PROOF), ("/next", None, None)]
    assert statuses[-2:] == [302, 200]
    assert hooks["request"] == [on_request]  # the caller's mapping is not changed


async def test_async_client_keeps_the_users_event_hooks_after_its_own(
    leaving: Trip, server: OAuthTestServer
) -> None:
    requests_seen: list[Seen] = []
    statuses: list[int] = []

    async def on_request(request: httpx.Request) -> None:
        auth = request.headers.get("authorization")
        requests_seen.append((request.url.path, auth, request.headers.get("dpop")))

    async def on_response(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    hooks = {"request": [on_request], "response": [on_response]}
    status = await get_async(
        async_client, source_of(server), leaving, dpop=proof_hook, event_hooks=hooks
    )
    assert status == 200
    token = token_of(leaving)
    assert requests_seen[-2:] == [("/go", f"Bearer {token}", PROOF), ("/next", None, None)]
    assert statuses[-2:] == [302, 200]


# -- without the hook: what httpx does, and the warning -----------------------------------------


def carried(trip: Trip) -> Seen:
    """What a redirect without the hook carries: httpx's own choice, as it is today."""
    token = token_of(trip)
    upgrade = trip.kind == "http-to-https-upgrade"  # httpx keeps Authorization on it
    return ("/next", f"Bearer {token}" if upgrade else None, PROOF)


def assert_warned_once(logs: RootLogs, server: OAuthTestServer, trip: Trip) -> None:
    (message,) = warnings_of(logs)
    assert "oauth_client_errors.httpx.client(" in message and "redirect_hook" in message
    assert "DPoP" in message
    assert_no_secret(None, token_of(trip), PROOF, server.client_secret, logs=logs.lines)


def test_plain_client_warns_once_when_a_redirect_carried_the_proof(
    leaving: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    auth = OAuth2Auth(source_of(server), dpop=proof_hook)
    with httpx.Client(
        auth=auth, follow_redirects=True, verify=leaving.verify, trust_env=False
    ) as api:
        assert api.get(leaving.start).status_code == 200
        assert api.get(leaving.start).status_code == 200
    assert leaving.away.seen == [carried(leaving)] * 2
    assert_warned_once(logs, server, leaving)


async def test_plain_async_client_warns_once_when_a_redirect_carried_the_proof(
    leaving: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    auth = OAuth2Auth(source_of(server), dpop=proof_hook)
    async with httpx.AsyncClient(
        auth=auth, follow_redirects=True, verify=leaving.verify, trust_env=False
    ) as api:
        assert (await api.get(leaving.start)).status_code == 200
        assert (await api.get(leaving.start)).status_code == 200
    assert leaving.away.seen == [carried(leaving)] * 2
    assert_warned_once(logs, server, leaving)


def test_plain_client_does_not_warn_when_the_redirect_carried_nothing(
    server: OAuthTestServer, logs: RootLogs
) -> None:
    """No DPoP, another port: httpx dropped ``Authorization`` itself; nothing to warn of."""
    home, away = Recorder(), Recorder()
    with serve_wsgi(away) as there, serve_wsgi(home) as here:
        trip = Trip(f"{here}/go?to={urllib.parse.quote(there + '/next')}", home, away, True)
        assert get_sync(plain, OAuth2Auth(source_of(server)), trip) == 200
    token_of_plain(trip)
    assert away.seen == [("/next", None, None)]
    assert warnings_of(logs) == []


def test_plain_client_does_not_warn_on_a_same_origin_redirect(
    same_origin: Trip, server: OAuthTestServer, logs: RootLogs
) -> None:
    assert get_sync(plain, OAuth2Auth(source_of(server), dpop=proof_hook), same_origin) == 200
    assert_quiet(logs, server, same_origin)


# -- the factories' arguments -------------------------------------------------------------------


def test_client_builds_the_auth_from_a_source_with_its_options() -> None:
    source = ClientCredentials("https://as.example/token", "id", "secret")
    never = RetryPolicy.never()
    with client(source, retry=never, dpop=proof_hook, origins="https://api.example") as api:
        auth = api.auth
        assert isinstance(auth, OAuth2Auth) and auth.source is source
        assert auth._core.retry is never and auth._core.dpop is proof_hook
        assert auth._core.origins == frozenset({("https", "api.example", 443)})
        assert api.event_hooks["request"] == [auth.redirect_hook]


def test_client_takes_a_built_auth_and_refuses_options_beside_it() -> None:
    auth = OAuth2Auth(ClientCredentials("https://as.example/token", "id", "secret"))
    with client(auth, base_url="https://api.example", timeout=3) as api:
        assert api.auth is auth
        assert api.base_url == "https://api.example"
        assert api.timeout == httpx.Timeout(3)
    with pytest.raises(TypeError, match="OAuth2Auth"):
        client(auth, dpop=proof_hook)
    with pytest.raises(TypeError, match="auth="):
        client(auth.source, auth=auth)
    with pytest.raises(TypeError, match="auth="):
        async_client(auth, auth=auth)


async def test_async_client_installs_the_awaitable_hook() -> None:
    auth = OAuth2Auth(ClientCredentials("https://as.example/token", "id", "secret"))
    async with async_client(auth) as api:
        assert api.auth is auth
        assert api.event_hooks["request"] == [auth.aredirect_hook]
