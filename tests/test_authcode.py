"""AuthorizationCodeFlow and discovery, step by step (sans-I/O, fake and mock transports)."""

from __future__ import annotations

import base64
import dataclasses
import json
import pickle
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from oauth_client_errors import (
    AccessDeniedError,
    AuthorizationCodeFlow,
    AuthorizationRequest,
    ClientCredentials,
    HTTPResult,
    InsecureTransportError,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    IssuerMismatchError,
    MalformedResponseError,
    OAuthClientError,
    Policy,
    RefreshTokenSource,
    ServerMetadata,
    StateMismatchError,
    Token,
    TokenRequest,
    TransportError,
    UntrustedResponseError,
    discover,
    parse_response,
)
from oauth_client_errors._authcode import FLOW_HINTS, code_challenge
from oauth_client_errors._discovery import discovery_requests, interpret_discovery
from oauth_client_errors.httpx import async_token_transport, token_transport

AS = "https://as.example.com"
REDIRECT = "https://app.example.com/callback"
SECRET = "s3cr3t-client-secret"


def flow(**kw: Any) -> AuthorizationCodeFlow:
    kw.setdefault("client_secret", SECRET)
    return AuthorizationCodeFlow(f"{AS}/authorize", f"{AS}/token", "client-1", REDIRECT, **kw)


def query(url: str) -> dict[str, str]:
    pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    assert len(pairs) == len(dict(pairs)), "a parameter is repeated"
    return dict(pairs)


def form(request: TokenRequest) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request.body.decode()))


def answer(status: int, body: dict[str, Any] | str) -> HTTPResult:
    raw = body if isinstance(body, str) else json.dumps(body)
    return HTTPResult(status, [("Content-Type", "application/json")], raw.encode())


def callback(request: AuthorizationRequest, **params: str) -> str:
    params.setdefault("state", request.state)
    return f"{REDIRECT}?{urllib.parse.urlencode(params)}"


class Recorder:
    """A transport that records each request and answers from a list."""

    def __init__(self, *results: HTTPResult) -> None:
        self.results = list(results)
        self.requests: list[TokenRequest] = []

    def __call__(self, request: TokenRequest) -> HTTPResult:
        self.requests.append(request)
        return self.results.pop(0)


# -- PKCE, start --------------------------------------------------------------------------------


def test_code_challenge_matches_rfc7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_start_builds_the_url_with_pkce_s256_state_and_nonce() -> None:
    request = flow(scope=["openid", "profile"]).start(prompt="login")
    params = query(request.url)
    assert request.url.startswith(f"{AS}/authorize?")
    assert params["response_type"] == "code"
    assert params["client_id"] == "client-1"
    assert params["redirect_uri"] == REDIRECT
    assert params["scope"] == "openid profile"
    assert params["prompt"] == "login"
    assert params["state"] == request.state
    assert params["nonce"] == request.nonce
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == code_challenge(request.code_verifier)
    assert "code_verifier" not in params
    assert re.fullmatch(r"[A-Za-z0-9\-._~]{43,128}", request.code_verifier)
    assert request.redirect_uri == REDIRECT


def test_every_start_has_fresh_values() -> None:
    f = flow()
    first, second = f.start(), f.start()
    assert first.state != second.state
    assert first.nonce != second.nonce
    assert first.code_verifier != second.code_verifier
    assert len({first.state, first.nonce, first.code_verifier}) == 3


def test_start_keeps_a_query_of_the_endpoint_and_may_override_scope() -> None:
    f = AuthorizationCodeFlow(
        f"{AS}/authorize?tenant=t1", f"{AS}/token", "c", REDIRECT, scope="profile"
    )
    params = query(f.start(scope="admin", acr_values=["mfa", "pwd"], max_age=0).url)
    assert params["tenant"] == "t1"
    assert params["scope"] == "admin"
    assert params["acr_values"] == "mfa pwd"
    assert params["max_age"] == "0"


