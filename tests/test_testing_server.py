"""OAuthTestServer: every grant, every check and every programmed failure, over real HTTP.

The clients are the package's own token sources and adapters (and plain httpx where a test
needs to send what a client never would).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest

from oauth_client_errors import (
    ClientCredentials,
    DeviceFlow,
    InsufficientScopeError,
    InvalidClientError,
    InvalidGrantError,
    InvalidTokenError,
    Policy,
    RefreshTokenSource,
    Situation,
    Token,
    parse_redirect,
)
from oauth_client_errors.httpx import OAuth2Auth
from oauth_client_errors.testing import OAuthTestServer

REDIRECT = "http://127.0.0.1:9/callback"


@pytest.fixture(scope="module")
def module_server() -> Iterator[OAuthTestServer]:
    with OAuthTestServer(device_poll_interval=1) as server:
        yield server


@pytest.fixture
def server(module_server: OAuthTestServer) -> OAuthTestServer:
    module_server.reset()
    return module_server


def _cc(server: OAuthTestServer, **kw: object) -> ClientCredentials:
    return ClientCredentials(server.token_endpoint, server.client_id, server.client_secret, **kw)  # type: ignore[arg-type]


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize(server: OAuthTestServer, challenge: str, **extra: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": server.client_id,
        "redirect_uri": REDIRECT,
        "state": "st-1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "scope": "openid profile",
        **extra,
    }
    answer = httpx.get(server.authorization_endpoint, params=params)
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


def _exchange(
    server: OAuthTestServer, code: str, verifier: str, redirect: str = REDIRECT
) -> httpx.Response:
    return httpx.post(
        server.token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
            "code_verifier": verifier,
            "client_id": server.client_id,
        },
    )


# -- lifecycle -------------------------------------------------------------------------------


def test_lifecycle_and_addresses() -> None:
    server = OAuthTestServer(client_secret="s3cret-value")
    with pytest.raises(RuntimeError):
        server.issuer  # noqa: B018
    with server:
        host, port = urllib.parse.urlsplit(server.issuer)[1].split(":")
        assert host == "127.0.0.1" and int(port) > 0
        for url in (
            server.authorization_endpoint,
            server.token_endpoint,
            server.resource_url,
            server.device_authorization_endpoint,
            server.par_endpoint,
        ):
            assert url.startswith(server.issuer + "/")
        assert "s3cret-value" not in repr(server)
        with pytest.raises(RuntimeError):
            server.start()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", int(port)), timeout=2):
        pass
    assert not [t for t in threading.enumerate() if t.name == "OAuthTestServer"]
    server.stop()  # stopping twice is harmless


def test_the_secret_is_random_by_default() -> None:
    assert OAuthTestServer().client_secret != OAuthTestServer().client_secret


@pytest.mark.parametrize(
    "path", ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]
)
def test_metadata(server: OAuthTestServer, path: str) -> None:
    meta = httpx.get(server.issuer + path).json()
    assert meta["issuer"] == server.issuer and meta["token_endpoint"] == server.token_endpoint
    assert meta["authorization_response_iss_parameter_supported"] is True
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["pushed_authorization_request_endpoint"] == server.par_endpoint


# -- client credentials ----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_client_credentials(server: OAuthTestServer, method: str) -> None:
    token = _cc(server, auth_method=method, scope="read").token()
    assert token.refresh_token is None and token.scope == "read"
    assert server.token_requests == 1
    with httpx.Client(auth=OAuth2Auth(_cc(server))) as client:
        assert client.get(server.resource_url).json()["client_id"] == server.client_id


def test_wrong_secret_and_unknown_client(server: OAuthTestServer) -> None:
    with pytest.raises(InvalidClientError) as caught:
        ClientCredentials(server.token_endpoint, server.client_id, "nope").token()
    assert caught.value.policy is Policy.FIX_CONFIG
    with pytest.raises(InvalidClientError):
        ClientCredentials(server.token_endpoint, "someone-else", server.client_secret).token()
    answer = httpx.post(
        server.token_endpoint,
        data={"grant_type": "client_credentials", "client_id": server.client_id},
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"
    assert server.token_requests == 3


def test_unsupported_grant(server: OAuthTestServer) -> None:
    answer = httpx.post(
        server.token_endpoint,
        auth=(server.client_id, server.client_secret),
        data={"grant_type": "password"},
    )
    assert answer.json()["error"] == "unsupported_grant_type"
    assert answer.status_code == 400
    answer = httpx.post(server.token_endpoint, auth=(server.client_id, server.client_secret))
    assert answer.json()["error"] == "invalid_request"


# -- refresh ---------------------------------------------------------------------------------


def test_refresh_without_rotation_keeps_the_refresh_token(server: OAuthTestServer) -> None:
    token = server.issue_token(scope="a b")
    assert token.refresh_token and token.scope == "a b"
    source = RefreshTokenSource(
        server.token_endpoint, server.client_id, token, client_secret=server.client_secret
    )
    first = source.refresh(token)
    second = source.refresh(first)
    assert first.refresh_token == second.refresh_token == token.refresh_token
    assert first.access_token != second.access_token and server.token_requests == 2


def test_rotation_and_reuse(server: OAuthTestServer) -> None:
    server.rotate_refresh_tokens = True
    token = server.issue_token()
    source = RefreshTokenSource(
        server.token_endpoint, server.client_id, token, client_secret=server.client_secret
    )
    rotated = source.refresh(token)
    assert rotated.refresh_token not in (None, token.refresh_token)
    stale = RefreshTokenSource(
        server.token_endpoint, server.client_id, token, client_secret=server.client_secret
    )
    with pytest.raises(InvalidGrantError) as caught:
        stale.refresh(token)
    assert caught.value.policy is Policy.REAUTHORIZE
    assert "already used" in (caught.value.description or "")


def test_unknown_refresh_token_and_wider_scope(server: OAuthTestServer) -> None:
    unknown = Token("x", refresh_token="nope")
    source = RefreshTokenSource(
        server.token_endpoint, server.client_id, unknown, client_secret=server.client_secret
    )
    with pytest.raises(InvalidGrantError):
        source.refresh(unknown)
    token = server.issue_token(scope="a")
    answer = httpx.post(
        server.token_endpoint,
        auth=(server.client_id, server.client_secret),
        data={"grant_type": "refresh_token", "refresh_token": token.refresh_token, "scope": "a b"},
    )
    assert answer.json()["error"] == "invalid_scope"


# -- device flow -------------------------------------------------------------------------------


def test_device_flow_pending_then_approved(server: OAuthTestServer) -> None:
    waits: list[float] = []
    flow = DeviceFlow(
        server.device_authorization_endpoint,
        server.token_endpoint,
        server.client_id,
        scope="tv",
        sleep=waits.append,
    )
    started = flow.start()
    assert started.user_code and started.verification_uri.startswith(server.issuer)
    token = flow.poll(started)
    assert token.refresh_token and token.scope == "tv"
    assert server.token_requests == 2  # one authorization_pending, then the token
    assert waits == [1.0, 1.0]  # the interval the server gave, before each poll
    answer = httpx.post(
        server.token_endpoint,
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "device_code": started.device_code,
            "client_id": server.client_id,
        },
    )
    assert answer.json()["error"] == "invalid_grant"  # a device code works once


# -- authorization code with PKCE ------------------------------------------------------------


def test_authorization_code_with_pkce(server: OAuthTestServer) -> None:
    verifier, challenge = _pkce()
    answer = _authorize(server, challenge)
    assert answer["state"] == "st-1" and answer["iss"] == server.issuer
    assert (
        parse_redirect(
            REDIRECT + "?" + urllib.parse.urlencode(answer),
            expected_state="st-1",
            expected_issuer=server.issuer,
        )
        is None
    )
    issued = _exchange(server, answer["code"], verifier)
    assert issued.status_code == 200
    body = issued.json()
    assert body["refresh_token"] and body["scope"] == "openid profile"
    again = _exchange(server, answer["code"], verifier)
    assert again.json()["error"] == "invalid_grant"  # a code works once


def test_code_checks_verifier_and_redirect_uri(server: OAuthTestServer) -> None:
    verifier, challenge = _pkce()
    code = _authorize(server, challenge)["code"]
    assert _exchange(server, code, "x" * 43).json()["error"] == "invalid_grant"
    code = _authorize(server, challenge)["code"]
    wrong = _exchange(server, code, verifier, redirect="http://127.0.0.1:9/other")
    assert wrong.json() == {
        "error": "invalid_grant",
        "error_description": "The redirect_uri does not match the authorization request.",
    }


def test_authorization_refuses_without_pkce_or_with_another_response_type(
    server: OAuthTestServer,
) -> None:
    answer = _authorize(server, "", code_challenge_method="plain")
    assert answer["error"] == "invalid_request" and answer["state"] == "st-1"
    answer = _authorize(server, _pkce()[1], response_type="token")
    assert answer["error"] == "unsupported_response_type"
    bad = httpx.get(
        server.authorization_endpoint, params={"client_id": "other", "redirect_uri": REDIRECT}
    )
    assert bad.status_code == 400  # never redirects for an unknown client


def test_pushed_authorization_request(server: OAuthTestServer) -> None:
    verifier, challenge = _pkce()
    pushed = httpx.post(
        server.par_endpoint,
        auth=(server.client_id, server.client_secret),
        data={
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "state": "par-state",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert pushed.status_code == 201
    request_uri = pushed.json()["request_uri"]
    assert request_uri.startswith("urn:ietf:params:oauth:request_uri:")
    answer = httpx.get(
        server.authorization_endpoint,
        params={"client_id": server.client_id, "request_uri": request_uri},
    )
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(answer.headers["location"]).query))
    assert query["state"] == "par-state"
    assert _exchange(server, query["code"], verifier).status_code == 200
    reused = httpx.get(
        server.authorization_endpoint,
        params={"client_id": server.client_id, "request_uri": request_uri},
    )
    assert reused.status_code == 400  # a request_uri works once


# -- the protected resource ------------------------------------------------------------------


def test_resource_checks_the_bearer_token(server: OAuthTestServer) -> None:
    bare = httpx.get(server.resource_url)
    assert bare.status_code == 401 and bare.headers["www-authenticate"] == 'Bearer realm="test"'
    unknown = httpx.get(server.resource_url, headers={"Authorization": "Bearer nope"})
    assert 'error="invalid_token"' in unknown.headers["www-authenticate"]
    token = server.issue_token(scope="read")
    ok = httpx.get(server.resource_url, headers={"Authorization": token.authorization})
    assert ok.json()["scope"] == "read"
    more = httpx.get(
        server.resource_url,
        params={"scope": "write"},
        headers={"Authorization": token.authorization},
    )
    assert more.status_code == 403 and 'scope="write"' in more.headers["www-authenticate"]


def test_expired_token_at_the_resource(server: OAuthTestServer) -> None:
    server.access_token_lifetime = 1
    token = server.issue_token()
    server.expire_access_tokens()
    answer = httpx.get(server.resource_url, headers={"Authorization": token.authorization})
    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["www-authenticate"]
    assert "expired" in answer.headers["www-authenticate"]


def test_adapter_refreshes_an_expired_token(server: OAuthTestServer) -> None:
    token = server.issue_token()
    server.expire_access_tokens()
    source = RefreshTokenSource(
        server.token_endpoint, server.client_id, token, client_secret=server.client_secret
    )
    with httpx.Client(auth=OAuth2Auth(source)) as client:
        assert client.get(server.resource_url).status_code == 200
    assert server.token_requests == 1


# -- programmed failures -----------------------------------------------------------------------


def test_fail_next_token_serves_the_sample_once(server: OAuthTestServer) -> None:
    served = server.fail_next_token("microsoft", "AADSTS50076")
    with pytest.raises(Exception) as caught:
        _cc(server).token()
    assert type(caught.value) is served.error_class
    assert caught.value.vendor_code == "AADSTS50076"  # type: ignore[attr-defined]
    assert _cc(server).token().access_token  # only the next one fails
    assert server.token_requests == 2


def test_fail_next_resource(server: OAuthTestServer) -> None:
    server.fail_next_resource("rfc", "insufficient_scope")
    client = httpx.Client(auth=OAuth2Auth(_cc(server)))
    with client, pytest.raises(InsufficientScopeError):
        client.get(server.resource_url)
    server.fail_next_resource("facebook", "190/463")
    client = httpx.Client(auth=OAuth2Auth(_cc(server)))
    with client, pytest.raises(InvalidTokenError) as c:
        client.get(server.resource_url)
    assert c.value.situation is Situation.GRANT_INVALID and c.value.dialect == "facebook"
    # A client-credentials source: no user to authorize again, the configuration must change.
    assert c.value.policy is Policy.FIX_CONFIG and c.value.grant == "client_credentials"


def test_fail_next_authorization(server: OAuthTestServer) -> None:
    server.fail_next_authorization("rfc", "access_denied")
    answer = _authorize(server, _pkce()[1])
    assert answer["error"] == "access_denied" and answer["state"] == "st-1"
    err = parse_redirect(
        REDIRECT + "?" + urllib.parse.urlencode(answer),
        expected_state="st-1",
        expected_issuer=server.issuer,
    )
    assert err is not None and err.policy is Policy.FAIL
    assert "code" in _authorize(server, _pkce()[1])


def test_fail_next_authorization_needs_a_redirect_error(server: OAuthTestServer) -> None:
    with pytest.raises(LookupError):
        server.fail_next_authorization("slack", "missing_scope")


def test_reset_forgets_everything(server: OAuthTestServer) -> None:
    token = server.issue_token()
    server.rotate_refresh_tokens = True
    server.access_token_lifetime = 5
    server.fail_next_token("rfc", "invalid_grant")
    server.fail_next_resource("rfc", "invalid_token")
    server.reset()
    assert (server.rotate_refresh_tokens, server.access_token_lifetime) == (False, 3600)
    assert server.token_requests == 0
    answer = httpx.get(server.resource_url, headers={"Authorization": token.authorization})
    assert answer.status_code == 401  # the old token is forgotten, no failure was queued
    assert 'error="invalid_token"' in answer.headers["www-authenticate"]
    assert _cc(server).token().expires_at > time.time() + 3000  # type: ignore[operator]


def test_redirect_parse_with_iss_mismatch_is_refused(server: OAuthTestServer) -> None:
    answer = _authorize(server, _pkce()[1])
    from oauth_client_errors import IssuerMismatchError

    with pytest.raises(IssuerMismatchError):
        parse_redirect(
            REDIRECT + "?" + urllib.parse.urlencode(answer),
            expected_state="st-1",
            expected_issuer="http://127.0.0.1:1",
        )


def test_concurrent_token_requests(server: OAuthTestServer) -> None:
    results: list[str] = []

    def one() -> None:
        results.append(_cc(server).token().access_token)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(set(results)) == 8 and server.token_requests == 8


def test_invalid_request_from_a_missing_redirect_uri(server: OAuthTestServer) -> None:
    bad = httpx.get(server.authorization_endpoint, params={"client_id": server.client_id})
    assert bad.status_code == 400 and "location" not in bad.headers  # never a redirect


def test_fail_next_token_with_a_chosen_sample(server: OAuthTestServer) -> None:
    from oauth_client_errors.testing import sample

    chosen = sample("keycloak", "invalid_grant", description="Account disabled")
    assert server.fail_next_token(chosen) is chosen
    with pytest.raises(InvalidGrantError) as caught:
        _cc(server).token()
    assert caught.value.policy is Policy.FAIL and caught.value.dialect == "keycloak"
    with pytest.raises(TypeError):
        server.fail_next_resource("rfc")


def test_a_malformed_request_gets_an_answer(server: OAuthTestServer) -> None:
    with socket.create_connection(("127.0.0.1", int(server.issuer.rsplit(":", 1)[1]))) as conn:
        conn.sendall(b"POST /token HTTP/1.0\r\nContent-Length: nope\r\n\r\n")
        conn.settimeout(10)
        assert conn.recv(100).startswith(b"HTTP/1.0 500")


@pytest.mark.parametrize("confidential", [True, False])
def test_the_package_authorization_code_flow(server: OAuthTestServer, confidential: bool) -> None:
    from oauth_client_errors import AccessDeniedError, AuthorizationCodeFlow

    flow = AuthorizationCodeFlow(
        server.authorization_endpoint,
        server.token_endpoint,
        server.client_id,
        REDIRECT,
        client_secret=server.client_secret if confidential else None,
        scope="openid",
        issuer=server.issuer,
    )
    request = flow.start()
    token = flow.finish(httpx.get(request.url).headers["location"], request)
    assert token.refresh_token and token.scope == "openid"
    server.fail_next_authorization("google", "admin_policy_enforced")
    request = flow.start()
    with pytest.raises(AccessDeniedError) as caught:
        flow.finish(httpx.get(request.url).headers["location"], request)
    assert caught.value.dialect == "google" and caught.value.policy is Policy.FAIL
