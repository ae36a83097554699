"""The built-in provider dialects: one table, each row with the URL its provider published.

Every :class:`DialectCode` names, in ``source``, the page where the provider documents the
code (or, where a provider documents only the code and not the text, where its exact
payload is published). ``docs/dialects.md`` is generated from this table
(``python -m oauth_client_errors._dialect_reference > docs/dialects.md``).

Rules of the table: a registered code the server sent is never replaced (``canonical`` only
names the class for a vendor code that is not a registered one); ``policy`` is given only
where it differs from the canonical code's; hints say what to do, in the provider's terms.
"""

from __future__ import annotations

from ._dialects import Dialect, DialectCode
from ._types import Endpoint, Policy

__all__ = ["BUILTIN_DIALECTS"]

A = Endpoint.AUTHORIZATION
T = Endpoint.TOKEN
R = Endpoint.RESOURCE
D = Endpoint.DEVICE_AUTHORIZATION

RETRY = Policy.RETRY
REFRESH = Policy.REFRESH
REAUTHORIZE = Policy.REAUTHORIZE
STEP_UP = Policy.STEP_UP
FIX_CONFIG = Policy.FIX_CONFIG
FAIL = Policy.FAIL


def _wait(first: str) -> tuple[str, str]:
    return (
        f"{first} Wait {{retry_after}} seconds, as the server asked, then send the request again.",
        f"{first} Wait a little (with exponential back-off), then send the request again.",
    )


# -- GitHub ---------------------------------------------------------------------------------
GH_EXCHANGE = (
    "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/"
    "troubleshooting-oauth-app-access-token-request-errors"
)
GH_AUTHZ = (
    "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/"
    "troubleshooting-authorization-request-errors"
)
GH_DEVICE = (
    "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps"
    "#error-codes-for-the-device-flow"
)
GH_REST = "https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api"
GH_RATE = "https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api"

GITHUB = Dialect(
    name="github",
    title="GitHub",
    docs=GH_EXCHANGE,
    hosts=("github.com", "api.github.com"),
    envelopes=("oauth", "github_api"),
    docs_base="https://docs.github.com",
    codes=(
        DialectCode(
            "bad_verification_code",
            "The authorization code is incorrect, expired or already used",
            GH_EXCHANGE,
            canonical="invalid_grant",
            hint="GitHub refused the authorization code: it is wrong, expired (codes live 10 "
            "minutes) or was already exchanged. Start the web flow again and exchange the new "
            "code once.",
        ),
        DialectCode(
            "incorrect_client_credentials",
            "The client_id or client_secret is incorrect",
            GH_EXCHANGE,
            canonical="invalid_client",
            hint="GitHub rejected the client_id or client_secret. Copy both from the app's "
            "settings (Settings > Developer settings) and check they reach GitHub unchanged.",
        ),
        DialectCode(
            "redirect_uri_mismatch",
            "The redirect_uri does not match the app's callback URL",
            GH_EXCHANGE,
            canonical="invalid_request",
            hint="The redirect_uri does not match the callback URL registered for the GitHub "
            "app. Send exactly that URL (or a path below it), or leave redirect_uri out to use "
            "the default.",
        ),
        DialectCode(
            "unverified_user_email",
            "The user has not verified their primary email address",
            GH_EXCHANGE,
            canonical="access_denied",
            hint="The user has not verified the primary email address of their GitHub "
            "account. Ask them to verify it (GitHub Settings > Emails), then start again.",
        ),
        DialectCode(
            "application_suspended",
            "The OAuth app has been suspended",
            GH_AUTHZ,
            canonical="unauthorized_client",
            hint="GitHub has suspended this OAuth app (abuse, spam or API misuse). Contact "
            "GitHub Support; no authorization will succeed until the app is reinstated.",
        ),
        DialectCode(
            "incorrect_device_code",
            "The device_code is not valid",
            GH_DEVICE,
            canonical="invalid_grant",
            hint="GitHub does not know this device_code. Poll with the device_code from the "
            "last device authorization response, or start the device flow again.",
        ),
        DialectCode(
            "device_flow_disabled",
            "Device flow is not enabled for the app",
            GH_DEVICE,
            canonical="unauthorized_client",
            hint="Device flow is not enabled for this GitHub app. Enable it in the app's "
            'settings ("Enable Device Flow"), then start again.',
        ),
        DialectCode(
            "expired_token",
            "The device code expired (after 15 minutes)",
            GH_DEVICE,
            hint="The device code expired (GitHub device codes live 15 minutes). Start the "
            "device flow again and show the user the new code.",
        ),
        DialectCode(
            "",
            "The access token is wrong, expired or revoked (REST API)",
            GH_REST,
            description="Bad credentials",
            canonical="invalid_token",
            hint="GitHub's API refused the token (revoked, expired, or not a GitHub token). "
            "Get a new token (refresh it if the app uses expiring tokens) and retry once; if "
            "it is refused again, authorize again.",
        ),
        DialectCode(
            "",
            "The primary rate limit is exhausted (REST API)",
            GH_RATE,
            description="API rate limit exceeded",
            policy=RETRY,
            hint=_wait(
                "GitHub's API rate limit is exhausted; the x-ratelimit-reset header says when "
                "it resets."
            ),
        ),
    ),
)

# -- Google ---------------------------------------------------------------------------------
G_WEB = "https://developers.google.com/identity/protocols/oauth2/web-server"
G_REFRESH = "https://developers.google.com/identity/protocols/oauth2#expiration"
G_RAPT = "https://support.google.com/a/answer/9368756"
G_AIP = "https://cloud.google.com/apis/design/errors"
G_AUTH_ERR = "https://cloud.google.com/docs/authentication/troubleshoot-adc"

GOOGLE = Dialect(
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
            policy=FIX_CONFIG,
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
            policy=REAUTHORIZE,
            hint="The Google API received no credential it accepts (no Authorization header, "
            "or an API key where OAuth is required). Send an OAuth access token in the "
            "Authorization header; authorize first if there is none.",
        ),
        DialectCode(
            "required",
            "The API request carried no credential (Login Required)",
            G_AIP,
            policy=REAUTHORIZE,
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
            policy=FIX_CONFIG,
            hint="The API is not enabled in the Google Cloud project that owns this client. "
            "Enable it in the console (APIs & Services > Library), then retry after a few "
            "minutes.",
        ),
        DialectCode(
            "RESOURCE_EXHAUSTED",
            "A quota or rate limit is exhausted",
            G_AIP,
            policy=RETRY,
            hint=_wait("A Google API quota or rate limit is exhausted."),
        ),
        DialectCode(
            "rateLimitExceeded",
            "A rate limit is exhausted",
            G_AIP,
            policy=RETRY,
            hint=_wait("A Google API rate limit is exhausted."),
        ),
        DialectCode(
            "userRateLimitExceeded",
            "The per-user rate limit is exhausted",
            G_AIP,
            policy=RETRY,
            hint=_wait("The Google API's per-user rate limit is exhausted."),
        ),
    ),
)

# -- Microsoft Entra ID -----------------------------------------------------------------------
MS_CODES = "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"
MS_CLAIMS = "https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge"
MS_GRAPH = "https://learn.microsoft.com/en-us/graph/errors"
MS_LIFETIME = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens#token-lifetime"
)
MS_MSAL = "https://learn.microsoft.com/en-us/entra/msal/python/advanced/msal-error-handling-python"
MS_B2C = "https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes"
MS_B2C_RESET = (
    "https://learn.microsoft.com/en-us/azure/active-directory-b2c/troubleshoot#password-reset-error"
)