@pytest.mark.parametrize("name", ["state", "code_challenge", "redirect_uri", "client_id"])
def test_start_refuses_to_override_what_it_sets(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        flow().start(**{name: "x"})


# -- AuthorizationRequest ---------------------------------------------------------------------


def test_repr_and_str_hide_verifier_state_and_nonce() -> None:
    request = flow().start()
    for text in (repr(request), str(request)):
        assert request.code_verifier not in text
        assert request.state not in text
        assert request.nonce not in text
        assert code_challenge(request.code_verifier) not in text
        assert "AuthorizationRequest(" in text and f"{AS}/authorize" in text


def test_to_dict_from_dict_round_trip_through_json() -> None:
    request = flow().start()
    again = AuthorizationRequest.from_dict(json.loads(json.dumps(request.to_dict())))
    assert again == request


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("state"),
        lambda d: d.update(state=""),
        lambda d: d.update(nonce=5),
        lambda d: d.update(code_verifier="short"),
        lambda d: d.update(code_verifier="x" * 42 + "!"),
        lambda d: d.update(url="javascript:alert(1)"),
        lambda d: d.update(v=2),
        lambda d: d.update(redirect_uri=None),
    ],
)
def test_from_dict_refuses_bad_input_without_echoing_it(
    change: Callable[[dict[str, Any]], Any],
) -> None:
    data = flow().start().to_dict()
    verifier = data["code_verifier"]
    change(data)
    with pytest.raises(MalformedResponseError) as info:
        AuthorizationRequest.from_dict(data)
    assert isinstance(info.value, ValueError)
    assert verifier not in str(info.value)


@pytest.mark.parametrize("value", [None, [], "state=abc", 42])
def test_from_dict_refuses_what_is_not_a_mapping(value: Any) -> None:
    with pytest.raises(MalformedResponseError):
        AuthorizationRequest.from_dict(value)


# -- the token request and its answer ----------------------------------------------------------


