"""The LinkedIn dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]

GRANT_INVALID = Situation.GRANT_INVALID

LI_ERRORS = "https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling"
LI_AUTH = "https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow"
LI_REFRESH = (
    "https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens"
)

DIALECT = Dialect(
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
            situation=GRANT_INVALID,
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
            situation=GRANT_INVALID,
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
            situation=GRANT_INVALID,
            hint="The LinkedIn refresh token is invalid, expired (one year) or revoked. Send "
            "the member through authorization again.",
        ),
    ),
)
