"""The testing kit's samples: every one parses to the class, code and policy it promises.

The samples are built from the dialect and registry tables; this test is what keeps the
kit and the data from drifting apart (a row added to a table gets a sample, and that sample
must parse as the row says).
"""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
import requests

from oauth_client_errors import (
    AuthorizationPendingError,
    Endpoint,
    ExpiredTokenError,
    InsufficientScopeError,
    InsufficientUserAuthenticationError,
    InvalidGrantError,
    OAuthError,
    Policy,
    SlowDownError,
    UseDPoPNonceError,
    all_codes,
    all_dialects,
    parse_response,
    parse_www_authenticate,
)
from oauth_client_errors.requests import from_requests
from oauth_client_errors.testing import (
    SampleResponse,
    _data,
    respond_with,
    respond_with_requests,
    sample,
    samples,
)

ALL = samples()


def _id(s: SampleResponse) -> str:
    extra = f"[{s.description[:24]}]" if s.description else ""
    return f"{s.provider}:{s.code or '-'}{extra}@{s.endpoint.value}"


@pytest.mark.parametrize("s", ALL, ids=[_id(s) for s in ALL])
def test_every_sample_round_trips(s: SampleResponse) -> None:
    err = s.parse()
    assert err is not None, s
    assert isinstance(err, s.error_class), (type(err), s)
    assert err.code == s.error_code
    assert err.policy is s.policy
    assert err.endpoint is s.endpoint
    if s.provider != "rfc":
        assert err.dialect == s.provider


RECEIVED = ALL


@pytest.mark.parametrize("s", RECEIVED, ids=[_id(s) for s in ALL])
def test_every_sample_keeps_the_code_as_received(s: SampleResponse) -> None:
    err = s.parse()
    assert err is not None
    assert err.received_code == s.received_code


def test_samples_cover_every_row_and_every_code() -> None:
    rows = [(d.name, r.code, r.description) for d in all_dialects() for r in d.codes]
    got = [(s.provider, s.code, s.description) for s in ALL if s.provider != "rfc"]
    assert got == rows
    pairs = {(i.code, e) for i in all_codes() for e in i.endpoints}
    assert {(s.code, s.endpoint) for s in ALL if s.provider == "rfc"} == pairs


def test_every_sample_names_its_source_and_says_how_it_was_made() -> None:
    for s in ALL:
        assert s.source.startswith("https://"), s
        built = "built from" in s.source
        assert built is (not s.published), s
    assert sum(s.published for s in ALL) == len(_data.PUBLISHED)


def test_the_data_tables_name_existing_rows() -> None:
    rows = {(d.name, r.code) for d in all_dialects() for r in d.codes}
    full = {(d.name, r.code, r.description) for d in all_dialects() for r in d.codes}
    assert set(_data.PUBLISHED) <= full
    for table in (_data.OAUTH_ERROR, _data.STATUS, _data.ENDPOINT):
        assert set(table) <= rows, set(table) - rows


def test_a_published_payload_is_served_verbatim() -> None:
    s = sample("github", "bad_verification_code")
    assert s.published and s.status == 200  # GitHub sends the error with 200
    assert s.json() == _data.PUBLISHED[("github", "bad_verification_code", None)][2]
    assert isinstance(s.parse(), InvalidGrantError)


# -- the standard shapes ------------------------------------------------------------------


def test_rfc_token_error_is_a_json_body() -> None:
    s = sample("rfc", "invalid_grant")
    assert (s.status, s.endpoint) == (400, Endpoint.TOKEN)
    assert s.headers["Content-Type"] == "application/json"
    assert s.json()["error"] == "invalid_grant"
    assert "rfc6749#section-5.2" in s.source


def test_rfc_invalid_client_is_401_with_a_challenge() -> None:
    s = sample("rfc", "invalid_client")
    assert s.status == 401 and s.headers["WWW-Authenticate"].startswith("Basic")


def test_rfc_authorization_error_is_a_redirect() -> None:
    s = sample("rfc", "access_denied")
    assert s.status == 302 and s.url == s.headers["Location"] and s.body == b""
    assert s.url.startswith("https://client.example.org/callback?error=access_denied&")
    assert s.is_redirect and s.parse().policy is Policy.FAIL  # type: ignore[union-attr]


def test_rfc_insufficient_scope_names_the_scope() -> None:
    s = sample("rfc", "insufficient_scope")
    assert s.status == 403 and s.body == b""
    (challenge,) = parse_www_authenticate(s.headers["WWW-Authenticate"])
    assert challenge.scheme.lower() == "bearer" and challenge.params["scope"]
    err = s.parse()
    assert isinstance(err, InsufficientScopeError) and err.policy is Policy.STEP_UP
    assert err.next_authorization_params()["scope"] == challenge.params["scope"]


def test_rfc_use_dpop_nonce_carries_the_nonce() -> None:
    for endpoint in ("token", "resource"):
        s = sample("rfc", "use_dpop_nonce", endpoint=endpoint)
        assert s.headers["DPoP-Nonce"]
        err = s.parse()
        assert isinstance(err, UseDPoPNonceError) and err.policy is Policy.RETRY
    assert (
        sample("rfc", "use_dpop_nonce", endpoint="resource")
        .headers["WWW-Authenticate"]
        .startswith("DPoP ")
    )