def test_token_request_with_client_secret_basic() -> None:
    f = flow()
    request = f.start()
    sent = f.build_token_request("the-code-123", request)
    assert sent.method == "POST" and sent.url == f"{AS}/token"
    assert form(sent) == {
        "grant_type": "authorization_code",
        "code": "the-code-123",
        "redirect_uri": REDIRECT,
        "code_verifier": request.code_verifier,
    }
    scheme, _, value = sent.headers["Authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(value).decode() == f"client-1:{SECRET}"
    assert {"the-code-123", request.code_verifier, SECRET} <= set(sent.secrets)
    assert "the-code-123" not in repr(sent) and request.code_verifier not in repr(sent)


def test_token_request_with_client_secret_post_and_as_public_client() -> None:
    request = flow().start()
    post = flow(auth_method="client_secret_post").build_token_request("c0de", request)
    assert "Authorization" not in post.headers
    assert form(post)["client_id"] == "client-1" and form(post)["client_secret"] == SECRET
    public = flow(client_secret=None)
    assert public.auth_method == "none"
    sent = public.build_token_request("c0de", request)
    assert "Authorization" not in sent.headers
    assert form(sent)["client_id"] == "client-1" and "client_secret" not in form(sent)


def test_interpret_keeps_the_id_token_raw_and_hidden() -> None:
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
    token = flow(clock=lambda: 1000.0).interpret(
        answer(
            200,
            {
                "access_token": "at-1",
                "token_type": "Bearer",
                "expires_in": 60,
                "id_token": jwt,
                "refresh_token": "rt-1",
            },
        )
    )
    assert token.id_token == jwt
    assert token.expires_at == 1060.0
    assert jwt not in repr(token) and "id_token='***'" in repr(token)
    assert Token.from_response({"access_token": "x"}).id_token is None


@pytest.mark.parametrize(
    ("description", "failure", "policy"),
    [
        ("Invalid 'code' in request.", "code_reused_or_expired", Policy.REAUTHORIZE),
        ("Code was already redeemed.", "code_reused_or_expired", Policy.REAUTHORIZE),
        ("Code challenge failed.", "verifier_mismatch", Policy.REAUTHORIZE),
        ("PKCE verification failed", "verifier_mismatch", Policy.REAUTHORIZE),
        ("Failed to verify code verifier", "verifier_mismatch", Policy.REAUTHORIZE),
        ("Invalid 'redirect_uri' in request.", "redirect_uri_mismatch", Policy.FIX_CONFIG),
        ("Incorrect redirect_uri", "redirect_uri_mismatch", Policy.FIX_CONFIG),
    ],
)
def test_a_refused_code_exchange_gets_the_flows_hint(
    description: str, failure: str, policy: Policy
) -> None:
    f = flow()
    sent = f.build_token_request("c0de-value", f.start())
    with pytest.raises(InvalidGrantError) as info:
        f.interpret(answer(400, {"error": "invalid_grant", "error_description": description}), sent)
    err = info.value
    expected = FLOW_HINTS[(failure, "token")]
    assert err.flow_failure == failure  # type: ignore[attr-defined]
    assert err.hint == expected.render() and expected.spec in err.hint
    assert err.policy is policy
    assert err.description == description
    generic = parse_response(400, None, json.dumps({"error": "invalid_grant"}), endpoint="token")
    assert generic is not None and generic.hint != err.hint
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is InvalidGrantError and again.hint == err.hint


def test_an_error_that_is_no_flow_failure_keeps_the_parsers_hint() -> None:
    body = {"error": "invalid_client", "error_description": "Client authentication failed"}
    expected = parse_response(401, None, json.dumps(body), endpoint="token")
    assert expected is not None
    with pytest.raises(InvalidClientError) as info:
        flow().interpret(answer(401, body))
    assert info.value.hint == expected.hint
    assert not hasattr(info.value, "flow_failure")


def test_secrets_echoed_by_the_server_are_redacted() -> None:
    f = flow()
    request = f.start()
    sent = f.build_token_request("code-that-leaks", request)
    body = {
        "error": "invalid_grant",
        "error_description": f"code code-that-leaks with verifier {request.code_verifier} bad",
    }
    with pytest.raises(InvalidGrantError) as info:
        f.interpret(answer(400, body), sent)
    text = f"{info.value} {info.value!r} {json.dumps(info.value.to_dict())}"
    assert "code-that-leaks" not in text and request.code_verifier not in text


def test_a_success_without_a_token_is_malformed() -> None:
    with pytest.raises(MalformedResponseError) as info:
        flow().interpret(answer(200, "<html>login</html>"))
    assert "RFC 6749 §5.1" in info.value.hint  # type: ignore[attr-defined]
    with pytest.raises(MalformedResponseError):
        flow().interpret(answer(200, {"token_type": "Bearer"}))


# -- the callback ------------------------------------------------------------------------------


def test_check_callback_returns_the_code() -> None:
    f = flow()
    request = f.start()
    assert f.check_callback(callback(request, code="abc"), request) == "abc"
    assert f.check_callback(callback(request, code="abc").encode(), request) == "abc"


def test_a_tampered_state_is_refused_before_anything_else() -> None:
    f = flow()
    request = f.start()
    for url in (
        callback(request, code="abc", state="forged"),
        f"{REDIRECT}?code=abc",
        callback(request, error="access_denied", state="forged"),
    ):
        with pytest.raises(StateMismatchError) as info:
            f.check_callback(url, request)
        assert info.value.flow_failure == "state_mismatch"  # type: ignore[attr-defined]
        assert "RFC 6749 §10.12" in info.value.hint  # type: ignore[attr-defined]
        assert request.state not in str(info.value)


def test_iss_is_required_when_the_issuer_is_set() -> None:
    f = flow(issuer=AS)
    request = f.start()
    assert f.check_callback(callback(request, code="abc", iss=AS), request) == "abc"
    with pytest.raises(IssuerMismatchError) as info:
        f.check_callback(callback(request, code="abc"), request)
    assert info.value.flow_failure == "issuer_missing"  # type: ignore[attr-defined]
    assert "require_iss=False" in info.value.hint  # type: ignore[attr-defined]
    with pytest.raises(IssuerMismatchError) as info:
        f.check_callback(callback(request, code="abc", iss="https://evil.example"), request)
    assert info.value.flow_failure == "issuer_mismatch"  # type: ignore[attr-defined]
    assert "RFC 9207 §2.4" in info.value.hint  # type: ignore[attr-defined]


def test_iss_when_not_required_is_still_compared_if_present() -> None:
    f = flow(issuer=AS, require_iss=False)
    request = f.start()
    assert f.check_callback(callback(request, code="abc"), request) == "abc"
    with pytest.raises(IssuerMismatchError):
        f.check_callback(callback(request, code="abc", iss="https://evil.example"), request)
    # Without a known issuer there is nothing to compare with.
    plain = flow()
    request = plain.start()
    assert plain.check_callback(callback(request, code="abc", iss="https://x"), request) == "abc"


def test_consent_declined_is_explained() -> None:
    f = flow()
    request = f.start()
    with pytest.raises(AccessDeniedError) as info:
        f.check_callback(callback(request, error="access_denied"), request)
    assert info.value.flow_failure == "consent_declined"  # type: ignore[attr-defined]
    assert info.value.policy is Policy.FAIL
    assert info.value.hint == FLOW_HINTS[("consent_declined", "authorization")].render()


def test_pkce_refused_and_redirect_uri_refused_at_the_authorization_endpoint() -> None:
    f = flow()
    request = f.start()
    url = callback(
        request, error="invalid_request", error_description="Unsupported 'code_challenge_method'"
    )
    with pytest.raises(InvalidRequestError) as info:
        f.check_callback(url, request)
    assert info.value.flow_failure == "pkce_refused"  # type: ignore[attr-defined]
    assert info.value.policy is Policy.FIX_CONFIG
    assert "RFC 7636" in info.value.hint
    url = callback(request, error="invalid_request", error_description="redirect_uri mismatch")
    with pytest.raises(InvalidRequestError) as info:
        f.check_callback(url, request)
    assert info.value.flow_failure == "redirect_uri_mismatch"  # type: ignore[attr-defined]


def test_a_callback_without_code_or_error_is_malformed() -> None:
    f = flow()
    request = f.start()
    with pytest.raises(MalformedResponseError) as info:
        f.check_callback(callback(request), request)
    assert info.value.flow_failure == "no_code"  # type: ignore[attr-defined]


# -- finish through a real HTTP client (mocked transport) ---------------------------------------


def token_handler(seen: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"access_token": "at-xyz", "token_type": "Bearer"})

    return handle


