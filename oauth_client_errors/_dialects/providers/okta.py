"""The Okta dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
FORBIDDEN = Situation.FORBIDDEN
RATE_LIMITED = Situation.RATE_LIMITED

OKTA_ERRORS = "https://developer.okta.com/docs/reference/error-codes/"
OKTA_OIDC = "https://developer.okta.com/docs/reference/api/oidc/#possible-errors"
OKTA_RATE = "https://developer.okta.com/docs/reference/rl-best-practices/"

DIALECT = Dialect(
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
            situation=FORBIDDEN,
            hint="Okta could not authenticate the user (wrong credentials, or the account is "
            "locked). Ask the user to sign in again.",
        ),
        DialectCode(
            "E0000006",
            "The caller lacks permission for the action",
            OKTA_ERRORS,
            situation=FORBIDDEN,
            hint="The token's user or client lacks the Okta permission (admin role or scope) "
            "for this action. Grant it in the Okta admin console.",
        ),
        DialectCode(
            "E0000015",
            "The feature is not enabled for the org",
            OKTA_ERRORS,
            situation=CLIENT_MISCONFIGURED,
            hint="The Okta feature this call needs is not enabled for the org. Enable it, or "
            "ask Okta Support to.",
        ),
        DialectCode(
            "E0000047",
            "The API rate limit is exhausted",
            OKTA_RATE,
            situation=RATE_LIMITED,
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