def test_rfc_9470_step_up_asks_for_acr_and_max_age() -> None:
    s = sample("rfc", "insufficient_user_authentication")
    err = s.parse()
    assert isinstance(err, InsufficientUserAuthenticationError)
    assert err.next_authorization_params() == {"acr_values": "myACR", "max_age": "300"}
    assert "rfc9470" in s.source


@pytest.mark.parametrize(
    ("code", "cls", "policy"),
    [
        ("authorization_pending", AuthorizationPendingError, Policy.POLL),
        ("slow_down", SlowDownError, Policy.SLOW_DOWN),
        ("expired_token", ExpiredTokenError, Policy.REAUTHORIZE),
    ],
)
def test_rfc_device_flow(code: str, cls: type[OAuthError], policy: Policy) -> None:
    s = sample("rfc", code, endpoint="token")
    assert "rfc8628#section-3.5" in s.source
    err = s.parse()
    assert type(err) is cls and err.policy is policy


# -- choosing a sample ---------------------------------------------------------------------


def test_provider_sample_by_registered_code_falls_back_to_a_row_with_that_class() -> None:
    s = sample("github", "invalid_grant")
    assert s.code == "bad_verification_code" and s.error_class is InvalidGrantError


def test_rows_told_apart_by_description() -> None:
    general = sample("keycloak", "invalid_grant")
    stale = sample("keycloak", "invalid_grant", description="Stale token")
    assert stale.description == "Stale token" and b"Stale token" in stale.body
    assert general.description is not None  # Keycloak lists no general row
    assert stale.parse().policy is stale.policy  # type: ignore[union-attr]


def test_a_redirect_sample_for_a_provider() -> None:
    s = sample("microsoft", "AADSTS50011")
    assert s.endpoint is Endpoint.AUTHORIZATION and s.url is not None
    assert "AADSTS50011" in s.url


@pytest.mark.parametrize(
    ("provider", "code", "endpoint"),
    [("nobody", "invalid_grant", None), ("rfc", "no_such_code", None),
     ("github", "no_such_code", None), ("hub", "invalid_grant", "resource")],
)  # fmt: skip
def test_unknown_sample_is_a_lookup_error(provider: str, code: str, endpoint: str | None) -> None:
    with pytest.raises(LookupError):
        sample(provider, code, endpoint=endpoint)


def test_sample_repr_and_json() -> None:
    s = sample("slack", "missing_scope")
    assert "slack:missing_scope" in repr(s) and "InsufficientScopeError" in repr(s)
    assert s.json()["needed"] == "chat:write"
    with pytest.raises(ValueError):
        sample("rfc", "invalid_token", endpoint="resource").json()


# -- httpx and requests responses ----------------------------------------------------------

NOT_REDIRECTS = [s for s in ALL if s.url is None]


@pytest.mark.parametrize("s", NOT_REDIRECTS, ids=[_id(s) for s in NOT_REDIRECTS])
def test_respond_with_carries_the_sample(s: SampleResponse) -> None:
    response = respond_with(s)
    err = parse_response(
        response.status_code,
        response.headers.multi_items(),
        response.content,
        endpoint=s.endpoint,
        provider=s.parse_provider,
    )
    assert type(err) is type(s.parse()) and err is not None and err.policy is s.policy


def test_respond_with_headers_and_request() -> None:
    request = httpx.Request("GET", "https://graph.facebook.com/me")
    response = respond_with(
        "facebook",
        "190/463",
        request=request,
        headers={"content-type": "application/json", "X-Extra": "1"},
    )
    assert response.request is request and response.headers["x-extra"] == "1"
    assert response.headers.get_list("content-type") == ["application/json"]
    with pytest.raises(httpx.HTTPStatusError):
        response.raise_for_status()


def test_respond_with_needs_a_code() -> None:
    with pytest.raises(TypeError):
        respond_with("rfc")


def test_respond_with_requests_is_a_complete_response() -> None:
    response = respond_with_requests("okta", "E0000011", url="https://x.okta.com/api/v1/users/me")
    assert response.status_code == 401 and response.json()["errorCode"] == "E0000011"
    assert response.url == "https://x.okta.com/api/v1/users/me" and response.reason
    with pytest.raises(requests.HTTPError):
        response.raise_for_status()
    err = from_requests(response)
    assert err is not None and err.dialect == "okta" and err.policy is Policy.REFRESH


def test_respond_with_requests_for_a_prepared_request() -> None:
    prepared = requests.Request("POST", "https://oauth2.googleapis.com/token").prepare()
    response = respond_with_requests("google", "invalid_rapt", request=prepared)
    assert response.request is prepared and response.url == prepared.url
    err = from_requests(response, endpoint="token")
    assert isinstance(err, InvalidGrantError) and err.dialect == "google"
    assert json.loads(response.text)["error_subtype"] == "invalid_rapt"


# -- loading ---------------------------------------------------------------------------------


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_package_does_not_import_the_kit() -> None:
    loaded = _modules_after("import oauth_client_errors")
    assert not {m for m in loaded if m.startswith("oauth_client_errors.testing")}


def test_the_plugin_module_imports_nothing_heavy() -> None:
    loaded = _modules_after("import oauth_client_errors.testing.plugin")
    heavy = {
        "http.server",
        "httpx",
        "requests",
        "socketserver",
        "oauth_client_errors.testing._server",
        "oauth_client_errors.testing._samples",
    }
    assert not loaded & heavy, loaded & heavy
    assert "oauth_client_errors.testing.plugin" in loaded  # the check can fail