def test_finish_sends_the_exchange_through_the_users_httpx_client() -> None:
    seen: list[httpx.Request] = []
    hooks: list[str] = []
    client = httpx.Client(
        transport=httpx.MockTransport(token_handler(seen)),
        event_hooks={"request": [lambda r: hooks.append(str(r.url))]},
    )
    f = flow(transport=token_transport(client))
    request = f.start()
    token = f.finish(callback(request, code="c-1"), request)
    assert token.access_token == "at-xyz"
    assert hooks == [f"{AS}/token"]
    sent = dict(urllib.parse.parse_qsl(seen[0].content.decode()))
    assert sent["code"] == "c-1" and sent["code_verifier"] == request.code_verifier


async def test_afinish_with_an_async_transport() -> None:
    seen: list[httpx.Request] = []
    async with httpx.AsyncClient(transport=httpx.MockTransport(token_handler(seen))) as client:
        f = flow()
        request = f.start()
        token = await f.afinish(
            callback(request, code="c-2"), request, transport=async_token_transport(client)
        )
    assert token.access_token == "at-xyz" and len(seen) == 1


async def test_afinish_runs_a_sync_transport_in_a_thread() -> None:
    recorder = Recorder(answer(200, {"access_token": "at-3"}))
    f = flow(transport=recorder)
    request = f.start()
    assert (await f.afinish(callback(request, code="c-3"), request)).access_token == "at-3"
    assert form(recorder.requests[0])["code"] == "c-3"


def test_a_failed_exchange_is_a_transport_error_without_secrets() -> None:
    def broken(request: TokenRequest) -> HTTPResult:
        raise ConnectionError(f"refused while sending {request.body.decode()}")

    f = flow(transport=broken)
    request = f.start()
    with pytest.raises(TransportError) as info:
        f.finish(callback(request, code="code-secret-1"), request)
    cause = info.value.__cause__
    assert isinstance(cause, ConnectionError)
    for text in (str(info.value), str(cause), repr(cause)):
        assert "code-secret-1" not in text and request.code_verifier not in text
        assert SECRET not in text
    assert "reachable" in info.value.hint  # type: ignore[attr-defined]


# -- PAR ----------------------------------------------------------------------------------------


def par_flow(recorder: Recorder, **kw: Any) -> AuthorizationCodeFlow:
    return flow(par_endpoint=f"{AS}/par", transport=recorder, **kw)


