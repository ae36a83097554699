"""The Amazon Cognito dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

GRANT_INVALID = Situation.GRANT_INVALID
RATE_LIMITED = Situation.RATE_LIMITED

COGNITO_ENDPOINT = "https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html"
COGNITO_AUTH = (
    "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
    "API_InitiateAuth.html#API_InitiateAuth_Errors"
)
COGNITO_REVOKE = (
    "https://docs.aws.amazon.com/cognito/latest/developerguide/"
    "amazon-cognito-user-pools-using-the-refresh-token.html"
)

DIALECT = Dialect(
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
            situation=GRANT_INVALID,
            hint="The Cognito access token was revoked (sign-out). Sign the user in again.",
        ),
        DialectCode(
            "NotAuthorizedException",
            "The username or password is wrong",
            COGNITO_AUTH,
            description="Incorrect username or password",
            canonical="invalid_grant",
            situation=GRANT_INVALID,
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
            situation=RATE_LIMITED,
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
