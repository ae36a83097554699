"""The whole authorization code flow against a real server (Authlib) on 127.0.0.1.

The browser is played by httpx: it opens the authorization URL and reads the redirect the
server answers with (the server approves at once, or denies when told to).
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
from servers import REDIRECT_URI, LiveServer, serve

from oauth_client_errors import (
    AccessDeniedError,
    AuthorizationCodeFlow,
    AuthorizationRequest,
    ClientCredentials,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    IssuerMismatchError,
    MalformedResponseError,
    Policy,
    StateMismatchError,
    UntrustedResponseError,
    discover,
)
from oauth_client_errors.httpx import async_token_transport, token_transport

WEB_SECRET = "web-secret-0123456789"


@pytest.fixture
def live() -> Iterator[LiveServer]:
    with serve() as server:
        yield server


def web_flow(live: LiveServer, **kw: object) -> AuthorizationCodeFlow:
    kw.setdefault("client_secret", WEB_SECRET)
    kw.setdefault("scope", "openid profile")
    return AuthorizationCodeFlow.from_issuer(live.url, "web", REDIRECT_URI, **kw)  # type: ignore[arg-type]


def browse(url: str) -> str:
    """Open the authorization URL as a browser would; return where the server sends it."""
    response = httpx.get(url, follow_redirects=False)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI)
    return location


def replaced(url: str, **params: str | None) -> str:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def code_exchanges(live: LiveServer) -> int:
    return live.store.token_grants.count("authorization_code")


# -- success ------------------------------------------------------------------------------------


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
def test_the_whole_flow_signs_in(live: LiveServer, auth_method: str) -> None:
    flow = web_flow(live, auth_method=auth_method)
    assert flow.require_iss  # the server advertises RFC 9207
    request = flow.start()
    kept = AuthorizationRequest.from_dict(request.to_dict())  # as through a web session
    token = flow.finish(browse(request.url), kept)
    assert token.id_token == live.store.id_tokens[-1]
    assert token.refresh_token
    sent = live.store.authorizations[-1]
    assert sent["nonce"] == request.nonce and sent["code_challenge_method"] == "S256"
    me = httpx.get(f"{live.url}/api/me", headers={"Authorization": token.authorization})
    assert me.status_code == 200 and me.json() == {"client": "web", "user": "alice"}


def test_a_public_client_signs_in(live: LiveServer) -> None:
    flow = AuthorizationCodeFlow.from_issuer(live.url, "spa", REDIRECT_URI, scope="profile")
    assert flow.auth_method == "none"
    request = flow.start()
    token = flow.finish(browse(request.url), request)
    assert (
        httpx.get(f"{live.url}/api/me", headers={"Authorization": token.authorization}).status_code
        == 200
    )


async def test_afinish_through_an_async_httpx_client(live: LiveServer) -> None:
    hooks: list[str] = []

    async def hook(request: httpx.Request) -> None:
        hooks.append(request.url.path)

    async with httpx.AsyncClient(event_hooks={"request": [hook]}) as client:
        flow = await AuthorizationCodeFlow.afrom_issuer(
            live.url,
            "web",
            REDIRECT_URI,
            async_transport=async_token_transport(client),
            client_secret=WEB_SECRET,
        )
        request = await flow.astart()
        token = await flow.afinish(browse(request.url), request)
    assert token.access_token
    assert hooks == ["/.well-known/oauth-authorization-server", "/token"]


# -- the code exchange refused --------------------------------------------------------------------


def test_a_replayed_code(live: LiveServer) -> None:
    flow = web_flow(live)
    request = flow.start()
    url = browse(request.url)
    flow.finish(url, request)
    with pytest.raises(InvalidGrantError) as info:
        flow.finish(url, request)
    assert info.value.flow_failure == "code_reused_or_expired"  # type: ignore[attr-defined]
    assert info.value.policy is Policy.REAUTHORIZE
    assert "single-use" in info.value.hint
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["code"][0]
    assert code not in f"{info.value} {info.value!r} {info.value.to_dict()}"


def test_an_expired_code(live: LiveServer) -> None:
    live.store.code_lifetime = -1.0
    flow = web_flow(live)
    request = flow.start()
    with pytest.raises(InvalidGrantError) as info:
        flow.finish(browse(request.url), request)
    assert info.value.flow_failure == "code_reused_or_expired"  # type: ignore[attr-defined]


def test_a_wrong_verifier(live: LiveServer) -> None:
    flow = web_flow(live)
    request = flow.start()
    url = browse(request.url)
    other = dataclasses.replace(request, code_verifier=secrets.token_urlsafe(48))
    with pytest.raises(InvalidGrantError) as info:
        flow.finish(url, other)
    assert info.value.flow_failure == "verifier_mismatch"  # type: ignore[attr-defined]
    assert "RFC 7636 §4.6" in info.value.hint
    assert other.code_verifier not in str(info.value)


def test_a_redirect_uri_that_differs_at_the_token_endpoint(live: LiveServer) -> None:
    flow = web_flow(live)
    request = flow.start()
    url = browse(request.url)
    other = dataclasses.replace(request, redirect_uri="http://127.0.0.1:9/other")
    with pytest.raises(InvalidGrantError) as info:
        flow.finish(url, other)
    assert info.value.flow_failure == "redirect_uri_mismatch"  # type: ignore[attr-defined]
    assert info.value.policy is Policy.FIX_CONFIG
    assert "RFC 6749 §4.1.3" in info.value.hint


# -- the callback refused ----------------------------------------------------------------------


def test_a_tampered_state_is_refused_and_the_code_not_exchanged(live: LiveServer) -> None:
    flow = web_flow(live)
    request = flow.start()
    url = replaced(browse(request.url), state="tampered")
    with pytest.raises(StateMismatchError) as info:
        flow.finish(url, request)
    assert info.value.flow_failure == "state_mismatch"  # type: ignore[attr-defined]
    assert code_exchanges(live) == 0


def test_denied_consent(live: LiveServer) -> None:
    live.store.authorization_plan = ["deny"]
    flow = web_flow(live)
    request = flow.start()
    with pytest.raises(AccessDeniedError) as info:
        flow.finish(browse(request.url), request)
    assert info.value.flow_failure == "consent_declined"  # type: ignore[attr-defined]
    assert info.value.policy is Policy.FAIL
    assert code_exchanges(live) == 0


def test_a_missing_iss_where_the_server_advertises_it(live: LiveServer) -> None:
    live.store.iss_mode = "omit"
    flow = web_flow(live)
    request = flow.start()
    with pytest.raises(IssuerMismatchError) as info:
        flow.finish(browse(request.url), request)
    assert info.value.flow_failure == "issuer_missing"  # type: ignore[attr-defined]
    assert code_exchanges(live) == 0


def test_a_wrong_iss(live: LiveServer) -> None:
    live.store.iss_mode = "wrong"
    flow = web_flow(live)
    request = flow.start()
    with pytest.raises(IssuerMismatchError) as info:
        flow.finish(browse(request.url), request)
    assert info.value.flow_failure == "issuer_mismatch"  # type: ignore[attr-defined]
    assert code_exchanges(live) == 0


def test_pkce_s256_refused_by_the_server(caplog: pytest.LogCaptureFixture) -> None:
    with serve(configure=lambda store: setattr(store, "pkce_methods", ("plain",))) as plain:
        with caplog.at_level(logging.WARNING, logger="oauth_client_errors"):
            flow = web_flow(plain)
        assert "S256" in caplog.text
        request = flow.start()
        with pytest.raises(InvalidRequestError) as info:
            flow.finish(browse(request.url), request)
    assert info.value.flow_failure == "pkce_refused"  # type: ignore[attr-defined]
    assert info.value.policy is Policy.FIX_CONFIG


# -- discovery ------------------------------------------------------------------------------------


def test_discovery_with_a_wrong_issuer(live: LiveServer) -> None:
    live.store.as_metadata_override = {"issuer": "https://login.other.example"}
    with pytest.raises(UntrustedResponseError) as info:
        web_flow(live)
    assert "RFC 8414 §3.3" in str(info.value)
    live.store.as_metadata_override = {"issuer": f"{live.url}/"}
    with pytest.raises(UntrustedResponseError) as info:
        discover(live.url)
    assert "trailing slash" in info.value.hint  # type: ignore[attr-defined]


def test_discovery_without_a_document(live: LiveServer) -> None:
    live.store.as_metadata_status = 404
    with pytest.raises(MalformedResponseError) as info:
        discover(live.url)
    assert live.store.as_metadata_requests == [
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
    ]
    assert "no authorization server metadata" in str(info.value)


def test_discovery_with_a_malformed_document(live: LiveServer) -> None:
    live.store.as_metadata_override = {"token_endpoint": 42}
    with pytest.raises(MalformedResponseError, match="token_endpoint"):
        discover(live.url)


def test_discovery_through_the_users_client_and_client_credentials(live: LiveServer) -> None:
    with httpx.Client() as client:
        transport = token_transport(client)
        source = ClientCredentials.from_issuer(
            live.url, "svc", "svc-secret-0123456789", transport=transport
        )
        assert source.token().access_token
    assert source.token_endpoint == live.token_url


# -- PAR ------------------------------------------------------------------------------------------


def test_par_success(live: LiveServer) -> None:
    flow = web_flow(live)
    request = flow.start(use_par=True)
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.url).query))
    assert set(params) == {"client_id", "request_uri"}
    assert params["request_uri"].startswith("urn:ietf:params:oauth:request_uri:")
    token = flow.finish(browse(request.url), request)
    assert token.id_token == live.store.id_tokens[-1]
    assert live.store.par_requests == {}  # used once


def test_par_required_by_the_server(live: LiveServer) -> None:
    live.store.require_par = True
    flow = web_flow(live)
    assert flow.use_par
    request = flow.start()
    assert "request_uri" in request.url
    assert flow.finish(browse(request.url), request).access_token


def test_par_errors(live: LiveServer) -> None:
    live.store.par_error = (400, {"error": "invalid_request", "error_description": "bad scope"})
    with pytest.raises(InvalidRequestError) as info:
        web_flow(live).start(use_par=True)
    assert info.value.endpoint.value == "par"
    with pytest.raises(InvalidClientError) as client_info:
        web_flow(live, client_secret="wrong-secret-000").start(use_par=True)
    assert client_info.value.endpoint.value == "par"
    assert "wrong-secret-000" not in str(client_info.value)
    unregistered = AuthorizationCodeFlow.from_issuer(
        live.url, "web", "http://127.0.0.1:9/unregistered", client_secret=WEB_SECRET
    )
    with pytest.raises(InvalidRequestError) as redirect_info:
        unregistered.start(use_par=True)
    assert redirect_info.value.endpoint.value == "par"
    assert redirect_info.value.flow_failure == "redirect_uri_mismatch"  # type: ignore[attr-defined]
    assert redirect_info.value.policy is Policy.FIX_CONFIG