def test_start_with_par_pushes_the_parameters() -> None:
    urn = "urn:ietf:params:oauth:request_uri:abc"
    recorder = Recorder(answer(201, {"request_uri": urn, "expires_in": 60}))
    request = par_flow(recorder).start(use_par=True, login_hint="alice")
    assert query(request.url) == {"client_id": "client-1", "request_uri": urn}
    pushed = form(recorder.requests[0])
    assert recorder.requests[0].url == f"{AS}/par"
    assert pushed["state"] == request.state and pushed["login_hint"] == "alice"
    assert pushed["code_challenge"] == code_challenge(request.code_verifier)
    assert "code_verifier" not in pushed
    assert recorder.requests[0].headers["Authorization"].startswith("Basic ")


def test_use_par_on_the_flow_and_its_absence() -> None:
    urn = "urn:ietf:params:oauth:request_uri:x"
    recorder = Recorder(answer(201, {"request_uri": urn}))
    assert "request_uri" in query(par_flow(recorder, use_par=True).start().url)
    assert "request_uri" not in query(par_flow(Recorder()).start().url)
    with pytest.raises(ValueError, match="par_endpoint"):
        flow().start(use_par=True)
    with pytest.raises(ValueError, match="par_endpoint"):
        flow(use_par=True)


def test_par_errors_are_interpreted_at_the_par_endpoint() -> None:
    body = {"error": "invalid_request", "error_description": "Redirect URI is not registered"}
    with pytest.raises(InvalidRequestError) as info:
        par_flow(Recorder(answer(400, body))).start(use_par=True)
    assert info.value.endpoint.value == "par"
    assert info.value.flow_failure == "redirect_uri_mismatch"  # type: ignore[attr-defined]
    assert "RFC 9126" in info.value.hint
    with pytest.raises(InvalidClientError) as client_info:
        par_flow(Recorder(answer(401, {"error": "invalid_client"}))).start(use_par=True)
    assert client_info.value.endpoint.value == "par"
    with pytest.raises(MalformedResponseError):
        par_flow(Recorder(answer(201, {"expires_in": 60}))).start(use_par=True)


# -- configuration -------------------------------------------------------------------------------


def test_configuration_errors() -> None:
    with pytest.raises(InsecureTransportError):
        AuthorizationCodeFlow("http://as.example.com/a", f"{AS}/token", "c", REDIRECT)
    with pytest.raises(InsecureTransportError):
        AuthorizationCodeFlow(f"{AS}/a", "http://as.example.com/token", "c", REDIRECT)
    AuthorizationCodeFlow("http://127.0.0.1:8/a", "http://[::1]:8/t", "c", REDIRECT)
    AuthorizationCodeFlow(
        "http://as.example.com/a",
        "http://as.example.com/t",
        "c",
        REDIRECT,
        allow_insecure_http=True,
    )
    with pytest.raises(ValueError, match="fragment"):
        AuthorizationCodeFlow(f"{AS}/a", f"{AS}/t", "c", f"{REDIRECT}#x")
    with pytest.raises(ValueError, match="client_secret"):
        flow(client_secret=None, auth_method="client_secret_post")
    with pytest.raises(ValueError, match="auth_method"):
        flow(auth_method="private_key_jwt")
    with pytest.raises(ValueError, match="issuer"):
        flow(require_iss=True)
    assert flow().auth_method == "client_secret_basic"
    assert SECRET not in repr(flow())


# -- discovery ----------------------------------------------------------------------------------


def document(issuer: str = AS, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
    }
    doc.update(extra)
    return doc


def test_discovery_urls_follow_rfc8414_then_oidc() -> None:
    urls = [r.url for r in discovery_requests("https://example.com/issuer1")]
    assert urls == [
        "https://example.com/.well-known/oauth-authorization-server/issuer1",
        "https://example.com/issuer1/.well-known/openid-configuration",
    ]
    urls = [r.url for r in discovery_requests(AS)]
    assert urls == [
        f"{AS}/.well-known/oauth-authorization-server",
        f"{AS}/.well-known/openid-configuration",
    ]
    assert {r.method for r in discovery_requests(AS)} == {"GET"}
    with pytest.raises(InsecureTransportError):
        discovery_requests("http://as.example.com")
    with pytest.raises(MalformedResponseError):
        discovery_requests(f"{AS}?tenant=1")