MICROSOFT = Dialect(
    name="microsoft",
    title="Microsoft Entra ID",
    docs=MS_CODES,
    hosts=(
        "login.microsoftonline.com",
        "login.microsoft.com",
        "login.live.com",
        "login.windows.net",
        "sts.windows.net",
        "login.partner.microsoftonline.cn",
        "login.microsoftonline.us",
        "graph.microsoft.com",
        "b2clogin.com",
        "ciamlogin.com",
    ),
    envelopes=("entra", "ms_graph", "oauth"),
    details=("suberror", "trace_id", "correlation_id", "timestamp"),
    codes=(
        DialectCode(
            "AADSTS50076",
            "Multi-factor authentication is required",
            MS_CODES,
            prompt="login",
            hint="Entra requires multi-factor authentication for this resource (a "
            "Conditional Access policy, or a new location). Sign the user in interactively "
            "(prompt=login), passing the response's claims if it has any; a refresh or a "
            "password grant cannot satisfy MFA.",
        ),
        DialectCode(
            "AADSTS50079",
            "The user must register for multi-factor authentication",
            MS_CODES,
            prompt="login",
            hint="The user must register a multi-factor authentication method before Entra "
            "issues this token. Sign the user in interactively (prompt=login) so that Entra "
            "can walk them through registration.",
        ),
        DialectCode(
            "AADSTS50173",
            "The grant was revoked (password change, or sessions revoked)",
            MS_CODES,
            prompt="login",
            hint="The refresh token was revoked: the user changed or reset their password, "
            "or an administrator revoked their sessions. Sign the user in again.",
        ),
        DialectCode(
            "AADSTS700082",
            "The refresh token expired from inactivity",
            MS_LIFETIME,
            hint="The refresh token expired because it was not used for too long (90 days by "
            "default). Sign the user in again; refreshing regularly keeps tokens alive.",
        ),
        DialectCode(
            "AADSTS70008",
            "The authorization code or refresh token expired",
            MS_CODES,
            hint="The authorization code or refresh token expired (codes live about 10 "
            "minutes). Authorize again and redeem the new code right away.",
        ),
        DialectCode(
            "AADSTS65001",
            "The user or administrator has not consented to the app",
            MS_CODES,
            prompt="consent",
            hint="Nobody has consented to the permissions this app requests. Send the user "
            "through authorization with prompt=consent, or ask a tenant administrator to "
            "grant admin consent.",
        ),
        DialectCode(
            "AADSTS7000215",
            "An invalid client secret was provided",
            MS_CODES,
            hint="Entra rejected the client secret. Send the secret's value (not its ID) from "
            "the app registration's Certificates & secrets page, and check it has not been "
            "replaced.",
        ),
        DialectCode(
            "AADSTS7000222",
            "The client secret has expired",
            MS_CODES,
            hint="The app registration's client secret has expired. Create a new secret under "
            "Certificates & secrets and deploy it.",
        ),
        DialectCode(
            "AADSTS50011",
            "The redirect URI does not match the URIs configured for the application",
            MS_CODES,
            policy=FIX_CONFIG,
            hint="The redirect_uri sent does not match any redirect URI registered for the "
            "app. Add it (exactly: scheme, host, port, path, trailing slash) under the app "
            "registration's Authentication page, or send a registered one.",
        ),
        DialectCode(
            "AADSTS700016",
            "The application was not found in the directory",
            MS_CODES,
            hint="Entra found no application with this client_id in the tenant. Check the "
            "client_id and the tenant in the URL, and that the app is multi-tenant if users "
            "of other tenants sign in.",
        ),
        DialectCode(
            "AADSTS50058",
            "Silent sign-in was requested but no user is signed in",
            MS_CODES,
            prompt="login",
            hint="A silent request (prompt=none) found no signed-in user. Send the user "
            "through interactive sign-in.",
        ),
        DialectCode(
            "AADSTS53003",
            "Conditional Access blocked the sign-in",
            MS_CODES,
            policy=FAIL,
            hint="A Conditional Access policy blocks this sign-in (device, location or app "
            "conditions). Tell the user; their administrator can say which policy applies.",
        ),
        DialectCode(
            "AADSTS90002",
            "The tenant was not found",
            MS_CODES,
            policy=FIX_CONFIG,
            hint="Entra found no tenant for the tenant ID or domain in the URL. Check the "
            "authority (https://login.microsoftonline.com/<tenant>).",
        ),
        # Azure AD B2C: the same envelope, with AADB2C numbers in the description.
        DialectCode(
            "AADB2C90118",
            "The user chose to reset a forgotten password (Azure AD B2C)",
            MS_B2C_RESET,
            policy=REAUTHORIZE,
            hint="The user clicked 'Forgot your password?' in a B2C sign-in user flow. Send "
            "them through your password reset user flow (an authorization request with the "
            "password-reset policy), then sign them in again.",
        ),
        DialectCode(
            "AADB2C90091",
            "The user cancelled the user flow (Azure AD B2C)",
            MS_B2C,
            policy=FAIL,
            hint="The user cancelled a B2C user flow (sign-up, password reset or profile "
            "edit). Return them to where they started; nothing needs fixing.",
        ),
        DialectCode(
            "AADB2C90077",
            "No signed-in session for a silent request (Azure AD B2C)",
            MS_B2C,
            policy=REAUTHORIZE,
            prompt="login",
            hint="A silent request (prompt=none) found no B2C session for the user. Send "
            "them through interactive sign-in.",
        ),
        DialectCode(
            "AADB2C90080",
            "The grant expired (Azure AD B2C)",
            MS_B2C,
            policy=REAUTHORIZE,
            hint="The refresh token or code expired (the refresh token's sliding window ran "
            "out). Sign the user in again.",
        ),
        DialectCode(
            "AADB2C90129",
            "The grant was revoked (Azure AD B2C)",
            MS_B2C,
            policy=REAUTHORIZE,
            hint="The refresh token was revoked. Sign the user in again.",
        ),
        DialectCode(
            "AADB2C90128",
            "The account the grant was issued to no longer exists (Azure AD B2C)",
            MS_B2C,
            policy=REAUTHORIZE,
            hint="The user account this grant belongs to was deleted. Sign in again; the "
            "user may need to sign up anew.",
        ),
        DialectCode(
            "AADB2C90035",
            "The service is temporarily unavailable (Azure AD B2C)",
            MS_B2C,
            policy=RETRY,
            hint="Azure AD B2C is temporarily unavailable. Wait a few minutes (with "
            "exponential back-off), then try again.",
        ),
        DialectCode(
            "AADB2C90006",
            "The redirect URI is not registered for the client (Azure AD B2C)",
            MS_B2C,
            policy=FIX_CONFIG,
            hint="The redirect_uri sent is not registered for this application in the B2C "
            "tenant. Add it exactly under the app registration's Authentication page, or "
            "send a registered one.",
        ),
        DialectCode(
            "AADB2C90057",
            "The application is not allowed to use the implicit flow (Azure AD B2C)",
            MS_B2C,
            policy=FIX_CONFIG,
            hint="The app registration does not allow the implicit flow. Use the "
            "authorization code flow with PKCE, or enable implicit grant on the app "
            "registration's Authentication page.",
        ),
        DialectCode(
            "AADB2C90079",
            "A confidential client sent no client_secret (Azure AD B2C)",
            MS_B2C,
            policy=FIX_CONFIG,
            hint="This application is confidential: send its client_secret when redeeming "
            "the code or refresh token.",
        ),
        DialectCode(
            "AADB2C90081",
            "The client_secret is wrong (Azure AD B2C)",
            MS_B2C,
            policy=FIX_CONFIG,
            hint="B2C rejected the client_secret. Send the secret's value from the app "
            "registration's Certificates & secrets page, and check it has not been replaced.",
        ),
        DialectCode(
            "AADB2C90182",
            "The code_verifier does not match the code_challenge (Azure AD B2C)",
            MS_B2C,
            policy=FIX_CONFIG,
            hint="The code_verifier sent does not match the code_challenge of the "
            "authorization request. Send the verifier generated for that request (PKCE, "
            "RFC 7636), then authorize again.",
        ),
        DialectCode(
            "AADB2C99059",
            "A single-page app must use PKCE (Azure AD B2C)",
            MS_B2C,
            policy=FIX_CONFIG,
            hint="Single-page applications must send a code_challenge (PKCE, RFC 7636) in "
            "the authorization request.",
        ),
        DialectCode(
            "AADB2C90111",
            "The user's account is locked (Azure AD B2C)",
            MS_B2C,
            policy=FAIL,
            hint="The user's account is locked. Tell them to contact your support to unlock it.",
        ),
        DialectCode(
            "AADB2C90114",
            "The user's account is temporarily locked (Azure AD B2C)",
            MS_B2C,
            policy=FAIL,
            hint="The user's account is temporarily locked after failed sign-ins. Tell them "
            "to try again later.",
        ),
        DialectCode(
            "suberror:consent_required",
            "The user must consent",
            MS_MSAL,
            prompt="consent",
        ),
        DialectCode(
            "suberror:basic_action",
            "The user must complete an action in an interactive sign-in (MFA)",
            MS_MSAL,
            prompt="login",
        ),
        DialectCode(
            "suberror:user_password_expired",
            "The user's password has expired",
            MS_MSAL,
            prompt="login",
            hint="The user's password has expired. Sign the user in interactively so that "
            "they can change it.",
        ),
        DialectCode(
            "insufficient_claims",
            "A claims challenge (Continuous Access Evaluation, Conditional Access)",
            MS_CLAIMS,
            hint="The resource needs claims the access token lacks (Continuous Access "
            "Evaluation or Conditional Access). Request a new token passing the challenge's "
            "claims (base64-decoded) as the claims parameter, for example MSAL's "
            "claims_challenge, then retry.",
        ),
        DialectCode(
            "InvalidAuthenticationToken",
            "Microsoft Graph refused the access token",
            MS_GRAPH,
            canonical="invalid_token",
            hint="Microsoft Graph refused the access token (expired, revoked, or for another "
            "audience). Get a new token for https://graph.microsoft.com and retry once.",
        ),
        DialectCode(
            "Authorization_RequestDenied",
            "The token lacks the Graph permission the call needs",
            MS_GRAPH,
            canonical="insufficient_scope",
            hint="The token lacks the Microsoft Graph permission this call needs. Add the "
            "permission to the app registration, have it consented, and get a new token.",
        ),
    ),
)

