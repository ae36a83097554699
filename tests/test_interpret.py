"""Interpretation from evidence (DESIGN §4): the endpoint inferred, the policy from the situation.

Each example is one the issue measured wrong before: the endpoint was assumed, and the
spelling of the code (not the situation) chose the policy.
"""

from __future__ import annotations

import base64
import json
import pickle
from typing import Any

import pytest

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    Endpoint,
    HTTPStatusError,
    InsufficientClaimsError,
    InvalidGrantError,
    InvalidTokenError,
    MalformedResponseError,
    OAuthError,
    Policy,
    Situation,
    UnknownOAuthError,
    UnsupportedResponseTypeError,
    parse_redirect,
    parse_response,
)

JSON = {"Content-Type": "application/json"}


def parse(status: int, headers: Any, body: Any = None, **kwargs: Any) -> OAuthError:
    err = parse_response(status, headers, body, **kwargs)
    assert isinstance(err, OAuthError)
    return err


# -- the endpoint, inferred ---------------------------------------------------------------


def test_a_bearer_challenge_means_a_resource_and_one_refresh() -> None:
    # RFC 6750 §3.1: invalid_token from a resource server.
    err = parse(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, None)
    assert isinstance(err, InvalidTokenError)
    assert err.endpoint is Endpoint.RESOURCE
    assert (err.situation, err.policy) == (Situation.TOKEN_REJECTED, Policy.REFRESH)
    assert "resource" in str(err)


def test_an_rfc_6749_body_means_the_token_endpoint() -> None:
    err = parse(400, JSON, b'{"error": "invalid_grant"}')
    assert isinstance(err, InvalidGrantError) and err.endpoint is Endpoint.TOKEN
    assert err.policy is Policy.REAUTHORIZE


def test_a_resource_only_code_in_a_body_means_a_resource() -> None:
    err = parse(403, JSON, b'{"error": "insufficient_scope", "scope": "read"}')
    assert err.endpoint is Endpoint.RESOURCE and err.policy is Policy.STEP_UP


def test_device_codes_mean_device_authorization() -> None:
    body = {"error": "invalid_client", "device_code": "x", "user_code": "ABCD-EFGH"}
    err = parse(400, JSON, json.dumps(body))
    assert err.endpoint is Endpoint.DEVICE_AUTHORIZATION


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://login.example/oauth2/v2.0/token", Endpoint.TOKEN),
        ("https://github.com/login/oauth/access_token", Endpoint.TOKEN),
        ("https://as.example/oauth/device/code", Endpoint.DEVICE_AUTHORIZATION),
        ("https://as.example/oauth2/revoke", Endpoint.REVOCATION),
        ("https://as.example/oauth2/introspect", Endpoint.INTROSPECTION),
        ("https://as.example/as/par", Endpoint.PAR),
        ("https://as.example/bc-authorize", Endpoint.BACKCHANNEL),
        ("https://as.example/oauth2/authorize", Endpoint.AUTHORIZATION),
    ],
)
def test_a_request_url_helps(url: str, expected: Endpoint) -> None:
    err = parse(401, JSON, b'{"error": "invalid_client"}', provider=url)
    assert err.endpoint is expected


def test_an_explicit_endpoint_always_wins() -> None:
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    err = parse(401, headers, None, endpoint="token")
    assert err.endpoint is Endpoint.TOKEN and err.policy is Policy.REAUTHORIZE


# -- the situation, whoever spells it ---------------------------------------------------------


def test_graph_invalid_authentication_token_without_inner_error_refreshes() -> None:
    # https://learn.microsoft.com/en-us/graph/errors (401 InvalidAuthenticationToken)
    body = {"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired."}}
    err = parse(401, JSON, json.dumps(body))
    assert err.endpoint is Endpoint.RESOURCE
    assert (err.situation, err.policy) == (Situation.TOKEN_REJECTED, Policy.REFRESH)
    assert err.received_code == "InvalidAuthenticationToken"
    assert "access token" in err.hint


def test_key_vault_unauthorized_refreshes() -> None:
    # https://learn.microsoft.com/en-us/azure/key-vault/general/rest-error-codes
    body = {"error": {"code": "Unauthorized", "message": "AKV10022: Invalid audience."}}
    err = parse(401, JSON, json.dumps(body))
    assert isinstance(err, UnknownOAuthError) and err.policy is Policy.REFRESH


def test_a_plain_text_401_refreshes() -> None:
    err = parse(401, {"Content-Type": "text/plain"}, "OAuth token expired")
    assert isinstance(err, HTTPStatusError)
    assert err.endpoint is Endpoint.RESOURCE and err.policy is Policy.REFRESH


def test_whether_a_token_was_sent_is_evidence() -> None:
    headers = {"WWW-Authenticate": 'Bearer realm="api"'}
    # RFC 6750 §3.1: no error code when the request carried no credential.
    assert parse(401, headers).policy is Policy.REAUTHORIZE
    assert parse(401, headers, token_sent=True).policy is Policy.REFRESH
    refused = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    assert parse(401, refused, token_sent=False).policy is Policy.FIX_CONFIG


