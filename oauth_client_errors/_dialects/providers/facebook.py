"""The Facebook Graph API dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

FORBIDDEN = Situation.FORBIDDEN
GRANT_INVALID = Situation.GRANT_INVALID
RATE_LIMITED = Situation.RATE_LIMITED
UNAVAILABLE = Situation.UNAVAILABLE

FB_ERRORS = "https://developers.facebook.com/docs/graph-api/guides/error-handling"
FB_RATE = "https://developers.facebook.com/docs/graph-api/overview/rate-limiting"
FB_DATA = "https://developers.facebook.com/docs/facebook-login/auth-vs-data"
FB_LOGIN = "https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow"
_FB_LOGIN_AGAIN = "Send the user through Facebook Login again to get a new token."

DIALECT = Dialect(
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
            situation=GRANT_INVALID,
            hint="The user has removed the app or never logged in to it. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/459",
            "The user is checkpointed",
            FB_ERRORS,
            canonical="invalid_token",
            situation=FORBIDDEN,
            hint="Facebook has checkpointed the user's account. Ask them to log in at "
            "www.facebook.com to resolve it, then log in to the app again.",
        ),
        DialectCode(
            "190/460",
            "The user changed their password",
            FB_ERRORS,
            canonical="invalid_token",
            situation=GRANT_INVALID,
            hint="The token was invalidated because the user changed their password. "
            + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/463",
            "The access token has expired",
            FB_ERRORS,
            canonical="invalid_token",
            situation=GRANT_INVALID,
            hint="The access token has expired (Facebook user tokens cannot be refreshed with "
            "a refresh token). " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/464",
            "The user is unconfirmed",
            FB_ERRORS,
            canonical="invalid_token",
            situation=FORBIDDEN,
            hint="The user's Facebook account is not confirmed. Ask them to log in at "
            "www.facebook.com to confirm it.",
        ),
        DialectCode(
            "190/467",
            "The access token is invalid (logged out, or revoked)",
            FB_ERRORS,
            canonical="invalid_token",
            situation=GRANT_INVALID,
            hint="The access token is invalid (the user logged out or it was revoked). "
            + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/468",
            "Data access expired: the user has not used the app for 90 days",
            FB_DATA,
            canonical="invalid_token",
            situation=GRANT_INVALID,
            hint="The app's data access for this user expired because they have not used it "
            "for 90 days. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "190/492",
            "The Page token's user has no role on the Page",
            FB_ERRORS,
            canonical="invalid_token",
            situation=FORBIDDEN,
            hint="The user behind this Page access token no longer has a suitable role on the "
            "Page. Use a token of a user with a task on the Page.",
        ),
        DialectCode(
            "190",
            "The access token expired, was revoked or is invalid",
            FB_ERRORS,
            canonical="invalid_token",
            situation=GRANT_INVALID,
            hint="The access token has expired, was revoked or is invalid. " + _FB_LOGIN_AGAIN,
        ),
        DialectCode(
            "102",
            "The session is invalid (API Session)",
            FB_ERRORS,
            canonical="invalid_token",
            situation=GRANT_INVALID,
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
            situation=RATE_LIMITED,
            hint=_wait("The app's Graph API rate limit is exhausted (X-App-Usage header)."),
        ),
        DialectCode(
            "17",
            "The user's rate limit is exhausted",
            FB_RATE,
            situation=RATE_LIMITED,
            hint=_wait("The user's Graph API rate limit is exhausted."),
        ),
        DialectCode(
            "32",
            "The Page's rate limit is exhausted",
            FB_RATE,
            situation=RATE_LIMITED,
            hint=_wait("The Page's Graph API rate limit is exhausted."),
        ),
        DialectCode(
            "613",
            "A custom rate limit is exhausted",
            FB_RATE,
            situation=RATE_LIMITED,
            hint=_wait("A custom Graph API rate limit is exhausted."),
        ),
        DialectCode(
            "1",
            "Unknown error, possibly temporary",
            FB_ERRORS,
            situation=UNAVAILABLE,
            hint=_wait("Facebook reported an unknown, possibly temporary, error."),
        ),
        DialectCode(
            "2",
            "Temporary service error",
            FB_ERRORS,
            situation=UNAVAILABLE,
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
