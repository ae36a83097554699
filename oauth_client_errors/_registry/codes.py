"""The registry as data: every OAuth error code a client can receive, and what it means.

Each :class:`CodeInfo` row names its code, a short title, its meaning, the specifications
that define it (the source of every row, ``specs``), the endpoints it is received at, the
:class:`~oauth_client_errors.Situation` it reports (per endpoint where it differs) and a
hint per endpoint. :data:`STATUS_RULES` covers errors told only by an HTTP status (or a
numeric ``error`` value, draft-16 §5.2). The policy is not data: it follows from the
situation by the rules in ``_rules``. The exception class of a code is the one whose
``error_code`` it is (``_errors``).

Hints are ``str.format`` templates. A hint entry is either one template or a tuple of
alternatives: the first alternative whose placeholders all have a value from the response
is used, and the last one (which needs nothing but ``{endpoint}``) is the fallback.
"""

from __future__ import annotations

from .._types import Endpoint, Situation
from .model import CodeInfo, StatusRule

__all__ = ["ENTRIES", "STATUS_RULES", "UNKNOWN_HINT", "UNKNOWN_RETRY_HINT"]


A = Endpoint.AUTHORIZATION
T = Endpoint.TOKEN
R = Endpoint.RESOURCE
D = Endpoint.DEVICE_AUTHORIZATION
V = Endpoint.REVOCATION
I = Endpoint.INTROSPECTION  # noqa: E741 - one letter per endpoint, like the others
G = Endpoint.REGISTRATION
P = Endpoint.PAR
B = Endpoint.BACKCHANNEL

AUTHENTICATION_REQUIRED = Situation.AUTHENTICATION_REQUIRED
CLAIMS_REQUIRED = Situation.CLAIMS_REQUIRED
CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
DENIED = Situation.DENIED
FORBIDDEN = Situation.FORBIDDEN
GRANT_INVALID = Situation.GRANT_INVALID
INTERACTION_REQUIRED = Situation.INTERACTION_REQUIRED
NONCE_REQUIRED = Situation.NONCE_REQUIRED
PENDING = Situation.PENDING
RATE_LIMITED = Situation.RATE_LIMITED
REQUEST_INVALID = Situation.REQUEST_INVALID
SCOPE_REQUIRED = Situation.SCOPE_REQUIRED
SLOW_DOWN = Situation.SLOW_DOWN
TOKEN_REJECTED = Situation.TOKEN_REJECTED
UNAVAILABLE = Situation.UNAVAILABLE
UNKNOWN = Situation.UNKNOWN


def _wait(first: str, then: str = "send the request again") -> tuple[str, str]:
    """Return a retry hint: with the server's delay when it gave one, else with back-off."""
    return (
        f"{first} Wait {{retry_after}} seconds, as the server asked, then {then}.",
        f"{first} Wait a little (with exponential back-off), then {then}.",
    )


_FEDERATION = ("OpenID Federation 1.0 §8.9",)
_CIBA = ("CIBA Core §13",)
_UMA = ("UMA 2.0 Grant §3.3.6",)
_OIDC = ("OIDC Core §3.1.2.6",)
_JAR = ("OIDC Core §3.1.2.6", "RFC 9101 §6.3")
_RFC7591 = ("RFC 7591 §3.2.2", "RFC 7592 §2.2")
_VP = ("OpenID4VP 1.0 §8.5",)
_ACE = ("RFC 9200 §5.8.3",)
_PROMPT_NONE = "If the request used prompt=none, repeat it without prompt=none"