# -- Slack ----------------------------------------------------------------------------------
SLACK_WEB = "https://api.slack.com/web#evaluating_responses"
SLACK_AUTH_TEST = "https://api.slack.com/methods/auth.test#errors"
SLACK_OAUTH = "https://api.slack.com/methods/oauth.v2.access#errors"
SLACK_ROTATION = "https://api.slack.com/authentication/rotation"
SLACK_RATE = "https://api.slack.com/docs/rate-limits"
SLACK_SCOPES = "https://api.slack.com/scopes"

SLACK = Dialect(
    name="slack",
    title="Slack",
    docs=SLACK_WEB,
    hosts=("slack.com",),
    envelopes=("slack",),
    scope_separator=",",
    details=("needed", "provided", "warning"),
    codes=(
        DialectCode(
            "invalid_auth",
            "The token is invalid, or the request came from a disallowed IP address",
            SLACK_AUTH_TEST,
            canonical="invalid_token",
            hint="Slack could not validate the token: it is invalid, belongs to another "
            "workspace, or the request came from an IP address outside the app's allowed "
            "ranges. Refresh it if the app rotates tokens; otherwise reinstall the app.",
        ),
        DialectCode(
            "not_authed",
            "No token was provided",
            SLACK_AUTH_TEST,
            canonical="invalid_request",
            hint="Slack received no token. Send it in the Authorization header (Bearer) or, "
            "for form posts, as the token argument.",
        ),
        DialectCode(
            "token_revoked",
            "The token was revoked (the app was uninstalled or access revoked)",
            SLACK_AUTH_TEST,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The token was revoked: the app was uninstalled or the user removed its "
            "access. Install or authorize the app again.",
        ),
        DialectCode(
            "token_expired",
            "The token expired (token rotation)",
            SLACK_ROTATION,
            canonical="invalid_token",
            hint="The token expired (token rotation is on). Exchange the refresh token at "
            "oauth.v2.access with grant_type=refresh_token, then retry.",
        ),
        DialectCode(
            "account_inactive",
            "The token belongs to a deleted user or workspace",
            SLACK_AUTH_TEST,
            canonical="invalid_token",
            policy=FAIL,
            hint="The token belongs to a deleted user or workspace. Stop using it; the app "
            "must be installed again by an active user.",
        ),
        DialectCode(
            "missing_scope",
            "The token lacks a scope the method needs (see needed)",
            SLACK_SCOPES,
            canonical="insufficient_scope",
            hint=(
                'The token lacks the scope "{scope}" this Slack method needs. Add it to the '
                "app's scopes and have the user install or authorize the app again.",
                "The token lacks a scope this Slack method needs. Add it to the app's scopes "
                "and have the user install or authorize the app again.",
            ),
        ),
        DialectCode(
            "ratelimited",
            "The method's rate limit is exhausted",
            SLACK_RATE,
            policy=RETRY,
            hint=_wait("Slack is rate-limiting this method (Retry-After)."),
        ),
        DialectCode(
            "invalid_code",
            "The authorization code is invalid or expired",
            SLACK_OAUTH,
            canonical="invalid_grant",
            hint="Slack refused the authorization code (invalid, expired or already used). "
            "Send the user through the install flow again.",
        ),
        DialectCode(
            "code_already_used",
            "The authorization code was already exchanged",
            SLACK_OAUTH,
            canonical="invalid_grant",
            hint="The authorization code was already exchanged. Exchange each code once; send "
            "the user through the install flow again.",
        ),
        DialectCode(
            "invalid_refresh_token",
            "The refresh token is invalid",
            SLACK_OAUTH,
            canonical="invalid_grant",
            hint="Slack refused the refresh token (invalid, or already rotated). Use the "
            "latest refresh token Slack returned, or install the app again.",
        ),
        DialectCode(
            "bad_client_secret",
            "The client_secret is wrong",
            SLACK_OAUTH,
            canonical="invalid_client",
            hint="The client_secret does not match the app. Copy it from the app's Basic "
            "Information page.",
        ),
        DialectCode(
            "invalid_client_id",
            "The client_id is wrong",
            SLACK_OAUTH,
            canonical="invalid_client",
            hint="Slack does not know this client_id. Copy it from the app's Basic "
            "Information page.",
        ),
        DialectCode(
            "bad_redirect_uri",
            "The redirect_uri does not match the one used to authorize",
            SLACK_OAUTH,
            canonical="invalid_request",
            hint="The redirect_uri does not match the one in the authorization request or the "
            "app's configured redirect URLs. Send the same value in both.",
        ),
        DialectCode(
            "invalid_grant_type",
            "The grant_type is not supported",
            SLACK_OAUTH,
            canonical="unsupported_grant_type",
        ),
    ),
)

