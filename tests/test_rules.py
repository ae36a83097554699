"""The policy rules (DESIGN §4, rules 1-7): one situation, one policy, from every provider.

``_rules`` turns a :class:`Situation` into a :class:`Policy`; the registry and each
provider's dialect only say which situation a code means. The table below has one case per
situation per provider, each with the page where the provider published the code (the
``source`` of its dialect row): whoever sends it, the same situation gets the same policy.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from oauth_client_errors import (
    Endpoint,
    OAuthError,
    Policy,
    Situation,
    all_dialects,
    parse_response,
)
from oauth_client_errors._rules import POLICY, RULES, place, policy_for

S = Situation
JSON = {"Content-Type": "application/json"}

# -- the rules as a table -----------------------------------------------------------------

#: DESIGN §4 as written, situation by situation.
DESIGN = {
    S.RATE_LIMITED: Policy.RETRY,  # rule 1
    S.UNAVAILABLE: Policy.RETRY,
    S.NONCE_REQUIRED: Policy.RETRY,
    S.PENDING: Policy.POLL,
    S.SLOW_DOWN: Policy.SLOW_DOWN,
    S.TOKEN_REJECTED: Policy.REFRESH,  # rule 2
    S.GRANT_INVALID: Policy.REAUTHORIZE,  # rule 3
    S.INTERACTION_REQUIRED: Policy.REAUTHORIZE,
    S.SCOPE_REQUIRED: Policy.STEP_UP,  # rule 4
    S.AUTHENTICATION_REQUIRED: Policy.STEP_UP,
    S.CLAIMS_REQUIRED: Policy.STEP_UP,
    S.CLIENT_MISCONFIGURED: Policy.FIX_CONFIG,  # rule 5
    S.REQUEST_INVALID: Policy.FIX_CONFIG,
    S.DENIED: Policy.FAIL,  # rule 6
    S.FORBIDDEN: Policy.FAIL,
    S.UNKNOWN: Policy.FAIL,  # rule 7, where nothing points elsewhere
}


def test_every_situation_has_the_designed_policy() -> None:
    assert dict(POLICY) == DESIGN
    assert sorted({number for number, *_ in RULES}) == [1, 2, 3, 4, 5, 6, 7]


def test_rule_2_refresh_only_when_a_token_may_have_been_sent() -> None:
    assert policy_for(S.TOKEN_REJECTED) is Policy.REFRESH
    assert policy_for(S.TOKEN_REJECTED, token_sent=True) is Policy.REFRESH
    assert policy_for(S.TOKEN_REJECTED, after_refresh=True) is Policy.REAUTHORIZE
    # No credential sent where one was required: rule 5.
    assert policy_for(S.TOKEN_REJECTED, token_sent=False) is Policy.FIX_CONFIG
    assert policy_for(S.GRANT_INVALID, token_sent=False) is Policy.REAUTHORIZE


@pytest.mark.parametrize(
    ("status", "endpoint", "kwargs", "expected"),
    [
        (429, Endpoint.TOKEN, {}, S.RATE_LIMITED),
        (503, Endpoint.RESOURCE, {}, S.UNAVAILABLE),
        (500, Endpoint.AUTHORIZATION, {"coded": True}, S.UNAVAILABLE),
        (401, Endpoint.RESOURCE, {"coded": True}, S.TOKEN_REJECTED),
        (401, Endpoint.RESOURCE, {}, S.TOKEN_REJECTED),
        (401, Endpoint.RESOURCE, {"bare_challenge": True}, S.INTERACTION_REQUIRED),
        (401, Endpoint.RESOURCE, {"bare_challenge": True, "token_sent": True}, S.TOKEN_REJECTED),
        (401, Endpoint.TOKEN, {"coded": True}, S.CLIENT_MISCONFIGURED),
        (403, Endpoint.RESOURCE, {"coded": True}, S.FORBIDDEN),
        (400, Endpoint.TOKEN, {}, S.REQUEST_INVALID),
        (400, Endpoint.TOKEN, {"coded": True}, S.UNKNOWN),
        (None, Endpoint.AUTHORIZATION, {"coded": True}, S.UNKNOWN),
    ],
)
def test_rule_7_places_a_code_nobody_maps(
    status: int | None, endpoint: Endpoint, kwargs: dict[str, Any], expected: Situation
) -> None:
    assert place(status, endpoint, **kwargs) is expected


def test_every_dialect_row_says_a_situation_and_takes_the_rules_policy() -> None:
    for dialect in all_dialects():
        for row in dialect.codes:
            if row.situation is not None:
                assert row.policy is POLICY[row.situation], (dialect.name, row.code)


# -- one case per situation per provider ------------------------------------------------------


def oauth(error: str, description: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error, **extra}
    if description is not None:
        body["error_description"] = description
    return body


def entra(number: int, error: str, text: str) -> dict[str, Any]:
    return oauth(error, f"AADSTS{number}: {text}", error_codes=[number])


def b2c(number: int, error: str, text: str) -> dict[str, Any]:
    return oauth(error, f"AADB2C{number}: {text}")


def facebook(code: int, subcode: int | None = None) -> dict[str, Any]:
    inner: dict[str, Any] = {"message": "x", "type": "OAuthException", "code": code}
    if subcode is not None:
        inner["error_subcode"] = subcode
    inner["fbtrace_id"] = "A1b2"
    return {"error": inner}


def google_api(code: int, status: str, reason: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": "x", "status": status}
    if reason is not None:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason}]
    return {"error": error}


# (provider, status, body, endpoint, situation, the provider's page)
CASES: list[tuple[str, int, dict[str, Any], str | None, Situation, str]] = [
    # -- GitHub
    ("github", 200, oauth("bad_verification_code", "The code passed is incorrect or expired."),
     None, S.GRANT_INVALID, "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"),
    ("github", 200, oauth("incorrect_client_credentials"), None, S.CLIENT_MISCONFIGURED,
     "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"),
    ("github", 200, oauth("redirect_uri_mismatch"), None, S.REQUEST_INVALID,
     "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"),
    ("github", 200, oauth("unverified_user_email"), None, S.DENIED,
     "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"),
    ("github", 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
     None, S.TOKEN_REJECTED, "https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api"),
    ("github", 403, {"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest"},
     None, S.RATE_LIMITED, "https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api"),
    ("github", 400, oauth("authorization_pending"), "token", S.PENDING,
     "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#error-codes-for-the-device-flow"),
    ("github", 400, oauth("slow_down", interval=10), "token", S.SLOW_DOWN,
     "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#error-codes-for-the-device-flow"),
    # -- Google
    ("google", 400, oauth("invalid_grant", "Token has been expired or revoked."), None, S.GRANT_INVALID,
     "https://developers.google.com/identity/protocols/oauth2#expiration"),
    ("google", 401, google_api(401, "UNAUTHENTICATED", "ACCESS_TOKEN_EXPIRED"), None, S.TOKEN_REJECTED,
     "https://cloud.google.com/docs/authentication/troubleshoot-adc"),
    ("google", 403, google_api(403, "PERMISSION_DENIED", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"), None,
     S.SCOPE_REQUIRED, "https://cloud.google.com/apis/design/errors"),
    ("google", 429, google_api(429, "RESOURCE_EXHAUSTED"), None, S.RATE_LIMITED,
     "https://cloud.google.com/apis/design/errors"),
    ("google", 403, google_api(403, "PERMISSION_DENIED", "SERVICE_DISABLED"), None,
     S.CLIENT_MISCONFIGURED, "https://cloud.google.com/apis/design/errors"),
    ("google", 400, oauth("admin_policy_enforced"), "authorization", S.DENIED,
     "https://developers.google.com/identity/protocols/oauth2/web-server"),
    # -- Microsoft Entra ID (and Graph, Azure AD B2C)
    ("microsoft", 400, entra(50076, "invalid_grant", "you must use multi-factor authentication"), None,
     S.AUTHENTICATION_REQUIRED, "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"),
    ("microsoft", 400, entra(50126, "invalid_grant", "Error validating credentials"), None,
     S.GRANT_INVALID, "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"),
    ("microsoft", 400, entra(50011, "invalid_request", "The redirect URI does not match"), None,
     S.CLIENT_MISCONFIGURED, "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"),
    ("microsoft", 400, entra(53003, "access_denied", "Access has been blocked by Conditional Access"), None,
     S.FORBIDDEN, "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"),
    ("microsoft", 400, b2c(90118, "access_denied", "The user has forgotten their password."),
     "authorization", S.INTERACTION_REQUIRED, "https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes"),
    ("microsoft", 400, b2c(90091, "access_denied", "The user has cancelled entering self-asserted information."),
     "authorization", S.DENIED, "https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes"),
    ("microsoft", 400, b2c(90035, "server_error", "The service is temporarily unavailable."),
     None, S.UNAVAILABLE, "https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes"),
    ("microsoft", 401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired.",
                                  "innerError": {"request-id": "1"}}},
     None, S.TOKEN_REJECTED, "https://learn.microsoft.com/en-us/graph/errors"),
    ("microsoft", 403, {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges.",
                                  "innerError": {"request-id": "1"}}},
     None, S.SCOPE_REQUIRED, "https://learn.microsoft.com/en-us/graph/errors"),
    # -- Slack (errors with HTTP 200)
    ("slack", 200, {"ok": False, "error": "invalid_auth"}, None, S.TOKEN_REJECTED,
     "https://api.slack.com/methods/auth.test#errors"),
    ("slack", 200, {"ok": False, "error": "token_revoked"}, None, S.GRANT_INVALID,
     "https://api.slack.com/methods/auth.test#errors"),
    ("slack", 200, {"ok": False, "error": "missing_scope", "needed": "chat:write"}, None,
     S.SCOPE_REQUIRED, "https://api.slack.com/web#evaluating_responses"),
    ("slack", 200, {"ok": False, "error": "ratelimited"}, None, S.RATE_LIMITED,
     "https://api.slack.com/docs/rate-limits"),
    ("slack", 200, {"ok": False, "error": "bad_client_secret"}, None, S.CLIENT_MISCONFIGURED,
     "https://api.slack.com/methods/oauth.v2.access#errors"),
    ("slack", 200, {"ok": False, "error": "account_inactive"}, None, S.FORBIDDEN,
     "https://api.slack.com/methods/auth.test#errors"),
    ("slack", 200, {"ok": False, "error": "not_authed"}, None, S.REQUEST_INVALID,
     "https://api.slack.com/methods/auth.test#errors"),
    # -- Facebook Graph API
    ("facebook", 400, facebook(190, 463), None, S.GRANT_INVALID,
     "https://developers.facebook.com/docs/graph-api/guides/error-handling"),
    ("facebook", 400, facebook(190, 459), None, S.FORBIDDEN,
     "https://developers.facebook.com/docs/graph-api/guides/error-handling"),
    ("facebook", 403, facebook(10), None, S.SCOPE_REQUIRED,
     "https://developers.facebook.com/docs/graph-api/guides/error-handling"),
    ("facebook", 400, facebook(4), None, S.RATE_LIMITED,
     "https://developers.facebook.com/docs/graph-api/overview/rate-limiting"),
    ("facebook", 500, facebook(2), None, S.UNAVAILABLE,
     "https://developers.facebook.com/docs/graph-api/guides/error-handling"),
    # -- Auth0
    ("auth0", 403, oauth("mfa_required", "Multifactor authentication required", mfa_token="Fe26.2*x"),
     None, S.AUTHENTICATION_REQUIRED,
     "https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa"),
    ("auth0", 403, oauth("invalid_grant", "Wrong email or password."), None, S.GRANT_INVALID,
     "https://auth0.com/docs/api/authentication#standard-error-responses"),
    ("auth0", 429, oauth("too_many_attempts", "Your account has been blocked after multiple consecutive login attempts."),
     None, S.FORBIDDEN, "https://auth0.com/docs/api/authentication#standard-error-responses"),
    ("auth0", 403, oauth("mfa_invalid_code", "Invalid otp_code."), None, S.DENIED,
     "https://auth0.com/docs/api/authentication#standard-error-responses"),
    # -- Okta
    ("okta", 401, {"errorCode": "E0000011", "errorSummary": "Invalid token provided", "errorId": "x"},
     None, S.TOKEN_REJECTED, "https://developer.okta.com/docs/reference/error-codes/"),
    ("okta", 429, {"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit", "errorId": "x"},
     None, S.RATE_LIMITED, "https://developer.okta.com/docs/reference/error-codes/"),
    ("okta", 403, {"errorCode": "E0000006", "errorSummary": "You do not have permission", "errorId": "x"},
     None, S.FORBIDDEN, "https://developer.okta.com/docs/reference/error-codes/"),
    ("okta", 400, oauth("invalid_grant", "The refresh token is invalid or expired."), None,
     S.GRANT_INVALID, "https://developer.okta.com/docs/reference/api/oidc/#possible-errors"),
    # -- Keycloak
    ("keycloak", 401, oauth("invalid_grant", "Invalid user credentials"), None, S.GRANT_INVALID,
     "https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/protocol/oidc/TokenManager.java"),
    ("keycloak", 400, oauth("invalid_grant", "Account disabled"), None, S.FORBIDDEN,
     "https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/protocol/oidc/TokenManager.java"),
    ("keycloak", 401, oauth("unauthorized_client", "Invalid client secret"), None,
     S.CLIENT_MISCONFIGURED, "https://www.keycloak.org/docs/latest/server_admin/"),
    # -- Amazon Cognito
    ("cognito", 400, {"__type": "NotAuthorizedException", "message": "Refresh Token has expired"},
     None, S.GRANT_INVALID, "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html"),
    ("cognito", 400, {"__type": "NotAuthorizedException", "message": "Access Token has expired"},
     "resource", S.TOKEN_REJECTED, "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html"),
    ("cognito", 400, {"__type": "TooManyRequestsException", "message": "Rate exceeded"}, None,
     S.RATE_LIMITED, "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html"),
    # -- Salesforce
    ("salesforce", 400, oauth("invalid_grant", "expired access/refresh token"), None, S.GRANT_INVALID,
     "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm"),
    ("salesforce", 400, oauth("invalid_grant", "inactive user"), None, S.FORBIDDEN,
     "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm"),
    ("salesforce", 401, {"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"},
     None, S.TOKEN_REJECTED, "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm"),
    # -- Apple
    ("apple", 400, oauth("invalid_client"), None, S.CLIENT_MISCONFIGURED,
     "https://developer.apple.com/documentation/sign_in_with_apple/errorresponse"),
    ("apple", 400, oauth("invalid_grant", "The code has expired or has been revoked."), None,
     S.GRANT_INVALID, "https://developer.apple.com/documentation/sign_in_with_apple/errorresponse"),
    # -- Dropbox
    ("dropbox", 401, {"error_summary": "expired_access_token/", "error": {".tag": "expired_access_token"}},
     None, S.TOKEN_REJECTED, "https://www.dropbox.com/developers/documentation/http/documentation#error-handling"),
    ("dropbox", 401, {"error_summary": "missing_scope/", "error": {".tag": "missing_scope", "required_scope": "files.content.read"}},
     None, S.SCOPE_REQUIRED, "https://www.dropbox.com/developers/documentation/http/documentation#error-handling"),
    ("dropbox", 429, {"error_summary": "too_many_requests/", "error": {".tag": "too_many_requests"}},
     None, S.RATE_LIMITED, "https://www.dropbox.com/developers/documentation/http/documentation#error-handling"),
    # -- Spotify
    ("spotify", 401, {"error": {"status": 401, "message": "The access token expired"}}, None,
     S.TOKEN_REJECTED, "https://developer.spotify.com/documentation/web-api/concepts/api-calls"),
    ("spotify", 403, {"error": {"status": 403, "message": "Insufficient client scope"}}, None,
     S.SCOPE_REQUIRED, "https://developer.spotify.com/documentation/web-api/concepts/api-calls"),
    ("spotify", 400, oauth("invalid_grant", "Invalid authorization code"), None, S.GRANT_INVALID,
     "https://developer.spotify.com/documentation/web-api/tutorials/code-flow"),
    # -- Discord
    ("discord", 401, {"code": 0, "message": "401: Unauthorized"}, None, S.TOKEN_REJECTED,
     "https://discord.com/developers/docs/topics/opcodes-and-status-codes#json"),
    ("discord", 400, oauth("invalid_grant", 'Invalid "code" in request.'), None, S.GRANT_INVALID,
     "https://discord.com/developers/docs/topics/oauth2"),
    # -- Zoom
    ("zoom", 400, {"reason": "Invalid Token!", "error": "invalid_request"}, None, S.GRANT_INVALID,
     "https://developers.zoom.us/docs/integrations/oauth/"),
    ("zoom", 401, {"code": 124, "message": "Access token is expired."}, None, S.TOKEN_REJECTED,
     "https://developers.zoom.us/docs/api/rest/error-definitions/"),
    # -- LinkedIn
    ("linkedin", 401, {"serviceErrorCode": 65600, "message": "Invalid access token", "status": 401},
     None, S.TOKEN_REJECTED, "https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling"),
    ("linkedin", 401, {"serviceErrorCode": 65601, "message": "The token used in the request has been revoked by the user", "status": 401},
     None, S.GRANT_INVALID, "https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling"),
    # -- JetBrains Hub
    ("hub", 400, oauth("invalid_grant"), "token", S.GRANT_INVALID,
     "https://www.jetbrains.com/help/hub/OAuth-2.0-Errors.html"),
    ("hub", 400, oauth("unsupported_responce_type"), "authorization", S.CLIENT_MISCONFIGURED,
     "https://www.jetbrains.com/help/hub/OAuth-2.0-Errors.html"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("provider", "status", "body", "endpoint", "situation", "source"),
    [pytest.param(*case, id=f"{case[0]}-{case[4].value}-{i}") for i, case in enumerate(CASES)],
)
def test_one_situation_one_policy_from_every_provider(
    provider: str,
    status: int,
    body: dict[str, Any],
    endpoint: str | None,
    situation: Situation,
    source: str,
) -> None:
    assert source.startswith("https://")
    err = parse_response(status, JSON, json.dumps(body), endpoint=endpoint, provider=provider)
    assert isinstance(err, OAuthError)
    assert err.dialect == provider
    assert err.situation is situation, err
    assert err.policy is DESIGN[situation]


def test_every_provider_has_cases() -> None:
    providers = {case[0] for case in CASES}
    assert providers == {dialect.name for dialect in all_dialects()}
