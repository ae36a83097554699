"""The Keycloak dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]

CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
FORBIDDEN = Situation.FORBIDDEN
GRANT_INVALID = Situation.GRANT_INVALID
INTERACTION_REQUIRED = Situation.INTERACTION_REQUIRED

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

DIALECT = Dialect(
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
            situation=GRANT_INVALID,
            hint="The username or password is wrong. Ask the user to enter them again.",
        ),
        DialectCode(
            "invalid_grant",
            "The account has pending required actions",
            KC_GRANT,
            description="Account is not fully set up",
            situation=INTERACTION_REQUIRED,
            hint="The user has pending required actions (verify email, update password, "
            "configure OTP). Ask them to sign in through the browser to complete them.",
        ),
        DialectCode(
            "invalid_grant",
            "The account is disabled",
            KC_GRANT,
            description="Account disabled",
            situation=FORBIDDEN,
            hint="The user's Keycloak account is disabled. Tell the user to contact the "
            "administrator.",
        ),
        DialectCode(
            "unauthorized_client",
            "Client authentication failed",
            KC_TOKENS,
            description="Invalid client or Invalid client credentials",
            situation=CLIENT_MISCONFIGURED,
            hint="Keycloak could not authenticate the client. Check the client_id, the "
            "client secret (Credentials tab) and the client authenticator configured for it.",
        ),
        DialectCode(
            "unauthorized_client",
            "The client secret is wrong",
            KC_TOKENS,
            description="Invalid client secret",
            situation=CLIENT_MISCONFIGURED,
            hint="The client secret is wrong. Copy it from the client's Credentials tab in the "
            "Keycloak admin console.",
        ),
    ),
)