# -- Facebook Graph API -----------------------------------------------------------------------
FB_ERRORS = "https://developers.facebook.com/docs/graph-api/guides/error-handling"
FB_RATE = "https://developers.facebook.com/docs/graph-api/overview/rate-limiting"
FB_TOKENS = "https://developers.facebook.com/docs/facebook-login/guides/access-tokens"
FB_DATA = "https://developers.facebook.com/docs/facebook-login/auth-vs-data"
FB_LOGIN = "https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow"
_FB_LOGIN_AGAIN = "Send the user through Facebook Login again to get a new token."

FACEBOOK = Dialect(
    name="facebook",
    title="Facebook Graph API",
    docs=FB_ERRORS,
    hosts=("facebook.com", "graph.facebook.com", "facebook.net"),
    envelopes=("facebook",),
    details=("fbtrace_id",),
    codes=(
        DialectCode(
            "190/458",
            "The user removed the app (app not installed)",
            FB_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The user has removed the app or never logged in to it. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/459",
            "The user is checkpointed",
            FB_ERRORS,
            canonical="invalid_token",
            policy=FAIL,
            hint="Facebook has checkpointed the user's account. Ask them to log in at "
            "www.facebook.com to resolve it, then log in to the app again.",
        ),
        DialectCode(
            "190/460",
            "The user changed their password",
            FB_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The token was invalidated because the user changed their password. "
            + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/463",
            "The access token has expired",
            FB_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The access token has expired (Facebook user tokens cannot be refreshed with "
            "a refresh token). " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/464",
            "The user is unconfirmed",
            FB_ERRORS,
            canonical="invalid_token",
            policy=FAIL,
            hint="The user's Facebook account is not confirmed. Ask them to log in at "
            "www.facebook.com to confirm it.",
        ),
        DialectCode(
            "190/467",
            "The access token is invalid (logged out, or revoked)",
            FB_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The access token is invalid (the user logged out or it was revoked). "
            + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/468",
            "Data access expired: the user has not used the app for 90 days",
            FB_DATA,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The app's data access for this user expired because they have not used it "
            "for 90 days. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/492",
            "The Page token's user has no role on the Page",
            FB_ERRORS,
            canonical="invalid_token",
            policy=FAIL,
            hint="The user behind this Page access token no longer has a suitable role on the "
            "Page. Use a token of a user with a task on the Page.",
        ),
        DialectCode(
            "190",
            "The access token expired, was revoked or is invalid",
            FB_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The access token has expired, was revoked or is invalid. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "102",
            "The session is invalid (API Session)",
            FB_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The login session or access token is no longer valid. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "10",
            "A permission was not granted or was removed",
            FB_ERRORS,
            canonical="insufficient_scope",
            hint="The user has not granted (or has removed) a permission this call needs. "
            "Ask for it again in Facebook Login (auth_type=rerequest); some permissions need "
            "App Review first.",
        ),
        DialectCode(
            "200-299",
            "A permission was not granted or was removed",
            FB_ERRORS,
            canonical="insufficient_scope",
            hint="The user has not granted (or has removed) a permission this call needs. "
            "Ask for it again in Facebook Login (auth_type=rerequest); some permissions need "
            "App Review first.",
        ),
        DialectCode(
            "4",
            "The app's rate limit is exhausted",
            FB_RATE,
            policy=RETRY,
            hint=_wait("The app's Graph API rate limit is exhausted (X-App-Usage header)."),
        ),
        DialectCode(
            "17",
            "The user's rate limit is exhausted",
            FB_RATE,
            policy=RETRY,
            hint=_wait("The user's Graph API rate limit is exhausted."),
        ),
        DialectCode(
            "32",
            "The Page's rate limit is exhausted",
            FB_RATE,
            policy=RETRY,
            hint=_wait("The Page's Graph API rate limit is exhausted."),
        ),
        DialectCode(
            "613",
            "A custom rate limit is exhausted",
            FB_RATE,
            policy=RETRY,
            hint=_wait("A custom Graph API rate limit is exhausted."),
        ),
        DialectCode(
            "1",
            "Unknown error, possibly temporary",
            FB_ERRORS,
            policy=RETRY,
            hint=_wait("Facebook reported an unknown, possibly temporary, error."),
        ),
        DialectCode(
            "2",
            "Temporary service error",
            FB_ERRORS,
            policy=RETRY,
            hint=_wait("Facebook reported a temporary service error."),
        ),
        DialectCode(
            "100",
            "The authorization code has expired",
            FB_LOGIN,
            description="This authorization code has expired",
            canonical="invalid_grant",
            hint="The authorization code expired. Send the user through Facebook Login "
            "again and exchange the new code at once.",
        ),
        DialectCode(
            "100",
            "The authorization code was already used",
            FB_LOGIN,
            description="This authorization code has been used",
            canonical="invalid_grant",
            hint="The authorization code was already exchanged. Exchange each code once; send "
            "the user through Facebook Login again.",
        ),
    ),
)

# -- Auth0 ----------------------------------------------------------------------------------
AUTH0_MFA = (
    "https://auth0.com/docs/secure/multi-factor-authentication/"
    "authenticate-using-ropg-flow-with-mfa"
)
AUTH0_ERRORS = "https://auth0.com/docs/libraries/error-messages"
AUTH0_ROTATION = "https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation"
AUTH0_GRANTS = "https://auth0.com/docs/get-started/applications/application-grant-types"
AUTH0_API = "https://auth0.com/docs/api/authentication#standard-error-responses"

AUTH0 = Dialect(
    name="auth0",
    title="Auth0",
    docs=AUTH0_API,
    hosts=("auth0.com",),
    envelopes=("oauth",),
    codes=(
        DialectCode(
            "mfa_required",
            "Multi-factor authentication is required (mfa_token included)",
            AUTH0_MFA,
            canonical="interaction_required",
            policy=STEP_UP,
            hint="Auth0 requires multi-factor authentication. Use the mfa_token with Auth0's "
            "MFA API (/mfa/challenge, then /oauth/token with an MFA grant), or send the user "
            "through Universal Login.",
        ),
        DialectCode(
            "mfa_registration_required",
            "MFA is required but the user has not enrolled a factor",
            AUTH0_ERRORS,
            canonical="interaction_required",
            hint="MFA is required but the user has not enrolled a factor. Send the user "
            "through Universal Login to enroll one.",
        ),
        DialectCode(
            "invalid_user_password",
            "The username or password is wrong",
            AUTH0_ERRORS,
            canonical="invalid_grant",
            policy=FAIL,
            hint="The username or password is wrong. Ask the user to enter them again.",
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token is unknown, expired, revoked or was reused",
            AUTH0_ROTATION,
            description="Unknown or invalid refresh token",
            hint="Auth0 no longer accepts this refresh token: it expired (absolute or "
            "inactivity lifetime), was revoked, or was reused after rotation (which revokes "
            "the whole family). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The username or password is wrong",
            AUTH0_ERRORS,
            description="Wrong email or password",
            policy=FAIL,
            hint="The username or password is wrong. Ask the user to enter them again.",
        ),
        DialectCode(
            "too_many_attempts",
            "The account is blocked after too many failed sign-in attempts",
            AUTH0_ERRORS,
            canonical="access_denied",
            policy=FAIL,
            hint="Auth0 blocked the account after too many failed sign-in attempts (brute-force "
            "protection). Tell the user to unblock it with the link Auth0 emailed them, or ask "
            "an administrator to unblock it.",
        ),
        DialectCode(
            "password_leaked",
            "The password appeared in a data breach and was blocked",
            AUTH0_ERRORS,
            canonical="access_denied",
            policy=FAIL,
            hint="Auth0 blocked this sign-in because the password appeared in a known data "
            "breach. Tell the user to reset their password (Auth0 may have emailed them a "
            "link) and sign in with the new one.",
        ),
        DialectCode(
            "mfa_invalid_code",
            "The multi-factor authentication code is wrong or expired",
            AUTH0_ERRORS,
            canonical="invalid_grant",
            policy=FAIL,
            hint="The multi-factor code the user entered is wrong or expired. Ask them for a "
            "new code and send it with the same mfa_token.",
        ),
        DialectCode(
            "unauthorized",
            "The user is blocked",
            AUTH0_ERRORS,
            canonical="access_denied",
            description="user is blocked",
            policy=FAIL,
            hint="The Auth0 user is blocked. Tell the user to contact support; an "
            "administrator can unblock them in the dashboard (User Management > Users).",
        ),
        DialectCode(
            "unauthorized_client",
            "The grant type is not enabled for the application",
            AUTH0_GRANTS,
            description="Grant type",
            hint="The grant type is not enabled for this Auth0 application. Enable it in the "
            "application's settings (Advanced Settings > Grant Types).",
        ),
    ),
)

# -- Okta -----------------------------------------------------------------------------------
OKTA_ERRORS = "https://developer.okta.com/docs/reference/error-codes/"
OKTA_OIDC = "https://developer.okta.com/docs/reference/api/oidc/#possible-errors"
OKTA_RATE = "https://developer.okta.com/docs/reference/rl-best-practices/"

OKTA = Dialect(
    name="okta",
    title="Okta",
    docs=OKTA_ERRORS,
    hosts=("okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com"),
    envelopes=("okta_api", "oauth"),
    details=("errorId",),
    codes=(
        DialectCode(
            "E0000011",
            "Invalid token provided",
            OKTA_ERRORS,
            canonical="invalid_token",
            hint="Okta refused the token (expired, revoked or malformed). Get a new token and "
            "retry once.",
        ),
        DialectCode(
            "E0000004",
            "Authentication failed",
            OKTA_ERRORS,
            policy=FAIL,
            hint="Okta could not authenticate the user (wrong credentials, or the account is "
            "locked). Ask the user to sign in again.",
        ),
        DialectCode(
            "E0000006",
            "The caller lacks permission for the action",
            OKTA_ERRORS,
            policy=FAIL,
            hint="The token's user or client lacks the Okta permission (admin role or scope) "
            "for this action. Grant it in the Okta admin console.",
        ),
        DialectCode(
            "E0000015",
            "The feature is not enabled for the org",
            OKTA_ERRORS,
            policy=FIX_CONFIG,
            hint="The Okta feature this call needs is not enabled for the org. Enable it, or "
            "ask Okta Support to.",
        ),
        DialectCode(
            "E0000047",
            "The API rate limit is exhausted",
            OKTA_RATE,
            policy=RETRY,
            hint=_wait("Okta's API rate limit is exhausted (X-Rate-Limit-Reset header)."),
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token is invalid or expired",
            OKTA_OIDC,
            description="The refresh token is invalid or expired",
            hint="Okta no longer accepts this refresh token (its lifetime or idle time, set "
            "in the authorization server's access policy, has passed, or it was revoked). "
            "Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_client",
            "Client authentication failed",
            OKTA_OIDC,
            description="Client authentication failed",
            hint="Okta could not authenticate the client. Check the client_id, the secret "
            "or key, and that the authentication method matches the app's Client "
            "authentication setting.",
        ),
        DialectCode(
            "access_denied",
            "The user is not assigned to the application",
            OKTA_OIDC,
            description="User is not assigned to the client application",
            hint="The user is not assigned to this Okta application. Ask an Okta "
            "administrator to assign the user (or one of their groups) to the app.",
        ),
    ),
)

# -- Keycloak -------------------------------------------------------------------------------
KC_TOKENS = (
    "https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/"
    "protocol/oidc/TokenManager.java"
)
KC_CODE = (
    "https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/"
    "protocol/oidc/utils/OAuth2CodeParser.java"
)
KC_GRANT = (
    "https://github.com/keycloak/keycloak/blob/main/services/src/main/java/org/keycloak/"
    "protocol/oidc/grants/ResourceOwnerPasswordCredentialsGrantType.java"
)
KC_SESSIONS = "https://www.keycloak.org/docs/latest/server_admin/#_timeouts"

KEYCLOAK = Dialect(
    name="keycloak",
    title="Keycloak",
    docs=KC_SESSIONS,
    paths=("/realms/",),
    envelopes=("oauth",),
    codes=(
        DialectCode(
            "invalid_grant",
            "The refresh token expired (session idle or max reached)",
            KC_TOKENS,
            description="Token is not active",
            hint="Keycloak no longer accepts the refresh token: the SSO or client session "
            "timed out (SSO Session Idle / Max). Send the user through authorization again; "
            "raise the realm's session timeouts or request offline_access for longer sessions.",
        ),
        DialectCode(
            "invalid_grant",
            "The user's session ended (logout, revoked or expired)",
            KC_TOKENS,
            description="Session not active",
            hint="The user's Keycloak session has ended (logout, an administrator revoked it, "
            "or it expired). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token was already used (refresh token reuse)",
            KC_TOKENS,
            description="Stale token",
            hint="The refresh token was already used and the realm revokes used refresh "
            "tokens. Always use the latest refresh token; send the user through authorization "
            "again now.",
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code was already used or expired",
            KC_CODE,
            description="Code not valid",
            hint="The authorization code was already used or expired (Keycloak codes live "
            "one minute by default). Authorize again and redeem the new code at once.",
        ),
        DialectCode(
            "invalid_grant",
            "The username or password is wrong",
            KC_GRANT,
            description="Invalid user credentials",
            policy=FAIL,
            hint="The username or password is wrong. Ask the user to enter them again.",
        ),
        DialectCode(
            "invalid_grant",
            "The account has pending required actions",
            KC_GRANT,
            description="Account is not fully set up",
            policy=FAIL,
            hint="The user has pending required actions (verify email, update password, "
            "configure OTP). Ask them to sign in through the browser to complete them.",
        ),
        DialectCode(
            "invalid_grant",
            "The account is disabled",
            KC_GRANT,
            description="Account disabled",
            policy=FAIL,
            hint="The user's Keycloak account is disabled. Tell the user to contact the "
            "administrator.",
        ),
        DialectCode(
            "unauthorized_client",
            "Client authentication failed",
            KC_TOKENS,
            description="Invalid client or Invalid client credentials",
            policy=FIX_CONFIG,
            hint="Keycloak could not authenticate the client. Check the client_id, the "
            "client secret (Credentials tab) and the client authenticator configured for it.",
        ),
        DialectCode(
            "unauthorized_client",
            "The client secret is wrong",
            KC_TOKENS,
            description="Invalid client secret",
            policy=FIX_CONFIG,
            hint="The client secret is wrong. Copy it from the client's Credentials tab in the "
            "Keycloak admin console.",
        ),
    ),
)

# -- Amazon Cognito ---------------------------------------------------------------------------
COGNITO_ENDPOINT = "https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html"
COGNITO_AUTH = (
    "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
    "API_InitiateAuth.html#API_InitiateAuth_Errors"
)
COGNITO_REVOKE = (
    "https://docs.aws.amazon.com/cognito/latest/developerguide/"
    "amazon-cognito-user-pools-using-the-refresh-token.html"
)

COGNITO = Dialect(
    name="cognito",
    title="Amazon Cognito",
    docs=COGNITO_ENDPOINT,
    hosts=("amazoncognito.com", "cognito-idp.*.amazonaws.com"),
    envelopes=("aws_json", "oauth"),
    codes=(
        DialectCode(
            "NotAuthorizedException",
            "The refresh token has expired",
            COGNITO_REVOKE,
            description="Refresh Token has expired",
            canonical="invalid_grant",
            hint="The Cognito refresh token has expired (the app client's refresh token "
            "expiration, 30 days by default). Sign the user in again.",
        ),
        DialectCode(
            "NotAuthorizedException",
            "The refresh token has been revoked",
            COGNITO_REVOKE,
            description="Refresh Token has been revoked",
            canonical="invalid_grant",
            hint="The Cognito refresh token was revoked (RevokeToken or a global sign-out). "
            "Sign the user in again.",
        ),
        DialectCode(
            "NotAuthorizedException",
            "The refresh token is invalid",
            COGNITO_REVOKE,
            description="Invalid Refresh Token",
            canonical="invalid_grant",
            hint="Cognito does not accept this refresh token (wrong app client, or not a "
            "refresh token). Sign the user in again.",
        ),
        DialectCode(
            "NotAuthorizedException",
            "The access token has expired",
            COGNITO_AUTH,
            description="Access Token has expired",
            canonical="invalid_token",
            hint="The Cognito access token has expired. Refresh it and retry once.",
        ),
        DialectCode(
            "NotAuthorizedException",
            "The access token has been revoked",
            COGNITO_AUTH,
            description="Access Token has been revoked",
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The Cognito access token was revoked (sign-out). Sign the user in again.",
        ),
        DialectCode(
            "NotAuthorizedException",
            "The username or password is wrong",
            COGNITO_AUTH,
            description="Incorrect username or password",
            canonical="invalid_grant",
            policy=FAIL,
            hint="The username or password is wrong. Ask the user to enter them again.",
        ),
        DialectCode(
            "UserNotConfirmedException",
            "The user has not confirmed their account",
            COGNITO_AUTH,
            canonical="access_denied",
            hint="The user has not confirmed their account yet. Ask them to confirm it with "
            "the code Cognito sent, then sign in again.",
        ),
        DialectCode(
            "PasswordResetRequiredException",
            "The user must reset their password",
            COGNITO_AUTH,
            canonical="access_denied",
            hint="The user must reset their password before signing in. Start the forgot-"
            "password flow.",
        ),
        DialectCode(
            "TooManyRequestsException",
            "The request rate limit is exhausted",
            COGNITO_AUTH,
            policy=RETRY,
            hint=_wait("Cognito is throttling this client."),
        ),
        DialectCode(
            "invalid_client",
            "Client authentication failed",
            COGNITO_ENDPOINT,
            hint="Cognito could not authenticate the app client. Check the client_id and, "
            "for a client with a secret, send the secret with HTTP Basic authentication.",
        ),
    ),
)

# -- Salesforce -----------------------------------------------------------------------------
SF_OAUTH = "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm"
SF_REST = "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm"

SALESFORCE = Dialect(
    name="salesforce",
    title="Salesforce",
    docs=SF_OAUTH,
    hosts=("salesforce.com", "force.com", "salesforce-sites.com"),
    envelopes=("salesforce_api", "oauth"),
    codes=(
        DialectCode(
            "invalid_grant",
            "Authentication failed (credentials, IP range, locked user, or JWT certificate)",
            SF_OAUTH,
            description="authentication failure",
            hint="Salesforce could not authenticate the user: a wrong username or password "
            "(plus security token), a login IP or hours restriction, a locked user, or (JWT "
            "flow) a certificate that does not match the connected app. Check these, then "
            "authorize again.",
        ),
        DialectCode(
            "invalid_grant",
            "The user is inactive",
            SF_OAUTH,
            description="inactive user",
            policy=FAIL,
            hint="The Salesforce user is deactivated. Ask a Salesforce administrator to "
            "reactivate the user, or use an active one.",
        ),
        DialectCode(
            "invalid_grant",
            "The org is inactive",
            SF_OAUTH,
            description="inactive organization",
            policy=FAIL,
            hint="The Salesforce org is inactive or locked. Tell the user; the org's "
            "administrator must reactivate it.",
        ),
        DialectCode(
            "invalid_grant",
            "The access or refresh token expired",
            SF_OAUTH,
            description="expired access/refresh token",
            hint="The refresh token expired under the connected app's refresh token policy, "
            "or was revoked. Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The user has not approved the connected app",
            SF_OAUTH,
            description="user hasn't approved this consumer",
            prompt="consent",
            hint="The user has not approved this connected app (or it requires admin "
            "pre-approval). Send the user through authorization to approve it, or have an "
            "administrator pre-authorize it.",
        ),
        DialectCode(
            "invalid_grant",
            "The login IP address is restricted",
            SF_OAUTH,
            description="ip restricted",
            policy=FIX_CONFIG,
            hint="The request comes from an IP address the connected app or the user's "
            "profile does not allow. Adjust the IP relaxation policy or login IP ranges.",
        ),
        DialectCode(
            "invalid_client_id",
            "The client identifier is invalid",
            SF_OAUTH,
            canonical="invalid_client",
            hint="Salesforce does not know this client_id (consumer key). Copy it from the "
            "connected app, and allow a few minutes after creating the app.",
        ),
        DialectCode(
            "invalid_client",
            "The client secret is wrong",
            SF_OAUTH,
            description="invalid client credentials",
            hint="The client secret (consumer secret) is wrong. Copy it from the connected "
            "app's settings.",
        ),
        DialectCode(
            "INVALID_SESSION_ID",
            "The session expired or is invalid",
            SF_REST,
            canonical="invalid_token",
            hint="The Salesforce session (access token) expired or is invalid. Refresh it "
            "and retry once.",
        ),
        DialectCode(
            "REQUEST_LIMIT_EXCEEDED",
            "The org's API request limit is exhausted",
            SF_REST,
            policy=RETRY,
            hint=_wait("The org's Salesforce API request limit is exhausted."),
        ),
        DialectCode(
            "API_DISABLED_FOR_ORG",
            "The API is not enabled for the org",
            SF_REST,
            policy=FIX_CONFIG,
            hint="API access is not enabled for this Salesforce org or user. Enable the API "
            "Enabled permission, or use an edition with API access.",
        ),
    ),
)

# -- Apple ----------------------------------------------------------------------------------
APPLE_ERRORS = "https://developer.apple.com/documentation/sign_in_with_apple/errorresponse"
APPLE_CLIENT_JWT = (
    "https://developer.apple.com/documentation/accountorganizationaldatasharing/"
    "creating-a-client-secret"
)

APPLE = Dialect(
    name="apple",
    title="Sign in with Apple",
    docs=APPLE_ERRORS,
    hosts=("appleid.apple.com",),
    envelopes=("oauth",),
    codes=(
        DialectCode(
            "invalid_client",
            "The client_id or the client_secret JWT is invalid",
            APPLE_CLIENT_JWT,
            hint="Apple rejected the client: the client_secret must be an ES256 JWT signed "
            "with your Sign in with Apple key, with kid (key ID), iss (team ID), sub (the "
            "Services ID or bundle ID used as client_id), aud https://appleid.apple.com and "
            "an exp at most six months ahead.",
        ),
        DialectCode(
            "invalid_grant",
            "The code has expired or has been revoked",
            APPLE_ERRORS,
            description="The code has expired or has been revoked",
            hint="Apple authorization codes are single-use and valid for five minutes. Sign "
            "the user in with Apple again and redeem the new code at once.",
        ),
        DialectCode(
            "invalid_grant",
            "The code or refresh token is invalid, expired, or for another client",
            APPLE_ERRORS,
            hint="Apple refused the code or refresh token: expired, already used, revoked "
            "(the user stopped using Sign in with Apple for the app), or issued to another "
            "client_id. Sign the user in with Apple again.",
        ),
    ),
)

# -- Dropbox --------------------------------------------------------------------------------
DBX_ERRORS = "https://www.dropbox.com/developers/documentation/http/documentation#error-handling"
DBX_OAUTH = "https://www.dropbox.com/developers/documentation/http/documentation#oauth2-token"

DROPBOX = Dialect(
    name="dropbox",
    title="Dropbox",
    docs=DBX_ERRORS,
    hosts=("dropbox.com", "dropboxapi.com"),
    envelopes=("dropbox_api", "oauth"),
    codes=(
        DialectCode(
            "expired_access_token",
            "The access token has expired",
            DBX_ERRORS,
            canonical="invalid_token",
            hint="The Dropbox access token expired (short-lived tokens last four hours). "
            "Refresh it with the refresh token and retry.",
        ),
        DialectCode(
            "invalid_access_token",
            "The access token is invalid or revoked",
            DBX_ERRORS,
            canonical="invalid_token",
            hint="Dropbox refused the access token (revoked, or not a Dropbox token). Refresh "
            "it and retry once; if it is refused again, authorize again.",
        ),
        DialectCode(
            "missing_scope",
            "The access token lacks a scope (see required_scope)",
            DBX_ERRORS,
            canonical="insufficient_scope",
            hint=(
                'The token lacks the Dropbox scope "{scope}". Enable it on the app\'s '
                "Permissions tab and authorize again asking for it.",
                "The token lacks a Dropbox scope this call needs. Enable it on the app's "
                "Permissions tab and authorize again asking for it.",
            ),
        ),
        DialectCode(
            "user_suspended",
            "The user's account is suspended",
            DBX_ERRORS,
            canonical="access_denied",
            hint="The user's Dropbox account is suspended. Tell the user.",
        ),
        DialectCode(
            "route_access_denied",
            "The app may not call this endpoint",
            DBX_ERRORS,
            canonical="access_denied",
            policy=FIX_CONFIG,
            hint="This app (its access type or team settings) may not call this Dropbox "
            "endpoint. Check the app's permission type in the App Console.",
        ),
        DialectCode(
            "too_many_requests",
            "The rate limit is exhausted",
            DBX_ERRORS,
            policy=RETRY,
            hint=_wait("Dropbox is rate-limiting this app."),
        ),
        DialectCode(
            "too_many_write_operations",
            "Too many concurrent writes to the namespace",
            DBX_ERRORS,
            policy=RETRY,
            hint=_wait("Dropbox refused concurrent writes to the same namespace."),
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code does not exist or has expired",
            DBX_OAUTH,
            description="code doesn't exist or has expired",
            hint="Dropbox refused the authorization code (expired, already used, or for "
            "another redirect_uri). Send the user through authorization again.",
        ),
    ),
)

# -- Spotify --------------------------------------------------------------------------------
SPOTIFY_API = "https://developer.spotify.com/documentation/web-api/concepts/api-calls"
SPOTIFY_AUTH = "https://developer.spotify.com/documentation/web-api/tutorials/code-flow"
SPOTIFY_SCOPES = "https://developer.spotify.com/documentation/web-api/concepts/scopes"

SPOTIFY = Dialect(
    name="spotify",
    title="Spotify",
    docs=SPOTIFY_API,
    hosts=("spotify.com",),
    envelopes=("spotify_api", "oauth"),
    codes=(
        DialectCode(
            "401",
            "The access token expired",
            SPOTIFY_API,
            description="The access token expired",
            canonical="invalid_token",
            hint="The Spotify access token expired (they last one hour). Refresh it and retry.",
        ),
        DialectCode(
            "401",
            "The access token is invalid",
            SPOTIFY_API,
            description="Invalid access token",
            canonical="invalid_token",
            hint="Spotify refused the access token. Refresh it and retry once; if it is "
            "refused again, authorize again.",
        ),
        DialectCode(
            "401",
            "No token was provided",
            SPOTIFY_API,
            description="No token provided",
            canonical="invalid_request",
            hint="Spotify received no access token. Send it in the Authorization header as "
            "Bearer <token>.",
        ),
        DialectCode(
            "403",
            "The token lacks a scope the endpoint needs",
            SPOTIFY_SCOPES,
            description="Insufficient client scope",
            canonical="insufficient_scope",
            hint="The token lacks a scope this Spotify endpoint needs (see the endpoint's "
            "Authorization scopes). Authorize again asking for it.",
        ),
        DialectCode(
            "429",
            "The rate limit is exhausted",
            SPOTIFY_API,
            policy=RETRY,
            hint=_wait("Spotify is rate-limiting this app."),
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code is invalid",
            SPOTIFY_AUTH,
            description="Invalid authorization code",
            hint="Spotify refused the authorization code (expired, already used, or for "
            "another redirect_uri). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token was revoked",
            SPOTIFY_AUTH,
            description="Refresh token revoked",
            hint="The user revoked the app's access (or the refresh token was replaced). Send "
            "the user through authorization again.",
        ),
        DialectCode(
            "invalid_client",
            "The client secret is wrong",
            SPOTIFY_AUTH,
            description="Invalid client secret",
            hint="The client secret is wrong. Copy it from the app's settings in the Spotify "
            "developer dashboard.",
        ),
    ),
)

# -- Discord --------------------------------------------------------------------------------
DISCORD_CODES = "https://discord.com/developers/docs/topics/opcodes-and-status-codes#json"
DISCORD_OAUTH = "https://discord.com/developers/docs/topics/oauth2"

DISCORD = Dialect(
    name="discord",
    title="Discord",
    docs=DISCORD_CODES,
    hosts=("discord.com", "discordapp.com"),
    envelopes=("code_message", "oauth"),
    codes=(
        DialectCode(
            "0",
            "The request is unauthorized (401)",
            DISCORD_CODES,
            description="401: Unauthorized",
            canonical="invalid_token",
            hint="Discord refused the token. Refresh the OAuth2 token (or check the bot "
            "token and its Bot/Bearer prefix) and retry once.",
        ),
        DialectCode(
            "50025",
            "Invalid OAuth2 access token",
            DISCORD_CODES,
            canonical="invalid_token",
            hint="Discord refused the OAuth2 access token. Refresh it and retry once; if it "
            "is refused again, authorize again.",
        ),
        DialectCode(
            "50014",
            "Invalid authentication token provided",
            DISCORD_CODES,
            canonical="invalid_token",
        ),
        DialectCode(
            "40001",
            "Unauthorized: provide a valid token",
            DISCORD_CODES,
            canonical="invalid_token",
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code is invalid",
            DISCORD_OAUTH,
            description='Invalid "code" in request',
            hint="Discord refused the authorization code (expired, already used, or for "
            "another redirect_uri). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token is invalid",
            DISCORD_OAUTH,
            description='Invalid "refresh_token" in request',
            hint="Discord refused the refresh token (revoked, or already used). Send the user "
            "through authorization again.",
        ),
    ),
)

# -- Zoom -----------------------------------------------------------------------------------
ZOOM_OAUTH = "https://developers.zoom.us/docs/integrations/oauth/"
ZOOM_ERRORS = "https://developers.zoom.us/docs/api/rest/error-definitions/"

ZOOM = Dialect(
    name="zoom",
    title="Zoom",
    docs=ZOOM_ERRORS,
    hosts=("zoom.us",),
    envelopes=("zoom_oauth", "code_message", "oauth"),
    codes=(
        DialectCode(
            "invalid_request",
            "The authorization code is invalid",
            ZOOM_OAUTH,
            description="Invalid authorization code",
            policy=REAUTHORIZE,
            hint="Zoom refused the authorization code (expired, already used, or for another "
            "redirect_uri). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_request",
            "The refresh token is invalid (Zoom refresh tokens are single-use)",
            ZOOM_OAUTH,
            description="Invalid Token",
            policy=REAUTHORIZE,
            hint="Zoom refused the refresh token: each one is single-use, so keep the new "
            "refresh token from every refresh. Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_client",
            "The client_id or client_secret is wrong",
            ZOOM_OAUTH,
            description="Invalid client_id or client_secret",
            hint="Zoom rejected the client_id or client_secret. Copy both from the app's "
            "credentials page in the Zoom App Marketplace.",
        ),
        DialectCode(
            "124",
            "The access token is expired",
            ZOOM_ERRORS,
            description="Access token is expired",
            canonical="invalid_token",
            hint="The Zoom access token expired (they last one hour). Refresh it and retry.",
        ),
        DialectCode(
            "124",
            "The access token is invalid",
            ZOOM_ERRORS,
            description="Invalid access token",
            canonical="invalid_token",
            hint="Zoom refused the access token. Refresh it and retry once; if it is refused "
            "again, authorize again.",
        ),
        DialectCode(
            "4711",
            "The token lacks a scope the endpoint needs",
            ZOOM_ERRORS,
            canonical="insufficient_scope",
            hint="The token lacks a Zoom scope this endpoint needs (the message lists it). "
            "Add the scope to the app and authorize again.",
        ),
    ),
)

# -- LinkedIn -------------------------------------------------------------------------------
LI_ERRORS = "https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling"
LI_AUTH = "https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow"
LI_REFRESH = (
    "https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens"
)

LINKEDIN = Dialect(
    name="linkedin",
    title="LinkedIn",
    docs=LI_ERRORS,
    hosts=("linkedin.com",),
    envelopes=("linkedin_api", "oauth"),
    codes=(
        DialectCode(
            "65600",
            "The access token is invalid",
            LI_ERRORS,
            canonical="invalid_token",
            hint="LinkedIn refused the access token. Refresh it (if the app has programmatic "
            "refresh tokens) and retry once; otherwise authorize again.",
        ),
        DialectCode(
            "65601",
            "The user revoked the token",
            LI_ERRORS,
            canonical="invalid_token",
            policy=REAUTHORIZE,
            hint="The member revoked the app's access. Send the member through authorization "
            "again.",
        ),
        DialectCode(
            "65602",
            "The access token has expired",
            LI_REFRESH,
            canonical="invalid_token",
            hint="The LinkedIn access token expired (60 days). Refresh it if the app has "
            "refresh tokens; otherwise authorize again.",
        ),
        DialectCode(
            "100",
            "The token lacks a permission the resource needs",
            LI_ERRORS,
            canonical="insufficient_scope",
            hint="The token lacks a LinkedIn permission (scope) this resource needs, or the "
            "app is not approved for the product. Authorize again asking for it.",
        ),
        DialectCode(
            "invalid_request",
            "The authorization code is expired or does not match",
            LI_AUTH,
            description="Unable to retrieve access token: appid/redirect uri/code verifier "
            "does not match authorization code",
            policy=REAUTHORIZE,
            hint="LinkedIn refused the authorization code: it expired (30 minutes), was "
            "already used, or the client_id, redirect_uri or code_verifier differ from the "
            "authorization request. Authorize again.",
        ),
        DialectCode(
            "invalid_request",
            "The refresh token is invalid, expired or revoked",
            LI_REFRESH,
            description="The provided authorization grant or refresh token is invalid, "
            "expired or revoked",
            policy=REAUTHORIZE,
            hint="The LinkedIn refresh token is invalid, expired (one year) or revoked. Send "
            "the member through authorization again.",
        ),
    ),
)

# -- JetBrains Hub --------------------------------------------------------------------------
# The seed document ../shared/seeds/001_*: Hub's error tables with their Solution column.
HUB_ERRORS = "https://www.jetbrains.com/help/hub/OAuth-2.0-Errors.html"

HUB = Dialect(
    name="hub",
    title="JetBrains Hub",
    docs=HUB_ERRORS,
    hosts=("hub.jetbrains.com", "youtrack.cloud"),
    paths=("/hub/api/rest/oauth2/",),
    envelopes=("oauth",),
    codes=(
        DialectCode(
            "invalid_request",
            "A parameter is missing, invalid or repeated (e.g. an unknown service_id)",
            HUB_ERRORS,
            endpoints=(A,),
            hint="Hub rejected the authorization request. Check that all parameters are "
            "correct and that the service_id exists in Hub.",
        ),
        DialectCode(
            "unauthorized_client",
            "The service's redirect URI is wrong or not registered",
            HUB_ERRORS,
            endpoints=(A,),
            hint="The redirect URI is wrong or not registered for the service. Register it as "
            "one of the service's redirect URIs in Hub (a service needs at least one).",
        ),
        DialectCode(
            "unsupported_responce_type",
            "Hub does not support this authorization method (Hub's spelling)",
            HUB_ERRORS,
            hint="Hub does not support obtaining an authorization code this way. Change the "
            "authorization method (response_type).",
        ),
        DialectCode(
            "invalid_scope",
            "The scope does not match any registered service",
            HUB_ERRORS,
            hint="The requested scope matches no service registered in Hub. Request the scope "
            "of a registered service (its ID).",
        ),
        DialectCode(
            "invalid_request",
            "Malformed token request (for example, the Authorization header is not Bearer)",
            HUB_ERRORS,
            endpoints=(T,),
            hint="Hub rejected the token request. Check the Authorization header, then the "
            "request's parameters.",
        ),
        DialectCode(
            "invalid_grant",
            "Unknown or foreign refresh token, unknown code, or a scope beyond the grant",
            HUB_ERRORS,
            endpoints=(T,),
            hint="Hub refused the grant: the refresh token is unknown or belongs to another "
            "service, the code is unknown, the service's credentials are invalid, or the "
            "scope exceeds the grant. Authorize again.",
        ),
        DialectCode(
            "unauthorized_client",
            "The service requesting the token is not verified",
            HUB_ERRORS,
            endpoints=(T,),
            hint="The service that requests the token is not verified in Hub. Have a Hub "
            "administrator verify (trust) the service.",
        ),
    ),
)

#: The built-in dialects, in the order they are consulted.
BUILTIN_DIALECTS: tuple[Dialect, ...] = (
    GITHUB,
    GOOGLE,
    MICROSOFT,
    SLACK,
    FACEBOOK,
    AUTH0,
    OKTA,
    KEYCLOAK,
    COGNITO,
    SALESFORCE,
    APPLE,
    DROPBOX,
    SPOTIFY,
    DISCORD,
    ZOOM,
    LINKEDIN,
    HUB,
)
