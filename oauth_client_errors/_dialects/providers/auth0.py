"""The Auth0 dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]

AUTHENTICATION_REQUIRED = Situation.AUTHENTICATION_REQUIRED
DENIED = Situation.DENIED
FORBIDDEN = Situation.FORBIDDEN
GRANT_INVALID = Situation.GRANT_INVALID

AUTH0_MFA = (
    "https://auth0.com/docs/secure/multi-factor-authentication/"
    "authenticate-using-ropg-flow-with-mfa"
)
AUTH0_ERRORS = "https://auth0.com/docs/libraries/error-messages"
AUTH0_ROTATION = "https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation"
AUTH0_GRANTS = "https://auth0.com/docs/get-started/applications/application-grant-types"
AUTH0_API = "https://auth0.com/docs/api/authentication#standard-error-responses"

DIALECT = Dialect(
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
            situation=AUTHENTICATION_REQUIRED,
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
            situation=GRANT_INVALID,
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
            situation=GRANT_INVALID,
            hint="The username or password is wrong. Ask the user to enter them again.",
        ),
        DialectCode(
            "too_many_attempts",
            "The account is blocked after too many failed sign-in attempts",
            AUTH0_ERRORS,
            canonical="access_denied",
            situation=FORBIDDEN,
            hint="Auth0 blocked the account after too many failed sign-in attempts (brute-force "
            "protection). Tell the user to unblock it with the link Auth0 emailed them, or ask "
            "an administrator to unblock it.",
        ),
        DialectCode(
            "password_leaked",
            "The password appeared in a data breach and was blocked",
            AUTH0_ERRORS,
            canonical="access_denied",
            situation=FORBIDDEN,
            hint="Auth0 blocked this sign-in because the password appeared in a known data "
            "breach. Tell the user to reset their password (Auth0 may have emailed them a "
            "link) and sign in with the new one.",
        ),
        DialectCode(
            "mfa_invalid_code",
            "The multi-factor authentication code is wrong or expired",
            AUTH0_ERRORS,
            canonical="invalid_grant",
            situation=DENIED,
            hint="The multi-factor code the user entered is wrong or expired. Ask them for a "
            "new code and send it with the same mfa_token.",
        ),
        DialectCode(
            "unauthorized",
            "The user is blocked",
            AUTH0_ERRORS,
            canonical="access_denied",
            description="user is blocked",
            situation=FORBIDDEN,
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