ENTRIES: tuple[CodeInfo, ...] = (
    # -- RFC 6749 ---------------------------------------------------------------------------
    CodeInfo(
        code="invalid_request",
        title="Malformed request",
        meaning="The request is missing a required parameter, includes an invalid or "
        "unsupported parameter value, repeats a parameter, or is otherwise malformed.",
        specs=(
            "RFC 6749 §4.1.2.1",
            "RFC 6749 §4.2.2.1",
            "RFC 6749 §5.2",
            "RFC 6750 §3.1",
            "RFC 7009 §2.2.1",
            "RFC 8693 §2.2.2",
            "RFC 9126 §2.3",
            "CIBA Core §13",
        ),
        endpoints=(A, T, R, D, V, I, P, B),
        situation=REQUEST_INVALID,
        default_hint="The {endpoint} endpoint rejected the request as malformed. Check the "
        "parameters the client sends (missing, repeated or invalid values) against the "
        "provider's documentation.",
        hints={
            A: "The authorization request is malformed: a parameter is missing, repeated or "
            "invalid. Check client_id, redirect_uri, response_type, scope, state and the PKCE "
            "parameters against the client's registration.",
            T: "The token request is malformed: a parameter is missing, repeated or invalid, or "
            "the client used more than one authentication method. Check grant_type, code, "
            "redirect_uri, code_verifier and the client authentication.",
            R: "The resource server could not accept how the request was made. Send the access "
            "token once, in the Authorization header with the right scheme (Bearer or DPoP), "
            "and check the request's parameters.",
        },
    ),
    CodeInfo(
        code="unauthorized_client",
        title="Client not allowed to use this flow",
        meaning="The client is not authorized to request an authorization code or a token "
        "using this method or grant type.",
        specs=("RFC 6749 §4.1.2.1", "RFC 6749 §4.2.2.1", "RFC 6749 §5.2", "CIBA Core §13"),
        endpoints=(A, T, D, P, B),
        situation=CLIENT_MISCONFIGURED,
        default_hint="This client is not allowed to use this grant type. Enable the grant type "
        "in the client's registration at the provider, or use one the client is registered for.",
        hints={
            A: "This client is not allowed to use the requested response type or flow. Enable it "
            "in the client's registration at the provider, and check that the redirect URI is "
            "registered exactly as sent.",
            D: "This client is not allowed to use the device authorization grant. Enable the "
            "device flow for the client at the provider.",
            B: "This client is not allowed to use backchannel (CIBA) authentication. Register it "
            "for the CIBA grant and a token delivery mode at the provider.",
        },
    ),
    CodeInfo(
        code="access_denied",
        title="Access denied",
        meaning="The resource owner or the authorization server denied the request.",
        specs=(
            "RFC 6749 §4.1.2.1",
            "RFC 6749 §4.2.2.1",
            "RFC 8628 §3.5",
            "CIBA Core §11",
            "CIBA Core §13",
        ),
        endpoints=(A, T, B),
        situation=DENIED,
        default_hint="The user (or the provider's policy) denied the request. Tell the user "
        "that access was not granted; they can start again if they change their mind.",
        hints={
            T: "The user denied the request on their other device (or the provider refused it). "
            "Stop polling and tell the user that access was not granted.",
            B: "The provider refused the backchannel authentication request. Tell the user that "
            "access was not granted.",
        },
    ),
    CodeInfo(
        code="unsupported_response_type",
        title="Response type not supported",
        meaning="The authorization server does not support obtaining an authorization code "
        "(or token) using this response_type.",
        specs=("RFC 6749 §4.1.2.1", "RFC 6749 §4.2.2.1"),
        endpoints=(A, P),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider does not support the response_type this client sent, or "
        "does not allow it for this client. Use a response type from the provider's metadata "
        '(response_types_supported), usually "code".',
        aliases=("unsupported_responce_type",),
    ),
    CodeInfo(
        code="invalid_scope",
        title="Invalid scope",
        meaning="The requested scope is invalid, unknown, malformed, or exceeds the scope "
        "granted by the resource owner; also sent when no scope was requested and there is "
        "no default.",
        specs=(
            "RFC 6749 §3.3",
            "RFC 6749 §4.1.2.1",
            "RFC 6749 §4.2.2.1",
            "RFC 6749 §5.2",
            "CIBA Core §13",
        ),
        endpoints=(A, T, D, P, B),
        situation=REQUEST_INVALID,
        default_hint="The requested scope is invalid, unknown or malformed, or none was sent "
        "and the provider has no default. Request only scopes registered for this client and "
        "listed by the provider (scopes_supported).",
        hints={
            T: "The requested scope is invalid, unknown or malformed, or exceeds what the user "
            "granted. Request only scopes registered for this client; when refreshing, ask for "
            "no more than the original grant.",
        },
    ),
    CodeInfo(
        code="server_error",
        title="Server error",
        meaning="The authorization server encountered an unexpected condition that prevented "
        "it from fulfilling the request.",
        specs=("RFC 6749 §4.1.2.1", "RFC 6749 §4.2.2.1", "OpenID Federation 1.0 §8.9"),
        endpoints=(A, T, D, P, B, G),
        situation=UNAVAILABLE,
        default_hint=_wait(
            "The provider failed with an unexpected error; the request itself may be fine."
        ),
        hints={
            A: _wait(
                "The provider failed with an unexpected error during authorization.",
                "send the user through authorization again",
            ),
        },
    ),
    CodeInfo(
        code="temporarily_unavailable",
        title="Temporarily unavailable",
        meaning="The authorization server is currently unable to handle the request due to "
        "temporary overloading or maintenance.",
        specs=("RFC 6749 §4.1.2.1", "RFC 6749 §4.2.2.1", "OpenID Federation 1.0 §8.9"),
        endpoints=(A, T, D, P, B, G),
        situation=UNAVAILABLE,
        default_hint=_wait("The provider is overloaded or under maintenance."),
        hints={
            A: _wait(
                "The provider is overloaded or under maintenance.",
                "send the user through authorization again",
            ),
        },
    ),
    CodeInfo(
        code="invalid_client",
        title="Client authentication failed",
        meaning="Client authentication failed: the client is unknown, sent no or wrong "
        "credentials, or used an authentication method the server does not support.",
        specs=("RFC 6749 §5.2", "CIBA Core §13", "OpenID Federation 1.0 §8.9"),
        endpoints=(T, D, V, I, P, B),
        situation=CLIENT_MISCONFIGURED,
        default_hint="Client authentication failed at the {endpoint} endpoint. Check the "
        "client_id and the client secret or private key, and that the authentication method "
        "(client_secret_basic, client_secret_post, private_key_jwt...) matches the client's "
        "registration.",
    ),
    CodeInfo(
        code="invalid_grant",
        title="Invalid or expired grant",
        meaning="The authorization grant (authorization code, refresh token, resource owner "
        "credentials) is invalid, expired, revoked, does not match the redirect URI used in "
        "the authorization request, or was issued to another client.",
        specs=("RFC 6749 §5.2",),
        endpoints=(T,),
        situation=GRANT_INVALID,
        default_hint="The authorization grant or refresh token is invalid, expired or revoked, "
        "or was issued to another client. Send the user through authorization again to get a "
        "new grant.",
    ),
    CodeInfo(
        code="unsupported_grant_type",
        title="Grant type not supported",
        meaning="The authorization grant type is not supported by the authorization server.",
        specs=("RFC 6749 §5.2",),
        endpoints=(T,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider does not support this grant_type. Use a grant type from "
        "its metadata (grant_types_supported) that is enabled for this client.",
    ),
    # -- RFC 6750, RFC 7009 -----------------------------------------------------------------
    CodeInfo(
        code="invalid_token",
        title="Invalid access token",
        meaning="The access token provided is expired, revoked, malformed, or invalid for "
        "other reasons.",
        specs=("RFC 6750 §3.1", "RFC 7592 §2", "RFC 9449 §7.1"),
        endpoints=(R, T, V, I, G),
        situation=TOKEN_REJECTED,
        situations={
            T: GRANT_INVALID,
            V: CLIENT_MISCONFIGURED,
            I: CLIENT_MISCONFIGURED,
            G: CLIENT_MISCONFIGURED,
        },
        default_hint="The access token is expired, revoked or malformed. Get a new access "
        "token (refresh token or client credentials) and send the request again once; if the "
        "new token is refused too, authorize again.",
        hints={
            T: "The token the client presented (refresh token or subject token) is invalid, "
            "expired or revoked. Send the user through authorization again to get a new grant.",
            V: "The revocation endpoint refused the client's own credentials, not the token "
            "being revoked (revoking an invalid token succeeds). Check how the client "
            "authenticates to the revocation endpoint.",
            I: "The introspection endpoint refused the caller's own credentials (an invalid "
            "token being introspected is reported as active=false, not as an error). Check "
            "the client credentials or access token used to call the introspection endpoint.",
            G: "The registration access token is invalid or was revoked. Use the "
            "registration_access_token returned at registration; if it is lost, register "
            "the client again.",
        },
    ),
    CodeInfo(
        code="insufficient_scope",
        title="Insufficient scope",
        meaning="The request requires higher privileges than provided by the access token.",
        specs=("RFC 6750 §3.1",),
        endpoints=(R,),
        situation=SCOPE_REQUIRED,
        default_hint=(
            "The access token lacks the scope this request needs. Authorize again asking for "
            'the scope "{scope}", then retry with the new token.',
            "The access token lacks the scope this request needs. Authorize again asking for "
            "the scope the API documents for this request, then retry with the new token.",
        ),
    ),
    CodeInfo(
        code="unsupported_token_type",
        title="Token type not supported",
        meaning="The authorization server does not support the revocation of the presented "
        "token type.",
        specs=("RFC 7009 §2.2.1",),
        endpoints=(V,),
        situation=REQUEST_INVALID,
        default_hint="The provider cannot revoke this type of token (often: access tokens). "
        "Revoke the refresh token instead, or let the access token expire.",
    ),
    # -- OpenID Connect Core §3.1.2.6 -------------------------------------------------------
    CodeInfo(
        code="interaction_required",
        title="User interaction required",
        meaning="The authorization server requires end-user interaction of some form to "
        "proceed, for example when prompt=none was requested.",
        specs=_OIDC,
        endpoints=(A,),
        situation=INTERACTION_REQUIRED,
        default_hint="The provider needs the user to interact before it can continue. "
        f"{_PROMPT_NONE}, so the provider can show its pages.",
    ),
    CodeInfo(
        code="login_required",
        title="Login required",
        meaning="The authorization server requires end-user authentication, which it cannot "
        "ask for (prompt=none).",
        specs=_OIDC,
        endpoints=(A,),
        situation=INTERACTION_REQUIRED,
        default_hint="The user must sign in at the provider. "
        f"{_PROMPT_NONE}, so the provider can show its login page.",
    ),
    CodeInfo(
        code="account_selection_required",
        title="Account selection required",
        meaning="The end-user must select a session at the authorization server (they may be "
        "signed in with several accounts), which it cannot ask for (prompt=none).",
        specs=_OIDC,
        endpoints=(A,),
        situation=INTERACTION_REQUIRED,
        default_hint="The user must choose which account to use. "
        f"{_PROMPT_NONE} (or with prompt=select_account).",
    ),
    CodeInfo(
        code="consent_required",
        title="Consent required",
        meaning="The authorization server requires end-user consent, which it cannot ask for "
        "(prompt=none).",
        specs=_OIDC,
        endpoints=(A,),
        situation=INTERACTION_REQUIRED,
        default_hint="The user has not yet consented to what this client asks for. "
        f"{_PROMPT_NONE} (or with prompt=consent) so the user can grant access.",
    ),
    CodeInfo(
        code="invalid_request_uri",
        title="Invalid request_uri",
        meaning="The request_uri in the authorization request returns an error or contains "
        "invalid data.",
        specs=_JAR,
        endpoints=(A,),
        situation=REQUEST_INVALID,
        default_hint="The provider could not use the request_uri: it is unreachable, expired, "
        "already used, or holds invalid data. Push the request again (PAR) just before "
        "redirecting, or fix the request object the URI points to.",
    ),
    CodeInfo(
        code="invalid_request_object",
        title="Invalid request object",
        meaning="The request parameter contains an invalid request object (JWT-secured "
        "authorization request).",
        specs=(*_JAR, "RFC 9126 §2.3"),
        endpoints=(A, P),
        situation=REQUEST_INVALID,
        default_hint="The signed request object is invalid. Check its signing algorithm and "
        "key, its iss, aud and exp claims, and that its parameters match the client's "
        "registration.",
    ),
    CodeInfo(
        code="request_not_supported",
        title="Request objects not supported",
        meaning="The authorization server does not support the request parameter.",
        specs=_JAR,
        endpoints=(A,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider does not accept request objects by value (the request "
        "parameter). Send the parameters directly, or use PAR if the provider supports it.",
    ),
    CodeInfo(
        code="request_uri_not_supported",
        title="request_uri not supported",
        meaning="The authorization server does not support the request_uri parameter.",
        specs=_JAR,
        endpoints=(A,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider does not accept the request_uri parameter. Send the request "
        "object by value, or the parameters directly.",
    ),
    CodeInfo(
        code="registration_not_supported",
        title="registration parameter not supported",
        meaning="The authorization server does not support the registration parameter "
        "(client metadata passed in the request).",
        specs=("OIDC Core §3.1.2.6", "OIDC Core §7.2.1"),
        endpoints=(A,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider does not accept client metadata in the authorization "
        "request (the registration parameter). Register the client in advance instead.",
    ),
    CodeInfo(
        code="unmet_authentication_requirements",
        title="Authentication requirements not met",
        meaning="The authorization server is unable to meet the relying party's requirements "
        "for authenticating the end-user, such as an essential acr claim.",
        specs=("OIDC Unmet Authentication Requirements 1.0 §1",),
        endpoints=(A,),
        situation=INTERACTION_REQUIRED,
        default_hint=(
            "The provider could not authenticate the user at the level this client requires "
            '(acr "{acr_values}"). Send the user through authorization again so they can use '
            "a stronger method, or request an acr value the provider supports.",
            "The provider could not authenticate the user at the level this client requires "
            "(for example an essential acr claim). Send the user through authorization again "
            "so they can use a stronger method, or request an acr value the provider supports "
            "(acr_values_supported).",
        ),
    ),
    # -- RFC 7591 dynamic client registration -------------------------------------------------
    CodeInfo(
        code="invalid_redirect_uri",
        title="Invalid redirect URI",
        meaning="The value of one or more redirection URIs in the client metadata is invalid.",
        specs=_RFC7591,
        endpoints=(G,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider rejected a redirect URI in the client metadata. Use "
        "absolute URIs without a fragment that meet the provider's rules (https, or a "
        "loopback or private-use scheme for native apps).",
    ),
    CodeInfo(
        code="invalid_client_metadata",
        title="Invalid client metadata",
        meaning="The value of one of the client metadata fields is invalid and the server "
        "has rejected the request.",
        specs=_RFC7591,
        endpoints=(G,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The provider rejected a field of the client metadata. Find the field in "
        "the error description and correct the registration request.",
    ),
    CodeInfo(
        code="invalid_software_statement",
        title="Invalid software statement",
        meaning="The software statement presented is invalid.",
        specs=_RFC7591,
        endpoints=(G,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The software statement is invalid (signature, issuer, expiry or "
        "claims). Obtain a fresh, correctly signed software statement and register again.",
    ),
    CodeInfo(
        code="unapproved_software_statement",
        title="Software statement not approved",
        meaning="The software statement presented is not approved for use by this "
        "authorization server.",
        specs=_RFC7591,
        endpoints=(G,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="This provider does not accept software statements from this issuer. Ask "
        "the provider to approve it, or register without a software statement.",
    ),
    # -- RFC 8628 device flow and CIBA polling ----------------------------------------------
    CodeInfo(
        code="authorization_pending",
        title="Authorization pending",
        meaning="The authorization request is still pending: the end-user has not yet "
        "completed the user-interaction steps.",
        specs=("RFC 8628 §3.5", "CIBA Core §11"),
        endpoints=(T,),
        situation=PENDING,
        default_hint=(
            "The user has not finished authorizing yet. Keep polling every {interval} seconds "
            "until the code expires.",
            "The user has not finished authorizing yet. Keep polling at the current interval "
            "(5 seconds if the server gave none) until the code expires.",
        ),
    ),
    CodeInfo(
        code="slow_down",
        title="Polling too fast",
        meaning="The authorization request is still pending and polling should continue, "
        "but the interval must be increased by 5 seconds for this and all later requests.",
        specs=("RFC 8628 §3.5", "CIBA Core §11"),
        endpoints=(T,),
        situation=SLOW_DOWN,
        default_hint=(
            "The client is polling too fast. Keep polling, waiting {interval} seconds between "
            "requests from now on.",
            "The client is polling too fast. Keep polling, with the interval increased by 5 "
            "seconds for this and every later request.",
        ),
    ),
    CodeInfo(
        code="expired_token",
        title="Device code or request expired",
        meaning="The device_code (or CIBA auth_req_id) has expired and the authorization "
        "session has ended.",
        specs=("RFC 8628 §3.5", "CIBA Core §11", "CIBA Core §12"),
        endpoints=(T,),
        situation=GRANT_INVALID,
        # Not registered for resource servers, but some send it for an expired access token.
        situations={R: TOKEN_REJECTED},
        default_hint="The device code (or backchannel request) expired before the user "
        "finished. Start the flow again with a new device authorization (or backchannel "
        "authentication) request.",
        hints={
            R: "The access token has expired. Get a new access token (refresh token or client "
            "credentials) and send the request again.",
        },
    ),
    # -- resource indicators, RAR, DPoP, step-up --------------------------------------------
    CodeInfo(
        code="invalid_target",
        title="Invalid resource or audience",
        meaning="The requested resource or audience is invalid, unknown or malformed, or the "
        "server is unwilling to issue a token for it.",
        specs=("RFC 8707 §2", "RFC 8693 §2.2.2"),
        endpoints=(A, T, P),
        situation=REQUEST_INVALID,
        default_hint="The provider will not issue a token for the requested resource or "
        "audience. Check the resource and audience values (absolute URIs the provider knows) "
        "configured for this client.",
    ),
    CodeInfo(
        code="invalid_authorization_details",
        title="Invalid authorization details",
        meaning="The authorization_details are invalid: an unknown type, missing or invalid "
        "fields, or a type this client may not use.",
        specs=("RFC 9396 §5",),
        endpoints=(A, T, P),
        situation=REQUEST_INVALID,
        default_hint="The provider rejected the authorization_details. Check each entry's type "
        "and fields against the types the provider supports "
        "(authorization_details_types_supported).",
    ),
    CodeInfo(
        code="invalid_dpop_proof",
        title="Invalid DPoP proof",
        meaning="The DPoP proof JWT is missing, malformed or invalid (signature, htm, htu, "
        "iat, jti, ath or key).",
        specs=("RFC 9449 §5", "RFC 9449 §7.1"),
        endpoints=(T, R, P),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The DPoP proof was rejected. Check that it is signed with an algorithm "
        "the server supports and carries the right htm, htu, jti and a current iat (clock "
        "skew).",
        hints={
            R: "The DPoP proof was rejected. Check its signing algorithm, htm, htu, a current "
            "iat, and the ath claim (hash of the access token), and that the key matches the "
            "one the token is bound to.",
        },
    ),
    CodeInfo(
        code="use_dpop_nonce",
        title="DPoP nonce required",
        meaning="The server requires a server-provided nonce in the DPoP proof.",
        specs=("RFC 9449 §8", "RFC 9449 §9"),
        endpoints=(T, R, P),
        situation=NONCE_REQUIRED,
        default_hint="The server requires a nonce in the DPoP proof. Send the request again "
        "at once with a new proof whose nonce claim is the DPoP-Nonce response header.",
    ),
    CodeInfo(
        code="insufficient_user_authentication",
        title="Stronger or more recent authentication required",
        meaning="The authentication event associated with the access token does not meet the "
        "authentication requirements (acr, max_age) of the protected resource.",
        specs=("RFC 9470 §3",),
        endpoints=(R,),
        situation=AUTHENTICATION_REQUIRED,
        default_hint=(
            "The user's authentication is not strong or recent enough for this request. "
            'Authorize again with acr_values="{acr_values}" and max_age={max_age}, then '
            "retry with the new token.",
            "The user's authentication is not strong enough for this request. Authorize again "
            'with acr_values="{acr_values}", then retry with the new token.',
            "The user signed in too long ago for this request. Authorize again with "
            "max_age={max_age} so that the user signs in again, then retry with the new token.",
            "The user's authentication is not strong or recent enough for this request. "
            "Authorize again asking for stronger or fresher authentication (acr_values, "
            "max_age), then retry with the new token.",
        ),
    ),
    CodeInfo(
        code="insufficient_claims",
        title="Claims challenge",
        meaning="The access token lacks claims the resource requires (for example after a "
        "Conditional Access policy change); the challenge's claims parameter lists them.",
        specs=("Microsoft Entra ID claims challenge (CAE)",),
        endpoints=(R,),
        situation=CLAIMS_REQUIRED,
        default_hint="The resource requires claims the access token does not carry. Authorize "
        "again passing the challenge's claims value as the claims request parameter, then "
        "retry with the new token.",
    ),
    # -- ACE (RFC 9200) -----------------------------------------------------------------------
    CodeInfo(
        code="unsupported_pop_key",
        title="Proof-of-possession key not supported",
        meaning="The client submitted an asymmetric key in the token request that the "
        "resource server cannot process.",
        specs=_ACE,
        endpoints=(T,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The proof-of-possession key the client sent cannot be used with this "
        "resource server. Use a key type and algorithm the resource server supports.",
    ),
    CodeInfo(
        code="incompatible_ace_profiles",
        title="No common ACE profile",
        meaning="The client and the resource server it requested an access token for do not "
        "share a common ACE profile.",
        specs=_ACE,
        endpoints=(T,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The client and the resource server support no common ACE profile. "
        "Configure the client with a profile the resource server supports.",
    ),
    # -- UMA 2.0 grant ----------------------------------------------------------------------
    CodeInfo(
        code="need_info",
        title="More claims needed",
        meaning="The authorization server needs additional information (claims) to decide "
        "whether the client is authorized to have these permissions.",
        specs=_UMA,
        endpoints=(T,),
        situation=CLAIMS_REQUIRED,
        default_hint="The authorization server needs more claims before it decides. Push the "
        "required_claims it lists, or send the user to its claims interaction endpoint "
        "(redirect_user), then ask again with the new permission ticket.",
    ),
    CodeInfo(
        code="request_denied",
        title="Permissions denied",
        meaning="The client is not authorized to have these permissions.",
        specs=_UMA,
        endpoints=(T,),
        situation=DENIED,
        default_hint="The authorization server denied the requested permissions. Tell the "
        "user that access was not granted; the resource owner may change the policy.",
    ),
    CodeInfo(
        code="request_submitted",
        title="Awaiting the resource owner",
        meaning="The authorization server needs the resource owner to decide; the request "
        "has been submitted for approval.",
        specs=_UMA,
        endpoints=(T,),
        situation=PENDING,
        default_hint=(
            "The resource owner has to approve the request first. Ask again with the same "
            "permission ticket after {interval} seconds.",
            "The resource owner has to approve the request first. Ask again later with the "
            "same permission ticket, no more often than every 5 seconds.",
        ),
    ),
    # -- CIBA ---------------------------------------------------------------------------------
    CodeInfo(
        code="expired_login_hint_token",
        title="Login hint token expired",
        meaning="The login_hint_token provided in the authentication request is not valid "
        "because it has expired.",
        specs=_CIBA,
        endpoints=(B,),
        situation=GRANT_INVALID,
        default_hint="The login_hint_token has expired. Get a fresh login hint token and send a "
        "new backchannel authentication request.",
    ),
    CodeInfo(
        code="unknown_user_id",
        title="Unknown user",
        meaning="The OpenID Provider is not able to identify which end-user the client wishes "
        "to be authenticated by means of the hint provided.",
        specs=_CIBA,
        endpoints=(B,),
        situation=UNKNOWN,
        default_hint="The provider could not identify the user from the login hint. Ask the "
        "user to check the identifier they gave (email, phone number, user name) and try "
        "again.",
    ),
    CodeInfo(
        code="missing_user_code",
        title="User code missing",
        meaning="A user code is required but was missing from the request.",
        specs=_CIBA,
        endpoints=(B,),
        situation=REQUEST_INVALID,
        default_hint="The provider requires a user code for backchannel authentication. "
        "Collect the user's code and send it as user_code.",
    ),
    CodeInfo(
        code="invalid_user_code",
        title="Invalid user code",
        meaning="The user code was invalid.",
        specs=_CIBA,
        endpoints=(B,),
        situation=DENIED,
        default_hint="The user code is wrong. Ask the user to enter their user code again.",
    ),
    CodeInfo(
        code="invalid_binding_message",
        title="Invalid binding message",
        meaning="The binding message is invalid or unacceptable for use in the context of the "
        "given request.",
        specs=_CIBA,
        endpoints=(B,),
        situation=REQUEST_INVALID,
        default_hint="The provider rejected the binding_message. Send a short plain-text "
        "message of a length and character set the provider accepts.",
    ),
    CodeInfo(
        code="transaction_failed",
        title="Transaction failed",
        meaning="The OpenID Provider encountered an unexpected condition that prevented it "
        "from completing the backchannel authentication transaction.",
        specs=("CIBA Core §11", "CIBA Core §12"),
        endpoints=(T,),
        situation=UNKNOWN,
        default_hint="The provider could not complete the backchannel authentication. Tell the "
        "user it failed; they can start a new request.",
    ),
    # -- OpenID Federation --------------------------------------------------------------------
    CodeInfo(
        code="invalid_issuer",
        title="Issuer not served",
        meaning="The federation endpoint cannot service the requested issuer.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="The federation endpoint does not serve the issuer asked about. Check the "
        "entity identifier (iss) the client sends.",
    ),
    CodeInfo(
        code="invalid_subject",
        title="Subject not served",
        meaning="The federation endpoint cannot service the requested subject.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="The federation endpoint does not serve the subject asked about. Check "
        "the entity identifier (sub) the client sends.",
    ),
    CodeInfo(
        code="invalid_trust_anchor",
        title="Invalid trust anchor",
        meaning="The trust anchor cannot be found or used.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="The trust anchor cannot be found or used. Configure a trust anchor that "
        "this federation endpoint recognises.",
    ),
    CodeInfo(
        code="invalid_trust_chain",
        title="Invalid trust chain",
        meaning="The trust chain cannot be validated.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="The trust chain could not be validated. Check the entity statements, "
        "their signatures and expiry, and the authority hints up to the trust anchor.",
    ),
    CodeInfo(
        code="invalid_metadata",
        title="Invalid metadata",
        meaning="Metadata or metadata policy values are invalid or conflict with each other.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="Metadata or metadata policy values are invalid or conflict. Correct the "
        "entity's metadata so that it satisfies the federation's metadata policies.",
    ),
    CodeInfo(
        code="not_found",
        title="Entity not found",
        meaning="The requested entity identifier cannot be found.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="The federation endpoint does not know the requested entity. Check the "
        "entity identifier, and that the entity is enrolled in this federation.",
    ),
    CodeInfo(
        code="unsupported_parameter",
        title="Parameter not supported",
        meaning="The server does not support a parameter in the request.",
        specs=_FEDERATION,
        endpoints=(G,),
        situation=REQUEST_INVALID,
        default_hint="The federation endpoint does not support a parameter the client sent. "
        "Remove it, or use only the parameters the endpoint documents.",
    ),
    # -- OpenID for Verifiable Presentations ----------------------------------------------------
    CodeInfo(
        code="vp_formats_not_supported",
        title="Credential formats not supported",
        meaning="The wallet does not support any of the credential formats requested by the "
        "verifier.",
        specs=_VP,
        endpoints=(A,),
        situation=CLIENT_MISCONFIGURED,
        default_hint="The wallet supports none of the credential formats the verifier asked "
        "for. Accept more formats in the request, as the wallet's metadata allows.",
    ),
    CodeInfo(
        code="invalid_request_uri_method",
        title="Invalid request_uri_method",
        meaning="The value of the request_uri_method request parameter is neither get nor post.",
        specs=_VP,
        endpoints=(A,),
        situation=REQUEST_INVALID,
        default_hint='The request_uri_method must be "get" or "post". Fix the value in the '
        "authorization request.",
    ),
    CodeInfo(
        code="wallet_unavailable",
        title="Wallet unavailable",
        meaning="The wallet appears to be unavailable and therefore unable to respond to the "
        "request.",
        specs=_VP,
        endpoints=(A,),
        situation=UNKNOWN,
        default_hint="No wallet could answer the request. Ask the user to install or open a "
        "compatible wallet, then start again.",
    ),
    # -- legacy -------------------------------------------------------------------------------
    CodeInfo(
        code="invalid_operation",
        title="Invalid operation (legacy)",
        meaning="The requested operation is invalid, unknown, malformed, or exceeds the scope "
        "granted by the resource owner (a value from an early OAuth 2.0 draft).",
        specs=("draft-ietf-oauth-v2-16 §5.2",),
        endpoints=(T,),
        situation=REQUEST_INVALID,
        default_hint="The server refused the requested operation (a code from an early OAuth "
        "2.0 draft). Check the grant type and parameters against the provider's documentation.",
    ),
)

_RATE_LIMITED = _wait("The server is rate-limiting this client (HTTP 429).")
_SERVER_TROUBLE = _wait("The {endpoint} endpoint failed or is unavailable (HTTP {status}).")

STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule(
        statuses=frozenset({429}),
        endpoints=frozenset(),
        challenged=None,
        situation=RATE_LIMITED,
        hint=_RATE_LIMITED,
        summary="429, anywhere",
    ),
    StatusRule(
        statuses=frozenset(range(500, 600)),
        endpoints=frozenset(),
        challenged=None,
        situation=UNAVAILABLE,
        hint=_SERVER_TROUBLE,
        summary="500-599, anywhere",
    ),
    StatusRule(
        statuses=frozenset({401}),
        endpoints=frozenset({R}),
        challenged=True,
        situation=INTERACTION_REQUIRED,
        hint="The resource requires an access token, and the request carried none it accepts "
        "(the challenge names no error, RFC 6750 §3.1). Authorize to get an access token and "
        "send it in the Authorization header.",
        summary="401 at a resource, with a challenge that names no error",
    ),
    StatusRule(
        statuses=frozenset({401}),
        endpoints=frozenset({R}),
        challenged=False,
        situation=TOKEN_REJECTED,
        hint="The resource server refused the access token (HTTP 401). Get a new access token "
        "and send the request again once; if it is refused too, authorize again.",
        summary="401 at a resource, without a challenge",
    ),
    StatusRule(
        statuses=frozenset({401}),
        endpoints=frozenset(),
        challenged=None,
        situation=CLIENT_MISCONFIGURED,
        hint="Client authentication failed at the {endpoint} endpoint (HTTP 401). Check the "
        "client_id, the client secret or key, and the authentication method.",
        summary="401 elsewhere",
    ),
    StatusRule(
        statuses=frozenset({400}),
        endpoints=frozenset(),
        challenged=None,
        situation=REQUEST_INVALID,
        hint="The {endpoint} endpoint rejected the request as malformed (HTTP 400). Check the "
        "request parameters and the client configuration.",
        summary="400, anywhere",
    ),
    StatusRule(
        statuses=frozenset({403}),
        endpoints=frozenset({R}),
        challenged=None,
        situation=FORBIDDEN,
        hint="The resource server refused access (HTTP 403): the token is valid but not "
        "allowed to do this. Tell the user, or ask the resource owner for access.",
        summary="403 at a resource",
    ),
    StatusRule(
        statuses=frozenset(),
        endpoints=frozenset(),
        challenged=None,
        situation=UNKNOWN,
        hint=(
            "The {endpoint} endpoint answered HTTP {status} without a usable OAuth error. "
            "Check the endpoint URL and the provider's documentation or status page.",
            "The {endpoint} endpoint failed without a usable OAuth error. Check the endpoint "
            "URL and the provider's documentation or status page.",
        ),
        summary="any other status",
    ),
)

# Unregistered (non-numeric) codes: the hints by whether the status is a temporary failure.
UNKNOWN_RETRY_HINT: tuple[str, ...] = (
    'The server sent "{code}", which is not a standard OAuth error code, with HTTP {status}, '
    "a temporary failure. Wait {retry_after} seconds, then send the request again.",
    'The server sent "{code}", which is not a standard OAuth error code, with HTTP {status}, '
    "a temporary failure. Wait a little (with exponential back-off), then send the request "
    "again.",
    "The server sent an error code that is not a standard OAuth code, with HTTP {status}, a "
    "temporary failure. Wait {retry_after} seconds, then send the request again.",
    "The server sent an error code that is not a standard OAuth code, with a temporary "
    "failure status. Wait a little (with exponential back-off), then send the request again.",
)
UNKNOWN_HINT: tuple[str, ...] = (
    'The server sent "{code}", which is not a standard OAuth error code. See {link} or the '
    "provider's documentation for what it means and what to do.",
    'The server sent "{code}", which is not a standard OAuth error code. Check the '
    "provider's documentation for what it means and what to do.",
    "The server sent an error code that is not a standard OAuth code. See {link} or the "
    "provider's documentation for what it means and what to do.",
    "The server sent an error code that is not a standard OAuth code. Check the provider's "
    "documentation for what it means and what to do.",
)
