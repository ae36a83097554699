"""Provider dialects: published payloads of every provider, mapped to class, policy and hint.

Each test names, in a ``Source:`` comment, where its payload was published. Payloads are
copied as published (JSON re-serialised; ids and timestamps as they appear there).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import Any

import pytest

import oauth_client_errors as oce
from oauth_client_errors import (
    SKIP_STATE_CHECK,
    AccessDeniedError,
    Dialect,
    DialectCode,
    HTTPStatusError,
    InsufficientScopeError,
    InteractionRequiredError,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    InvalidTokenError,
    OAuthError,
    Policy,
    UnauthorizedClientError,
    UnknownOAuthError,
    UnsupportedResponseTypeError,
    all_dialects,
    lookup_dialect,
    parse_redirect,
    parse_response,
    register_dialect,
)
from oauth_client_errors._dialects import recognition as _recognise

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def parse(
    status: int,
    payload: Any,
    *,
    endpoint: str = "token",
    provider: str | None = None,
    headers: dict[str, str] | None = None,
) -> OAuthError:
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    err = parse_response(
        status, {**JSON, **(headers or {})}, body, endpoint=endpoint, provider=provider
    )
    assert err is not None
    return err


@pytest.fixture
def restore_dialects() -> Iterator[None]:
    saved = _recognise._REGISTERED
    yield
    _recognise._REGISTERED = saved


# -- GitHub -------------------------------------------------------------------------------

GH_EXCHANGE = (
    "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/"
    "troubleshooting-oauth-app-access-token-request-errors"
)


def test_github_bad_verification_code_json_with_relative_error_uri() -> None:
    # Source: GH_EXCHANGE ("Bad verification code")
    err = parse(
        200,
        {
            "error": "bad_verification_code",
            "error_description": "The code passed is incorrect or expired.",
            "error_uri": "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-"
            "request-errors/#bad-verification-code",
        },
    )
    assert isinstance(err, InvalidGrantError)
    assert err.received_code == "bad_verification_code"  # the code as received is kept
    assert type(err).error_code == "invalid_grant"
    assert err.policy is Policy.REAUTHORIZE
    assert err.dialect == "github" and err.vendor_code == "bad_verification_code"
    assert err.status_code == 200
    # uri stays as received; the link a person is offered is resolved on GitHub's docs host.
    assert err.uri == err.params["error_uri"] and err.uri.startswith("/apps/")
    assert err.link == (
        "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-"
        "token-request-errors/#bad-verification-code"
    )
    assert err.to_dict()["uri"] == err.uri
    assert "GitHub" in err.hint and "code" in err.hint
    assert err.info is not None and err.info.code == "invalid_grant"


def test_github_form_body_with_200() -> None:
    # Source: GH_EXCHANGE; the form is GitHub's default format ("determined by the accept
    # header you pass").
    raw = (
        "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+"
        "expired.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps%2F"
        "troubleshooting-oauth-app-access-token-request-errors%2F%23bad-verification-code"
    )
    err = parse_response(200, FORM, raw)
    assert isinstance(err, InvalidGrantError) and err.dialect == "github"
    assert err.link is not None and err.link.startswith("https://docs.github.com/apps/")


@pytest.mark.parametrize(
    ("payload", "cls", "policy"),
    [
        (  # Source: GH_EXCHANGE ("Incorrect client credentials")
            {
                "error": "incorrect_client_credentials",
                "error_description": "The client_id and/or client_secret passed are incorrect.",
                "error_uri": "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token"
                "-request-errors/#incorrect-client-credentials",
            },
            InvalidClientError,
            Policy.FIX_CONFIG,
        ),
        (  # Source: GH_EXCHANGE ("Redirect URI mismatch")
            {
                "error": "redirect_uri_mismatch",
                "error_description": "The redirect_uri MUST match the registered callback "
                "URL for this application.",
                "error_uri": "/apps/managing-oauth-apps/troubleshooting-authorization-request-"
                "errors/#redirect-uri-mismatch2",
            },
            InvalidRequestError,
            Policy.FIX_CONFIG,
        ),
        (  # Source: GH_EXCHANGE ("Unverified user email")
            {
                "error": "unverified_user_email",
                "error_description": "The user must have a verified primary email.",
                "error_uri": "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token"
                "-request-errors/#unverified-user-email",
            },
            AccessDeniedError,
            Policy.FAIL,
        ),
    ],
)
def test_github_token_errors(
    payload: dict[str, str], cls: type[OAuthError], policy: Policy
) -> None:
    err = parse(200, payload)
    assert isinstance(err, cls)
    assert err.policy is policy
    assert err.dialect == "github"
    assert err.received_code == payload["error"]
    assert err.uri == payload["error_uri"]
    assert err.link is not None and err.link.startswith("https://docs.github.com/apps/")


def test_github_application_suspended_redirect() -> None:
    # Source: https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/
    # troubleshooting-authorization-request-errors ("Application suspended")
    url = (
        "http://your-application.com/callback?error=application_suspended"
        "&error_description=Your+application+has+been+suspended.+Contact+support@github.com."
        "&error_uri=/apps/building-integrations/setting-up-and-registering-oauth-apps/"
        "troubleshooting-authorization-request-errors/%23application-suspended&state=xyz"
    )
    err = parse_redirect(url, expected_state="xyz")
    assert isinstance(err, UnauthorizedClientError)
    assert err.received_code == "application_suspended" and err.dialect == "github"
    assert err.policy is Policy.FIX_CONFIG
    assert err.link is not None and err.link.startswith("https://docs.github.com/apps/")
    assert "suspended" in err.hint


@pytest.mark.parametrize(
    ("code", "description", "cls", "policy"),
    [
        # Source: https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/
        # authorizing-oauth-apps#error-codes-for-the-device-flow (code and description)
        ("incorrect_device_code", "The device_code provided is not valid.", InvalidGrantError,
         Policy.REAUTHORIZE),
        ("device_flow_disabled", "Device flow has not been enabled in the app's settings.",
         UnauthorizedClientError, Policy.FIX_CONFIG),
    ],
)  # fmt: skip
def test_github_device_flow_errors(
    code: str, description: str, cls: type[OAuthError], policy: Policy
) -> None:
    err = parse(400, {"error": code, "error_description": description}, provider="github")
    assert isinstance(err, cls) and err.policy is policy and err.dialect == "github"
    # Recognised by shape too: these codes are GitHub's alone.
    assert parse(400, {"error": code}).dialect == "github"


def test_github_rest_bad_credentials() -> None:
    # Source: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
    err = parse(
        401,
        {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
        endpoint="resource",
    )
    assert isinstance(err, InvalidTokenError) and err.dialect == "github"
    assert err.policy is Policy.REFRESH
    assert err.params["message"] == "Bad credentials"


def test_relative_uri_is_resolved_only_for_a_path() -> None:
    evil = {"error": "bad_verification_code", "error_uri": "//evil.example/phish"}
    err = parse(200, evil)
    assert err.uri == "//evil.example/phish"  # never re-hosted
    assert err.link is None
    # Without a dialect a relative uri is never a link.
    plain = parse(400, {"error": "invalid_grant", "error_uri": "/apps/x"})
    assert plain.dialect is None and plain.link is None


# -- Google -------------------------------------------------------------------------------


def test_google_invalid_rapt() -> None:
    # Source: https://support.okta.com/help/s/article/workflows-gmail-connector-error-code-
    # 500-and-401-invalid-authentication-credentials-with-okta (Google's response, quoted)
    err = parse(
        400,
        {
            "error": "invalid_grant",
            "error_description": "reauth related error (invalid_rapt)",
            "error_uri": "https://support.google.com/a/answer/9368756",
            "error_subtype": "invalid_rapt",
        },
    )
    assert isinstance(err, InvalidGrantError) and err.code == "invalid_grant"
    assert err.dialect == "google" and err.vendor_code == "invalid_rapt"
    assert err.policy is Policy.REAUTHORIZE
    assert "reauthentication" in err.hint
    assert err.params["error_subtype"] == "invalid_rapt"


def test_google_token_expired_or_revoked() -> None:
    # Source: https://knowledge.workspace.google.com/kb/how-to-authorize-your-google-account-
    # 000007079 ("400 Bad Request { "error" : "invalid_grant", ... }")
    payload = {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
    err = parse(400, payload)
    assert isinstance(err, InvalidGrantError) and err.dialect == "google"
    assert "prompt=consent" in err.hint
    assert err.next_authorization_params()["prompt"] == "consent"


@pytest.mark.parametrize(
    ("code", "cls", "policy"),
    [
        # Source: https://developers.google.com/identity/protocols/oauth2/web-server
        # #authorization-errors-admin-policy-enforced and #authorization-errors-org-internal
        ("admin_policy_enforced", AccessDeniedError, Policy.FAIL),
        ("org_internal", AccessDeniedError, Policy.FIX_CONFIG),
    ],
)
def test_google_authorization_errors(code: str, cls: type[OAuthError], policy: Policy) -> None:
    err = parse_redirect(f"https://app.example/cb?error={code}&state=s", expected_state="s")
    assert isinstance(err, cls) and err.policy is policy
    assert err.dialect == "google" and err.received_code == code


GOOGLE_AUTH_ERROR = {
    # Source: https://cloud.google.com/apis/design/errors (the error model); message and
    # errors[] as Google APIs send them, quoted in https://support.okta.com/help/s/article/
    # workflows-gmail-connector-error-code-500-and-401-invalid-authentication-credentials-with-okta
    "error": {
        "code": 401,
        "message": "Request had invalid authentication credentials. Expected OAuth 2 access "
        "token, login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "errors": [
            {
                "message": "Invalid Credentials",
                "domain": "global",
                "reason": "authError",
                "location": "Authorization",
                "locationType": "header",
            }
        ],
        "status": "UNAUTHENTICATED",
    }
}

GOOGLE_MISSING_CREDENTIAL = {
    # Source: the same error model; BigQuery's answer to a request without a credential, as
    # published in the DataTalksClub data-engineering-zoomcamp notes
    # (https://github.com/DataTalksClub/data-engineering-zoomcamp).
    "error": {
        "code": 401,
        "message": "Request is missing required authentication credential. Expected OAuth 2 "
        "access token, login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "errors": [
            {
                "message": "Login Required.",
                "domain": "global",
                "reason": "required",
                "location": "Authorization",
                "locationType": "header",
            }
        ],
        "status": "UNAUTHENTICATED",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "CREDENTIALS_MISSING",
                "domain": "googleapis.com",
                "metadata": {
                    "method": "google.cloud.bigquery.v2.TableService.ListTables",
                    "service": "bigquery.googleapis.com",
                },
            }
        ],
    }
}


def test_google_api_envelope_auth_error_vs_missing_credential() -> None:
    bad = parse(401, GOOGLE_AUTH_ERROR, endpoint="resource")
    assert isinstance(bad, InvalidTokenError) and bad.policy is Policy.REFRESH
    assert bad.dialect == "google" and bad.vendor_code == "authError"
    assert bad.received_code == "UNAUTHENTICATED"
    assert bad.description is not None and bad.description.startswith("Request had invalid")
    assert bad.params["error"]["errors"][0]["reason"] == "authError"

    missing = parse(401, GOOGLE_MISSING_CREDENTIAL, endpoint="resource")
    assert missing.policy is Policy.REAUTHORIZE
    assert missing.vendor_code == "CREDENTIALS_MISSING" and missing.dialect == "google"
    assert "no credential" in missing.hint
    assert not isinstance(missing, InvalidTokenError)


def test_google_api_insufficient_scope_and_quota() -> None:
    # Source: https://cloud.google.com/apis/design/errors (ErrorInfo reasons)
    scope = {
        "error": {
            "code": 403,
            "message": "Request had insufficient authentication scopes.",
            "errors": [
                {"message": "Insufficient Permission", "domain": "global",
                 "reason": "insufficientPermissions"}
            ],
            "status": "PERMISSION_DENIED",
            "details": [
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                 "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "domain": "googleapis.com"}
            ],
        }
    }  # fmt: skip
    err = parse(403, scope, endpoint="resource")
    assert isinstance(err, InsufficientScopeError) and err.policy is Policy.STEP_UP
    quota = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    err = parse(429, quota, endpoint="resource", headers={"Retry-After": "30"})
    assert err.policy is Policy.RETRY and "30 seconds" in err.hint


# -- Microsoft Entra ID -------------------------------------------------------------------

ENTRA_50076 = {
    # Source: the field layout of https://learn.microsoft.com/en-us/entra/identity-platform/
    # reference-error-codes (sample error response); this response as printed by `az login`
    # ("Get Token request returned http error: 400 and server response: ...").
    "error": "interaction_required",
    "error_description": "AADSTS50076: Due to a configuration change made by your "
    "administrator, or because you moved to a new location, you must use multi-factor "
    "authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.\r\nTrace ID: "
    "5c3bd525-61b3-44d4-a70a-fb93e9ddc500\r\nCorrelation ID: d66bc564-8e3b-45d1-8909-"
    "988927d3ec8e\r\nTimestamp: 2020-11-05 19:52:45Z",
    "error_codes": [50076],
    "timestamp": "2020-11-05 19:52:45Z",
    "trace_id": "5c3bd525-61b3-44d4-a70a-fb93e9ddc500",
    "correlation_id": "d66bc564-8e3b-45d1-8909-988927d3ec8e",
    "error_uri": "https://login.microsoftonline.com/error?code=50076",
    "suberror": "basic_action",
}


def test_entra_mfa_required() -> None:
    err = parse(400, ENTRA_50076)
    assert isinstance(err, InteractionRequiredError)
    assert err.dialect == "microsoft" and err.vendor_code == "AADSTS50076"
    # MFA required: step_up, as Auth0's mfa_required (DESIGN §4 rule 4).
    assert err.policy is Policy.STEP_UP
    assert "multi-factor" in err.hint
    for name in ("suberror", "trace_id", "correlation_id", "timestamp", "error_codes"):
        assert name in err.params
    assert err.next_authorization_params()["prompt"] == "login"
    assert err.to_dict()["vendor_code"] == "AADSTS50076"


def test_entra_invalid_grant_keeps_its_class() -> None:
    # Source: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
    # (AADSTS50076 with error invalid_grant, as a password grant receives it; published in
    # https://stackoverflow.com/questions/76460724/aad-outh-generate-token-failure-aadsts50076)
    payload = {
        "error": "invalid_grant",
        "error_description": "AADSTS50076: Due to a configuration change made by your "
        "administrator, or because you moved to a new location, you must use multi-factor "
        "authentication to access '00000003-0000-0000-c000-000000000000'. Trace ID: "
        "fa3dac0c-f63e-4923-a0a4-c4b0d20b3500 Correlation ID: d5f20575-1407-4f7b-aa55-"
        "35716c88972f Timestamp: 2024-03-26 21:48:02Z",
        "error_codes": [50076],
        "timestamp": "2024-03-26 21:48:02Z",
        "trace_id": "fa3dac0c-f63e-4923-a0a4-c4b0d20b3500",
        "correlation_id": "d5f20575-1407-4f7b-aa55-35716c88972f",
        "error_uri": "https://login.microsoftonline.com/error?code=50076",
        "suberror": "basic_action",
    }
    err = parse(400, payload)
    assert type(err) is InvalidGrantError and err.code == "invalid_grant"
    # MFA required: the user must give more (DESIGN §4 rule 4), as from every provider.
    assert err.policy is Policy.STEP_UP and err.vendor_code == "AADSTS50076"


@pytest.mark.parametrize(
    ("number", "error", "description", "policy", "words"),
    [
        # Source: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
        (50173, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being "
         "revoked, a fresh auth token is needed.", Policy.REAUTHORIZE, "revoked"),
        (700082, "invalid_grant", "AADSTS700082: The refresh token has expired due to "
         "inactivity.", Policy.REAUTHORIZE, "not used"),
        (70008, "invalid_grant", "AADSTS70008: The provided authorization code or refresh "
         "token has expired due to inactivity.", Policy.REAUTHORIZE, "expired"),
        (65001, "invalid_grant", "AADSTS65001: The user or administrator has not consented to "
         "use the application.", Policy.REAUTHORIZE, "consent"),
        (7000215, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the "
         "secret being sent in the request is the client secret value, not the client secret "
         "ID.", Policy.FIX_CONFIG, "secret"),
        (700016, "unauthorized_client", "AADSTS700016: Application with identifier 'x' was not "
         "found in the directory 'y'.", Policy.FIX_CONFIG, "client_id"),
    ],
)  # fmt: skip
def test_entra_numbers(
    number: int, error: str, description: str, policy: Policy, words: str
) -> None:
    err = parse(400, {"error": error, "error_description": description, "error_codes": [number]})
    assert err.dialect == "microsoft" and err.vendor_code == f"AADSTS{number}"
    assert err.code == error and err.policy is policy
    assert words in err.hint


def test_entra_number_in_the_description_only() -> None:
    # Entra's authorization redirects carry the number in error_description only.
    # Source: the redirect format of https://learn.microsoft.com/en-us/entra/identity-platform/
    # v2-oauth2-auth-code-flow#error-response with AADSTS65001's message from the reference.
    url = (
        "https://app.example/cb?error=consent_required&error_description=AADSTS65001%3A+"
        "The+user+or+administrator+has+not+consented+to+use+the+application.&state=s"
    )
    err = parse_redirect(url, expected_state=SKIP_STATE_CHECK)
    assert err is not None and err.dialect == "microsoft" and err.vendor_code == "AADSTS65001"
    assert err.next_authorization_params() == {"prompt": "consent"}


def test_entra_claims_challenge_with_a_known_provider() -> None:
    # Source: https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge
    value = (
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/'
        'authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJl'
        'c3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="'
    )
    err = parse_response(
        401,
        {"WWW-Authenticate": value},
        None,
        endpoint="resource",
        provider="https://graph.microsoft.com/v1.0/me",
    )
    assert err is not None and err.code == "insufficient_claims"
    assert err.dialect == "microsoft" and err.policy is Policy.STEP_UP
    assert "claims" in err.hint
    claims = json.loads(err.next_authorization_params()["claims"])
    assert claims == {"access_token": {"acrs": {"essential": True, "value": "cp1"}}}


def test_ms_graph_envelope() -> None:
    # Source: https://learn.microsoft.com/en-us/graph/errors (error resource type)
    payload = {
        "error": {
            "code": "InvalidAuthenticationToken",
            "message": "Access token has expired or is not yet valid.",
            "innerError": {
                "date": "2023-01-01T00:00:00",
                "request-id": "1c1b6f1f-0000-0000-0000-000000000000",
                "client-request-id": "1c1b6f1f-0000-0000-0000-000000000000",
            },
        }
    }
    err = parse(401, payload, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "microsoft"
    assert err.received_code == "InvalidAuthenticationToken" and err.policy is Policy.REFRESH


# -- Slack --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cls", "policy"),
    [
        # Source: https://api.slack.com/methods/auth.test#errors and
        # https://api.slack.com/authentication/rotation (token_expired)
        ("invalid_auth", InvalidTokenError, Policy.REFRESH),
        ("token_revoked", InvalidTokenError, Policy.REAUTHORIZE),
        ("token_expired", InvalidTokenError, Policy.REFRESH),
        ("not_authed", InvalidRequestError, Policy.FIX_CONFIG),
        ("account_inactive", InvalidTokenError, Policy.FAIL),
    ],
)
def test_slack_auth_errors_with_200(code: str, cls: type[OAuthError], policy: Policy) -> None:
    err = parse(200, {"ok": False, "error": code}, endpoint="resource")
    assert isinstance(err, cls) and err.policy is policy
    assert err.dialect == "slack" and err.received_code == code and err.status_code == 200


def test_slack_missing_scope() -> None:
    # Source: https://github.com/slackapi/java-slack-sdk (users.identity test, response as
    # received) and https://api.slack.com/scopes
    payload = {
        "ok": False,
        "error": "missing_scope",
        "needed": "identity.basic",
        "provided": "identify,read,post,client,apps,admin",
    }
    err = parse(200, payload, endpoint="resource")
    assert isinstance(err, InsufficientScopeError) and err.policy is Policy.STEP_UP
    assert '"identity.basic"' in err.hint
    assert err.params["provided"] == "identify,read,post,client,apps,admin"
    assert err.next_authorization_params("identify,read") == {
        "scope": "identify,read,identity.basic"
    }


def test_slack_ratelimited_with_retry_after() -> None:
    # Source: https://api.slack.com/docs/rate-limits (HTTP 429, Retry-After: 30)
    err = parse(
        429, {"ok": False, "error": "ratelimited"}, endpoint="resource",
        headers={"Retry-After": "30"},
    )  # fmt: skip
    assert err.policy is Policy.RETRY and err.retry_after == 30
    assert "30 seconds" in err.hint and err.dialect == "slack"


def test_slack_unknown_code_is_labelled_and_explained() -> None:
    # Source: https://api.slack.com/methods/conversations.info#errors
    err = parse(200, {"ok": False, "error": "channel_not_found"}, endpoint="resource")
    assert type(err) is UnknownOAuthError and err.received_code == "channel_not_found"
    assert err.dialect == "slack" and err.policy is Policy.FAIL
    assert "Slack" in err.hint and "channel_not_found" in err.hint


def test_slack_success_stays_a_success() -> None:
    # Source: https://api.slack.com/web#evaluating_responses ({"ok": true, "warning": ...})
    ok = {"ok": True, "warning": "superfluous_charset"}
    assert parse_response(200, JSON, json.dumps(ok), provider="slack") is None


# -- Facebook Graph API -------------------------------------------------------------------


def test_facebook_expired_session() -> None:
    # Source: https://developers.facebook.com/docs/graph-api/guides/error-handling (subcode
    # 463); the message as the Graph API returns it, quoted in public Graph SDK tests
    payload = {
        "error": {
            "message": "Error validating access token: Session has expired on Thursday, "
            "10-Dec-15 04:00:00 PST. The current time is Thursday, 10-Dec-15 20:23:54 PST.",
            "type": "OAuthException",
            "code": 190,
            "error_subcode": 463,
            "fbtrace_id": "AWpk5h2ceG6",
        }
    }
    err = parse(400, payload, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.policy is Policy.REAUTHORIZE
    assert err.dialect == "facebook" and err.received_code == "190/463"
    assert err.params["error"]["fbtrace_id"] == "AWpk5h2ceG6"


@pytest.mark.parametrize(
    ("subcode", "policy", "words"),
    [
        # Source: https://developers.facebook.com/docs/graph-api/guides/error-handling
        (460, Policy.REAUTHORIZE, "password"),
        (458, Policy.REAUTHORIZE, "removed"),
        (459, Policy.FAIL, "checkpointed"),
        (464, Policy.FAIL, "not confirmed"),
        (467, Policy.REAUTHORIZE, "logged out"),
        # Source: https://developers.facebook.com/docs/facebook-login/auth-vs-data
        (468, Policy.REAUTHORIZE, "90 days"),
    ],
)
def test_facebook_subcodes(subcode: int, policy: Policy, words: str) -> None:
    # The documented example response, with the subcode of each row.
    payload = {
        "error": {
            "message": "Message describing the error",
            "type": "OAuthException",
            "code": 190,
            "error_subcode": subcode,
            "error_user_title": "A title",
            "error_user_msg": "A message",
            "fbtrace_id": "EJplcsCHuLu",
        }
    }
    err = parse(400, payload, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.policy is policy
    assert words in err.hint


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_facebook_rate_limits(code: int) -> None:
    # Source: https://developers.facebook.com/docs/graph-api/overview/rate-limiting
    payload = {
        "error": {
            "message": "(#4) Application request limit reached",
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "A5fJ7yZ",
        }
    }
    err = parse(400, payload, endpoint="resource")
    assert err.policy is Policy.RETRY and err.dialect == "facebook"
    assert err.vendor_code == str(code)


# -- Auth0 --------------------------------------------------------------------------------


def test_auth0_mfa_required() -> None:
    # Source: https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-
    # ropg-flow-with-mfa ("mfa_required" with an mfa_token)
    payload = {
        "error": "mfa_required",
        "error_description": "Multifactor authentication required",
        "mfa_token": "Fe26...Ha",
    }
    err = parse(403, payload)
    assert isinstance(err, InteractionRequiredError) and err.received_code == "mfa_required"
    assert err.policy is Policy.STEP_UP and err.dialect == "auth0"
    assert err.next_authorization_params()["mfa_token"] == "Fe26...Ha"


def test_auth0_refresh_token_and_grant_type() -> None:
    # Source: https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation
    err = parse(
        403, {"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."}
    )
    assert isinstance(err, InvalidGrantError) and err.dialect == "auth0"
    assert err.policy is Policy.REAUTHORIZE and "rotation" in err.hint
    # Source: https://auth0.com/docs/get-started/applications/application-grant-types
    err = parse(
        403,
        {
            "error": "unauthorized_client",
            "error_description": "Grant type 'refresh_token' not allowed for the client.",
            "error_uri": "https://auth0.com/docs/clients/client-grant-types",
        },
        provider="https://dev-abc.us.auth0.com/oauth/token",
    )
    assert isinstance(err, UnauthorizedClientError) and err.dialect == "auth0"
    assert "Grant Types" in err.hint


# -- Okta, Keycloak, Cognito, Salesforce ----------------------------------------------------


def test_okta_api_envelope_and_oauth_errors() -> None:
    # Source: https://developer.okta.com/docs/reference/error-codes/ (E0000011)
    payload = {
        "errorCode": "E0000011",
        "errorSummary": "Invalid token provided",
        "errorLink": "E0000011",
        "errorId": "oaeXYZ123",
        "errorCauses": [],
    }
    err = parse(401, payload, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "okta"
    assert err.description == "Invalid token provided" and err.policy is Policy.REFRESH
    # Source: https://developer.okta.com/docs/reference/api/oidc/#possible-errors
    err = parse(
        400,
        {"error": "invalid_grant", "error_description": "The refresh token is invalid or expired."},
        provider="https://dev-123.okta.com/oauth2/default",
    )
    assert isinstance(err, InvalidGrantError) and err.dialect == "okta"
    assert "access policy" in err.hint


@pytest.mark.parametrize(
    ("description", "policy"),
    [
        # Source: https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/
        # keycloak/protocol/oidc/TokenManager.java
        ("Token is not active", Policy.REAUTHORIZE),
        ("Session not active", Policy.REAUTHORIZE),
        ("Stale token", Policy.REAUTHORIZE),
        # A wrong password: the same policy as Entra's AADSTS50126 (DESIGN §4).
        ("Invalid user credentials", Policy.REAUTHORIZE),
    ],
)
def test_keycloak_descriptions(description: str, policy: Policy) -> None:
    err = parse(400, {"error": "invalid_grant", "error_description": description})
    assert isinstance(err, InvalidGrantError) and err.dialect == "keycloak"
    assert err.policy is policy


def test_keycloak_by_issuer_path() -> None:
    err = parse(
        400,
        {"error": "invalid_grant", "error_description": "Code not valid"},
        provider="https://sso.example.org/realms/acme/protocol/openid-connect/token",
    )
    assert err.dialect == "keycloak" and "one minute" in err.hint


@pytest.mark.parametrize(
    ("message", "cls", "policy", "endpoint"),
    [
        # Source: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/
        # API_InitiateAuth.html#API_InitiateAuth_Errors (NotAuthorizedException) and
        # https://docs.aws.amazon.com/cognito/latest/developerguide/
        # amazon-cognito-user-pools-using-the-refresh-token.html
        ("Refresh Token has expired", InvalidGrantError, Policy.REAUTHORIZE, "token"),
        ("Refresh Token has been revoked", InvalidGrantError, Policy.REAUTHORIZE, "token"),
        ("Access Token has expired", InvalidTokenError, Policy.REFRESH, "resource"),
        ("Incorrect username or password.", InvalidGrantError, Policy.REAUTHORIZE, "token"),
    ],
)
def test_cognito(message: str, cls: type[OAuthError], policy: Policy, endpoint: str) -> None:
    err = parse(400, {"__type": "NotAuthorizedException", "message": message}, endpoint=endpoint)
    assert isinstance(err, cls) and err.policy is policy and err.dialect == "cognito"
    assert err.received_code == "NotAuthorizedException"


def test_cognito_by_host_for_a_plain_oauth_body() -> None:
    # Source: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
    err = parse(
        400,
        {"error": "invalid_client"},
        provider="https://auth.example.auth.us-east-1.amazoncognito.com/oauth2/token",
    )
    assert isinstance(err, InvalidClientError) and err.dialect == "cognito"
    assert "Basic" in err.hint
    assert oce._dialects.dialect_for("cognito-idp.eu-west-1.amazonaws.com") is not None


@pytest.mark.parametrize(
    ("description", "policy"),
    [
        # Source: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
        ("authentication failure", Policy.REAUTHORIZE),
        ("inactive user", Policy.FAIL),
        ("expired access/refresh token", Policy.REAUTHORIZE),
    ],
)
def test_salesforce_token_errors(description: str, policy: Policy) -> None:
    err = parse(400, {"error": "invalid_grant", "error_description": description})
    assert isinstance(err, InvalidGrantError) and err.dialect == "salesforce"
    assert err.policy is policy


def test_salesforce_rest_array_envelope() -> None:
    # Source: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
    # errorcodes.htm (INVALID_SESSION_ID)
    body = json.dumps(
        [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
    )
    err = parse(401, body, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "salesforce"
    assert err.params == {
        "message": "Session expired or invalid",
        "errorCode": "INVALID_SESSION_ID",
    }
    # An array at 2xx is data, never an error.
    assert parse_response(200, JSON, body) is None


# -- Apple, Dropbox, Spotify, Discord, Zoom, LinkedIn, Hub --------------------------------


def test_apple() -> None:
    # Source: https://developer.apple.com/documentation/sign_in_with_apple/errorresponse
    err = parse(400, {"error": "invalid_client"}, provider="https://appleid.apple.com/auth/token")
    assert isinstance(err, InvalidClientError) and err.dialect == "apple"
    assert "ES256" in err.hint
    err = parse(
        400,
        {
            "error": "invalid_grant",
            "error_description": "The code has expired or has been revoked.",
        },
    )
    assert isinstance(err, InvalidGrantError) and err.dialect == "apple"


def test_dropbox() -> None:
    # Source: https://www.dropbox.com/developers/documentation/http/documentation#error-handling
    expired = {"error_summary": "expired_access_token/", "error": {".tag": "expired_access_token"}}
    err = parse(401, expired, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "dropbox"
    assert err.policy is Policy.REFRESH
    scope = {
        "error_summary": "missing_scope/..",
        "error": {".tag": "missing_scope", "required_scope": "files.content.read"},
    }
    err = parse(401, scope, endpoint="resource")
    assert isinstance(err, InsufficientScopeError) and "files.content.read" in err.hint
    assert err.next_authorization_params() == {"scope": "files.content.read"}
    limited = {
        "error_summary": "too_many_requests/..",
        "error": {"reason": {".tag": "too_many_requests"}, "retry_after": 300},
    }
    err = parse(429, limited, endpoint="resource")
    assert err.policy is Policy.RETRY and err.retry_after == 300
    # Source: https://www.dropbox.com/developers/documentation/http/documentation#oauth2-token
    err = parse(
        400, {"error": "invalid_grant", "error_description": "code doesn't exist or has expired"}
    )
    assert isinstance(err, InvalidGrantError) and err.dialect == "dropbox"


def test_spotify() -> None:
    # Source: https://developer.spotify.com/documentation/web-api/concepts/api-calls
    err = parse(
        401, {"error": {"status": 401, "message": "The access token expired"}}, endpoint="resource"
    )
    assert isinstance(err, InvalidTokenError) and err.dialect == "spotify"
    assert err.code == "invalid_token" and err.policy is Policy.REFRESH
    # An unmapped Spotify message is the HTTP status's to classify.
    err = parse(
        404,
        {"error": {"status": 404, "message": "Not found."}},
        endpoint="resource",
        provider="api.spotify.com",
    )
    assert isinstance(err, HTTPStatusError) and err.dialect == "spotify"


def test_discord() -> None:
    # Source: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
    err = parse(401, {"message": "401: Unauthorized", "code": 0}, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "discord"
    # Source: https://discord.com/developers/docs/topics/oauth2
    err = parse(400, {"error": "invalid_grant", "error_description": 'Invalid "code" in request.'})
    assert isinstance(err, InvalidGrantError) and err.dialect == "discord"


def test_zoom_reason_field() -> None:
    # Source: https://developers.zoom.us/docs/integrations/oauth/ (token errors carry "reason")
    err = parse(400, {"reason": "Invalid Token!", "error": "invalid_request"})
    assert isinstance(err, InvalidRequestError) and err.dialect == "zoom"
    assert err.description == "Invalid Token!" and err.policy is Policy.REAUTHORIZE
    assert "single-use" in err.hint
    # Source: https://developers.zoom.us/docs/api/rest/error-definitions/ (code 124)
    err = parse(401, {"code": 124, "message": "Invalid access token."}, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "zoom"


def test_linkedin() -> None:
    # Source: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
    payload = {"serviceErrorCode": 65600, "message": "Invalid access token", "status": 401}
    err = parse(401, payload, endpoint="resource")
    assert isinstance(err, InvalidTokenError) and err.dialect == "linkedin"
    # Source: https://learn.microsoft.com/en-us/linkedin/shared/authentication/
    # authorization-code-flow (a code that is expired or does not match)
    err = parse(
        400,
        {
            "error": "invalid_request",
            "error_description": "Unable to retrieve access token: appid/redirect uri/code "
            "verifier does not match authorization code. Or authorization code expired. Or "
            "external member binding exists",
        },
    )
    assert isinstance(err, InvalidRequestError) and err.dialect == "linkedin"
    assert err.policy is Policy.REAUTHORIZE


def test_hub_solution_column() -> None:
    # Source: the seed ../shared/seeds/001_* (https://www.jetbrains.com/help/hub/OAuth-2.0-Errors.html)
    err = parse_redirect(
        "https://svc.example/cb?error=unsupported_responce_type", expected_state=SKIP_STATE_CHECK
    )
    assert isinstance(err, UnsupportedResponseTypeError) and err.dialect == "hub"
    assert "Change the authorization method" in err.hint
    hub = "https://hub.example.org/hub/api/rest/oauth2/token"
    err = parse(400, {"error": "unauthorized_client"}, provider=hub)
    assert "not verified" in err.hint  # the token table's row
    err = parse_redirect(
        "https://svc.example/cb?error=unauthorized_client",
        provider=hub,
        expected_state=SKIP_STATE_CHECK,
    )
    assert err is not None and "redirect URI" in err.hint  # the authorization table's row


# -- recognition, registration, data ----------------------------------------------------------


def test_standard_bodies_get_no_dialect() -> None:
    for payload in (
        {"error": "invalid_grant"},
        {"error": "invalid_grant", "error_description": "The refresh token is expired"},
        {"error": "invalid_token", "error_description": "Token is not activeX"},
    ):
        err = parse(400, payload)
        assert err.dialect is None and err.vendor_code is None


def test_provider_names_hosts_and_urls() -> None:
    for provider in ("github", "GitHub", "github.com", "https://api.github.com/user"):
        assert oce._dialects.dialect_for(provider) is lookup_dialect("github")
    assert oce._dialects.dialect_for("https://notgithub.com/") is None
    assert oce._dialects.dialect_for("https://github.com.evil.example/") is None
    assert oce._dialects.dialect_for("not a url at all [") is None
    # A provider that is not recognised leaves shape recognition to work.
    err = parse(200, {"ok": False, "error": "invalid_auth"}, provider="https://example.org")
    assert err.dialect == "slack"


def test_every_row_cites_an_https_source() -> None:
    for dialect in all_dialects():
        assert dialect.docs.startswith("https://")
        for row in dialect.codes:
            assert row.source.startswith("https://"), (dialect.name, row.code)
            assert row.meaning


def test_the_required_providers_are_covered() -> None:
    names = {d.name for d in all_dialects()}
    assert names >= {
        "github", "google", "microsoft", "slack", "facebook", "auth0", "okta", "keycloak",
        "cognito", "salesforce", "apple", "dropbox", "spotify", "discord", "zoom",
        "linkedin", "hub",
    }  # fmt: skip


def test_register_dialect(restore_dialects: None) -> None:
    acme = Dialect(
        name="acme",
        title="ACME ID",
        docs="https://id.acme.example/docs/errors",
        hosts=("id.acme.example",),
        codes=(
            DialectCode(
                "token_dead",
                "The refresh token was revoked",
                "https://id.acme.example/docs/errors#token_dead",
                canonical="invalid_grant",
                hint="ACME revoked the grant; see {docs}.",
            ),
        ),
    )
    assert register_dialect(acme) is acme
    assert all_dialects()[0] is acme and lookup_dialect("ACME") is acme
    err = parse(400, {"error": "token_dead"})
    assert isinstance(err, InvalidGrantError) and err.dialect == "acme"
    assert err.hint == (
        "The grant is no longer valid: the user must authorize again. "
        "ACME revoked the grant; see https://id.acme.example/docs/errors."
    )
    with pytest.raises(ValueError, match="replace=True"):
        register_dialect(acme)
    register_dialect(acme, replace=True)
    assert [d.name for d in all_dialects()].count("acme") == 1
    with pytest.raises(TypeError):
        register_dialect("acme")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"canonical": "not_a_code"},
        {"prompt": "sometimes"},
        {"hint": "Use {secret}."},
        {"hint": "Unbalanced {"},
    ],
)
def test_dialect_code_is_validated(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        DialectCode("x", "x", "https://example.org", **kwargs)


def test_dialect_is_validated() -> None:
    with pytest.raises(ValueError):
        Dialect(name="Bad Name", title="x", codes=(), docs="https://example.org")
    with pytest.raises(ValueError):
        Dialect(name="x", title="x", codes=(), docs="https://example.org", envelopes=("nope",))
    with pytest.raises(ValueError):
        Dialect(name="x", title="x", codes=(), docs="http://example.org")
    with pytest.raises(ValueError):
        DialectCode("", "description-only rows need a description", "https://example.org")


def test_hint_values_from_the_server_are_neutralised() -> None:
    hostile = "chat:write\x1b[2J\u202eevil"
    err = parse(
        200, {"ok": False, "error": "missing_scope", "needed": hostile}, endpoint="resource"
    )
    assert "\x1b" not in err.hint and "\u202e" not in err.hint
    assert err.params["needed"] == hostile  # raw for programs


def test_dialect_errors_pickle_and_serialise() -> None:
    err = parse(200, {"ok": False, "error": "missing_scope", "needed": "chat:write"})
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and again.dialect == "slack"
    assert again.vendor_code == "missing_scope" and again.hint == err.hint
    assert again.policy is err.policy
    data = json.loads(json.dumps(err.to_dict()))
    assert data["dialect"] == "slack" and data["vendor_code"] == "missing_scope"
    assert data["params"]["needed"] == "chat:write"


def test_strict_mode_is_unchanged_by_dialects() -> None:
    with pytest.raises(oce.MalformedResponseError):
        parse_response(401, JSON, json.dumps(GOOGLE_AUTH_ERROR), strict=True)
    err = parse_response(200, FORM, "error=bad_verification_code", strict=True)
    assert err is not None and err.dialect == "github"


def test_entra_redirect_uri_mismatch_50011_in_a_redirect() -> None:
    # https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
    # (AADSTS50011: InvalidReplyTo / redirect URI mismatch), as sent back on the redirect.
    from oauth_client_errors import InvalidRequestError, Policy, parse_redirect

    url = (
        "https://app.example/cb?error=invalid_request&error_description=AADSTS50011%3A+The+"
        "redirect+URI+%27https%3A%2F%2Fapp.example%2Fcb%27+specified+in+the+request+does+not+"
        "match+the+redirect+URIs+configured+for+the+application&state=s"
    )
    err = parse_redirect(url, expected_state="s")
    assert isinstance(err, InvalidRequestError)
    assert err.dialect == "microsoft"
    assert err.vendor_code == "AADSTS50011"
    assert err.policy is Policy.FIX_CONFIG
    assert "Authentication page" in err.hint


# -- Azure AD B2C (AADB2C numbers, same envelope as Entra) ----------------------------------
# Source: https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes


def test_b2c_forgotten_password_redirect_asks_for_the_reset_flow() -> None:
    from oauth_client_errors import AccessDeniedError, Policy, parse_redirect

    url = (
        "https://app.example/cb?error=access_denied&error_description=AADB2C90118%3a+The+user"
        "+has+forgotten+their+password.%0d%0aCorrelation+ID%3a+6a6b0c2e%0d%0aTimestamp%3a+"
        "2024-05-01+10%3a00%3a00Z%0d%0a&state=s"
    )
    err = parse_redirect(url, expected_state="s")
    assert isinstance(err, AccessDeniedError)  # the class of the OAuth code sent
    assert (err.dialect, err.vendor_code) == ("microsoft", "AADB2C90118")
    assert err.policy is Policy.REAUTHORIZE  # not "fail": the user wants to reset
    assert "password reset user flow" in err.hint


@pytest.mark.parametrize(
    ("body", "vendor", "policy"),
    [
        (
            {
                "error": "access_denied",
                "error_description": "AADB2C90091: The user has "
                "cancelled entering self-asserted information.",
            },
            "AADB2C90091",
            Policy.FAIL,
        ),
        (
            {
                "error": "invalid_grant",
                "error_description": "AADB2C90080: The provided grant "
                "has expired. Please re-authenticate and try again. Current time: 1714557600",
            },
            "AADB2C90080",
            Policy.REAUTHORIZE,
        ),
        (
            {
                "error": "invalid_request",
                "error_description": "AADB2C90006: The redirect URI "
                "'https://app.example/cb' provided in the request is not registered for the "
                "client id 'abc'.",
            },
            "AADB2C90006",
            Policy.FIX_CONFIG,
        ),
        (
            {
                "error": "server_error",
                "error_description": "AADB2C90035: The service is "
                "temporarily unavailable. Please retry after a few minutes.",
            },
            "AADB2C90035",
            Policy.RETRY,
        ),
    ],
)
def test_b2c_numbers(body: dict[str, Any], vendor: str, policy: Policy) -> None:
    err = parse_response(400, JSON, json.dumps(body))
    assert err is not None
    assert (err.dialect, err.vendor_code, err.policy) == ("microsoft", vendor, policy)
    assert err.received_code == body["error"]


def test_b2c_host_selects_the_dialect_and_an_unknown_b2c_number_falls_back() -> None:
    err = parse_response(
        400,
        JSON,
        b'{"error":"invalid_request","error_description":"AADB2C90999: Something new."}',
        provider="https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token",
    )
    assert err is not None and err.dialect == "microsoft"
    # No row for the number: like an unknown AADSTS number, the code and policy are the
    # OAuth error's own, and the number stays in the description.
    assert (err.code, err.vendor_code) == ("invalid_request", "invalid_request")
    assert err.policy is Policy.FIX_CONFIG
    assert "AADB2C90999" in (err.description or "")
    plain = parse_response(
        400, JSON, b'{"error":"invalid_request","error_description":"AAD is not a number"}'
    )
    assert plain is not None and plain.dialect is None


# -- Auth0 sign-in errors -------------------------------------------------------------------
# Source: https://auth0.com/docs/libraries/error-messages (with the descriptions Auth0 sends)


@pytest.mark.parametrize(
    ("code", "description", "cls"),
    [
        ("too_many_attempts", "Your account has been blocked after multiple consecutive "
         "login attempts. We've sent you an email with instructions on how to unblock it.",
         AccessDeniedError),
        ("password_leaked", "This login attempt has been blocked because the password "
         "you're using was previously disclosed through a data breach (not in this "
         "application).", AccessDeniedError),
        ("mfa_invalid_code", "Invalid otp_code.", InvalidGrantError),
        ("unauthorized", "user is blocked", AccessDeniedError),
    ],
)  # fmt: skip
def test_auth0_sign_in_errors(code: str, description: str, cls: type) -> None:
    err = parse_response(403, JSON, json.dumps({"error": code, "error_description": description}))
    assert type(err) is cls
    assert (err.received_code, err.dialect, err.vendor_code) == (code, "auth0", code)
    assert err.policy is Policy.FAIL


def test_a_generic_unauthorized_is_not_taken_for_auth0() -> None:
    body = {"error": "unauthorized", "error_description": "Denied by a rule"}
    err = parse_response(403, JSON, json.dumps(body))
    assert err is not None and err.dialect is None and err.received_code == "unauthorized"
    hosted = parse_response(403, JSON, json.dumps(body), provider="https://acme.auth0.com/")
    assert hosted is not None and hosted.dialect == "auth0"
