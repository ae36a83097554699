"""OAuthError.next_authorization_params: what the next authorization request needs."""

from __future__ import annotations

import base64
import json

import pytest

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    Challenge,
    InsufficientScopeError,
    InvalidClientError,
    OAuthError,
    Policy,
    parse_redirect,
    parse_response,
)

JSON = {"Content-Type": "application/json"}


def challenge_error(value: str, **kwargs: str) -> OAuthError:
    err = parse_response(401, {"WWW-Authenticate": value}, None, endpoint="resource", **kwargs)
    assert err is not None
    return err


def test_insufficient_scope_unions_old_and_required_scopes() -> None:
    # Source: RFC 6750 §3 (the scope attribute of an insufficient_scope challenge),
    # https://www.rfc-editor.org/rfc/rfc6750#section-3
    err = challenge_error('Bearer realm="example", error="insufficient_scope", scope="read write"')
    assert isinstance(err, InsufficientScopeError) and err.policy is Policy.STEP_UP
    assert err.next_authorization_params("openid read") == {"scope": "openid read write"}
    assert err.next_authorization_params(["openid", "profile"]) == {
        "scope": "openid profile read write"
    }
    assert err.next_authorization_params() == {"scope": "read write"}


def test_rfc9470_acr_values() -> None:
    # Source: RFC 9470 §3 (first example), https://www.rfc-editor.org/rfc/rfc9470#section-3
    err = challenge_error(
        'Bearer error="insufficient_user_authentication", '
        'error_description="A different authentication level is required", acr_values="myACR"'
    )
    assert err.policy is Policy.STEP_UP
    assert err.next_authorization_params("openid") == {"scope": "openid", "acr_values": "myACR"}


def test_rfc9470_max_age() -> None:
    # Source: RFC 9470 §3 (second example)
    err = challenge_error(
        'Bearer error="insufficient_user_authentication", '
        'error_description="More recent authentication is required", max_age="5"'
    )
    assert err.next_authorization_params() == {"max_age": "5"}


def test_entra_claims_challenge_is_decoded_and_merged() -> None:
    # Source: https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge
    # (both published examples: padded and unpadded base64)
    for encoded, value in (
        ("eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==", "cp1"),
        ("eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19", "c1"),
    ):
        err = challenge_error(
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/'
            f'oauth2/authorize", error="insufficient_claims", claims="{encoded}"'
        )
        assert err.policy is Policy.STEP_UP
        params = err.next_authorization_params()
        assert json.loads(params["claims"]) == {
            "access_token": {"acrs": {"essential": True, "value": value}}
        }
    # A client that declares capabilities (OIDC Core §5.5 claims request) keeps them.
    own = {"access_token": {"xms_cc": {"values": ["cp1"]}}, "id_token": {"auth_time": None}}
    merged = json.loads(err.next_authorization_params(claims=own)["claims"])
    assert merged == {
        "access_token": {"xms_cc": {"values": ["cp1"]}, "acrs": {"essential": True, "value": "c1"}},
        "id_token": {"auth_time": None},
    }
    assert json.loads(err.next_authorization_params(claims=json.dumps(own))["claims"]) == merged


def test_entra_claims_in_a_token_error_body() -> None:
    # Source: https://learn.microsoft.com/en-us/entra/msal/python/advanced/msal-error-handling-
    # python (a token error may carry "claims" to pass to the interactive request)
    claims = '{"access_token":{"capolids":{"essential":true,"values":["c1d3e5f7"]}}}'
    body = {
        "error": "interaction_required",
        "error_description": "AADSTS50076: Due to a configuration change made by your "
        "administrator, or because you moved to a new location, you must use multi-factor "
        "authentication to access 'https://graph.microsoft.com'.",
        "error_codes": [50076],
        "suberror": "basic_action",
        "claims": claims,
    }
    err = parse_response(400, JSON, json.dumps(body))
    assert err is not None
    params = err.next_authorization_params("User.Read")
    assert params["scope"] == "User.Read" and params["prompt"] == "login"
    assert json.loads(params["claims"]) == json.loads(claims)