def test_entra_and_auth0_mfa_are_both_step_up() -> None:
    entra = {
        "error": "invalid_grant",
        "error_description": "AADSTS50079: Due to a configuration change made by your "
        "administrator, you must enroll in multi-factor authentication.",
        "error_codes": [50079],
    }
    auth0 = {"error": "mfa_required", "error_description": "Multifactor authentication required"}
    first = parse(400, JSON, json.dumps(entra))
    second = parse(403, JSON, json.dumps(auth0), provider="https://acme.auth0.com/oauth/token")
    assert first.situation is second.situation is Situation.AUTHENTICATION_REQUIRED
    assert first.policy is second.policy is Policy.STEP_UP


def test_keycloak_and_entra_wrong_password_get_the_same_policy() -> None:
    keycloak = {"error": "invalid_grant", "error_description": "Invalid user credentials"}
    entra = {
        "error": "invalid_grant",
        "error_description": "AADSTS50126: Error validating credentials due to invalid "
        "username or password.",
        "error_codes": [50126],
    }
    first = parse(401, JSON, json.dumps(keycloak), provider="https://kc.example/realms/acme")
    second = parse(400, JSON, json.dumps(entra))
    assert (first.dialect, second.dialect) == ("keycloak", "microsoft")
    assert first.policy is second.policy is Policy.REAUTHORIZE


def _claims() -> tuple[str, dict[str, Any]]:
    claims = {"access_token": {"nbf": {"essential": True, "value": "1604106651"}}}
    encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return encoded, claims


@pytest.mark.parametrize("error", ["insufficient_claims", "invalid_token"])
def test_a_continuous_access_claims_challenge_steps_up_with_the_claims(error: str) -> None:
    # https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge
    encoded, claims = _claims()
    header = (
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/'
        f'oauth2/authorize", error="{error}", claims="{encoded}"'
    )
    err = parse(401, {"WWW-Authenticate": header})
    assert (err.situation, err.policy) == (Situation.CLAIMS_REQUIRED, Policy.STEP_UP)
    if error == "insufficient_claims":
        assert isinstance(err, InsufficientClaimsError)
    assert json.loads(err.next_authorization_params()["claims"]) == claims


def test_the_raw_code_is_kept_next_to_the_canonical_one() -> None:
    url = "https://svc.example/cb?error=unsupported_responce_type&state=s"
    err = parse_redirect(url, expected_state="s")
    assert isinstance(err, UnsupportedResponseTypeError)
    assert (err.code, err.received_code) == (
        "unsupported_response_type",
        "unsupported_responce_type",
    )
    assert err.to_dict()["received_code"] == "unsupported_responce_type"
    clone = pickle.loads(pickle.dumps(err))
    assert clone.received_code == "unsupported_responce_type"


def test_a_status_alone_has_no_received_code() -> None:
    err = parse(503, {}, None)
    assert err.code == "503" and err.received_code is None
    assert err.situation is Situation.UNAVAILABLE


def test_every_error_has_a_situation() -> None:
    for code in ("invalid_request", "access_denied", "slow_down", "nonsense"):
        err = parse(400, JSON, json.dumps({"error": code}))
        assert isinstance(err.situation, Situation)
        assert err.to_dict()["situation"] == err.situation.value


# -- redirects: expected_state is required ----------------------------------------------------


def test_expected_state_is_required_and_can_be_skipped_explicitly() -> None:
    url = "https://app.example/cb?error=access_denied"
    with pytest.raises(TypeError):
        parse_redirect(url)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        parse_redirect(url, expected_state=None)  # type: ignore[arg-type]
    err = parse_redirect(url, expected_state=SKIP_STATE_CHECK)
    assert err is not None and err.code == "access_denied"
    assert repr(SKIP_STATE_CHECK) == "SKIP_STATE_CHECK"
    assert pickle.loads(pickle.dumps(SKIP_STATE_CHECK)) is SKIP_STATE_CHECK


# -- bodies: nesting is capped, never recursed into ------------------------------------------


@pytest.mark.parametrize("depth", [65, 10_000, 500_000])
def test_json_nested_too_deep_is_refused_without_recursion(depth: int) -> None:
    body = b'{"error":"invalid_request","x":' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(MalformedResponseError, match="deeper"):
        parse_response(400, JSON, body, strict=True)
    lenient = parse(400, JSON, body)  # leniently: the body is left unread
    assert isinstance(lenient, HTTPStatusError)


def test_json_nested_within_the_cap_is_read() -> None:
    body = b'{"error":"invalid_request","x":' + b"[" * 60 + b"]" * 60 + b', "y": "[[[["}'
    err = parse(400, JSON, body, strict=True)
    assert err.code == "invalid_request"
