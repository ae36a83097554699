"""Data the sample builder reads besides the dialect and registry tables: pure data, no logic.

What is here, and why it is not in the dialect table:

* :data:`PUBLISHED`: payloads printed verbatim by a provider (or by a tool that printed the
  server's answer), each with the page it was copied from. A sample for one of these rows is
  that payload; every other row's sample is built from the documented envelope shape, and its
  ``source`` says so.
* :data:`OAUTH_ERROR`: the RFC 6749 ``error`` value a provider sends next to a vendor code that
  travels in another member (an Entra number in ``error_codes``, Google's ``error_subtype``).
* :data:`STATUS`, :data:`ENDPOINT`: where a provider documents a status or an endpoint that
  differs from its envelope's usual one.
* :data:`GRPC_STATUSES`: the canonical gRPC status names Google APIs use as ``error.status``.
* :data:`RFC_*`: the parameters the RFCs show in their example responses.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ENDPOINT",
    "GRPC_STATUSES",
    "OAUTH_ERROR",
    "PUBLISHED",
    "RFC_CHALLENGE_PARAMS",
    "RFC_SECTIONS",
    "STATUS",
    "Published",
]

#: (dialect, row code, row description or None) -> (status, headers, body, endpoint, source).
Published = tuple[int, dict[str, str], Any, str, str]

_ENTRA_REF = "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"

PUBLISHED: dict[tuple[str, str, str | None], Published] = {
    # GitHub answers the code exchange with status 200 and the error in the body.
    ("github", "bad_verification_code", None): (
        200,
        {"Content-Type": "application/json; charset=utf-8"},
        {
            "error": "bad_verification_code",
            "error_description": "The code passed is incorrect or expired.",
            "error_uri": "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-"
            "request-errors/#bad-verification-code",
        },
        "token",
        "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/"
        "troubleshooting-oauth-app-access-token-request-errors#bad-verification-code",
    ),
    ("github", "", "Bad credentials"): (
        401,
        {"Content-Type": "application/json; charset=utf-8"},
        {
            "message": "Bad credentials",
            "documentation_url": "https://docs.github.com/rest",
            "status": "401",
        },
        "resource",
        "https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api"
        "#bad-credentials",
    ),
    ("google", "invalid_rapt", None): (
        400,
        {"Content-Type": "application/json; charset=utf-8"},
        {
            "error": "invalid_grant",
            "error_description": "reauth related error (invalid_rapt)",
            "error_uri": "https://support.google.com/a/answer/9368756",
            "error_subtype": "invalid_rapt",
        },
        "token",
        "https://support.google.com/a/answer/9368756",
    ),
    ("google", "invalid_grant", "Token has been expired or revoked"): (
        400,
        {"Content-Type": "application/json; charset=utf-8"},
        {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
        "token",
        "https://developers.google.com/identity/protocols/oauth2#expiration",
    ),
    ("microsoft", "AADSTS50076", None): (
        400,
        {"Content-Type": "application/json; charset=utf-8"},
        {
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
        },
        "token",
        _ENTRA_REF + " (the sample error response; this body as printed by `az login`)",
    ),
    ("microsoft", "InvalidAuthenticationToken", None): (
        401,
        {"Content-Type": "application/json"},
        {
            "error": {
                "code": "InvalidAuthenticationToken",
                "message": "Access token has expired or is not yet valid.",
                "innerError": {
                    "date": "2024-05-01T10:00:00",
                    "request-id": "b7a9d5a8-4c8a-4b0e-9f3e-2f7a2a1f6d10",
                    "client-request-id": "b7a9d5a8-4c8a-4b0e-9f3e-2f7a2a1f6d10",
                },
            }
        },
        "resource",
        "https://learn.microsoft.com/en-us/graph/errors",
    ),
    ("slack", "missing_scope", None): (
        200,
        {"Content-Type": "application/json; charset=utf-8"},
        {
            "ok": False,
            "error": "missing_scope",
            "needed": "chat:write",
            "provided": "channels:read",
        },
        "resource",
        "https://api.slack.com/methods/chat.postMessage#errors",
    ),
    ("facebook", "190/463", None): (
        400,
        {"Content-Type": "application/json; charset=UTF-8"},
        {
            "error": {
                "message": "Error validating access token: Session has expired on Wednesday, "
                "14-Feb-18 18:00:00 PST. The current time is Thursday, 15-Feb-18 13:46:35 PST.",
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 463,
                "fbtrace_id": "H2il2t5bn4e",
            }
        },
        "resource",
        "https://developers.facebook.com/docs/graph-api/guides/error-handling",
    ),
    ("auth0", "mfa_required", None): (
        403,
        {"Content-Type": "application/json"},
        {
            "error": "mfa_required",
            "error_description": "Multifactor authentication required",
            "mfa_token": "Fe26.2*SERVER_1569494341*5ad0e41d",
        },
        "token",
        "https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow"
        "-with-mfa",
    ),
    ("okta", "E0000011", None): (
        401,
        {"Content-Type": "application/json"},
        {
            "errorCode": "E0000011",
            "errorSummary": "Invalid token provided",
            "errorLink": "E0000011",
            "errorId": "oaeV3ZDdwdQSwWwzq2Mqia8Fw",
            "errorCauses": [],
        },
        "resource",
        "https://developer.okta.com/docs/reference/error-codes/#E0000011",
    ),
}

#: The RFC 6749 ``error`` a provider sends with a vendor code carried elsewhere.
#: Entra: the reference lists each number with the error it comes with; Google: ``error_subtype``.
OAUTH_ERROR: dict[tuple[str, str], str] = {
    ("google", "invalid_rapt"): "invalid_grant",
    ("microsoft", "AADSTS50076"): "interaction_required",
    ("microsoft", "AADSTS50079"): "interaction_required",
    ("microsoft", "AADSTS50173"): "invalid_grant",
    ("microsoft", "AADSTS700082"): "invalid_grant",
    ("microsoft", "AADSTS70008"): "invalid_grant",
    ("microsoft", "AADSTS65001"): "invalid_grant",
    ("microsoft", "AADSTS7000215"): "invalid_client",
    ("microsoft", "AADSTS7000222"): "invalid_client",
    ("microsoft", "AADSTS50011"): "invalid_request",
    ("microsoft", "AADSTS700016"): "unauthorized_client",
    ("microsoft", "AADSTS50058"): "interaction_required",
    ("microsoft", "AADSTS53003"): "invalid_grant",
    ("microsoft", "AADSTS90002"): "invalid_request",
    ("microsoft", "AADB2C90118"): "access_denied",
    ("microsoft", "AADB2C90091"): "access_denied",
    ("microsoft", "AADB2C90077"): "interaction_required",
    ("microsoft", "AADB2C90080"): "invalid_grant",
    ("microsoft", "AADB2C90129"): "invalid_grant",
    ("microsoft", "AADB2C90128"): "invalid_grant",
    ("microsoft", "AADB2C90035"): "server_error",
    ("microsoft", "AADB2C90006"): "invalid_request",
    ("microsoft", "AADB2C90057"): "unauthorized_client",
    ("microsoft", "AADB2C90079"): "invalid_request",
    ("microsoft", "AADB2C90081"): "invalid_request",
    ("microsoft", "AADB2C90182"): "invalid_request",
    ("microsoft", "AADB2C99059"): "invalid_request",
    ("microsoft", "AADB2C90111"): "invalid_grant",
    ("microsoft", "AADB2C90114"): "invalid_request",
    ("microsoft", "suberror:consent_required"): "invalid_grant",
    ("microsoft", "suberror:basic_action"): "invalid_grant",
    ("microsoft", "suberror:user_password_expired"): "invalid_grant",
}

#: A status a provider documents for a row, where its envelope's usual status would differ.
STATUS: dict[tuple[str, str], int] = {
    ("github", ""): 403,  # "API rate limit exceeded" comes with 403 (and 429 since 2023)
    ("google", "CREDENTIALS_MISSING"): 401,
    ("google", "required"): 401,
    ("google", "ACCESS_TOKEN_EXPIRED"): 401,
    ("google", "authError"): 401,
    ("google", "UNAUTHENTICATED"): 401,
    ("google", "rateLimitExceeded"): 403,
    ("google", "userRateLimitExceeded"): 403,
    ("okta", "E0000004"): 401,
    ("dropbox", "missing_scope"): 401,
    ("dropbox", "user_suspended"): 401,
    ("dropbox", "route_access_denied"): 401,
    ("zoom", "4711"): 400,
}

#: Rows whose provider documents them at an endpoint other than the envelope's usual one.
ENDPOINT: dict[tuple[str, str], str] = {
    ("github", "application_suspended"): "authorization",
    ("github", "unverified_user_email"): "token",
    ("google", "admin_policy_enforced"): "authorization",
    ("google", "org_internal"): "authorization",
    ("google", "disallowed_useragent"): "authorization",
    ("google", "redirect_uri_mismatch"): "authorization",
    ("microsoft", "AADSTS50011"): "authorization",
    ("microsoft", "AADB2C90118"): "authorization",
    ("microsoft", "AADB2C90091"): "authorization",
    ("microsoft", "insufficient_claims"): "resource",
}

#: Google's canonical error statuses (https://google.aip.dev/193, google.rpc.Code).
GRPC_STATUSES = frozenset(
    {
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "UNAUTHENTICATED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
    }
)

#: Where each specification defines its error response (the ``source`` of ``rfc`` samples).
RFC_SECTIONS: dict[str, str] = {
    "authorization": "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1",
    "token": "https://www.rfc-editor.org/rfc/rfc6749#section-5.2",
    "resource": "https://www.rfc-editor.org/rfc/rfc6750#section-3",
    "device_authorization": "https://www.rfc-editor.org/rfc/rfc8628#section-3.2",
    "device_flow": "https://www.rfc-editor.org/rfc/rfc8628#section-3.5",
    "dpop": "https://www.rfc-editor.org/rfc/rfc9449#section-8",
    "dpop_resource": "https://www.rfc-editor.org/rfc/rfc9449#section-9",
    "step_up": "https://www.rfc-editor.org/rfc/rfc9470#section-3",
    "revocation": "https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1",
    "introspection": "https://www.rfc-editor.org/rfc/rfc7662#section-2.3",
    "registration": "https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2",
    "par": "https://www.rfc-editor.org/rfc/rfc9126#section-2.3",
    "backchannel": "https://openid.net/specs/openid-client-initiated-backchannel-authentication"
    "-core-1_0.html#rfc.section.13",
    "claims": "https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge",
}

#: Extra challenge parameters the RFC examples show for a resource error (RFC 6750 §3,
#: RFC 9470 §3, RFC 9449 §7.1 / §9).
RFC_CHALLENGE_PARAMS: dict[str, dict[str, str]] = {
    "insufficient_scope": {"scope": "photos:read photos:write"},
    "insufficient_user_authentication": {"acr_values": "myACR", "max_age": "300"},
    "insufficient_claims": {
        # {"access_token":{"acrs":{"essential":true,"value":"cp1"}}}, Microsoft's example
        "claims": "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoi"
        "Y3AxIn19fQ==",
    },
    "invalid_dpop_proof": {"algs": "ES256 PS256"},
    "use_dpop_nonce": {"algs": "ES256"},
}
