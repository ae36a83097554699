"""The Microsoft Entra ID dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]

AUTHENTICATION_REQUIRED = Situation.AUTHENTICATION_REQUIRED
CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
DENIED = Situation.DENIED
FORBIDDEN = Situation.FORBIDDEN
GRANT_INVALID = Situation.GRANT_INVALID
INTERACTION_REQUIRED = Situation.INTERACTION_REQUIRED
UNAVAILABLE = Situation.UNAVAILABLE

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

DIALECT = Dialect(
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
            situation=AUTHENTICATION_REQUIRED,
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
            situation=AUTHENTICATION_REQUIRED,
            prompt="login",
            hint="The user must register a multi-factor authentication method before Entra "
            "issues this token. Sign the user in interactively (prompt=login) so that Entra "
            "can walk them through registration.",
        ),
        DialectCode(
            "AADSTS50126",
            "The username or password is wrong",
            MS_CODES,
            situation=GRANT_INVALID,
            prompt="login",
            hint="Entra rejected the username or password (AADSTS50126). Ask the user to "
            "sign in again with the right credentials.",
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
            situation=CLIENT_MISCONFIGURED,
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
            situation=FORBIDDEN,
            hint="A Conditional Access policy blocks this sign-in (device, location or app "
            "conditions). Tell the user; their administrator can say which policy applies.",
        ),
        DialectCode(
            "AADSTS90002",
            "The tenant was not found",
            MS_CODES,
            situation=CLIENT_MISCONFIGURED,
            hint="Entra found no tenant for the tenant ID or domain in the URL. Check the "
            "authority (https://login.microsoftonline.com/<tenant>).",
        ),
        # Azure AD B2C: the same envelope, with AADB2C numbers in the description.
        DialectCode(
            "AADB2C90118",
            "The user chose to reset a forgotten password (Azure AD B2C)",
            MS_B2C_RESET,
            situation=INTERACTION_REQUIRED,
            hint="The user clicked 'Forgot your password?' in a B2C sign-in user flow. Send "
            "them through your password reset user flow (an authorization request with the "
            "password-reset policy), then sign them in again.",
        ),
        DialectCode(
            "AADB2C90091",
            "The user cancelled the user flow (Azure AD B2C)",
            MS_B2C,
            situation=DENIED,
            hint="The user cancelled a B2C user flow (sign-up, password reset or profile "
            "edit). Return them to where they started; nothing needs fixing.",
        ),
        DialectCode(
            "AADB2C90077",
            "No signed-in session for a silent request (Azure AD B2C)",
            MS_B2C,
            situation=INTERACTION_REQUIRED,
            prompt="login",
            hint="A silent request (prompt=none) found no B2C session for the user. Send "
            "them through interactive sign-in.",
        ),
        DialectCode(
            "AADB2C90080",
            "The grant expired (Azure AD B2C)",
            MS_B2C,
            situation=GRANT_INVALID,
            hint="The refresh token or code expired (the refresh token's sliding window ran "
            "out). Sign the user in again.",
        ),
        DialectCode(
            "AADB2C90129",
            "The grant was revoked (Azure AD B2C)",
            MS_B2C,
            situation=GRANT_INVALID,
            hint="The refresh token was revoked. Sign the user in again.",
        ),
        DialectCode(
            "AADB2C90128",
            "The account the grant was issued to no longer exists (Azure AD B2C)",
            MS_B2C,
            situation=GRANT_INVALID,
            hint="The user account this grant belongs to was deleted. Sign in again; the "
            "user may need to sign up anew.",
        ),
        DialectCode(
            "AADB2C90035",
            "The service is temporarily unavailable (Azure AD B2C)",
            MS_B2C,
            situation=UNAVAILABLE,
            hint="Azure AD B2C is temporarily unavailable. Wait a few minutes (with "
            "exponential back-off), then try again.",
        ),
        DialectCode(
            "AADB2C90006",
            "The redirect URI is not registered for the client (Azure AD B2C)",
            MS_B2C,
            situation=CLIENT_MISCONFIGURED,
            hint="The redirect_uri sent is not registered for this application in the B2C "
            "tenant. Add it exactly under the app registration's Authentication page, or "
            "send a registered one.",
        ),
        DialectCode(
            "AADB2C90057",
            "The application is not allowed to use the implicit flow (Azure AD B2C)",
            MS_B2C,
            situation=CLIENT_MISCONFIGURED,
            hint="The app registration does not allow the implicit flow. Use the "
            "authorization code flow with PKCE, or enable implicit grant on the app "
            "registration's Authentication page.",
        ),
        DialectCode(
            "AADB2C90079",
            "A confidential client sent no client_secret (Azure AD B2C)",
            MS_B2C,
            situation=CLIENT_MISCONFIGURED,
            hint="This application is confidential: send its client_secret when redeeming "
            "the code or refresh token.",
        ),
        DialectCode(
            "AADB2C90081",
            "The client_secret is wrong (Azure AD B2C)",
            MS_B2C,
            situation=CLIENT_MISCONFIGURED,
            hint="B2C rejected the client_secret. Send the secret's value from the app "
            "registration's Certificates & secrets page, and check it has not been replaced.",
        ),
        DialectCode(
            "AADB2C90182",
            "The code_verifier does not match the code_challenge (Azure AD B2C)",
            MS_B2C,
            situation=CLIENT_MISCONFIGURED,
            hint="The code_verifier sent does not match the code_challenge of the "
            "authorization request. Send the verifier generated for that request (PKCE, "
            "RFC 7636), then authorize again.",
        ),
        DialectCode(
            "AADB2C99059",
            "A single-page app must use PKCE (Azure AD B2C)",
            MS_B2C,
            situation=CLIENT_MISCONFIGURED,
            hint="Single-page applications must send a code_challenge (PKCE, RFC 7636) in "
            "the authorization request.",
        ),
        DialectCode(
            "AADB2C90111",
            "The user's account is locked (Azure AD B2C)",
            MS_B2C,
            situation=FORBIDDEN,
            hint="The user's account is locked. Tell them to contact your support to unlock it.",
        ),
        DialectCode(
            "AADB2C90114",
            "The user's account is temporarily locked (Azure AD B2C)",
            MS_B2C,
            situation=FORBIDDEN,
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
            situation=AUTHENTICATION_REQUIRED,
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