def test_discover_falls_back_to_openid_configuration() -> None:
    recorder = Recorder(
        answer(404, {}), answer(200, document(code_challenge_methods_supported=["S256"]))
    )
    metadata = discover(AS, transport=recorder)
    assert metadata.issuer == AS and metadata.token_endpoint == f"{AS}/token"
    assert metadata.code_challenge_methods_supported == ("S256",)
    assert metadata.source is not None and metadata.source.endswith("openid-configuration")
    assert len(recorder.requests) == 2


def test_discover_reports_a_missing_document() -> None:
    recorder = Recorder(answer(404, {}), answer(404, {}))
    with pytest.raises(MalformedResponseError) as info:
        discover(AS, transport=recorder)
    assert "oauth-authorization-server" in str(info.value)
    assert "openid-configuration" in str(info.value)
    assert "issuer URL" in info.value.hint  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("found", "near"),
    [("https://evil.example.com", False), (f"{AS}/", True)],
)
def test_discover_refuses_another_issuer(found: str, near: bool) -> None:
    request = discovery_requests(AS)[0]
    with pytest.raises(UntrustedResponseError) as info:
        interpret_discovery(AS, request, answer(200, document(found)))
    assert "RFC 8414 §3.3" in str(info.value)
    assert ("trailing slash" in info.value.hint) is near  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        json.dumps({"token_endpoint": f"{AS}/token"}),
        json.dumps(document(token_endpoint=5)),
        json.dumps(document(scopes_supported="openid")),
        json.dumps(document(authorization_response_iss_parameter_supported="true")),
        json.dumps(document(token_endpoint="ftp://as.example.com/token")),
    ],
)
def test_discover_refuses_a_malformed_document(body: str) -> None:
    request = discovery_requests(AS)[0]
    with pytest.raises(MalformedResponseError) as info:
        interpret_discovery(AS, request, answer(200, body))
    assert info.value.hint  # type: ignore[attr-defined]


def test_discover_refuses_insecure_endpoints_and_reports_unavailability() -> None:
    request = discovery_requests(AS)[0]
    with pytest.raises(InsecureTransportError):
        interpret_discovery(
            AS, request, answer(200, document(token_endpoint="http://as.example.com/t"))
        )
    with pytest.raises(TransportError):
        interpret_discovery(AS, request, answer(503, {}))

    def broken(request: TokenRequest) -> HTTPResult:
        raise OSError("connection refused")

    with pytest.raises(TransportError) as info:
        discover(AS, transport=broken)
    assert isinstance(info.value.__cause__, OSError)


def test_from_metadata_follows_what_the_server_says() -> None:
    metadata = ServerMetadata.from_document(
        document(
            authorization_response_iss_parameter_supported=True,
            pushed_authorization_request_endpoint=f"{AS}/par",
            require_pushed_authorization_requests=True,
            token_endpoint_auth_methods_supported=["client_secret_post"],
        ),
        AS,
    )
    f = AuthorizationCodeFlow.from_metadata(metadata, "c", REDIRECT, client_secret=SECRET)
    assert f.issuer == AS and f.require_iss and f.use_par
    assert f.par_endpoint == f"{AS}/par" and f.auth_method == "client_secret_post"
    plain = AuthorizationCodeFlow.from_metadata(
        ServerMetadata.from_document(document(), AS), "c", REDIRECT
    )
    assert plain.issuer == AS and not plain.require_iss and not plain.use_par
    assert plain.auth_method == "none"
    bare = ServerMetadata.from_document({"issuer": AS, "token_endpoint": f"{AS}/t"}, AS)
    with pytest.raises(MalformedResponseError):
        AuthorizationCodeFlow.from_metadata(bare, "c", REDIRECT)


def test_grant_sources_from_issuer() -> None:
    doc = document(token_endpoint_auth_methods_supported=["client_secret_post"])
    source = ClientCredentials.from_issuer(AS, "svc", SECRET, transport=Recorder(answer(200, doc)))
    assert source.token_endpoint == f"{AS}/token" and source.auth_method == "client_secret_post"
    refresh = RefreshTokenSource.from_issuer(
        AS, "app", "rt-1", transport=Recorder(answer(200, doc))
    )
    assert refresh.token_endpoint == f"{AS}/token" and refresh.auth_method == "none"
    with pytest.raises(MalformedResponseError):
        ClientCredentials.from_issuer(
            AS, "svc", SECRET, transport=Recorder(answer(200, {"issuer": AS}))
        )