@pytest.mark.parametrize(
    ("code", "prompt"),
    [
        # Source: OIDC Core §3.1.2.6 (error codes) and §3.1.2.1 (prompt values),
        # https://openid.net/specs/openid-connect-core-1_0.html#AuthError
        ("login_required", "login"),
        ("consent_required", "consent"),
        ("account_selection_required", "select_account"),
        ("interaction_required", "login"),
    ],
)
def test_prompt_for_oidc_codes(code: str, prompt: str) -> None:
    err = parse_redirect(
        f"https://client.example.org/cb?error={code}&state=af0ifjsldkj",
        expected_state=SKIP_STATE_CHECK,
    )
    assert err is not None and err.policy is Policy.REAUTHORIZE
    assert err.next_authorization_params("openid") == {"scope": "openid", "prompt": prompt}


def test_entra_65001_asks_for_consent() -> None:
    # Source: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
    body = {
        "error": "invalid_grant",
        "error_description": "AADSTS65001: The user or administrator has not consented to use "
        "the application with ID 'x' named 'y'. Send an interactive authorization request "
        "for this user and resource.",
        "error_codes": [65001],
        "suberror": "consent_required",
    }
    err = parse_response(400, JSON, json.dumps(body))
    assert err is not None and err.next_authorization_params() == {"prompt": "consent"}


def test_auth0_mfa_token() -> None:
    # Source: https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-
    # ropg-flow-with-mfa
    body = {
        "error": "mfa_required",
        "error_description": "Multifactor authentication required",
        "mfa_token": "Fe26...Ha",
    }
    err = parse_response(403, JSON, json.dumps(body))
    assert err is not None and err.policy is Policy.STEP_UP
    assert err.next_authorization_params() == {"mfa_token": "Fe26...Ha"}


def test_vendor_required_scopes() -> None:
    # Source: https://api.slack.com/scopes (missing_scope and needed); Slack separates
    # scopes with commas.
    slack = {"ok": False, "error": "missing_scope", "needed": "chat:write", "provided": "bot"}
    err = parse_response(200, JSON, json.dumps(slack), endpoint="resource")
    assert err is not None
    assert err.next_authorization_params("bot users:read") == {"scope": "bot,users:read,chat:write"}
    # Source: https://www.dropbox.com/developers/documentation/http/documentation#error-handling
    dropbox = {
        "error_summary": "missing_scope/",
        "error": {".tag": "missing_scope", "required_scope": "files.metadata.read"},
    }
    err = parse_response(401, JSON, json.dumps(dropbox), endpoint="resource")
    assert err is not None
    assert err.next_authorization_params("account_info.read") == {
        "scope": "account_info.read files.metadata.read"
    }


def test_other_policies_only_carry_the_requested_scope() -> None:
    err = parse_response(401, JSON, b'{"error": "invalid_client"}')
    assert isinstance(err, InvalidClientError) and err.policy is Policy.FIX_CONFIG
    assert err.next_authorization_params() == {}
    assert err.next_authorization_params("openid") == {"scope": "openid"}


def test_odd_server_values_are_skipped() -> None:
    garbage = OAuthError(
        "insufficient_claims",
        endpoint="resource",
        params={"claims": "%%%not base64%%%", "max_age": "-1", "acr_values": 5},
        challenges=[Challenge("Bearer", {"error": "insufficient_claims", "claims": "bm90IGpzb24"})],
    )
    assert garbage.policy is Policy.STEP_UP
    assert garbage.next_authorization_params() == {}
    listed = base64.urlsafe_b64encode(b"[1, 2]").decode()
    err = OAuthError(
        "insufficient_claims",
        endpoint="resource",
        challenges=[Challenge("Bearer", {"error": "insufficient_claims", "claims": listed})],
    )
    assert "claims" not in err.next_authorization_params()


def test_scope_union_is_bounded_and_deduplicated() -> None:
    many = " ".join(f"s{i}" for i in range(500))
    err = challenge_error(f'Bearer error="insufficient_scope", scope="{many} s1"')
    scopes = err.next_authorization_params("s1 s1 s2")["scope"].split()
    assert scopes[:3] == ["s1", "s2", "s0"] and len(scopes) == len(set(scopes)) == 100
