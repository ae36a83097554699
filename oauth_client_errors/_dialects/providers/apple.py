"""The Apple dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]


APPLE_ERRORS = "https://developer.apple.com/documentation/sign_in_with_apple/errorresponse"
APPLE_CLIENT_JWT = (
    "https://developer.apple.com/documentation/accountorganizationaldatasharing/"
    "creating-a-client-secret"
)

DIALECT = Dialect(
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