def test_every_error_is_the_packages() -> None:
    assert issubclass(UntrustedResponseError, OAuthClientError)
    request = flow().start()
    changed = dataclasses.replace(request, state="other")
    with pytest.raises(OAuthClientError):
        flow().check_callback(callback(request, code="x"), changed)


# -- secrets: nowhere in what an error shows or drags along ---------------------------------------

LEAK_CODE = "CODE-SENTINEL-a1b2c3d4"
LEAK_SECRET = "CS-SENTINEL-5ecret0001"
LEAK_VERIFIER = "VERIFIER-SENTINEL-" + "v" * 30
LEAK_IDT = "eyJ-IDT-SENTINEL.payload.sig"


def leak_flow(transport: Callable[[TokenRequest], HTTPResult]) -> AuthorizationCodeFlow:
    return AuthorizationCodeFlow(
        f"{AS}/authorize",
        f"{AS}/token",
        "client-1",
        REDIRECT,
        client_secret=LEAK_SECRET,
        auth_method="client_secret_post",
        transport=transport,
    )


def leak_request() -> AuthorizationRequest:
    return AuthorizationRequest(f"{AS}/authorize?x=1", "st-1", "no-1", LEAK_VERIFIER, REDIRECT)


def echo_refusal(request: TokenRequest) -> HTTPResult:
    """A server that echoes the whole request body in its error description."""
    return answer(400, {"error": "invalid_grant", "error_description": request.body.decode()})


def echo_failure(request: TokenRequest) -> HTTPResult:
    raise ConnectionError(request.body.decode())


@pytest.mark.parametrize(
    "make",
    [
        lambda: leak_flow(echo_refusal).finish(
            f"{REDIRECT}?code={LEAK_CODE}&state=st-1", leak_request()
        ),
        lambda: leak_flow(echo_failure).finish(
            f"{REDIRECT}?code={LEAK_CODE}&state=st-1", leak_request()
        ),
        lambda: leak_flow(echo_refusal).finish(
            f"{REDIRECT}?code={LEAK_CODE}&state=forged", leak_request()
        ),
        lambda: leak_flow(echo_refusal).finish(
            f"{REDIRECT}?error=access_denied&code={LEAK_CODE}&state=st-1", leak_request()
        ),
        lambda: leak_flow(echo_refusal).check_callback(
            f"{REDIRECT}?code={LEAK_CODE}&state=other", leak_request()
        ),
        lambda: leak_flow(
            lambda r: answer(200, {"token_type": "Bearer", "id_token": LEAK_IDT})
        ).finish(f"{REDIRECT}?code={LEAK_CODE}&state=st-1", leak_request()),
        lambda: leak_flow(echo_refusal).interpret(
            echo_refusal(leak_flow(echo_refusal).build_token_request(LEAK_CODE, leak_request())),
            leak_flow(echo_refusal).build_token_request(LEAK_CODE, leak_request()),
        ),
    ],
    ids=["refused", "transport", "state", "denied", "callback", "no_token", "interpret"],
)
async def test_no_secret_in_what_a_flow_error_shows(
    make: Callable[[], Any], caplog: pytest.LogCaptureFixture
) -> None:
    from test_secrets import assert_clean, raised

    caplog.set_level("DEBUG")
    exc = raised(make)
    assert isinstance(exc, OAuthClientError)
    assert_clean(exc, caplog)
    assert LEAK_VERIFIER not in repr(leak_request()) and LEAK_SECRET not in repr(
        leak_flow(echo_refusal)
    )


async def test_no_secret_in_what_afinish_raises() -> None:
    from test_secrets import assert_clean

    try:
        await leak_flow(echo_refusal).afinish(
            f"{REDIRECT}?code={LEAK_CODE}&state=st-1", leak_request()
        )
    except InvalidGrantError as exc:
        assert_clean(exc)
    else:
        raise AssertionError("nothing was raised")


def test_the_flow_loads_on_first_use_only() -> None:
    import subprocess
    import sys

    code = (
        "import sys, oauth_client_errors as o\n"
        "assert 'oauth_client_errors._authcode' not in sys.modules\n"
        "assert 'oauth_client_errors._discovery' not in sys.modules\n"
        "assert o.AuthorizationCodeFlow.__name__ == 'AuthorizationCodeFlow'\n"
        "assert 'oauth_client_errors._authcode' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
