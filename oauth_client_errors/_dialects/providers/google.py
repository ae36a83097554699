"""The Google dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
INTERACTION_REQUIRED = Situation.INTERACTION_REQUIRED
RATE_LIMITED = Situation.RATE_LIMITED

G_WEB = "https://developers.google.com/identity/protocols/oauth2/web-server"
G_REFRESH = "https://developers.google.com/identity/protocols/oauth2#expiration"
G_RAPT = "https://support.google.com/a/answer/9368756"
G_AIP = "https://cloud.google.com/apis/design/errors"
G_AUTH_ERR = "https://cloud.google.com/docs/authentication/troubleshoot-adc"

DIALECT = Dialect(
    name="google",
    title="Google",
    docs=f"{G_WEB}#handlingresponse",
    hosts=(
        "accounts.google.com",
        "oauth2.googleapis.com",
        "googleapis.com",
        "www.googleapis.com",
    ),
    envelopes=("google_oauth", "google_api", "oauth"),
    codes=(
        DialectCode(
            "invalid_grant",
            "The refresh token expired or was revoked",
            G_REFRESH,
            description="Token has been expired or revoked",
            prompt="consent",
            hint="Google no longer accepts this refresh token: the user revoked access or "
            "changed their password, it went unused for six months, the app is in Testing "
            "(7-day tokens), or the per-user token limit was passed. Authorize again with "
            "access_type=offline and prompt=consent to get a new refresh token.",
        ),
        DialectCode(
            "invalid_rapt",
            "A Workspace reauthentication policy requires the user to sign in again",
            G_RAPT,
            hint="The user's Google Workspace requires periodic reauthentication (Google Cloud "
            "session control). Send the user through authorization again; an administrator can "
            "exempt the app by marking it trusted.",
        ),
        DialectCode(
            "admin_policy_enforced",
            "A Workspace administrator blocks the app or some of its scopes",
            f"{G_WEB}#authorization-errors-admin-policy-enforced",
            canonical="access_denied",
            hint="The user's Google Workspace administrator does not allow this app or some "
            "of the scopes it asks for. Ask the administrator to trust the app (Admin console "
            "> Security > API controls), or request fewer scopes.",
        ),
        DialectCode(
            "org_internal",
            "The OAuth client is internal to another Google Cloud organization",
            f"{G_WEB}#authorization-errors-org-internal",
            canonical="access_denied",
            situation=CLIENT_MISCONFIGURED,
            hint="The OAuth client's consent screen is Internal, so only accounts of its "
            "Google Cloud organization may use it. Make the user type External, or sign in "
            "with an account of that organization.",
        ),
        DialectCode(
            "disallowed_useragent",
            "Authorization was attempted in an embedded browser",
            f"{G_WEB}#authorization-errors-disallowed-useragent",
            canonical="invalid_request",
            hint="Google refuses authorization inside embedded web views. Open the "
            "authorization URL in the system browser (or use the platform's sign-in library).",
        ),
        DialectCode(
            "redirect_uri_mismatch",
            "The redirect_uri is not an authorized redirect URI of the client",
            f"{G_WEB}#authorization-errors-redirect-uri-mismatch",
            canonical="invalid_request",
            hint="The redirect_uri is not one of the client's authorized redirect URIs. Add it "
            "exactly (scheme, host, port, path, trailing slash) in the Google Cloud console "
            "under Credentials.",
        ),
        DialectCode(
            "invalid_client",
            "The OAuth client was not found",
            f"{G_WEB}#authorization-errors-invalid-client",
            description="The OAuth client was not found",
            hint="Google does not know this client_id. Copy it from the Google Cloud console "
            "(APIs & Services > Credentials) of the right project; it was deleted if it is "
            "no longer listed.",
        ),
        DialectCode(
            "CREDENTIALS_MISSING",
            "The API request carried no credential",
            G_AUTH_ERR,
            situation=INTERACTION_REQUIRED,
            hint="The Google API received no credential it accepts (no Authorization header, "
            "or an API key where OAuth is required). Send an OAuth access token in the "
            "Authorization header; authorize first if there is none.",
        ),
        DialectCode(
            "required",
            "The API request carried no credential (Login Required)",
            G_AIP,
            situation=INTERACTION_REQUIRED,
            hint="The Google API received no credential it accepts (no Authorization header, "
            "or an API key where OAuth is required). Send an OAuth access token in the "
            "Authorization header; authorize first if there is none.",
        ),
        DialectCode(
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "The access token lacks a scope the method needs",
            G_AIP,
            canonical="insufficient_scope",
            hint="The access token lacks a scope this Google API method needs. Authorize again "
            "asking for the scope listed in the method's reference, then retry.",
        ),
        DialectCode(
            "insufficientPermissions",
            "The access token lacks a scope the method needs",
            G_AIP,
            canonical="insufficient_scope",
            hint="The access token lacks a scope this Google API method needs. Authorize again "
            "asking for the scope listed in the method's reference, then retry.",
        ),
        DialectCode(
            "ACCESS_TOKEN_EXPIRED",
            "The access token expired",
            G_AIP,
            canonical="invalid_token",
            hint="The Google access token expired (they live about an hour). Refresh it and "
            "retry once.",
        ),
        DialectCode(
            "authError",
            "The access token is invalid, expired or revoked",
            G_AIP,
            canonical="invalid_token",
            hint="Google refused the access token (expired, revoked, or for another client). "
            "Refresh it and retry once; if it is refused again, authorize again.",
        ),
        DialectCode(
            "UNAUTHENTICATED",
            "The request's credential is invalid",
            G_AIP,
            canonical="invalid_token",
            hint="Google refused the request's credential. Refresh the access token and retry "
            "once; if it is refused again, authorize again.",
        ),
        DialectCode(
            "SERVICE_DISABLED",
            "The API is not enabled for the client's project",
            G_AIP,
            situation=CLIENT_MISCONFIGURED,
            hint="The API is not enabled in the Google Cloud project that owns this client. "
            "Enable it in the console (APIs & Services > Library), then retry after a few "
            "minutes.",
        ),
        DialectCode(
            "RESOURCE_EXHAUSTED",
            "A quota or rate limit is exhausted",
            G_AIP,
            situation=RATE_LIMITED,
            hint=_wait("A Google API quota or rate limit is exhausted."),
        ),
        DialectCode(
            "rateLimitExceeded",
            "A rate limit is exhausted",
            G_AIP,
            situation=RATE_LIMITED,
            hint=_wait("A Google API rate limit is exhausted."),
        ),
        DialectCode(
            "userRateLimitExceeded",
            "The per-user rate limit is exhausted",
            G_AIP,
            situation=RATE_LIMITED,
            hint=_wait("The Google API's per-user rate limit is exhausted."),
        ),
    ),
)
